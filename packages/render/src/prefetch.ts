import { loadStackImage } from './loadImage';
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

/**
 * Loads (fetch + decode + cache) every image of a stack, reporting progress and per-image
 * failures. A failed image is reported and skipped; it never stops the rest of the series.
 */
export async function prefetchStack(imageIds: readonly string[], options: StackPrefetchOptions): Promise<StackLoadProgress> {
  const queue = outwardOrder(imageIds.length, options.startIndex);
  const progress: StackLoadProgress = { loaded: 0, failed: 0, total: imageIds.length };
  const concurrency = options.concurrency ?? 6;

  const worker = async () => {
    for (let index = queue.shift(); index !== undefined; index = queue.shift()) {
      if (options.signal.aborted) return;
      const imageId = imageIds[index] as string;
      try {
        await loadStackImage(imageId);
        progress.loaded += 1;
      } catch (error) {
        progress.failed += 1;
        options.onImageFailed(index, describeLoadError(error));
      }
      if (!options.signal.aborted) options.onProgress({ ...progress });
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, imageIds.length) }, worker));
  return progress;
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
