import { useEffect, useMemo, useRef, useState } from 'react';
import { storedWindows, type DicomJson, type Window } from '@longview/dicom-meta';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import type { FusionViewer, FusionViewState } from '@longview/render';
import type { FusionColormap } from '@longview/render/plain';
import type { SharedCell } from '@longview/shared-view';
import { EdgeMarkers, PatientStudyCorners, patientStudyFacts } from '../viewport/PatientStudyContext';
import { SeriesError } from '../viewport/SeriesError';
import { useReported } from '../react/useReported';
import type { SeriesStack } from '../series/seriesStack';
import { FusionControls, percent } from './FusionControls';
import { FusionLabelmap } from './FusionLabelmap';
import { DEFAULT_FUSION_OPACITY, PET_THRESHOLD_FRACTION, slicePositionsOf } from './petCtCell';
import { PetSuvStatus } from './PetSuvStatus';
import { useFusionSharing, useSliceKeys } from './useFusionSharing';
import { useFusionSeries } from './useFusionSeries';
import { useVolumeViewer, type VolumeCellStatus } from './useVolumeViewer';

interface FusionViewportProps {
  archive: ArchiveClient;
  studyUid: string;
  ctSeriesUid: string;
  petSeriesUid: string;
  study: StudySummary | undefined;
  viewportId: string;
  isActive: boolean;
  onActivate?: () => void;
  /** The viewer once it shows (undefined when it goes): the grid scrolls it with the CT and PET. */
  onViewer?: (viewer: FusionViewer | undefined) => void;
  /** The CT's stack: the grid matches slices by its positions. */
  onStack?: (stack: SeriesStack | undefined) => void;
  /** A shared view to take on (a link, the live presenter): slice, CT window, PET opacity and colour map. */
  sharedView?: { cell: SharedCell; key: number } | undefined;
}

/**
 * A PET/CT fusion cell: the CT in gray with the PET over it in a colour map, opacity and colour
 * map at hand, scrolling through the CT's slices with the CT and PET stacks beside it. Refuses
 * (and says why) when the PET is not in the CT's frame of reference: a fusion of two unrelated
 * acquisitions would put uptake where it is not.
 */
export function FusionViewport({ archive, studyUid, ctSeriesUid, petSeriesUid, study, viewportId, isActive, onActivate, onViewer, onStack, sharedView }: FusionViewportProps) {
  const elementRef = useRef<HTMLDivElement>(null);
  const ctLayerRef = useRef<HTMLDivElement>(null);
  const fusedLayerRef = useRef<HTMLDivElement>(null);
  const [attempt, setAttempt] = useState(0);
  const { ctStack, petStack, pet, series, refusal, openingFailure } = useFusionSeries(archive, studyUid, ctSeriesUid, petSeriesUid, attempt);
  const [opacity, setOpacity] = useState(DEFAULT_FUSION_OPACITY);
  const [colormap, setColormap] = useState<FusionColormap>('hot-iron');
  const lookRef = useRef({ opacity, colormap });
  lookRef.current = { opacity, colormap };

  const { viewer, view, status } = useVolumeViewer<FusionViewState, FusionViewer>(elementRef, {
    series,
    refusal,
    failureMessage: 'The fusion could not be shown.',
    dependencies: [ctSeriesUid, petSeriesUid],
    create: async (render) => {
      const ctLayer = ctLayerRef.current;
      const fusedLayer = fusedLayerRef.current;
      const positions = ctStack ? slicePositionsOf(ctStack) : undefined;
      if (!ctStack || !petStack || !positions || !ctLayer || !fusedLayer) return undefined;
      return render.FusionViewer.create(
        { ct: ctLayer, fused: fusedLayer },
        {
          ct: { seriesUid: ctSeriesUid, imageIds: ctStack.images.map((image) => image.imageId), window: ctWindowOf(ctStack.firstMetadata) },
          pet: { seriesUid: petSeriesUid, imageIds: petStack.images.map((image) => image.imageId) },
          ctSlicePositions: positions.positions,
          sliceNormal: positions.normal,
        },
        { ...lookRef.current, petRange: pet.range?.range, petThresholdFraction: PET_THRESHOLD_FRACTION },
        Math.floor(ctStack.images.length / 2),
      );
    },
  });
  useReported(viewer, onViewer);
  useReported(ctStack, onStack);
  useEffect(() => viewer?.setLook({ opacity, colormap }), [viewer, opacity, colormap]);
  const appliedSharedKey = useFusionSharing(viewer, { viewportId, petSeriesUid, sharedView, setOpacity, setColormap });
  useSliceKeys(viewer, isActive);

  const failure = openingFailure ?? (status.kind === 'failed' ? status.message : undefined);
  const canvasMap = useMemo(() => (view ? JSON.stringify({ focal: view.focalPoint, origin: view.canvasOfFocalPoint, perMm: view.canvasPerMm }) : undefined), [view]);

  return (
    <section className={`stack-viewport fusion-viewport${isActive ? ' active' : ''}`} aria-label="PET/CT fusion viewport" onPointerDownCapture={onActivate} onFocusCapture={onActivate}>
      <FusionControls opacity={opacity} colormap={colormap} isEnabled={viewer !== undefined} onOpacity={setOpacity} onColormap={setColormap} />
      <div className="viewport-body">
        <div className="viewport-frame">
          <div
            className="viewport-element"
            ref={elementRef}
            data-testid="fusion-viewport"
            data-viewport-id={viewportId}
            data-status={status.kind}
            data-loaded={view ? view.loadedImages >= view.totalImages : undefined}
            data-image-index={view?.imageIndex}
            data-shared-view-key={appliedSharedKey}
            data-opacity={view?.opacity}
            data-colormap={view?.colormap}
            data-pet-range={view?.petRange ? `${view.petRange.lower},${view.petRange.upper}` : undefined}
            data-pet-threshold={view?.petThreshold}
            data-window={view?.window ? `${Math.round(view.window.width)}/${Math.round(view.window.center)}` : undefined}
            data-canvas-map={canvasMap}
            tabIndex={0}
            role="img"
            aria-label={view ? `PET/CT fusion, CT slice ${view.imageIndex + 1} of ${view.imageCount}, PET opacity ${percent(view.opacity)}` : 'PET/CT fusion loading'}
          >
            {/* The CT alone, and over it the CT with the PET at the fusion's opacity (render/fusion.ts). */}
            <div className="fusion-layer" ref={ctLayerRef} data-testid="fusion-ct-layer" />
            <div className="fusion-layer" ref={fusedLayerRef} data-testid="fusion-pet-layer" />
            <FusionLabelmap archive={archive} studyUid={studyUid} ctSeriesUid={ctSeriesUid} ctStack={ctStack} view={view} />
          </div>
          {ctStack ? <FusionOverlay ctMetadata={ctStack.firstMetadata} petMetadata={petStack?.firstMetadata} study={study} view={view} petRangeLabel={pet.range?.label} /> : null}
          <PetSuvStatus scaling={pet.suv} />
          <FusionProgress status={status} view={view} isFailed={failure !== undefined} />
          {failure ? <SeriesError message={failure} onRetry={() => setAttempt((n) => n + 1)} /> : null}
        </div>
      </div>
    </section>
  );
}

