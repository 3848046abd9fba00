import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { cineFrameRate, getString, storedWindows, type DicomJson } from '@longview/dicom-meta';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import type { MprViewer, StackLoadProgress, StackViewer, StackViewState } from '@longview/render';
import type { SharedCell } from '@longview/shared-view';
import { applySharedCell, captureStackViewport } from '../board/stackViewState';
import { registerViewportCapture } from '../board/viewportCaptures';
import { useArchives } from '../archives/ArchivesContext';
import { useDecodedImageBytes } from '../config/MemoryContext';
import { useSeriesRetrievedAudit, type SeriesLoadResult } from '../audit/useViewAudit';
import { KeyImageBadge } from '../content/KeyImageBadge';
import { FirstPaint } from '../firstPaint/FirstPaint';
import { loadRender } from '../render/loadRender';
import { oncePerFrame } from '../render/oncePerFrame';
import { useLatest } from '../react/useLatest';
import { useReported } from '../react/useReported';
import { registerFirstInstance, registerSeriesMetadata, type SeriesStack } from '../series/seriesStack';
import { useSeriesStack } from '../series/useSeriesStack';
import { useViewerPrefsStore } from '../state/viewerPrefsStore';
import { useMeasurementToolStore } from '../state/measurementToolStore';
import { LoadProgress } from './LoadProgress';
import { MeasurementToolbar } from './MeasurementToolbar';
import { MprView } from './MprView';
import { SeriesError } from './SeriesError';
import { StackScrollbar } from './StackScrollbar';
import { ViewportOverlay } from './ViewportOverlay';
import { ViewportToolbar } from './ViewportToolbar';
import { useMeasurementShortcuts } from './useMeasurementShortcuts';
import { useViewerShortcuts } from './useViewerShortcuts';

interface StackViewportProps {
  archive: ArchiveClient;
  studyUid: string;
  seriesUid: string;
  study: StudySummary | undefined;
  onFirstImage: () => void;
  /** Unique per page; two viewports side by side need two ids. */
  viewportId?: string;
  /** Whether keyboard shortcuts act on this viewport (the last one the reader touched). */
  isActive?: boolean;
  onActivate?: () => void;
  /** Show only this instance of the series (a hanging protocol's single mammographic view). */
  sopInstanceUid?: string | undefined;
  /** The viewer once created (and undefined when it goes): for synchronising viewports. */
  onViewer?: (viewer: StackViewer | undefined) => void;
  /** The stack on screen (positions, first metadata) once known: for synchronising viewports. */
  onStack?: (stack: SeriesStack | undefined) => void;
  /** Drawn over the image, under the overlay text (reference lines). */
  frameOverlay?: ReactNode;
  /** A shared view to take on (a session link, an agenda step, the live presenter); `key` changes per request. */
  sharedView?: { cell: SharedCell; key: number } | undefined;
  /** The grid is 2×2 or denser: the overlay keeps to the essentials whatever the cell's size. */
  isInDenseGrid?: boolean;
}

/** Below this size (CSS px) a viewport's overlay keeps to the essentials, off the image centre. */
const SMALL_VIEWPORT = { width: 320, height: 240 };

/**
 * The stack of one instance of a series. Waits for that instance's own metadata: the series'
 * first metadata belongs to another image and must never be registered under this one's id.
 */
function onlyInstance(stack: SeriesStack | undefined, metadataBySop: Map<string, DicomJson> | undefined, sopInstanceUid: string): SeriesStack | undefined {
  const metadata = sopInstanceUid === stack?.instances[0]?.sopInstanceUid ? stack.firstMetadata : metadataBySop?.get(sopInstanceUid);
  if (!stack || !metadata) return undefined;
  return {
    images: stack.images.filter((image) => image.sopInstanceUid === sopInstanceUid),
    instances: stack.instances.filter((instance) => instance.sopInstanceUid === sopInstanceUid),
    firstMetadata: metadata,
  };
}

/** Cine speed: the series' own rate when it has one (FrameTime first, PS3.3 C.7.6.5), else 15 slices a second. */
function defaultCineRate(metadata: DicomJson | undefined): number {
  return Math.round(cineFrameRate(metadata).framesPerSecond);
}

/** The viewport's error line when the rendering code fails outside one image's load (LoadProgress lists those). */
const DISPLAY_FAILED = 'The image display stopped working. Reload the page to try again.';

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

