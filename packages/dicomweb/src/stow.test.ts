import { afterEach, describe, expect, it, vi } from 'vitest';
import { ArchiveClient } from './archiveClient';
import type { ArchiveConfig } from './config';
import { isRequestCancelled } from './errors';
import { parseStoreAnswer } from './stow';

const RADIOLOGY: ArchiveConfig = {
  id: 'radiology',
  name: 'Radiology PACS',
  qidoRoot: '/dicomweb/radiology',
  wadoRoot: '/dicomweb/radiology',
  stowRoot: '/dicomweb/radiology',
  auth: { kind: 'none' },
  timeoutMs: 1000,
  profile: 'dicomweb',
};
const ONCOLOGY: ArchiveConfig = { ...RADIOLOGY, id: 'oncology', name: 'Oncology', stowRoot: '/dicomweb/oncology', auth: { kind: 'bearer' } };

const SR = new Uint8Array([0x44, 0x49, 0x43, 0x4d, 0x01]).buffer;
const KOS = new Uint8Array([0x44, 0x49, 0x43, 0x4d, 0x02, 0x0d, 0x0a]).buffer;

const referenced = (uid: string) => ({ '00081150': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.88.33'] }, '00081155': { vr: 'UI', Value: [uid] } });
const failedItem = (uid: string, reason: number | string) => ({ ...referenced(uid), '00081197': { vr: 'US', Value: [reason] } });
/** A Store Instances Response (PS3.18 10.5.3.1) as DICOM JSON. */
const storeAnswer = (stored: string[], failed: Array<[string, number | string]> = []) =>
  JSON.stringify({
    '00081198': { vr: 'SQ', Value: failed.map(([uid, reason]) => failedItem(uid, reason)) },
    '00081199': { vr: 'SQ', Value: stored.map(referenced) },
  });

interface Sent {
  url: string;
  init: RequestInit;
}

/** Replaces fetch with one that records the request and answers `status` with `body`. */
function answerWith(status: number, body = ''): Sent[] {
  const sent: Sent[] = [];
  vi.stubGlobal('fetch', async (url: string, init: RequestInit) => {
    sent.push({ url, init });
    return new Response(body, { status });
  });
  return sent;
}

afterEach(() => vi.unstubAllGlobals());

describe('ArchiveClient.storeInstances', () => {
  it('POSTs the files as multipart/related application/dicom to <stowRoot>/studies, asking for DICOM JSON', async () => {
    const sent = answerWith(200, storeAnswer(['2.25.1', '2.25.2']));
    const result = await new ArchiveClient(RADIOLOGY).storeInstances([SR, KOS]);
    expect(result).toEqual({ kind: 'stored', sopInstanceUids: ['2.25.1', '2.25.2'] });
    const [{ url, init }] = sent as [Sent];
    expect([url, init.method]).toEqual(['/dicomweb/radiology/studies', 'POST']);
    const headers = init.headers as Record<string, string>;
    expect(headers.Accept).toBe('application/dicom+json');
    expect(headers.Authorization).toBeUndefined();
    const boundary = /^multipart\/related; type="application\/dicom"; boundary=(longview-stow-[0-9a-f]{32})$/.exec(headers['Content-Type'] ?? '')?.[1];
    expect(boundary).toBeDefined();
    // Each file byte for byte in its own part; the CRLF before a delimiter belongs to it (RFC 2046 5.1.1).
    const body = Buffer.from(await (init.body as Blob).arrayBuffer()).toString('latin1');
    const part = (bytes: ArrayBuffer) => `--${boundary}\r\nContent-Type: application/dicom\r\n\r\n${Buffer.from(bytes).toString('latin1')}\r\n`;
    expect(body).toBe(`${part(SR)}${part(KOS)}--${boundary}--\r\n`);
  });

  it('sends the bearer token to a bearer archive; without one it asks for a sign-in and sends nothing', async () => {
    const sent = answerWith(200, storeAnswer(['2.25.1']));
    expect((await new ArchiveClient(ONCOLOGY, () => 'token-abc').storeInstances([SR])).kind).toBe('stored');
    expect((sent[0]?.init.headers as Record<string, string>).Authorization).toBe('Bearer token-abc');
    const unsigned = await new ArchiveClient(ONCOLOGY, () => undefined).storeInstances([SR]);
    expect(unsigned).toMatchObject({ kind: 'failed', reason: 'sign-in-needed', retryable: true, message: 'Oncology needs you to sign in before results can be stored.' });
    expect(sent).toHaveLength(1);
  });

  it('a 200 whose FailedSOPSequence is not empty (Orthanc answers so) is a partial failure', async () => {
    answerWith(200, storeAnswer(['2.25.1'], [['2.25.2', 0x0110]]));
    expect(await new ArchiveClient(RADIOLOGY).storeInstances([SR, KOS])).toEqual({
      kind: 'failed',
      reason: 'partial',
      retryable: true,
      status: 200,
      message: 'Radiology PACS stored 1 of 2 result objects; 1 failed (failure reason 0x0110).',
      storedSopInstanceUids: ['2.25.1'],
      failedSopInstanceUids: ['2.25.2'],
    });
  });

  it('a 202 is retried when the archive ran out of resources, never when it refuses the file itself', async () => {
    answerWith(202, storeAnswer(['2.25.1'], [['2.25.2', 0xa700]]));
    expect(await new ArchiveClient(RADIOLOGY).storeInstances([SR, KOS])).toMatchObject({ reason: 'partial', retryable: true, status: 202 });
    answerWith(202, storeAnswer([], [['2.25.1', 0xa700], ['2.25.2', 0xa900]]));
    expect(await new ArchiveClient(RADIOLOGY).storeInstances([SR, KOS])).toMatchObject({ reason: 'partial', retryable: false, failedSopInstanceUids: ['2.25.1', '2.25.2'] });
    // Some archives write the US value as its hex digits.
    answerWith(202, storeAnswer([], [['2.25.1', 'C000']]));
    expect(await new ArchiveClient(RADIOLOGY).storeInstances([SR])).toMatchObject({ retryable: false, message: expect.stringContaining('0xC000') });
    // A 202 that does not say which failed: send everything again.
    answerWith(202, 'not json');
    expect(await new ArchiveClient(RADIOLOGY).storeInstances([SR])).toMatchObject({ reason: 'partial', retryable: true, failedSopInstanceUids: [] });
  });

  it.each([
    [409, 'conflict', true, 'Radiology PACS did not store the results because of a conflict (HTTP 409).'],
    [413, 'too-large', true, 'Radiology PACS refused the results as too large (HTTP 413).'],
    [500, 'unavailable', true, 'Radiology PACS is not answering (HTTP 500); the results are not stored yet.'],
    [503, 'unavailable', true, 'Radiology PACS is not answering (HTTP 503); the results are not stored yet.'],
    [429, 'unavailable', true, 'Radiology PACS is not answering (HTTP 429); the results are not stored yet.'],
    [401, 'no-write-access', false, 'Radiology PACS does not allow you to store results (HTTP 401).'],
    [403, 'no-write-access', false, 'Radiology PACS does not allow you to store results (HTTP 403).'],
    [400, 'rejected', false, 'Radiology PACS refused the results (HTTP 400).'],
    [415, 'rejected', false, 'Radiology PACS refused the results (HTTP 415).'],
  ] as const)('HTTP %i is %s, retryable %s', async (status, reason, retryable, message) => {
    // The answer body may name the patient: the message never repeats it.
    answerWith(status, 'Conflict for LONGVIEW^ALICE');
    expect(await new ArchiveClient(RADIOLOGY).storeInstances([SR])).toEqual({ kind: 'failed', reason, retryable, status, message, storedSopInstanceUids: [], failedSopInstanceUids: [] });
  });

  it('a refusal that stored some anyway says which (Orthanc 1.10 answers 400 so when one part is not DICOM)', async () => {
    answerWith(400, storeAnswer(['2.25.1']));
    expect(await new ArchiveClient(RADIOLOGY).storeInstances([SR, KOS])).toMatchObject({ reason: 'rejected', retryable: false, storedSopInstanceUids: ['2.25.1'] });
  });

  it('a bearer archive that refuses the token asks for a sign-in (retry after it); one that refuses the writer does not', async () => {
    answerWith(401);
    expect(await new ArchiveClient(ONCOLOGY, () => 'expired').storeInstances([SR])).toMatchObject({
      reason: 'sign-in-needed', retryable: true, message: 'Oncology did not accept your sign-in (HTTP 401); sign in again to store results.',
    });
    answerWith(403, 'The access token does not allow storing results.');
    expect(await new ArchiveClient(ONCOLOGY, () => 'read-only-token').storeInstances([SR])).toMatchObject({ reason: 'no-write-access', retryable: false, status: 403 });
  });

  it('no answer (network down, time limit) is unavailable and retryable', async () => {
    vi.stubGlobal('fetch', async () => {
      throw new TypeError('Failed to fetch');
    });
    expect(await new ArchiveClient(RADIOLOGY).storeInstances([SR])).toEqual({
      kind: 'failed', reason: 'unavailable', retryable: true, message: 'Radiology PACS did not answer; the results are not stored yet.', storedSopInstanceUids: [], failedSopInstanceUids: [],
    });
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason))));
    expect(await new ArchiveClient({ ...RADIOLOGY, timeoutMs: 20 }).storeInstances([SR])).toMatchObject({ reason: 'unavailable', retryable: true });
  });

  it('the caller cancelling is RequestCancelled, not a failure to retry', async () => {
    vi.stubGlobal('fetch', (_url: string, init: RequestInit) => new Promise((_resolve, reject) => init.signal?.addEventListener('abort', () => reject(init.signal?.reason))));
    const controller = new AbortController();
    const pending = new ArchiveClient(RADIOLOGY).storeInstances([SR], controller.signal);
    controller.abort();
    await expect(pending).rejects.toSatisfy(isRequestCancelled);
    await expect(new ArchiveClient(RADIOLOGY).storeInstances([SR], AbortSignal.abort())).rejects.toSatisfy(isRequestCancelled);
  });
});

