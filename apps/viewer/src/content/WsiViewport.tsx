import { useEffect, useId, useRef, useState, type RefObject } from 'react';
import { SeriesError } from '../viewport/SeriesError';
import { getString, type DicomJson } from '@longview/dicom-meta';
import type { WsiViewer, WsiViewState } from '@longview/render';
import { formatMagnification, type WsiPyramid } from '@longview/render/plain';
import { PatientStudyCorners, patientStudyFacts, type PatientStudyFacts } from '../viewport/PatientStudyContext';
import { ScaleBar } from '../viewport/ScaleBar';
import { isTyping } from '../keyboard/isTyping';
import { commandForKey } from '../keyboard/shortcuts';
import { useKeysWhileActive } from '../keyboard/useKeysWhileActive';
import { loadRender } from '../render/loadRender';
import { seriesErrorMessage } from '../series/useSeriesStack';
import { useSharedContentView } from '../viewport/useSharedContentView';
import type { ContentViewportProps } from './contentProps';
import { useLatest } from '../react/useLatest';

type SlideLoad = { kind: 'loading' } | { kind: 'ready'; metadata: DicomJson } | { kind: 'failed'; message: string; isRetryable: boolean };

/** One key press zooms by a factor of 2 (one pyramid level); arrows pan by a quarter view. */
const KEY_ZOOM = 2;
const KEY_PAN_FRACTION = 0.25;

/** The archive's rendered JPEG of one instance as an object URL (label, overview, navigator). */
function useRenderedImage(archive: ContentViewportProps['archive'], studyUid: string, seriesUid: string, sopInstanceUid: string | undefined): string | undefined {
  const [url, setUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    if (!sopInstanceUid) return undefined;
    const abort = new AbortController();
    let objectUrl: string | undefined;
    archive
      .retrieveThumbnail(studyUid, seriesUid, sopInstanceUid, abort.signal)
      .then((blob) => {
        objectUrl = URL.createObjectURL(blob);
        setUrl(objectUrl);
      })
      .catch(() => setUrl(undefined)); // the panel then shows no picture; the slide is unaffected
    return () => {
      abort.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
    };
  }, [archive, studyUid, seriesUid, sopInstanceUid]);
  return url;
}

/** Panel width; the archive renders thumbnails into a square, letterboxed (see object-fit). */
const PANEL_WIDTH = 200;

function AssociatedImage({ testId, alt, url, image }: { testId: string; alt: string; url: string; image: { columns: number; rows: number } }) {
  return <img className="wsi-associated" data-testid={testId} src={url} alt={alt} width={PANEL_WIDTH} height={Math.round((PANEL_WIDTH * image.rows) / image.columns)} />;
}

/** The whole slide small, with the part on screen outlined; a click centres the view there. */
function SlideNavigator({ pyramid, view, imageUrl, onCentre }: { pyramid: WsiPyramid; view: WsiViewState; imageUrl: string | undefined; onCentre: (x: number, y: number) => void }) {
  const base = pyramid.levels[0];
  if (!base || !imageUrl) return null;
  const width = PANEL_WIDTH;
  const height = (width * base.totalRows) / base.totalColumns;
  const scale = width / base.totalColumns;
  const { x0, x1, y0, y1 } = view.viewRect;
  const left = Math.max(0, x0 * scale);
  const top = Math.max(0, y0 * scale);
  const right = Math.min(width, x1 * scale);
  const bottom = Math.min(height, y1 * scale);
  return (
    <div
      className="wsi-navigator"
      data-testid="wsi-navigator"
      style={{ width, height }}
      onPointerDown={(event) => {
        event.stopPropagation();
        const bounds = event.currentTarget.getBoundingClientRect();
        onCentre((event.clientX - bounds.left) / scale, (event.clientY - bounds.top) / scale);
      }}
    >
      <img src={imageUrl} alt="Whole slide" width={width} height={height} draggable={false} />
      <div
        className="wsi-navigator-view"
        data-testid="wsi-navigator-view"
        style={{ left, top, width: Math.max(2, right - left), height: Math.max(2, bottom - top) }}
      />
    </div>
  );
}

/**
 * The slide viewer of one series, from its metadata to a settled first view. `onFirstImage` is
 * called once: when the view first settles, or when opening fails.
 */