export function StackViewport({
  archive,
  studyUid,
  seriesUid,
  study,
  onFirstImage,
  viewportId = 'stack-main',
  isActive = true,
  onActivate,
  sopInstanceUid,
  onViewer,
  onStack,
  frameOverlay,
  sharedView,
  isInDenseGrid = false,
}: StackViewportProps) {
  const elementRef = useRef<HTMLDivElement>(null);
  const [viewer, setViewer] = useState<StackViewer | undefined>(undefined);
  const [view, setView] = useState<StackViewState | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);
  const [progress, setProgress] = useState<StackLoadProgress | undefined>(undefined);
  const [failedImages, setFailedImages] = useState<ReadonlyMap<number, string>>(new Map());
  const [isPlaying, setIsPlaying] = useState(false);
  const [renderError, setRenderError] = useState<string | undefined>(undefined);
  const series = useSeriesStack(archive, studyUid, seriesUid, attempt);
  const [loadResult, setLoadResult] = useState<SeriesLoadResult | undefined>(undefined);
  useSeriesRetrievedAudit(archive, studyUid, seriesUid, study, series.kind === 'failed' ? { kind: 'failed' } : loadResult);
  // The parent passes a new callback each render; keep the latest without restarting effects.
  const onFirstImageRef = useLatest(onFirstImage);
  const { cineFramesPerSecond, setCineFramesPerSecond } = useViewerPrefsStore();

  const markFailed = useCallback((index: number, message: string) => {
    setFailedImages((current) => new Map(current).set(index, message));
  }, []);

  const archives = useArchives();
  const decodedImageBytes = useDecodedImageBytes();
  // The viewport lives as long as this component; Cornerstone starts once per page.
  useEffect(() => {
    let created: StackViewer | undefined;
    let isCancelled = false;
    loadRender()
      .then(
        async (render) => {
          // Pixels are fetched by the renderer, outside ArchiveClient: give it each archive's headers.
          render.setArchiveHeaders((url) => archives.all.find((client) => url.startsWith(client.config.wadoRoot))?.authHeaders() ?? {});
          // Starting Cornerstone holds the main thread for a while; let an archive answer that
          // arrived meanwhile send its follow-up request first, so network and start-up overlap.
          await yieldToEventLoop();
          await render.initRendering({ cacheBytes: decodedImageBytes }).catch(() => Promise.reject(new Error('This browser cannot display images: WebGL could not start.')));
          await yieldToEventLoop();
          if (isCancelled || !elementRef.current) return;
          created = render.StackViewer.create(elementRef.current, viewportId);
          setViewer(created);
        },
        () => Promise.reject(new Error('The image display could not be downloaded. Check the connection and reload the page.')),
      )
      .catch((error: Error) => setRenderError(error.message));
    return () => {
      isCancelled = true;
      created?.destroy();
    };
  }, [archives, viewportId, decodedImageBytes]);

  useEffect(() => viewer?.subscribe(setView), [viewer]);

  // Cornerstone keeps each camera across a resize (zoom and centre): opening the measurement
  // panel or changing the layout does not move the images.
  useEffect(() => {
    if (!viewer || !elementRef.current) return undefined;
    const observer = new ResizeObserver(() => viewer.resize());
    observer.observe(elementRef.current);
    return () => observer.disconnect();
  }, [viewer]);

  const [isSmall, setIsSmall] = useState(false);
  useEffect(() => {
    const element = elementRef.current;
    if (!element) return undefined;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const { width, height } = entry.contentRect;
      setIsSmall(width > 0 && (width < SMALL_VIEWPORT.width || height < SMALL_VIEWPORT.height));
    });
    observer.observe(element);
    return () => observer.disconnect();
  }, []);

  const seriesStack = series.kind === 'ready' ? series.stack : undefined;
  const metadataBySop = series.kind === 'ready' ? series.metadataBySop : undefined;
  const stack = useMemo(() => (sopInstanceUid ? onlyInstance(seriesStack, metadataBySop, sopInstanceUid) : seriesStack), [seriesStack, metadataBySop, sopInstanceUid]);
  useReported(viewer, onViewer);
  useReported(stack, onStack);

  // Fetch and decode the first image as soon as its metadata is known, without waiting for
  // the viewport to be created: the two overlap, and setStack then finds it in the cache.
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

  // Images of this series the cache released to stay within its ceiling (reloaded when shown).
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
        if (!isCancelled) setRenderError(DISPLAY_FAILED);
      });
    return () => {
      isCancelled = true;
      unsubscribe?.();
      showReleasedCount.cancel();
    };
  }, [stack]);

  // Show the first image as soon as its metadata is registered.
  const [shownStack, setShownStack] = useState<SeriesStack | undefined>(undefined);
  useEffect(() => {
    if (!viewer || !stack) return;
    setFailedImages(new Map());
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
            onFirstImageRef.current();
          })
          .catch((error: unknown) => {
            markFailed(0, render.describeLoadError(error));
            onFirstImageRef.current();
          })
          .finally(() => setShownStack(stack));
      })
      .catch(() => setRenderError(DISPLAY_FAILED));
  }, [viewer, stack, markFailed, onFirstImageRef]);

  // Then stream every other image once all metadata is known.
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
        if (!controller.signal.aborted) setRenderError(DISPLAY_FAILED);
      });
    return () => {
      controller.abort();
      showProgress.cancel();
    };
  }, [viewer, stack, metadataBySop, markFailed]);

  const currentImage = stack?.images[view?.imageIndex ?? 0];
  const currentMetadata = currentImage
    ? (metadataBySop?.get(currentImage.sopInstanceUid) ??
      (currentImage.sopInstanceUid === stack?.instances[0]?.sopInstanceUid ? stack?.firstMetadata : undefined))
    : undefined;
  const modality = stack ? getString(stack.firstMetadata, 'Modality') : undefined;
  const cineRate = cineFramesPerSecond ?? defaultCineRate(stack?.firstMetadata);
  // The windows the modality stored in the image; the first is the default ("0").
  const imageWindows = useMemo(() => (stack ? storedWindows(stack.firstMetadata) : []), [stack]);
  const defaultWindow = imageWindows[0];

  const toggleCine = useCallback(() => {
    if (!viewer) return;
    if (viewer.isPlaying) viewer.stopCine();
    else viewer.startCine(cineRate);
    setIsPlaying(viewer.isPlaying);
  }, [viewer, cineRate]);

  useViewerShortcuts(viewer, { modality, defaultWindow, toggleCine, isActive });

  // Sharing: this viewport describes itself (slice, window, camera, cine, MPR, measurements) ...
  const [isMprOpen, setIsMprOpen] = useState(false);
  const mprViewerRef = useRef<MprViewer | undefined>(undefined);
  const isStackShown = stack !== undefined && shownStack === stack;
  const cineRateRef = useLatest(cineRate);
  useEffect(() => {
    if (!viewer || !stack || !isStackShown) return undefined;
    const imageIds = stack.images.map((image) => image.imageId);
    return registerViewportCapture(viewportId, () => {
      const capture = captureStackViewport(viewer, imageIds, cineRateRef.current);
      const mpr = mprViewerRef.current;
      if (!mpr) return capture;
      const { slabThickness, blend } = mpr.state();
      return { ...capture, mpr: { center: mpr.center(), slabMm: slabThickness, blend } };
    });
  }, [viewer, stack, isStackShown, viewportId, cineRateRef]);
  // ... and takes on a shared view once its stack is on screen.
  const [appliedSharedKey, setAppliedSharedKey] = useState<number | undefined>(undefined);
  const lastMeasurementsRef = useRef<string | undefined>(undefined);
  useEffect(() => {
    // Every image's metadata first: a slice other than the first cannot be decoded without it.
    if (!viewer || !stack || !isStackShown || !sharedView || !metadataBySop) return undefined;
    let isCurrent = true;
    const imageIds = stack.images.map((image) => image.imageId);
    setIsMprOpen(sharedView.cell.mpr !== undefined);
    loadRender()
      .then(async (render) => {
        registerSeriesMetadata(render.registerInstanceMetadata, stack.images, metadataBySop);
        await applySharedCell(viewer, viewportId, imageIds, sharedView.cell, lastMeasurementsRef, () => !isCurrent);
        if (!isCurrent) return;
        setIsPlaying(viewer.isPlaying);
        if (sharedView.cell.cine?.isPlaying) setCineFramesPerSecond(sharedView.cell.cine.framesPerSecond);
        setAppliedSharedKey(sharedView.key);
      })
      .catch(() => {
        if (isCurrent) setRenderError(DISPLAY_FAILED);
      });
    return () => {
      isCurrent = false;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- a new request is a new key
  }, [viewer, stack, isStackShown, metadataBySop, viewportId, sharedView?.key]);

  // Measurements: the left-button tool is one choice for every viewport (state/measurementToolStore).
  const mouseTool = useMeasurementToolStore((state) => state.mouseTool);
  useEffect(() => viewer?.setMouseTool(mouseTool), [viewer, mouseTool]);
  const toggleMpr = useCallback(() => setIsMprOpen((open) => !open), []);
  useMeasurementShortcuts(viewer, { isActive, onToggleMpr: toggleMpr });

  return (
    <section
      className={`stack-viewport${isActive ? ' active' : ''}`}
      aria-label="Image viewport"
      onPointerDownCapture={onActivate}
      onFocusCapture={onActivate}
    >
      {/* No tools before the image is on the viewport's own canvas (a first paint has none). */}
      <ViewportToolbar
        viewer={isStackShown ? viewer : undefined}
        currentWindow={view?.window}
        modality={modality}
        imageWindows={imageWindows}
        isPlaying={isPlaying}
        cineRate={cineRate}
        onCineRate={(fps) => {
          setCineFramesPerSecond(fps);
          if (viewer?.isPlaying) viewer.startCine(fps);
        }}
        onToggleCine={toggleCine}
      />
      <MeasurementToolbar viewer={isStackShown ? viewer : undefined} onToggleMpr={toggleMpr} isMprAvailable={Boolean(metadataBySop)} />
      <div className="viewport-body">
        <div className="viewport-frame">
          <div
            className="viewport-element"
            ref={elementRef}
            data-testid="viewport"
            data-image-index={view?.imageIndex}
            data-shared-view-key={appliedSharedKey}
            data-window={view?.window ? `${Math.round(view.window.width)}/${Math.round(view.window.center)}` : undefined}
            data-zoom={view?.scale !== undefined ? view.scale.toFixed(2) : undefined}
            data-mouse-tools={view?.hasMouseTools ? 'ready' : undefined}
            data-image-rect={view?.imageRect ? [view.imageRect.x, view.imageRect.y, view.imageRect.width, view.imageRect.height].join(',') : undefined}
            tabIndex={-1}
          />
          {stack && !isStackShown && stack.images[0] ? (
            <FirstPaint
              frameUrl={archive.frameUrl(studyUid, seriesUid, stack.images[0].sopInstanceUid, stack.images[0].frame)}
              metadata={stack.firstMetadata}
              study={study}
            />
          ) : null}
          {view && stack ? (
            <ViewportOverlay
              view={view}
              study={study}
              metadata={currentMetadata}
              frame={currentImage?.frame}
              numberOfFrames={stack.images.length}
              isCompact={isInDenseGrid || isSmall}
            />
          ) : null}
          <KeyImageBadge archive={archive} studyUid={studyUid} sopInstanceUid={view ? currentImage?.sopInstanceUid : undefined} />
          {series.kind === 'opening' ? <div className="viewport-message" role="status">Opening series…</div> : null}
          {series.kind === 'failed' ? <SeriesError message={series.message} onRetry={series.isRetryable ? () => setAttempt((n) => n + 1) : undefined} /> : null}
          {renderError ? (
            <div className="viewport-message error" role="alert">
              {renderError}
            </div>
          ) : null}
          {view?.unavailableReason ? (
            <div className="image-unavailable" role="alert" data-testid="image-error">
              <p>
                Image {view.imageIndex + 1} cannot be displayed. {view.unavailableReason}
              </p>
            </div>
          ) : null}
          {series.kind === 'ready' && series.metadataError ? (
            <div className="viewport-notice" role="alert">
              {series.metadataError} Only the first image is available.{' '}
              <button type="button" onClick={() => setAttempt((n) => n + 1)}>
                Retry
              </button>
            </div>
          ) : null}
          {frameOverlay}
          {isMprOpen && stack && metadataBySop ? (
            <MprView
              images={stack.images}
              metadataBySop={metadataBySop}
              initialWindow={view?.window}
              onClose={() => setIsMprOpen(false)}
              onViewer={(mpr) => {
                mprViewerRef.current = mpr;
              }}
              sharedMpr={sharedView?.cell.mpr ? { mpr: sharedView.cell.mpr, key: sharedView.key } : undefined}
            />
          ) : null}
          <LoadProgress progress={progress} failedImages={failedImages} releasedCount={releasedCount} onSelectImage={(index) => void viewer?.goTo(index)} />
          {view && view.imageCount > 1 ? (
            <StackScrollbar
              index={view.imageIndex}
              count={view.imageCount}
              failedIndices={[...failedImages.keys()]}
              onChange={(index) => void viewer?.goTo(index).catch(() => undefined)}
            />
          ) : null}
        </div>
      </div>
    </section>
  );
}