describe('ArchiveClient.writeAccess', () => {
  it('is writable with a STOW-RS root; read-only, with the reason, without one or for a static tree, and nothing is sent', async () => {
    const sent = answerWith(200);
    expect(new ArchiveClient(RADIOLOGY).writeAccess()).toEqual({ kind: 'writable' });
    const withoutRoot = new ArchiveClient({ ...RADIOLOGY, stowRoot: undefined });
    expect(withoutRoot.writeAccess()).toEqual({ kind: 'read-only', reason: 'Radiology PACS is not set up to store results (no STOW-RS root)' });
    const staticTree = new ArchiveClient({ ...RADIOLOGY, name: 'Specialty Clinics', profile: 'static-tree' });
    expect(staticTree.writeAccess()).toEqual({ kind: 'read-only', reason: 'Specialty Clinics is a static archive of files and cannot store results' });
    expect(await staticTree.storeInstances([SR])).toMatchObject({ kind: 'failed', reason: 'read-only', retryable: false, message: 'Specialty Clinics is a static archive of files and cannot store results' });
    expect(await withoutRoot.storeInstances([SR])).toMatchObject({ reason: 'read-only', retryable: false });
    expect(sent).toHaveLength(0);
  });
});

describe('parseStoreAnswer', () => {
  it('reads the referenced and failed instances of a response, alone or in an array; nothing from a body that is not one', () => {
    expect(parseStoreAnswer(`[${storeAnswer(['2.25.1'], [['2.25.2', 272]])}]`)).toEqual({ stored: ['2.25.1'], failed: [{ uid: '2.25.2', reason: 0x0110 }] });
    expect(parseStoreAnswer('{}')).toEqual({ stored: [], failed: [] });
    expect(parseStoreAnswer('<NativeDicomModel/>')).toBeUndefined();
    expect(parseStoreAnswer('null')).toBeUndefined();
  });
});
