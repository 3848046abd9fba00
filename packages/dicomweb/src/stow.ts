/**
 * STOW-RS (PS3.18 10.5): what storing results into an archive may come to, the request body,
 * and the reading of the archive's answer. Pure; ArchiveClient.storeInstances sends it.
 *
 * The product rule the result serves: a reader's results are never dropped. A failure an
 * archive may get over (down, busy, conflict, too large for now, a sign-in that ran out) is
 * `retryable`: the caller keeps the files and sends them again later, which is safe because the
 * same SOP Instance UIDs are sent again. A failure no resend can mend (no write right, a
 * read-only archive, files the archive refuses) is not.
 */
import type { ArchiveConfig } from './config';

/** Whether results can be stored into an archive at all, with the reason shown when they cannot. */
export type WriteAccess = { kind: 'writable' } | { kind: 'read-only'; reason: string };

/**
 * - `read-only`: the archive has no STOW-RS root or is a static tree; nothing was sent.
 * - `sign-in-needed`: a bearer archive without a token, or one that refused it (401).
 * - `no-write-access`: the archive refused the writer (403; or 401 where it takes no tokens).
 * - `unavailable`: no answer, a time-out, 408, 429 or 5xx.
 * - `conflict`, `too-large`: 409 and 413.
 * - `partial`: the archive stored some instances and failed others (FailedSOPSequence).
 * - `rejected`: any other refusal (400, 404, 415, ...).
 */
export type StoreFailureReason = 'read-only' | 'sign-in-needed' | 'no-write-access' | 'unavailable' | 'conflict' | 'too-large' | 'partial' | 'rejected';

export type StoreResult =
  | { kind: 'stored'; sopInstanceUids: string[] }
  | {
      kind: 'failed';
      reason: StoreFailureReason;
      /** true: keep the files and send them again later; false: resending cannot help. */
      retryable: boolean;
      status?: number | undefined;
      /** The sentence a reader sees: the archive's display name, status and counts, never patient data. */
      message: string;
      /** Instances the archive says it stored anyway (a partial failure); usually empty. */
      storedSopInstanceUids: string[];
      /** Instances the archive names as failed (FailedSOPSequence); empty when it named none. */
      failedSopInstanceUids: string[];
    };

export type StoreFailure = Extract<StoreResult, { kind: 'failed' }>;

export function writeAccessOf(config: Pick<ArchiveConfig, 'name' | 'profile' | 'stowRoot'>): WriteAccess {
  if (config.profile === 'static-tree') return { kind: 'read-only', reason: `${config.name} is a static archive of files and cannot store results` };
  if (!config.stowRoot) return { kind: 'read-only', reason: `${config.name} is not set up to store results (no STOW-RS root)` };
  return { kind: 'writable' };
}

export function storeFailure(reason: StoreFailureReason, message: string, extra: { status?: number | undefined; retryable?: boolean; stored?: string[]; failed?: string[] } = {}): StoreFailure {
  return {
    kind: 'failed',
    reason,
    retryable: extra.retryable ?? isRetryableReason(reason),
    ...(extra.status !== undefined ? { status: extra.status } : {}),
    message,
    storedSopInstanceUids: extra.stored ?? [],
    failedSopInstanceUids: extra.failed ?? [],
  };
}

function isRetryableReason(reason: StoreFailureReason): boolean {
  return reason === 'unavailable' || reason === 'conflict' || reason === 'too-large' || reason === 'sign-in-needed';
}

/**
 * A boundary no file can contain by chance: 128 random bits (RFC 2046 5.1.1 asks only that it
 * not occur in the parts; scanning megabytes for it would buy nothing at these odds).
 */
export function randomBoundary(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `longview-stow-${Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('')}`;
}

/** The Content-Type of a STOW-RS request of Part-10 files (PS3.18 10.5.1.1). */
export function storeContentType(boundary: string): string {
  return `multipart/related; type="application/dicom"; boundary=${boundary}`;
}

/**
 * The multipart/related body (RFC 2387) of Part-10 files, one part each. A Blob, so the
 * browser streams the files from where they are instead of copying them into one buffer.
 */
export function multipartRelatedBody(files: readonly ArrayBuffer[], boundary: string): Blob {
  const parts: BlobPart[] = [];
  for (const file of files) parts.push(`--${boundary}\r\nContent-Type: application/dicom\r\n\r\n`, file, '\r\n');
  parts.push(`--${boundary}--\r\n`);
  return new Blob(parts, { type: storeContentType(boundary) });
}

const REFERENCED_SOP_SEQUENCE = '00081199';
const FAILED_SOP_SEQUENCE = '00081198';
const REFERENCED_SOP_INSTANCE_UID = '00081155';
const FAILURE_REASON = '00081197';

/** PS3.18 Table 10.5.3-2 and PS3.4 Annex GG: failures an archive may get over on a later try. */
function isRetryableFailureReason(code: number | undefined): boolean {
  if (code === undefined) return true; // unnamed: an archive fault rather than a verdict on the file
  return code === 0x0110 /* processing failure */ || (code & 0xff00) === 0xa700 /* out of resources */;
}