function useWsiViewer(
  elementRef: RefObject<HTMLDivElement | null>,
  viewportId: string,
  series: { archive: ContentViewportProps['archive']; studyUid: string; seriesUid: string; instanceCount: number; attempt: number },
  onFirstImage: () => void,
) {
  const { archive, studyUid, seriesUid, instanceCount, attempt } = series;
  const [load, setLoad] = useState<SlideLoad>({ kind: 'loading' });
  const [viewer, setViewer] = useState<WsiViewer | undefined>(undefined);
  const [view, setView] = useState<WsiViewState | undefined>(undefined);
  const onFirstImageRef = useLatest(onFirstImage);
  useEffect(() => {
    const element = elementRef.current;
    if (!element || instanceCount === 0) return undefined;
    const abort = new AbortController();
    let created: WsiViewer | undefined;
    let hasReportedFirst = false;
    const reportFirstImage = () => {
      if (hasReportedFirst) return;
      hasReportedFirst = true;
      onFirstImageRef.current();
    };
    setLoad({ kind: 'loading' });
    void (async () => {
      try {
        const [module, metadata] = await Promise.all([loadRender(), archive.retrieveSeriesMetadata(studyUid, seriesUid, abort.signal)]);
        await module.initRendering();
        if (abort.signal.aborted) return;
        const opened = await module.WsiViewer.open(element, { archive, studyUid, seriesUid, metadata, viewportId });
        if (abort.signal.aborted) {
          opened.destroy();
          return;
        }
        created = opened;
        const base = opened.pyramid.levels[0];
        const baseMetadata = metadata.find((instance) => getString(instance, 'SOPInstanceUID') === base?.sopInstanceUid) ?? metadata[0] ?? {};
        setLoad({ kind: 'ready', metadata: baseMetadata });
        setViewer(opened);
        opened.subscribe((state) => {
          setView(state);
          if (state.isSettled) reportFirstImage();
        });
      } catch (error) {
        if (abort.signal.aborted) return;
        const { message, isRetryable } = seriesErrorMessage(error);
        setLoad({ kind: 'failed', message, isRetryable });
        reportFirstImage();
      }
    })();
    return () => {
      abort.abort();
      created?.destroy();
      setViewer(undefined);
      setView(undefined);
    };
  }, [archive, studyUid, seriesUid, instanceCount, viewportId, attempt, onFirstImageRef, elementRef]);
  return { load, viewer, view };
}

/** Plain arrows pan (a slide has no images to step through), +/− zoom one level, 0 fits the slide. */
function useWsiKeys(viewer: WsiViewer | undefined, isActive: boolean, elementRef: RefObject<HTMLDivElement | null>): void {
  useKeysWhileActive(viewer, isActive, (event, viewer) => {
    if (isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) return;
    const element = elementRef.current;
    const panX = (element?.clientWidth ?? 0) * KEY_PAN_FRACTION;
    const panY = (element?.clientHeight ?? 0) * KEY_PAN_FRACTION;
    // A slide has no images to step through: plain arrows pan, as Shift+arrows do elsewhere.
    const command = event.key === '0' ? 'reset' : commandForKey(event.key, event.key.startsWith('Arrow') || event.shiftKey);
    switch (command) {
      case 'zoom-in':
        viewer.zoomBy(KEY_ZOOM);
        break;
      case 'zoom-out':
        viewer.zoomBy(1 / KEY_ZOOM);
        break;
      case 'reset':
        viewer.resetView();
        break;
      case 'pan-left':
        viewer.panByScreen(panX, 0);
        break;
      case 'pan-right':
        viewer.panByScreen(-panX, 0);
        break;
      case 'pan-up':
        viewer.panByScreen(0, panY);
        break;
      case 'pan-down':
        viewer.panByScreen(0, -panY);
        break;
      default:
        return;
    }
    event.preventDefault();
  });
}

/**
 * Sharing a slide: the base pixel at the centre of the view and the resolution. Only once the
 * slide has first settled: the library fits the slide again when the map first takes its size.
 * Returns the key of the shared view last applied, for tests.
 */
function useWsiSharing(
  cellViewportId: string | undefined,
  viewer: WsiViewer | undefined,
  view: WsiViewState | undefined,
  sharedView: ContentViewportProps['sharedView'],
): number | undefined {
  const [hasSettled, setHasSettled] = useState(false);
  useEffect(() => {
    if (view?.isSettled) setHasSettled(true);
  }, [view?.isSettled]);
  useEffect(() => setHasSettled(false), [viewer]);
  return useSharedContentView(
    cellViewportId,
    hasSettled ? viewer : undefined,
    (shown) => {
      const { viewRect, resolution } = shown.state();
      return { image: 0, slide: { center: [(viewRect.x0 + viewRect.x1) / 2, (viewRect.y0 + viewRect.y1) / 2], resolution } };
    },
    (shown, cell) => {
      if (cell.slide) shown.setView({ x: cell.slide.center[0], y: cell.slide.center[1] }, cell.slide.resolution);
    },
    sharedView,
  );
}

