import { useEffect, useMemo, useRef, useState } from 'react';
import { storedWindows, type DicomJson, type Window } from '@longview/dicom-meta';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import type { FusionColormap, FusionViewer, FusionViewState } from '@longview/render';
import type { SharedCell } from '@longview/shared-view';
import { registerViewportCapture } from '../viewport/viewportCaptures';
import { EdgeMarkers, PatientStudyCorners, patientStudyFacts } from '../viewport/PatientStudyContext';
import { SeriesError } from '../viewport/SeriesError';
import { isTyping } from '../keyboard/isTyping';
import { useReported } from '../react/useReported';
import { useDecodedImageBytes } from '../config/MemoryContext';
import { loadRender } from '../render/loadRender';
import { registerSeriesMetadata, type SeriesStack } from '../series/seriesStack';
import { useSeriesStack } from '../series/useSeriesStack';
import { DEFAULT_FUSION_OPACITY, PET_THRESHOLD_FRACTION, sliceGeometryOf, slicePositionsOf, whyNotFusable } from './petCtCell';
import { PetSuvStatus } from './PetSuvStatus';
import { usePetSeries, volumeSeriesOf } from './usePetSeries';

/** The colour maps offered, in menu order (labels from @longview/render's definitions once loaded). */
const COLORMAP_CHOICES: ReadonlyArray<{ colormap: FusionColormap; label: string }> = [
  { colormap: 'hot-iron', label: 'Hot iron' },
  { colormap: 'rainbow', label: 'Rainbow' },
  { colormap: 'inverted-gray', label: 'Inverted gray' },
];

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

type Status = { kind: 'waiting' } | { kind: 'refused'; reason: string } | { kind: 'failed'; message: string } | { kind: 'showing' };

