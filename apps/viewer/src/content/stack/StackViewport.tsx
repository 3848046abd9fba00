import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { cineFrameRate, getString, storedWindows, type DicomJson } from '@longview/dicom-meta';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import type { MprViewer, StackViewer } from '@longview/render';
import type { SharedCell } from '@longview/shared-view';
import { useDecodedImageBytes } from '../../config/MemoryContext';
import { useSeriesRetrievedAudit } from '../../audit/useViewAudit';
import { KeyImageBadge, useKeyImageToggle } from '../../results/KeyImageBadge';
import { FirstPaint } from '../../firstPaint/FirstPaint';
import { useLatest } from '../../react/useLatest';
import { useReported } from '../../react/useReported';
import { useStackResults } from '../../results/useStackResults';
import type { SeriesStack, StackImage } from '../../series/seriesStack';
import { useSeriesStack } from '../../series/useSeriesStack';
import { useViewerPrefsStore } from '../../state/viewerPrefsStore';
import { useMeasurementToolStore } from '../../state/measurementToolStore';
import { LoadProgress } from './LoadProgress';
import { MeasurementToolbar } from './MeasurementToolbar';
import { MprView } from './MprView';
import { PetSuvStatus } from '../../oncology/PetSuvStatus';
import { usePetSuv } from '../../oncology/usePetSuv';
import { StackNotices } from './StackNotices';
import { useIsSmall, useStackEngine } from './useStackEngine';
import { useFirstImageWarmUp, useReleasedCount, useSeriesRetrieve, useSeriesStream, useStackOnScreen } from './useStackLoading';
import { useSharedViewApplied, useViewportCapture } from './useStackSharing';
import { StackScrollbar } from './StackScrollbar';
import { describeStackView, ViewportOverlay } from './ViewportOverlay';
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

/** The metadata of the image on screen: its own once the series' metadata is in, the first image's before. */
function metadataOfImage(stack: SeriesStack | undefined, metadataBySop: Map<string, DicomJson> | undefined, image: StackImage | undefined): DicomJson | undefined {
  if (!image) return undefined;
  return metadataBySop?.get(image.sopInstanceUid) ?? (image.sopInstanceUid === stack?.instances[0]?.sopInstanceUid ? stack?.firstMetadata : undefined);
}

