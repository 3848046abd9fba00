import { loadStackImage } from './loadImage';
import { dropStreamedFrame } from './seriesStream/frameShelf';
import { frameUrlOfImageId, type SeriesStream } from './seriesStream/seriesStream';
import { recordedDamage } from './frameIntegrity';

export interface StackLoadProgress {
  loaded: number;
  failed: number;
  total: number;
}

export interface StackPrefetchOptions {
  signal: AbortSignal;
  /** Index the user is looking at: loading starts there and spreads outwards. */
  startIndex: number;
  concurrency?: number;
  onProgress: (progress: StackLoadProgress) => void;
  onImageFailed: (index: number, message: string) => void;
  /** The series being retrieved whole (openSeriesStream): its images are decoded as they arrive. */
  stream?: SeriesStream | undefined;
}

/** Indices ordered nearest-first around `start`, so scrolling from the first image finds pixels ready. */
export function outwardOrder(count: number, start: number): number[] {
  const order: number[] = [];
  const origin = Math.min(Math.max(0, start), Math.max(0, count - 1));
  for (let distance = 0; order.length < count; distance += 1) {
    const after = origin + distance;
    const before = origin - distance;
    if (after < count) order.push(after);
    if (distance > 0 && before >= 0) order.push(before);
  }
  return order;
}

/** Loads one image of the stack and counts the result; a failure never stops the others. */
type LoadOne = (index: number) => Promise<void>;

/** Runs `load` over `queue` (taken from the front) with at most `concurrency` loads at once. */
async function loadQueue(queue: number[], concurrency: number, load: LoadOne, signal: AbortSignal): Promise<void> {
  const worker = async () => {
    for (let index = queue.shift(); index !== undefined && !signal.aborted; index = queue.shift()) await load(index);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, queue.length) }, worker));
}

/**
 * Loads (fetch + decode + cache) every image of a stack, reporting progress and per-image
 * failures. A failed image is reported and skipped; it never stops the rest of the series.
 * With a `stream` (a series retrieved whole, in one request read by a worker: seriesStream/),
 * its images are decoded as they arrive; whatever that did not bring (an archive that refuses,
 * an instance that could not be split, an answer cut short) is then fetched frame by frame,
 * nearest the viewed image first.
 */
export async function prefetchStack(imageIds: readonly string[], options: StackPrefetchOptions): Promise<StackLoadProgress> {
  const progress: StackLoadProgress = { loaded: 0, failed: 0, total: imageIds.length };
  const attempted = new Set<number>();
  const load: LoadOne = async (index) => {
    attempted.add(index);
    try {
      await loadStackImage(imageIds[index] as string);
      progress.loaded += 1;
    } catch (error) {
      progress.failed += 1;
      options.onImageFailed(index, describeLoadError(error));
    }
    if (!options.signal.aborted) options.onProgress({ ...progress });
  };
  if (options.stream) await loadAsStreamed(imageIds, options.stream, { signal: options.signal, load, attempted });
  const rest = outwardOrder(imageIds.length, options.startIndex).filter((index) => !attempted.has(index));
  await loadQueue(rest, options.concurrency ?? 6, load, options.signal);
  return progress;
}

/** Decodes in flight while a series streams in: enough to keep the decoders busy, few enough to let the stream's window bound memory. */
const STREAMED_DECODES_AT_ONCE = 4;

/** Loads the images of `imageIds` as the series retrieve brings their frames; resolves when the stream has ended and they are loaded. */
async function loadAsStreamed(
  imageIds: readonly string[],
  stream: SeriesStream,
  { signal, load, attempted }: { signal: AbortSignal; load: LoadOne; attempted: Set<number> },
): Promise<void> {
  const indexByFrameUrl = new Map(imageIds.map((imageId, index) => [frameUrlOfImageId(imageId), index]));
  const arrived: number[] = [];
  const idleDecoders: Array<() => void> = [];
  const wake = () => idleDecoders.splice(0).forEach((resume) => resume());
  let hasEnded = false;
  const stopWatching = stream.watch((frameUrls) => {
    for (const frameUrl of frameUrls) {
      const index = indexByFrameUrl.get(frameUrl);
      if (index === undefined || attempted.has(index)) dropStreamedFrame(frameUrl);
      else arrived.push(index);
    }
    wake();
  });
  const aborted = signal.aborted ? Promise.resolve() : new Promise((resolve) => signal.addEventListener('abort', resolve, { once: true }));
  const ended = Promise.race([stream.ended, aborted]).then(() => {
    hasEnded = true;
    stopWatching();
    wake();
  });
  const decoder = async () => {
    while (!signal.aborted) {
      const index = arrived.shift();
      if (index !== undefined) {
        if (!attempted.has(index)) await load(index);
        dropStreamedFrame(frameUrlOfImageId(imageIds[index] as string)); // taken by the loader unless the image was cached already
      } else if (hasEnded) {
        return;
      } else {
        await new Promise<void>((resolve) => idleDecoders.push(resolve));
      }
    }
  };
  await Promise.all([ended, ...Array.from({ length: STREAMED_DECODES_AT_ONCE }, decoder)]);
}

/** A short, PHI-free reason for a failed image, from whatever the loader rejected with. */
export function describeLoadError(error: unknown): string {
  const damage = recordedDamage(error);
  if (damage) return damage.message;
  if (error instanceof Error && (error.name === 'ImplausiblePixelData' || error.name === 'ImageLoadTimedOut')) return error.message;
  const detail = error as { error?: unknown; message?: unknown; status?: unknown } | undefined;
  const status = (detail?.error as { status?: unknown } | undefined)?.status ?? detail?.status;
  if (typeof status === 'number' && status >= 400) return `The archive refused the image (HTTP ${status}).`;
  if (typeof status === 'number' && status === 0) return 'The archive did not answer.';
  return 'The image data could not be decoded.';
}