function percent(value: number): string {
  return `${Math.round(value * 100)} %`;
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
  const ct = volumeSeriesOf(useSeriesStack(archive, studyUid, ctSeriesUid, attempt));
  const pet = usePetSeries(archive, studyUid, petSeriesUid, attempt);
  const [viewer, setViewer] = useState<FusionViewer | undefined>(undefined);
  const [view, setView] = useState<FusionViewState | undefined>(undefined);
  const [status, setStatus] = useState<Status>({ kind: 'waiting' });
  const [opacity, setOpacity] = useState(DEFAULT_FUSION_OPACITY);
  const [colormap, setColormap] = useState<FusionColormap>('hot-iron');
  const decodedImageBytes = useDecodedImageBytes();
  const ctStack = ct.kind === 'ready' ? ct.stack : undefined;
  const ctMetadata = ct.kind === 'ready' ? ct.metadataBySop : undefined;
  const petStack = pet.series.kind === 'ready' ? pet.series.stack : undefined;
  const petMetadata = pet.series.kind === 'ready' ? pet.series.metadataBySop : undefined;
  const isPetScaleKnown = pet.suv !== undefined;
  useReported(viewer, onViewer);
  useReported(ctStack, onStack);
  const lookRef = useRef({ opacity, colormap });
  lookRef.current = { opacity, colormap };

  useEffect(() => {
    if (!ctStack || !ctMetadata || !petStack || !petMetadata || !isPetScaleKnown) return undefined;
    let created: FusionViewer | undefined;
    let isCancelled = false;
    const refusal = whyNotFusable(ctStack.firstMetadata, petStack.firstMetadata);
    if (refusal) {
      setStatus({ kind: 'refused', reason: refusal });
      return undefined;
    }
    const positions = slicePositionsOf(ctStack);
    if (!positions) {
      setStatus({ kind: 'refused', reason: 'The CT slices have no positions: they cannot be fused.' });
      return undefined;
    }
    void loadRender()
      .then(async (render) => {
        // The engine is started here too: a volume made before it has started loads nothing.
        await render.initRendering({ cacheBytes: decodedImageBytes });
        for (const [name, stack, metadata] of [['CT', ctStack, ctMetadata], ['PET', petStack, petMetadata]] as const) {
          const geometry = render.volumeGeometryOf(stack.images.map((image) => sliceGeometryOf((metadata as ReadonlyMap<string, DicomJson>).get(image.sopInstanceUid))));
          if (geometry.kind === 'not-reconstructable') {
            setStatus({ kind: 'refused', reason: `The ${name} cannot be made a volume: ${geometry.reason}` });
            return;
          }
        }
        const ctLayer = ctLayerRef.current;
        const fusedLayer = fusedLayerRef.current;
        if (isCancelled || !ctLayer || !fusedLayer) return;
        // The volumes read every slice's geometry from the renderer's metadata.
        registerSeriesMetadata(render.registerInstanceMetadata, ctStack.images, ctMetadata);
        registerSeriesMetadata(render.registerInstanceMetadata, petStack.images, petMetadata);
        created = await render.FusionViewer.create(
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
        if (isCancelled) {
          created.destroy();
          return;
        }
        setViewer(created);
        setStatus({ kind: 'showing' });
      })
      .catch(() => setStatus({ kind: 'failed', message: 'The fusion could not be shown.' }));
    return () => {
      isCancelled = true;
      created?.destroy();
      setViewer(undefined);
    };
    // The range is decided with the SUV (isPetScaleKnown); later look changes go through setLook.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [ctStack, ctMetadata, petStack, petMetadata, isPetScaleKnown, ctSeriesUid, petSeriesUid, decodedImageBytes]);

  useEffect(() => viewer?.subscribe(setView), [viewer]);
  useEffect(() => viewer?.setLook({ opacity, colormap }), [viewer, opacity, colormap]);

  // What a share or the live board reads of this cell, and a shared view taken on.
  useEffect(() => {
    if (!viewer) return undefined;
    return registerViewportCapture(viewportId, () => {
      const state = viewer.state();
      return {
        image: state.imageIndex,
        ...(state.window ? { window: { center: state.window.center, width: state.window.width } } : {}),
        fusion: { petSeriesUid, opacity: state.opacity, colormap: state.colormap },
      };
    });
  }, [viewer, viewportId, petSeriesUid]);
  const [appliedSharedKey, setAppliedSharedKey] = useState<number | undefined>(undefined);
  useEffect(() => {
    if (!viewer || !sharedView) return;
    const { cell } = sharedView;
    if (cell.fusion) {
      setOpacity(cell.fusion.opacity);
      setColormap(cell.fusion.colormap);
    }
    if (cell.window) viewer.setWindow(cell.window);
    void viewer.goTo(cell.image).then(() => setAppliedSharedKey(sharedView.key));
    // The key says when a new view is asked for.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [viewer, sharedView?.key]);
  useEffect(() => {
    const element = elementRef.current;
    if (!viewer || !element) return undefined;
    const observer = new ResizeObserver(() => viewer.resize());
    observer.observe(element);
    return () => observer.disconnect();
  }, [viewer]);

  // Up/Down (and Page keys) step through the CT's slices when this cell is the active one.
  useEffect(() => {
    if (!viewer || !isActive) return undefined;
    const onKey = (event: KeyboardEvent) => {
      if (isTyping(event) || event.ctrlKey || event.metaKey || event.altKey) return;
      const step = { ArrowUp: -1, ArrowDown: 1, PageUp: -10, PageDown: 10 }[event.key];
      if (step === undefined) return;
      event.preventDefault();
      void viewer.goTo(viewer.state().imageIndex + step);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [viewer, isActive]);

  const facts = patientStudyFacts(ctStack?.firstMetadata, study);
  const petFacts = patientStudyFacts(petStack?.firstMetadata, study);
  const failure = ct.kind === 'failed' ? ct.message : pet.series.kind === 'failed' ? pet.series.message : status.kind === 'failed' ? status.message : undefined;
  const canvasMap = useMemo(() => (view ? JSON.stringify({ focal: view.focalPoint, origin: view.canvasOfFocalPoint, perMm: view.canvasPerMm }) : undefined), [view]);

  return (
    <section className={`stack-viewport fusion-viewport${isActive ? ' active' : ''}`} aria-label="PET/CT fusion viewport" onPointerDownCapture={onActivate} onFocusCapture={onActivate}>
      <div className="viewport-tools">
        <div className="viewport-toolbar" role="toolbar" aria-label="Fusion controls">
          <label>
            PET opacity{' '}
            <input
              type="range"
              min={0}
              max={100}
              step={5}
              value={Math.round(opacity * 100)}
              aria-valuetext={percent(opacity)}
              disabled={!viewer}
              onChange={(event) => setOpacity(Number(event.target.value) / 100)}
              data-testid="fusion-opacity"
            />{' '}
            <output>{percent(opacity)}</output>
          </label>
          <label>
            Colour map{' '}
            <select value={colormap} disabled={!viewer} onChange={(event) => setColormap(event.target.value as FusionColormap)} data-testid="fusion-colormap">
              {COLORMAP_CHOICES.map((choice) => (
                <option key={choice.colormap} value={choice.colormap}>
                  {choice.label}
                </option>
              ))}
            </select>
          </label>
        </div>
      </div>
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
          </div>
          {ctStack ? (
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
                {pet.range ? <div data-testid="fusion-pet-range">PET {pet.range.label}</div> : null}
              </div>
              {view?.edges ? <EdgeMarkers edges={view.edges} testIds="marker" /> : null}
            </div>
          ) : null}
          <PetSuvStatus scaling={pet.suv} />
          {status.kind === 'waiting' && !failure ? (
            <div className="viewport-message" role="status">
              {view && view.loadedImages < view.totalImages ? `Building the fusion ${view.loadedImages}/${view.totalImages}` : 'Opening the PET and CT…'}
            </div>
          ) : null}
          {status.kind === 'showing' && view && view.loadedImages < view.totalImages ? (
            <div className="viewport-message" role="status">
              Loading {view.loadedImages}/{view.totalImages}
            </div>
          ) : null}
          {status.kind === 'refused' ? (
            <div className="viewport-message error" role="alert" data-testid="fusion-refused">
              {status.reason}
            </div>
          ) : null}
          {failure ? <SeriesError message={failure} onRetry={() => setAttempt((n) => n + 1)} /> : null}
        </div>
      </div>
    </section>
  );
}

/** The CT's first stored window, else soft tissue: a fusion is read at soft-tissue contrast. */
function ctWindowOf(metadata: DicomJson): Window {
  return storedWindows(metadata)[0] ?? { center: 40, width: 400 };
}