/** The corners over a slide: patient, study and optical path; magnification, level and scale bar. */
function WsiOverlay({ facts, hasMetadata, pyramid, view }: { facts: PatientStudyFacts; hasMetadata: boolean; pyramid: WsiPyramid | undefined; view: WsiViewState | undefined }) {
  const level = view && pyramid ? pyramid.levels[view.levelIndex] : undefined;
  const opticalPath = pyramid?.opticalPaths[0];
  return (
    <div className="viewport-overlay">
      <PatientStudyCorners facts={facts} showSeries={hasMetadata}>
        {opticalPath ? (
          <div data-testid="wsi-optical-path">
            {[opticalPath.illumination, opticalPath.illuminationColour].filter(Boolean).join(', ')}
            {opticalPath.objectiveLensPower !== undefined ? ` · objective ${opticalPath.objectiveLensPower}×` : ''}
          </div>
        ) : null}
      </PatientStudyCorners>
      <div className="corner bottom-left">
        {view?.magnification !== undefined ? <div data-testid="wsi-magnification">{formatMagnification(view.magnification)}</div> : null}
        {level && pyramid ? (
          <div data-testid="wsi-level">
            Level {view ? view.levelIndex + 1 : ''}/{pyramid.levels.length} · {level.totalColumns}×{level.totalRows}
          </div>
        ) : null}
        {view?.mmPerScreenPixel !== undefined ? <ScaleBar mmPerScreenPixel={view.mmPerScreenPixel} /> : null}
      </div>
    </div>
  );
}

/**
 * A whole-slide microscopy series (VL Whole Slide Microscopy, TILED_FULL or TILED_SPARSE):
 * Cornerstone3D's WSIViewport on dicom-microscopy-viewer, which fetches only the tiles (WADO-RS
 * frames) of the pyramid level that the view needs. Around it: magnification and a scale bar
 * from the pixel spacing, a navigator with the view rectangle, the label and overview images,
 * the optical path, and the patient/study overlay from the slide's own metadata.
 */
export function WsiViewport({ archive, studyUid, seriesUid, study, instances, isActive, onActivate, onFirstImage, viewportId: cellViewportId, sharedView }: ContentViewportProps) {
  const elementRef = useRef<HTMLDivElement>(null);
  const viewportId = `wsi-${useId().replace(/[^a-zA-Z0-9-]/g, '')}`;
  const [attempt, setAttempt] = useState(0);
  const { load, viewer, view } = useWsiViewer(elementRef, viewportId, { archive, studyUid, seriesUid, instanceCount: instances.length, attempt }, onFirstImage);

  useWsiKeys(viewer, isActive, elementRef);

  const appliedSharedKey = useWsiSharing(cellViewportId, viewer, view, sharedView);

  const pyramid = viewer?.pyramid;
  const smallest = pyramid?.levels[pyramid.levels.length - 1];
  const navigatorImage = useRenderedImage(archive, studyUid, seriesUid, smallest?.sopInstanceUid);
  const labelImage = useRenderedImage(archive, studyUid, seriesUid, pyramid?.label?.sopInstanceUid);
  const overviewImage = useRenderedImage(archive, studyUid, seriesUid, pyramid?.overview?.sopInstanceUid);

  // Identity from the slide's own metadata, so the overlay names whose tissue this is.
  const metadata = load.kind === 'ready' ? load.metadata : undefined;
  const facts = patientStudyFacts(metadata, study);

  return (
    <section
      className={`stack-viewport wsi-viewport${isActive ? ' active' : ''}`}
      aria-label="Slide viewport"
      onPointerDownCapture={onActivate}
      onFocusCapture={onActivate}
    >
      <div className="viewport-body">
        <div className="viewport-frame">
          <div
            className="viewport-element wsi-element"
            data-testid="wsi-viewport"
            data-shared-view-key={appliedSharedKey}
            data-level={view?.levelIndex}
            data-level-count={pyramid?.levels.length}
            data-resolution={view?.resolution}
            data-view-rect={view ? [view.viewRect.x0, view.viewRect.y0, view.viewRect.x1, view.viewRect.y1].join(',') : undefined}
            data-settled={view?.isSettled ? 'true' : 'false'}
            data-frames-requested={view?.fetches.framesRequested}
            data-frames-loaded={view?.fetches.framesLoaded}
            data-bytes-loaded={view?.fetches.bytesLoaded}
            tabIndex={-1}
          >
            {/* Cornerstone makes the element it is given position: relative; this inner one can be. */}
            <div className="wsi-canvas" ref={elementRef} />
          </div>
          <WsiOverlay facts={facts} hasMetadata={metadata !== undefined} pyramid={pyramid} view={view} />
          {pyramid && view ? (
            <aside className="wsi-panel" aria-label="Slide images">
              <SlideNavigator pyramid={pyramid} view={view} imageUrl={navigatorImage} onCentre={(x, y) => viewer?.setView({ x, y }, view.resolution)} />
              {labelImage && pyramid.label ? <AssociatedImage testId="wsi-label" alt="Slide label" url={labelImage} image={pyramid.label} /> : null}
              {overviewImage && pyramid.overview ? <AssociatedImage testId="wsi-overview" alt="Slide overview" url={overviewImage} image={pyramid.overview} /> : null}
            </aside>
          ) : null}
          {load.kind === 'loading' ? (
            <div className="viewport-message" role="status">
              Opening slide…
            </div>
          ) : null}
          {load.kind === 'failed' ? <SeriesError message={load.message} onRetry={load.isRetryable ? () => setAttempt((n) => n + 1) : undefined} /> : null}
        </div>
      </div>
    </section>
  );
}
