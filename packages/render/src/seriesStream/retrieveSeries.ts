import { MultipartSplitter, multipartBoundaryOf } from '@longview/dicomweb/plain';
import { framesOfInstance } from './instanceFrames';
import type { StartRetrieve, StreamOutcome, StreamReport } from './protocol';

/**
 * A WADO-RS series retrieve in the syntax the archive stored each instance: every instance of
 * the series in one multipart answer, read as it arrives, each split into its frames. Asked
 * once rather than once per frame, the archive streams its files instead of parsing each one
 * to cut a frame out, and the browser handles one response instead of hundreds.
 * Runs in the series-stream worker; `deliver` posts to the page.
 */
export const INSTANCES_IN_STORED_SYNTAX = 'multipart/related; type="application/dicom"; transfer-syntax=*';

/**
 * Bytes handed to the page and not yet taken by its decoders. Reading waits while more than a
 * window is outstanding, so a series larger than memory is not read faster than it is decoded.
 */
export class DeliveryWindow {
  private outstanding = 0;
  private wake: (() => void) | undefined;

  constructor(private readonly windowBytes: number) {}

  delivered(bytes: number): void {
    this.outstanding += bytes;
  }

  taken(bytes: number): void {
    this.outstanding = Math.max(0, this.outstanding - bytes);
    if (this.outstanding <= this.windowBytes) this.wake?.();
  }

  async room(): Promise<void> {
    while (this.outstanding > this.windowBytes) await new Promise<void>((resolve) => (this.wake = resolve));
    this.wake = undefined;
  }
}

export type Deliver = (report: StreamReport, transfer?: Transferable[]) => void;

function deliverParts(splitter: MultipartSplitter, chunk: Uint8Array, deliver: Deliver, window: DeliveryWindow): void {
  for (const part of splitter.push(chunk)) {
    try {
      const { sopInstanceUid, transferSyntaxUid, frames } = framesOfInstance(part.body);
      const buffers = frames.map((frame) => frame.buffer);
      window.delivered(buffers.reduce((sum, buffer) => sum + buffer.byteLength, 0));
      deliver({ kind: 'instance', sopInstanceUid, transferSyntaxUid, frames: buffers }, buffers);
    } catch (error) {
      deliver({ kind: 'unreadable', reason: error instanceof Error ? error.message : String(error) });
    }
  }
}

async function readAll(response: Response, deliver: Deliver, window: DeliveryWindow): Promise<StreamOutcome> {
  const boundary = multipartBoundaryOf(response.headers.get('content-type'));
  if (!boundary || !response.body) {
    await response.body?.cancel();
    return { kind: 'refused', status: response.status };
  }
  const splitter = new MultipartSplitter(boundary);
  const reader = response.body.getReader();
  try {
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      deliverParts(splitter, read.value, deliver, window);
      await window.room();
    }
    splitter.finish();
    return { kind: 'complete' };
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
}

/** Retrieves the series and delivers its frames; ends with one `end` report, whatever happened. */
export async function retrieveSeries(start: StartRetrieve, deliver: Deliver, window: DeliveryWindow, fetchFn: typeof fetch = fetch): Promise<void> {
  let outcome: StreamOutcome;
  try {
    const response = await fetchFn(start.seriesUrl, { headers: { ...start.headers, Accept: INSTANCES_IN_STORED_SYNTAX } });
    if (response.ok) {
      outcome = await readAll(response, deliver, window);
    } else {
      await response.body?.cancel();
      outcome = { kind: 'refused', status: response.status };
    }
  } catch (error) {
    outcome = { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
  }
  deliver({ kind: 'end', outcome });
}
