import { useCallback, useEffect, useState } from 'react';
import type { DicomJson } from '@longview/dicom-meta';
import type { StackLoadProgress, StackViewer } from '@longview/render';
import { openSeriesStream, warmSeriesStream, type SeriesStream } from '@longview/render/seriesStream';
import { useArchives } from '../../archives/ArchivesContext';
import { useDecodedImageBytes } from '../../config/MemoryContext';
import { peekEarlyFirstFrame } from '../../boot/earlyOpen';
import type { SeriesLoadResult } from '../../audit/useViewAudit';
import { loadRender } from '../../render/loadRender';
import { oncePerFrame } from '../../render/oncePerFrame';
import { useLatest } from '../../react/useLatest';
import { registerFirstInstance, registerSeriesMetadata, type SeriesStack } from '../../series/seriesStack';

/**
 * How a stack gets onto the screen: its first image fetched and decoded at once, shown as soon
 * as the viewer exists, then every other image streamed, with what the cache had to let go.
 * Every failure outside one image's load goes to `onError` (a state setter) as DISPLAY_FAILED;
 * one image's failure goes to `markFailed` with its index. useStackLoad (at the end) is the
 * whole way, in order; the hooks before it are its steps.
 */

/** The viewport's error line when the rendering code fails outside one image's load (LoadProgress lists those). */
export const DISPLAY_FAILED = 'The image display stopped working. Reload the page to try again.';

type ReportError = (message: string) => void;
type MarkFailed = (index: number, message: string) => void;

/**
 * Fetches and decodes the first image as soon as its metadata is known, without waiting for the
 * viewport to be created: the two overlap, and setStack then finds it in the cache.
 */
function useFirstImageWarmUp(stack: SeriesStack | undefined, decodedImageBytes: number | undefined): void {
  useEffect(() => {
    if (!stack) return;
    void loadRender()
      .then(async (render) => {
        await render.initRendering({ cacheBytes: decodedImageBytes });
        const firstImage = stack.images[0];
        if (!firstImage) return;
        registerFirstInstance(render.registerInstanceMetadata, stack);
        await render.loadStackImage(firstImage.imageId);
      })
      .catch(() => undefined); // the viewport's own load reports any failure
  }, [stack, decodedImageBytes]);
}

/** How many images of the stack the cache released to stay within its ceiling (reloaded when shown). */
function useReleasedCount(stack: SeriesStack | undefined, onError: ReportError): number {
  const [releasedCount, setReleasedCount] = useState(0);
  useEffect(() => {
    setReleasedCount(0);
    if (!stack) return undefined;
    let unsubscribe: (() => void) | undefined;
    let isCancelled = false;
    const showReleasedCount = oncePerFrame((count: number) => setReleasedCount(count));
    loadRender()
      .then((render) => {
        if (isCancelled) return;
        unsubscribe = render.watchReleasedImages(
          stack.images.map((image) => image.imageId),
          showReleasedCount,
        );
      })
      .catch(() => {
        if (!isCancelled) onError(DISPLAY_FAILED);
      });
    return () => {
      isCancelled = true;
      unsubscribe?.();
      showReleasedCount.cancel();
    };
  }, [stack, onError]);
  return releasedCount;
}

/**
 * Shows the stack's first image as soon as its metadata is registered; the stack it returns is
 * the one on the viewer's canvas (the image shown, or its failure marked), undefined before.
 */
function useStackOnScreen(
  viewer: StackViewer | undefined,
  stack: SeriesStack | undefined,
  { markFailed, clearFailures, onFirstImage, onError }: { markFailed: MarkFailed; clearFailures: () => void; onFirstImage: { readonly current: () => void }; onError: ReportError },
): SeriesStack | undefined {
  const [shownStack, setShownStack] = useState<SeriesStack | undefined>(undefined);
  useEffect(() => {
    if (!viewer || !stack) return;
    clearFailures();
    loadRender()
      .then((render) => {
        registerFirstInstance(render.registerInstanceMetadata, stack);
        return viewer
          .setStack(
            stack.images.map((image) => image.imageId),
            0,
          )
          .then(() => {
            performance.mark('longview:first-image');
            onFirstImage.current();
          })
          .catch((error: unknown) => {
            markFailed(0, render.describeLoadError(error));
            onFirstImage.current();
          })
          .finally(() => setShownStack(stack));
      })
      .catch(() => onError(DISPLAY_FAILED));
  }, [viewer, stack, markFailed, clearFailures, onFirstImage, onError]);
  return shownStack;
}

/** The whole-series retrieve started for a stack (its stream is undefined where the stack is fetched frame by frame). */
interface SeriesRetrieve {
  stack: SeriesStack;
  stream: SeriesStream | undefined;
}

/** Frames read ahead of decoding, at most: a sixteenth of the image cache, and no more than 64 MiB. */
function streamWindowBytes(decodedImageBytes: number | undefined): number {
  return Math.min(64 * 1024 * 1024, Math.floor((decodedImageBytes ?? 1024 * 1024 * 1024) / 16));
}

/**
 * Starts retrieving the whole series as soon as its images are known: the rendering engine
 * need not have loaded, so the bytes are there when it has. When the boot script is fetching
 * the first frame, the retrieve waits for it: on a slow link the two would share the bandwidth.
 * It waits no longer than FIRST_FRAME_PATIENCE_MS (boot/earlyOpen.ts): a frame that late is
 * taken from the retrieve. Stopped when the stack changes.
 */
