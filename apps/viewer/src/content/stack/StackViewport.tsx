import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { getString, storedWindows } from '@longview/dicom-meta';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import type { StackViewer } from '@longview/render';
import type { SharedCell } from '@longview/shared-view';
import { useSeriesRetrievedAudit } from '../../audit/useViewAudit';
import { KeyImageBadge, useKeyImageToggle } from '../../results/KeyImageBadge';
import { FirstPaint } from '../../firstPaint/FirstPaint';
import { useReported } from '../../react/useReported';
import { useStackResults } from '../../results/useStackResults';
import type { SeriesStack } from '../../series/seriesStack';
import { useMeasurementToolStore } from '../../state/measurementToolStore';
import { MeasurementToolbar } from './MeasurementToolbar';
import { MprPanelView, useMprPanel } from './MprPanel';
import { PetSuvStatus } from '../../oncology/PetSuvStatus';
import { usePetSuv } from '../../oncology/usePetSuv';
import { useSegmentationOverlay } from '../../oncology/useSegmentationOverlay';
import { StructureSetContours } from '../../oncology/StructureSetContours';
import { StackNavigation } from './StackNavigation';
import { StackNotices } from './StackNotices';
import { useCine } from './useCine';
import { useIsSmall, useStackEngine } from './useStackEngine';
import { useStackLoad } from './useStackLoading';
import { useStackSharing } from './useStackSharing';
import { imageOfView, useViewportStack } from './useViewportStack';
import { viewportDataAttributes } from './viewportDataAttributes';
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
 * One series in one viewport: the engine's viewer (stack/useStackEngine.ts), the series opened
 * (stack/useViewportStack.ts) and streamed onto it (stack/useStackLoading.ts), its cine
 * (stack/useCine.ts), the view shared and taken on (stack/useStackSharing.ts), and the
 * toolbars, overlay and notices around it.
 */
export function StackViewport(props: StackViewportProps) {
  const { archive, studyUid, seriesUid, study, sharedView, viewportId = 'stack-main', isActive = true, isInDenseGrid = false } = props;
  const elementRef = useRef<HTMLDivElement>(null);
  const [renderError, setRenderError] = useState<string | undefined>(undefined);
  const mpr = useMprPanel();

  const { viewer, view } = useStackEngine(elementRef, viewportId, setRenderError);
  const isSmall = useIsSmall(elementRef);
  const { series, stack, metadataBySop, retry } = useViewportStack(archive, studyUid, seriesUid, props.sopInstanceUid);
  useReported(viewer, props.onViewer);
  useReported(stack, props.onStack);
  const load = useStackLoad(viewer, stack, metadataBySop, { onFirstImage: props.onFirstImage, onError: setRenderError });
  const { isStackShown } = load;
  useSeriesRetrievedAudit(archive, studyUid, seriesUid, study, series.kind === 'failed' ? { kind: 'failed' } : load.loadResult);

  const suvScaling = usePetSuv(stack, metadataBySop);
  const segmentationCount = useSegmentationOverlay({ archive, studyUid, seriesUid, stack, viewportId, isReady: isStackShown && metadataBySop !== undefined, viewer });
  const current = imageOfView(stack, metadataBySop, view);
  const modality = stack ? getString(stack.firstMetadata, 'Modality') : undefined;
  // The windows the modality stored in the image; the first is the default ("0").
  const imageWindows = useMemo(() => (stack ? storedWindows(stack.firstMetadata) : []), [stack]);
  const cine = useCine(viewer, stack?.firstMetadata);
  useViewerShortcuts(viewer, { modality, defaultWindow: imageWindows[0], toggleCine: cine.toggle, isActive });
  const appliedSharedKey = useStackSharing(viewer, stack, metadataBySop, { isStackShown, viewportId, sharedView, cine, mprViewer: mpr.viewer }, { onMpr: mpr.setIsOpen, onError: setRenderError });

  // Measurements: the left-button tool is one choice for every viewport (state/measurementToolStore).
  const mouseTool = useMeasurementToolStore((state) => state.mouseTool);
  useEffect(() => viewer?.setMouseTool(mouseTool), [viewer, mouseTool]);
  useMeasurementShortcuts(viewer, { isActive, onToggleMpr: mpr.toggle });

  const { keyImage, isOwnStudy } = useStackResults({ archive, studyUid, seriesUid, stack, viewportId, isStackShown, image: view ? current.image : undefined, metadata: current.metadata });
  const keyImageToggle = useKeyImageToggle({ archive, studyUid, image: keyImage, isActive, canToggle: isOwnStudy });

  return (
    <section className={`stack-viewport${isActive ? ' active' : ''}`} aria-label="Image viewport" onPointerDownCapture={props.onActivate} onFocusCapture={props.onActivate}>
      {/* No tools before the image is on the viewport's own canvas (a first paint has none).
          One box for both toolbars: the phone layout shows it as the Tools sheet (styles/phone.css). */}
      <div className="viewport-tools">
        <ViewportToolbar viewer={isStackShown ? viewer : undefined} currentWindow={view?.window} modality={modality} imageWindows={imageWindows} cine={cine} />
        <MeasurementToolbar viewer={isStackShown ? viewer : undefined} onToggleMpr={mpr.toggle} isMprAvailable={Boolean(metadataBySop)} keyImage={keyImageToggle} />
      </div>
      <div className="viewport-body">
        <div className="viewport-frame">
          <div
            className="viewport-element"
            ref={elementRef}
            data-testid="viewport"
            {...viewportDataAttributes(view, appliedSharedKey)}
            data-segmentations={segmentationCount || undefined}
            // In the Tab order, named by its text alternative: a keyboard reader lands on the image
            // (its cell becomes the active one) and reads it with the arrow keys; the overlay
            // announces what changes.
            tabIndex={0}
            role="img"
            aria-label={view && stack ? describeStackView(view, current.metadata, current.image?.frame, stack.images.length) : 'Image loading'}
          />
          {stack && !isStackShown && stack.images[0] ? (
            <FirstPaint
              frameUrl={archive.frameUrl(studyUid, seriesUid, stack.images[0].sopInstanceUid, stack.images[0].frame)}
              metadata={stack.firstMetadata}
              study={study}
              isEngineOverlayShown={view !== undefined}
            />
          ) : null}
          {view && stack ? (
            <ViewportOverlay view={view} study={study} metadata={current.metadata} frame={current.image?.frame} numberOfFrames={stack.images.length} isCompact={isInDenseGrid || isSmall} />
          ) : null}
          <KeyImageBadge isKey={keyImageToggle.isKey} />
          <PetSuvStatus scaling={suvScaling} />
          <StackNotices series={series} view={view} renderError={renderError} onRetry={retry} />
          {props.frameOverlay}
          <StructureSetContours archive={archive} studyUid={studyUid} seriesUid={seriesUid} stack={isStackShown ? stack : undefined} viewer={viewer} />
          <MprPanelView panel={mpr} stack={stack} metadataBySop={metadataBySop} initialWindow={view?.window} sharedView={sharedView} />
          <StackNavigation viewer={viewer} view={view} load={load} />
        </div>
      </div>
    </section>
  );
}