/** The fusion's corners: patient and study, both series, slice, CT window, the PET's range; the edge markers. */
function FusionOverlay({
  ctMetadata,
  petMetadata,
  study,
  view,
  petRangeLabel,
}: {
  ctMetadata: DicomJson;
  petMetadata: DicomJson | undefined;
  study: StudySummary | undefined;
  view: FusionViewState | undefined;
  petRangeLabel: string | undefined;
}) {
  const facts = patientStudyFacts(ctMetadata, study);
  const petFacts = patientStudyFacts(petMetadata, study);
  return (
    <div className="viewport-overlay" data-testid="viewport-overlay">
      <PatientStudyCorners facts={facts} showSeries={false}>
        <div data-testid="fusion-series">
          CT Se {facts.seriesNumber ?? '?'} + PT Se {petFacts.seriesNumber ?? '?'}
        </div>
      </PatientStudyCorners>
      <div className="corner bottom-left">{view ? <div data-testid="overlay-image-number">Im {view.imageIndex + 1}/{view.imageCount}</div> : null}</div>
      <div className="corner bottom-right">
        {view?.window ? (
          <div>
            CT W {Math.round(view.window.width)} L {Math.round(view.window.center)}
          </div>
        ) : null}
        {petRangeLabel ? <div data-testid="fusion-pet-range">PET {petRangeLabel}</div> : null}
      </div>
      {view?.edges ? <EdgeMarkers edges={view.edges} testIds="marker" /> : null}
    </div>
  );
}

/** Where the fusion is: opening, building or loading (with counts), or refused and why. */
function FusionProgress({ status, view, isFailed }: { status: VolumeCellStatus; view: FusionViewState | undefined; isFailed: boolean }) {
  const isLoading = view !== undefined && view.loadedImages < view.totalImages;
  if (status.kind === 'waiting' && !isFailed) {
    return (
      <div className="viewport-message" role="status">
        {isLoading ? `Building the fusion ${view.loadedImages}/${view.totalImages}` : 'Opening the PET and CT…'}
      </div>
    );
  }
  if (status.kind === 'showing' && isLoading) {
    return (
      <div className="viewport-message" role="status">
        Loading {view.loadedImages}/{view.totalImages}
      </div>
    );
  }
  if (status.kind === 'refused') {
    return (
      <div className="viewport-message error" role="alert" data-testid="fusion-refused">
        {status.reason}
      </div>
    );
  }
  return null;
}

/** The CT's first stored window, else soft tissue: a fusion is read at soft-tissue contrast. */
function ctWindowOf(metadata: DicomJson): Window {
  return storedWindows(metadata)[0] ?? { center: 40, width: 400 };
}
