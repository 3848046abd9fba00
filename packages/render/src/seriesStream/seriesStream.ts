import type { StreamCommand, StreamOutcome, StreamReport } from './protocol';
import { dropStreamedFrame, framesDelivered, retrieveEnded, retrieveStarted } from './frameShelf';
import { SpareWorker } from './spareWorker';

/** Frames read ahead of decoding: the page holds at most this much per series stream. */
const WINDOW_BYTES = 64 * 1024 * 1024;

/** The frame URL of a `wadors:` image id. */
export function frameUrlOfImageId(imageId: string): string {
  return imageId.replace(/^wadors:/, '');
}

/** Fewer images than this are fetched frame by frame: one request each costs less than a worker. */
const MIN_STREAMED_IMAGES = 8;

/** WADO-RS roots (everything before `/studies/`) that refused a series retrieve: not asked again this page. */
const refusingRoots = new Set<string>();

const rootOf = (seriesUrl: string) => seriesUrl.slice(0, seriesUrl.indexOf('/studies/'));

/**
 * Answers that say the archive does not do series retrieves at all (a bad request, a method or
 * media type it does not support, or a 200 that is not multipart), as against one series
 * missing or the archive busy for a while: only those are remembered.
 */
const ARCHIVE_WIDE_REFUSALS = new Set([200, 400, 405, 406, 415, 501]);

export function rememberRefusal(seriesUrl: string, status: number): void {
  if (ARCHIVE_WIDE_REFUSALS.has(status)) refusingRoots.add(rootOf(seriesUrl));
}

const SINGLE_FRAME = /^wadors:(.+\/studies\/[^/]+\/series\/[^/]+)\/instances\/([^/]+)\/frames\/1$/;

/**
 * The series resource to retrieve whole for these images, or undefined when they should be
 * fetched frame by frame: images of several series, multi-frame instances (their frames are
 * asked for one by one, so that playback can start before the last has arrived), few images,
 * or an archive that refused before.
 */
export function streamableSeriesOf(imageIds: readonly string[]): string | undefined {
  if (imageIds.length < MIN_STREAMED_IMAGES) return undefined;
  const instances = new Set<string>();
  let seriesUrl: string | undefined;
  for (const imageId of imageIds) {
    const match = SINGLE_FRAME.exec(imageId);
    if (!match?.[1] || !match[2] || (seriesUrl !== undefined && match[1] !== seriesUrl) || instances.has(match[2])) return undefined;
    seriesUrl = match[1];
    instances.add(match[2]);
  }
  return seriesUrl && !refusingRoots.has(rootOf(seriesUrl)) ? seriesUrl : undefined;
}

export type SeriesStreamOutcome = StreamOutcome | { kind: 'aborted' };

/** A series being retrieved whole (see openSeriesStream). */
export interface SeriesStream {
  readonly seriesUrl: string;
  /**
   * Calls `onFrames` with the URL of every frame delivered so far, then with each new delivery;
   * returns the function that stops the calls. A frame is delivered once and may have been
   * taken by the loader since.
   */
  watch(onFrames: (frameUrls: string[]) => void): () => void;
  /** Settles (never rejects) once the worker has said all it will, or the stream was closed. */
  readonly ended: Promise<SeriesStreamOutcome>;
  /** Stops the retrieve if it is still going and lets go of the frames no one has taken. */
  close(): void;
}

export interface SeriesStreamOptions {
  /** Headers the archive needs (Authorization for bearer archives). */
  headers: Record<string, string>;
  /** At most this many bytes of frames wait undecoded; the default suits a 1 GiB image cache. */
  windowBytes?: number;
}

function frameUrlsOf(seriesUrl: string, report: Extract<StreamReport, { kind: 'instance' }>): string[] {
  return report.frames.map((_, i) => `${seriesUrl}/instances/${report.sopInstanceUid}/frames/${i + 1}`);
}

const streamWorkers = new SpareWorker(() => new Worker(new URL('./seriesStream.worker.ts', import.meta.url), { type: 'module', name: 'longview-series-stream' }));

/** Starts a series-stream worker ahead of the series it will retrieve, so that its request goes out at once (SpareWorker). */
export function warmSeriesStream(): void {
  streamWorkers.warm();
}

/**
 * Starts retrieving the series of `imageIds` whole, in a worker, when they are single-frame
 * instances of one series worth it (streamableSeriesOf); undefined otherwise, and the images
 * are fetched frame by frame. Frames that arrive wait for the loader (takeStreamedFrame). It
 * needs nothing of the rendering engine, so it can start as soon as the images are known.
 */
export function openSeriesStream(imageIds: readonly string[], { headers, windowBytes = WINDOW_BYTES }: SeriesStreamOptions): SeriesStream | undefined {
  const seriesUrl = streamableSeriesOf(imageIds);
  if (!seriesUrl) return undefined;
  const worker = streamWorkers.take();
  const send = (command: StreamCommand) => worker.postMessage(command);
  const delivered: string[] = [];
  const watchers = new Set<(frameUrls: string[]) => void>();
  let finish: (outcome: SeriesStreamOutcome) => void = () => undefined;
  const ended = new Promise<SeriesStreamOutcome>((resolve) => {
    finish = (outcome) => {
      worker.terminate();
      retrieveEnded(seriesUrl);
      if (outcome.kind === 'refused') rememberRefusal(seriesUrl, outcome.status);
      finish = () => undefined;
      resolve(outcome);
    };
  });
  worker.onerror = (event) => {
    event.preventDefault();
    finish({ kind: 'failed', reason: 'the series-stream worker did not start' });
  };
  worker.onmessage = ({ data: report }: MessageEvent<StreamReport>) => {
    if (report.kind === 'end') return finish(report.outcome);
    if (report.kind !== 'instance') return undefined;
    const urls = frameUrlsOf(seriesUrl, report);
    framesDelivered(
      seriesUrl,
      report.frames.map((buffer, i) => ({
        frameUrl: urls[i] as string,
        bytes: new Uint8Array(buffer),
        transferSyntaxUid: report.transferSyntaxUid,
        release: () => send({ kind: 'taken', bytes: buffer.byteLength }),
      })),
    );
    delivered.push(...urls);
    watchers.forEach((watcher) => watcher(urls));
    return undefined;
  };
  retrieveStarted(seriesUrl);
  send({ kind: 'start', seriesUrl, headers, windowBytes });
  return {
    seriesUrl,
    ended,
    watch(onFrames) {
      watchers.add(onFrames);
      if (delivered.length > 0) onFrames([...delivered]);
      return () => watchers.delete(onFrames);
    },
    close: () => {
      finish({ kind: 'aborted' });
      delivered.forEach(dropStreamedFrame); // those not taken, also after a complete retrieve
    },
  };
}
