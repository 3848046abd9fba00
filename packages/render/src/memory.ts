import { Enums, cache, eventTarget } from '@cornerstonejs/core';

/**
 * Decoded pixels live in Cornerstone's image cache, bounded in bytes (init.ts sets the
 * ceiling). When a new image needs room the cache releases the least recently used ones; a
 * viewport keeps showing what it already drew, and a released image is fetched and decoded
 * again when it is next shown (loadStackImage finds it absent). This module tells the app
 * which images of its stack are released at the moment, and how full the cache is.
 */

export interface DecodedImageMemory {
  usedBytes: number;
  maxBytes: number;
}

export function decodedImageMemory(): DecodedImageMemory {
  return { usedBytes: cache.getCacheSize(), maxBytes: cache.getMaxCacheSize() };
}

/** Depth of our own removals (failed loads dropped on purpose): those are not releases. */
let ownRemovals = 0;

/** Removes an image from the cache ourselves, so that the next load asks the archive again. */
export function removeCachedImage(imageId: string): void {
  // Cornerstone throws when the id is absent, and it drops some failed loads by itself.
  if (!cache.getImageLoadObject(imageId)) return;
  ownRemovals += 1;
  try {
    cache.removeImageLoadObject(imageId, { force: true });
  } finally {
    ownRemovals -= 1;
  }
}

function imageIdOf(event: Event): string | undefined {
  const detail = (event as CustomEvent<{ imageId?: unknown; image?: { imageId?: unknown } }>).detail;
  const imageId = detail?.imageId ?? detail?.image?.imageId;
  return typeof imageId === 'string' ? imageId : undefined;
}

/**
 * Calls `onChange` with how many images of `imageIds` the cache has released to stay within
 * its ceiling and not loaded again since. Returns the unsubscribe function.
 */
export function watchReleasedImages(imageIds: readonly string[], onChange: (releasedCount: number) => void): () => void {
  const inStack = new Set(imageIds);
  const released = new Set<string>();
  const onRemoved = (event: Event) => {
    const imageId = imageIdOf(event);
    if (ownRemovals > 0 || !imageId || !inStack.has(imageId) || released.has(imageId)) return;
    released.add(imageId);
    onChange(released.size);
  };
  const onAdded = (event: Event) => {
    const imageId = imageIdOf(event);
    if (imageId && released.delete(imageId)) onChange(released.size);
  };
  eventTarget.addEventListener(Enums.Events.IMAGE_CACHE_IMAGE_REMOVED, onRemoved);
  eventTarget.addEventListener(Enums.Events.IMAGE_CACHE_IMAGE_ADDED, onAdded);
  return () => {
    eventTarget.removeEventListener(Enums.Events.IMAGE_CACHE_IMAGE_REMOVED, onRemoved);
    eventTarget.removeEventListener(Enums.Events.IMAGE_CACHE_IMAGE_ADDED, onAdded);
  };
}

/**
 * A read-only gauge for benchmarks and tests (bench/memory.mjs, e2e/memory-bounds.spec.ts):
 * two byte counts, nothing about patients or images, and no way to change anything. Defined
 * non-writable and non-configurable so page script cannot replace it with something else.
 */
export function exposeMemoryGauge(): void {
  if (Object.getOwnPropertyDescriptor(window, '__longviewMemory')) return;
  const gauge = Object.freeze({
    get decodedImageBytes() {
      return cache.getCacheSize();
    },
    get maxDecodedImageBytes() {
      return cache.getMaxCacheSize();
    },
  });
  Object.defineProperty(window, '__longviewMemory', { value: gauge, writable: false, configurable: false, enumerable: false });
}