interface StoreAnswer {
  stored: string[];
  failed: Array<{ uid: string | undefined; reason: number | undefined }>;
}

function itemsOf(dataset: Record<string, unknown>, tag: string): Record<string, unknown>[] {
  const attribute = dataset[tag];
  const value = typeof attribute === 'object' && attribute !== null && 'Value' in attribute ? attribute.Value : undefined;
  return Array.isArray(value) ? value.filter((item): item is Record<string, unknown> => typeof item === 'object' && item !== null) : [];
}

function firstValue(dataset: Record<string, unknown>, tag: string): unknown {
  const attribute = dataset[tag];
  const value = typeof attribute === 'object' && attribute !== null && 'Value' in attribute ? attribute.Value : undefined;
  return Array.isArray(value) ? value[0] : undefined;
}

/** A US FailureReason: a number in DICOM JSON; some archives write the hex digits as a string. */
function failureReasonOf(item: Record<string, unknown>): number | undefined {
  const value = firstValue(item, FAILURE_REASON);
  if (typeof value === 'number') return value;
  if (typeof value === 'string' && /^[0-9a-f]{1,4}$/i.test(value)) return Number.parseInt(value, 16);
  return undefined;
}

/** The Store Instances Response (PS3.18 10.5.3.1) as DICOM JSON, or undefined when the body is not one. */
export function parseStoreAnswer(body: string): StoreAnswer | undefined {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return undefined;
  }
  const dataset: unknown = Array.isArray(json) ? json[0] : json;
  if (typeof dataset !== 'object' || dataset === null) return undefined;
  const record = dataset as Record<string, unknown>;
  const uidOf = (item: Record<string, unknown>) => {
    const uid = firstValue(item, REFERENCED_SOP_INSTANCE_UID);
    return typeof uid === 'string' ? uid : undefined;
  };
  return {
    stored: itemsOf(record, REFERENCED_SOP_SEQUENCE).map(uidOf).filter((uid): uid is string => uid !== undefined),
    failed: itemsOf(record, FAILED_SOP_SEQUENCE).map((item) => ({ uid: uidOf(item), reason: failureReasonOf(item) })),
  };
}

const hex = (code: number) => `0x${code.toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * What an archive's HTTP answer to a STOW-RS request means. `archiveName` is the display name;
 * `isBearer` whether the archive takes tokens (a 401 then means "sign in again").
 */
export function readStoreAnswer(archive: { name: string; isBearer: boolean }, status: number, body: string): StoreResult {
  const { name } = archive;
  const answer = parseStoreAnswer(body);
  const stored = answer?.stored ?? [];
  const failed = answer?.failed ?? [];
  const failedUids = failed.map((f) => f.uid).filter((uid): uid is string => uid !== undefined);
  // Orthanc answers 200 with a FailedSOPSequence when some instances failed; PS3.18 says 202.
  if ((status === 200 || status === 202) && failed.length > 0) {
    const reasons = [...new Set(failed.map((f) => f.reason).filter((code): code is number => code !== undefined))];
    const why = reasons.length > 0 ? ` (failure reason ${reasons.map(hex).join(', ')})` : '';
    return storeFailure('partial', `${name} stored ${stored.length} of ${stored.length + failed.length} result objects; ${failed.length} failed${why}.`, {
      status,
      retryable: failed.every((f) => isRetryableFailureReason(f.reason)),
      stored,
      failed: failedUids,
    });
  }
  if (status === 202) {
    // Some failed, but the answer does not say which: sending all again is the safe course.
    return storeFailure('partial', `${name} stored only some of the result objects (HTTP 202).`, { status, retryable: true, stored });
  }
  if (status >= 200 && status < 300) return { kind: 'stored', sopInstanceUids: stored };
  const extra = { status, stored, failed: failedUids };
  if (status === 401 && archive.isBearer) return storeFailure('sign-in-needed', `${name} did not accept your sign-in (HTTP 401); sign in again to store results.`, extra);
  if (status === 401 || status === 403) return storeFailure('no-write-access', `${name} does not allow you to store results (HTTP ${status}).`, extra);
  if (status === 409) return storeFailure('conflict', `${name} did not store the results because of a conflict (HTTP 409).`, extra);
  if (status === 413) return storeFailure('too-large', `${name} refused the results as too large (HTTP 413).`, extra);
  if (status >= 500 || status === 408 || status === 429) return storeFailure('unavailable', `${name} is not answering (HTTP ${status}); the results are not stored yet.`, extra);
  return storeFailure('rejected', `${name} refused the results (HTTP ${status}).`, extra);
}

/** No answer at all: the network failed or the time limit ran out. */
export function noStoreAnswer(archiveName: string): StoreFailure {
  return storeFailure('unavailable', `${archiveName} did not answer; the results are not stored yet.`);
}
