import { describe, expect, it } from 'vitest';
import { concat, part10 } from './part10Fixture';
import type { StreamReport } from './protocol';
import { DeliveryWindow, INSTANCES_IN_STORED_SYNTAX, retrieveSeries } from './retrieveSeries';

const SERIES_URL = 'http://archive.test/dicom-web/studies/1.2/series/1.2.3';
const BOUNDARY = 'b0undary';
const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** A 2×2 16-bit single-frame instance whose pixels are `value` four times. */
function instance(sopInstanceUid: string, value: number): Uint8Array {
  const pixels = new Uint8Array(new Uint16Array([value, value, value, value]).buffer);
  return part10(EXPLICIT_LE, { rows: 2, columns: 2, bits: 16, frames: 1 }, { tag: [0x7fe0, 0x0010], vr: 'OW', value: pixels }, sopInstanceUid);
}

function multipart(parts: Uint8Array[]): Uint8Array {
  const encoder = new TextEncoder();
  const pieces = parts.flatMap((part) => [encoder.encode(`--${BOUNDARY}\r\nContent-Type: application/dicom\r\nContent-Length: ${part.length}\r\n\r\n`), part, encoder.encode('\r\n')]);
  return concat([...pieces, encoder.encode(`--${BOUNDARY}--`)]);
}

/** A fetch that answers `body` in chunks of `chunkSize` bytes and records what it was asked. */
function archive(body: Uint8Array, { status = 200, contentType = `multipart/related; type="application/dicom"; boundary=${BOUNDARY}`, chunkSize = 50 } = {}) {
  const asked: Array<{ url: string; headers: Record<string, string> }> = [];
  const fetchFn = (async (url: string, init?: RequestInit) => {
    asked.push({ url, headers: init?.headers as Record<string, string> });
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let at = 0; at < body.length; at += chunkSize) controller.enqueue(body.slice(at, at + chunkSize));
        controller.close();
      },
    });
    return new Response(stream, { status, headers: { 'content-type': contentType } });
  }) as typeof fetch;
  return { fetchFn, asked };
}

async function retrieve(fetchFn: typeof fetch, windowBytes = 1 << 20): Promise<StreamReport[]> {
  const reports: StreamReport[] = [];
  await retrieveSeries({ kind: 'start', seriesUrl: SERIES_URL, headers: { Authorization: 'Bearer t' }, windowBytes }, (report) => reports.push(report), new DeliveryWindow(windowBytes), fetchFn);
  return reports;
}

describe('retrieveSeries', () => {
  it('asks for the stored instances once and delivers each one\'s frames as it arrives', async () => {
    const { fetchFn, asked } = archive(multipart([instance('2.25.1', 100), instance('2.25.2', 200)]));
    const reports = await retrieve(fetchFn);
    expect(asked).toEqual([{ url: SERIES_URL, headers: { Authorization: 'Bearer t', Accept: INSTANCES_IN_STORED_SYNTAX } }]);
    const instances = reports.filter((report) => report.kind === 'instance');
    expect(instances.map((report) => [report.sopInstanceUid, report.transferSyntaxUid, Array.from(new Uint16Array(report.frames[0] as ArrayBuffer))])).toEqual([
      ['2.25.1', EXPLICIT_LE, [100, 100, 100, 100]],
      ['2.25.2', EXPLICIT_LE, [200, 200, 200, 200]],
    ]);
    expect(reports.at(-1)).toEqual({ kind: 'end', outcome: { kind: 'complete' } });
  });

  it('reports a part it cannot split and goes on with the rest', async () => {
    const { fetchFn } = archive(multipart([new TextEncoder().encode('not a DICOM file'), instance('2.25.2', 7)]));
    const reports = await retrieve(fetchFn);
    expect(reports.map((report) => report.kind)).toEqual(['unreadable', 'instance', 'end']);
  });

  it('calls an error status or an answer that is not multipart a refusal', async () => {
    expect((await retrieve(archive(new Uint8Array(0), { status: 404 }).fetchFn)).at(-1)).toEqual({ kind: 'end', outcome: { kind: 'refused', status: 404 } });
    const json = archive(new TextEncoder().encode('[]'), { contentType: 'application/dicom+json' });
    expect(await retrieve(json.fetchFn)).toEqual([{ kind: 'end', outcome: { kind: 'refused', status: 200 } }]);
  });

  it('keeps what arrived before an answer that was cut short, and says it failed', async () => {
    const body = multipart([instance('2.25.1', 1), instance('2.25.2', 2)]);
    const reports = await retrieve(archive(body.subarray(0, body.length - 60)).fetchFn);
    expect(reports.map((report) => report.kind)).toEqual(['instance', 'end']);
    expect(reports.at(-1)).toMatchObject({ kind: 'end', outcome: { kind: 'failed' } });
  });

  it('an archive that does not answer at all is a failure, not a refusal', async () => {
    const unreachable = (async () => {
      throw new TypeError('Failed to fetch');
    }) as typeof fetch;
    expect(await retrieve(unreachable)).toEqual([{ kind: 'end', outcome: { kind: 'failed', reason: 'Failed to fetch' } }]);
  });
});

describe('DeliveryWindow', () => {
  it('holds reading while more than the window waits to be taken', async () => {
    const window = new DeliveryWindow(100);
    window.delivered(150);
    let hasRoom = false;
    const room = window.room().then(() => (hasRoom = true));
    await Promise.resolve();
    expect(hasRoom).toBe(false);
    window.taken(40);
    await Promise.resolve();
    expect(hasRoom).toBe(false);
    window.taken(10);
    await room;
    expect(hasRoom).toBe(true);
  });
});