/**
 * One series in one viewport: the engine's viewer (stack/useStackEngine.ts), the series opened
 * and streamed onto it (stack/useStackLoading.ts), the view shared and taken on
 * (stack/useStackSharing.ts), and the toolbars, overlay and notices around it.
 */
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
  const [attempt, setAttempt] = useState(0);
  const [failedImages, setFailedImages] = useState<ReadonlyMap<number, string>>(new Map());
  const [isPlaying, setIsPlaying] = useState(false);
  const [renderError, setRenderError] = useState<string | undefined>(undefined);
  const [isMprOpen, setIsMprOpen] = useState(false);
  const mprViewerRef = useRef<MprViewer | undefined>(undefined);
  const { cineFramesPerSecond, setCineFramesPerSecond } = useViewerPrefsStore();
  const markFailed = useCallback((index: number, message: string) => setFailedImages((current) => new Map(current).set(index, message)), []);
  const clearFailures = useCallback(() => setFailedImages(new Map()), []);

  const { viewer, view } = useStackEngine(elementRef, viewportId, setRenderError);
  const isSmall = useIsSmall(elementRef);
  const series = useSeriesStack(archive, studyUid, seriesUid, attempt);
  const seriesStack = series.kind === 'ready' ? series.stack : undefined;
  const metadataBySop = series.kind === 'ready' ? series.metadataBySop : undefined;
  const stack = useMemo(() => (sopInstanceUid ? onlyInstance(seriesStack, metadataBySop, sopInstanceUid) : seriesStack), [seriesStack, metadataBySop, sopInstanceUid]);
  useReported(viewer, onViewer);
  useReported(stack, onStack);

  const decodedImageBytes = useDecodedImageBytes();
  useFirstImageWarmUp(stack, decodedImageBytes);
  const retrieve = useSeriesRetrieve(stack, decodedImageBytes);
  const releasedCount = useReleasedCount(stack, setRenderError);
  // The parent passes a new callback each render; keep the latest without restarting effects.
  const onFirstImageRef = useLatest(onFirstImage);
  const shownStack = useStackOnScreen(viewer, stack, { markFailed, clearFailures, onFirstImage: onFirstImageRef, onError: setRenderError });
  const isStackShown = stack !== undefined && shownStack === stack;
  const { progress, loadResult } = useSeriesStream(viewer, stack, metadataBySop, retrieve, { markFailed, onError: setRenderError });
  useSeriesRetrievedAudit(archive, studyUid, seriesUid, study, series.kind === 'failed' ? { kind: 'failed' } : loadResult);

  const suvScaling = usePetSuv(stack, metadataBySop);
  const currentImage = stack?.images[view?.imageIndex ?? 0];
  const currentMetadata = metadataOfImage(stack, metadataBySop, currentImage);
  const modality = stack ? getString(stack.firstMetadata, 'Modality') : undefined;
  const cineRate = cineFramesPerSecond ?? defaultCineRate(stack?.firstMetadata);
  // The windows the modality stored in the image; the first is the default ("0").
  const imageWindows = useMemo(() => (stack ? storedWindows(stack.firstMetadata) : []), [stack]);
  const toggleCine = useCallback(() => {
    if (!viewer) return;
    if (viewer.isPlaying) viewer.stopCine();
    else viewer.startCine(cineRate);
    setIsPlaying(viewer.isPlaying);
  }, [viewer, cineRate]);
  useViewerShortcuts(viewer, { modality, defaultWindow: imageWindows[0], toggleCine, isActive });

  useViewportCapture(viewer, stack, { isStackShown, viewportId, cineRate: useLatest(cineRate), mprViewer: mprViewerRef });
  const sharedViewHandlers = useLatest({
    onMpr: setIsMprOpen,
    onApplied: (isNowPlaying: boolean, sharedCineRate: number | undefined) => {
      setIsPlaying(isNowPlaying);
      if (sharedCineRate !== undefined) setCineFramesPerSecond(sharedCineRate);
    },
    onError: setRenderError,
  });
  const appliedSharedKey = useSharedViewApplied(viewer, stack, metadataBySop, { isStackShown, viewportId, sharedView }, sharedViewHandlers);

  // Measurements: the left-button tool is one choice for every viewport (state/measurementToolStore).
  const mouseTool = useMeasurementToolStore((state) => state.mouseTool);
  useEffect(() => viewer?.setMouseTool(mouseTool), [viewer, mouseTool]);
  const toggleMpr = useCallback(() => setIsMprOpen((open) => !open), []);
  useMeasurementShortcuts(viewer, { isActive, onToggleMpr: toggleMpr });

  const { keyImage, isOwnStudy } = useStackResults({ archive, studyUid, seriesUid, stack, viewportId, isStackShown, image: view ? currentImage : undefined, metadata: currentMetadata });
  const keyImageToggle = useKeyImageToggle({ archive, studyUid, image: keyImage, isActive, canToggle: isOwnStudy });

  return (
    <section
      className={`stack-viewport${isActive ? ' active' : ''}`}
      aria-label="Image viewport"
      onPointerDownCapture={onActivate}
      onFocusCapture={onActivate}
    >
      {/* No tools before the image is on the viewport's own canvas (a first paint has none).
          One box for both toolbars: the phone layout shows it as the Tools sheet (styles/phone.css). */}
      <div className="viewport-tools">
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
        <MeasurementToolbar viewer={isStackShown ? viewer : undefined} onToggleMpr={toggleMpr} isMprAvailable={Boolean(metadataBySop)} keyImage={keyImageToggle} />
      </div>
      <div className="viewport-body">
        <div className="viewport-frame">
          <div
            className="viewport-element"
            ref={elementRef}
            data-testid="viewport"
            data-image-index={view?.imageIndex}
            data-shown-index={view?.shownIndex}
            data-shared-view-key={appliedSharedKey}
            data-window={view?.window ? `${Math.round(view.window.width)}/${Math.round(view.window.center)}` : undefined}
            data-zoom={view?.scale !== undefined ? view.scale.toFixed(2) : undefined}
            data-fit-zoom={view?.fitZoom !== undefined ? view.fitZoom.toFixed(3) : undefined}
            data-view-centre={view?.centre ? `${view.centre.x.toFixed(1)},${view.centre.y.toFixed(1)}` : undefined}
            data-mouse-tools={view?.hasMouseTools ? 'ready' : undefined}
            data-image-rect={view?.imageRect ? [view.imageRect.x, view.imageRect.y, view.imageRect.width, view.imageRect.height].join(',') : undefined}
            // In the Tab order, named by its text alternative: a keyboard reader lands on the image
            // (its cell becomes the active one) and reads it with the arrow keys; the overlay
            // announces what changes.
            tabIndex={0}
            role="img"
            aria-label={view && stack ? describeStackView(view, currentMetadata, currentImage?.frame, stack.images.length) : 'Image loading'}
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
          <KeyImageBadge isKey={keyImageToggle.isKey} />
          <PetSuvStatus scaling={suvScaling} />
          <StackNotices series={series} view={view} renderError={renderError} onRetry={() => setAttempt((n) => n + 1)} />
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