function useSeriesRetrieve(stack: SeriesStack | undefined, decodedImageBytes: number | undefined): SeriesRetrieve | undefined {
  const archives = useArchives();
  const [retrieve, setRetrieve] = useState<SeriesRetrieve | undefined>(undefined);
  useEffect(() => {
    if (!stack) {
      // Its images are being listed: have a worker started for their retrieve meanwhile.
      warmSeriesStream();
      return undefined;
    }
    const imageIds = stack.images.map((image) => image.imageId);
    const firstFrameUrl = imageIds[0]?.replace(/^wadors:/, '') ?? '';
    const headers = archives.all.find((client) => firstFrameUrl.startsWith(client.config.wadoRoot))?.authHeaders() ?? {};
    let stream: SeriesStream | undefined;
    let isCancelled = false;
    const start = () => {
      if (isCancelled) return;
      stream = openSeriesStream(imageIds, { headers, windowBytes: streamWindowBytes(decodedImageBytes) });
      setRetrieve({ stack, stream });
    };
    // Until the early frame is in, or late (an archive stuck on it: the retrieve brings it then).
    const earlyFirstFrame = peekEarlyFirstFrame(firstFrameUrl)?.inOrLate;
    if (earlyFirstFrame) void earlyFirstFrame.then(start);
    else start();
    return () => {
      isCancelled = true;
      stream?.close();
      setRetrieve(undefined);
    };
  }, [stack, archives, decodedImageBytes]);
  return retrieve;
}

/**
 * Loads every other image of the stack once all metadata is known: as the whole-series
 * retrieve brings them, then what it did not bring frame by frame, nearest the viewed one first.
 */
function useSeriesStream(
  viewer: StackViewer | undefined,
  stack: SeriesStack | undefined,
  metadataBySop: Map<string, DicomJson> | undefined,
  retrieve: SeriesRetrieve | undefined,
  { markFailed, onError }: { markFailed: MarkFailed; onError: ReportError },
): { progress: StackLoadProgress | undefined; loadResult: SeriesLoadResult | undefined } {
  const [progress, setProgress] = useState<StackLoadProgress | undefined>(undefined);
  const [loadResult, setLoadResult] = useState<SeriesLoadResult | undefined>(undefined);
  useEffect(() => {
    if (!viewer || !stack || !metadataBySop || retrieve?.stack !== stack) return undefined;
    const controller = new AbortController();
    const imageIds = stack.images.map((image) => image.imageId);
    setProgress({ loaded: 0, failed: 0, total: imageIds.length });
    // At most one progress repaint per frame: re-rendering for each of hundreds of images
    // would take the main thread from the decoders' results.
    const showProgress = oncePerFrame((latest: StackLoadProgress) => {
      if (!controller.signal.aborted) setProgress(latest);
    });
    loadRender()
      .then((render) => {
        registerSeriesMetadata(render.registerInstanceMetadata, stack.images, metadataBySop);
        return render.prefetchStack(imageIds, {
          signal: controller.signal,
          startIndex: viewer.state().imageIndex,
          onProgress: showProgress,
          onImageFailed: markFailed,
          stream: retrieve.stream,
        });
      })
      .then((final) => {
        if (controller.signal.aborted) return;
        setProgress(final);
        setLoadResult({ kind: 'loaded', loaded: final.loaded, failed: final.failed });
        performance.mark('longview:series-loaded');
      })
      .catch(() => {
        if (!controller.signal.aborted) onError(DISPLAY_FAILED);
      });
    return () => {
      controller.abort();
      showProgress.cancel();
    };
  }, [viewer, stack, metadataBySop, retrieve, markFailed, onError]);
  return { progress, loadResult };
}

/** What the viewport shows of its stack's loading. */
export interface StackLoad {
  /** The stack is on the viewer's canvas: its first image shown, or that image's failure marked. */
  isStackShown: boolean;
  progress: StackLoadProgress | undefined;
  loadResult: SeriesLoadResult | undefined;
  /** The images that could not be loaded, by index, with why. */
  failedImages: ReadonlyMap<number, string>;
  releasedCount: number;
}

/**
 * The whole way of a stack onto `viewer`, in order: first image warmed up, series retrieve
 * started, cache releases watched, first image shown, the rest streamed. `onFirstImage` may be a
 * new callback each render (the latest is called, nothing restarts); `onError` must be stable.
 */
export function useStackLoad(
  viewer: StackViewer | undefined,
  stack: SeriesStack | undefined,
  metadataBySop: Map<string, DicomJson> | undefined,
  { onFirstImage, onError }: { onFirstImage: () => void; onError: ReportError },
): StackLoad {
  const [failedImages, setFailedImages] = useState<ReadonlyMap<number, string>>(new Map());
  const markFailed = useCallback((index: number, message: string) => setFailedImages((current) => new Map(current).set(index, message)), []);
  const clearFailures = useCallback(() => setFailedImages(new Map()), []);
  const decodedImageBytes = useDecodedImageBytes();
  useFirstImageWarmUp(stack, decodedImageBytes);
  const retrieve = useSeriesRetrieve(stack, decodedImageBytes);
  const releasedCount = useReleasedCount(stack, onError);
  const latestOnFirstImage = useLatest(onFirstImage);
  const shownStack = useStackOnScreen(viewer, stack, { markFailed, clearFailures, onFirstImage: latestOnFirstImage, onError });
  const { progress, loadResult } = useSeriesStream(viewer, stack, metadataBySop, retrieve, { markFailed, onError });
  return { isStackShown: stack !== undefined && shownStack === stack, progress, loadResult, failedImages, releasedCount };
}
