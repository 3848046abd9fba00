import { useEffect, useState } from 'react';
import type { DicomJson } from '@longview/dicom-meta';
import type { StackLoadProgress, StackViewer } from '@longview/render';
import type { SeriesLoadResult } from '../../audit/useViewAudit';
import { loadRender } from '../../render/loadRender';
import { oncePerFrame } from '../../render/oncePerFrame';
import { registerFirstInstance, registerSeriesMetadata, type SeriesStack } from '../../series/seriesStack';

/**
 * How a stack gets onto the screen: its first image fetched and decoded at once, shown as soon
 * as the viewer exists, then every other image streamed, with what the cache had to let go.
 * Every failure outside one image's load goes to `onError` (a state setter) as DISPLAY_FAILED;
 * one image's failure goes to `markFailed` with its index.
 */

/** The viewport's error line when the rendering code fails outside one image's load (LoadProgress lists those). */
export const DISPLAY_FAILED = 'The image display stopped working. Reload the page to try again.';

type ReportError = (message: string) => void;
type MarkFailed = (index: number, message: string) => void;

/**
 * Fetches and decodes the first image as soon as its metadata is known, without waiting for the
 * viewport to be created: the two overlap, and setStack then finds it in the cache.
 */
export function useFirstImageWarmUp(stack: SeriesStack | undefined, decodedImageBytes: number | undefined): void {
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
export function useReleasedCount(stack: SeriesStack | undefined, onError: ReportError): number {
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
export function useStackOnScreen(
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

/** Streams every other image of the stack once all metadata is known, nearest the viewed one first. */
export function useSeriesStream(
  viewer: StackViewer | undefined,
  stack: SeriesStack | undefined,
  metadataBySop: Map<string, DicomJson> | undefined,
  { markFailed, onError }: { markFailed: MarkFailed; onError: ReportError },
): { progress: StackLoadProgress | undefined; loadResult: SeriesLoadResult | undefined } {
  const [progress, setProgress] = useState<StackLoadProgress | undefined>(undefined);
  const [loadResult, setLoadResult] = useState<SeriesLoadResult | undefined>(undefined);
  useEffect(() => {
    if (!viewer || !stack || !metadataBySop) return undefined;
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
  }, [viewer, stack, metadataBySop, markFailed, onError]);
  return { progress, loadResult };
}
