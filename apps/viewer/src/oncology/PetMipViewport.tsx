import { useEffect, useMemo, useRef, useState } from 'react';
import type { DicomJson } from '@longview/dicom-meta';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import type { PetMipViewer, PetMipViewState } from '@longview/render';
import { EdgeMarkers, PatientStudyCorners, patientStudyFacts } from '../viewport/PatientStudyContext';
import { SeriesError } from '../viewport/SeriesError';
import { useDecodedImageBytes } from '../config/MemoryContext';
import { loadRender } from '../render/loadRender';
import { registerSeriesMetadata } from '../series/seriesStack';
import { sliceGeometryOf } from './petCtCell';
import { PetSuvStatus } from './PetSuvStatus';
import { usePetSeries } from './usePetSeries';

interface PetMipViewportProps {
  archive: ArchiveClient;
  studyUid: string;
  petSeriesUid: string;
  study: StudySummary | undefined;
  viewportId: string;
  isActive: boolean;
  onActivate?: () => void;
}

type Status = { kind: 'waiting' } | { kind: 'refused'; reason: string } | { kind: 'failed'; message: string } | { kind: 'showing' };

/**
 * The PET as a coronal maximum intensity projection in inverted gray: the whole body at a
 * glance, every hot lesion dark on white. Its range is the fusion's (SUV 0–6 where SUV is known).
 */
export function PetMipViewport({ archive, studyUid, petSeriesUid, study, viewportId, isActive, onActivate }: PetMipViewportProps) {
  const elementRef = useRef<HTMLDivElement>(null);
  const [attempt, setAttempt] = useState(0);
  const pet = usePetSeries(archive, studyUid, petSeriesUid, attempt);
  const [viewer, setViewer] = useState<PetMipViewer | undefined>(undefined);
  const [view, setView] = useState<PetMipViewState | undefined>(undefined);
  const [status, setStatus] = useState<Status>({ kind: 'waiting' });
  const stack = pet.series.kind === 'ready' ? pet.series.stack : undefined;
  const metadataBySop = pet.series.kind === 'ready' ? pet.series.metadataBySop : undefined;
  const isPetScaleKnown = pet.suv !== undefined;
  const range = pet.range?.range;
  const decodedImageBytes = useDecodedImageBytes();

  useEffect(() => {
    if (!stack || !metadataBySop || !isPetScaleKnown) return undefined;
    let created: PetMipViewer | undefined;
    let isCancelled = false;
    void loadRender()
      .then(async (render) => {
        // The engine is started here too: a volume made before it has started loads nothing.
        await render.initRendering({ cacheBytes: decodedImageBytes });
        const geometry = render.volumeGeometryOf(stack.images.map((image) => sliceGeometryOf((metadataBySop as ReadonlyMap<string, DicomJson>).get(image.sopInstanceUid))));
        if (geometry.kind === 'not-reconstructable') {
          setStatus({ kind: 'refused', reason: `The PET cannot be made a volume: ${geometry.reason}` });
          return;
        }
        const element = elementRef.current;
        if (isCancelled || !element) return;
        // The volume reads every slice's geometry from the renderer's metadata.
        registerSeriesMetadata(render.registerInstanceMetadata, stack.images, metadataBySop);
        created = await render.PetMipViewer.create(element, { seriesUid: petSeriesUid, imageIds: stack.images.map((image) => image.imageId) }, range);
        if (isCancelled) {
          created.destroy();
          return;
        }
        setViewer(created);
        setStatus({ kind: 'showing' });
      })
      .catch(() => setStatus({ kind: 'failed', message: 'The PET projection could not be shown.' }));
    return () => {
      isCancelled = true;
      created?.destroy();
      setViewer(undefined);
    };
    // The range is decided with the SUV (isPetScaleKnown).
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [stack, metadataBySop, isPetScaleKnown, petSeriesUid, decodedImageBytes]);

  useEffect(() => viewer?.subscribe(setView), [viewer]);
  useEffect(() => {
    const element = elementRef.current;
    if (!viewer || !element) return undefined;
    const observer = new ResizeObserver(() => viewer.resize());
    observer.observe(element);
    return () => observer.disconnect();
  }, [viewer]);

  const facts = patientStudyFacts(stack?.firstMetadata, study);
  const failure = pet.series.kind === 'failed' ? pet.series.message : status.kind === 'failed' ? status.message : undefined;
  const canvasMap = useMemo(() => (view ? JSON.stringify({ focal: view.focalPoint, origin: view.canvasOfFocalPoint, perMm: view.canvasPerMm }) : undefined), [view]);

  return (
    <section className={`stack-viewport pet-mip-viewport${isActive ? ' active' : ''}`} aria-label="PET maximum intensity projection viewport" onPointerDownCapture={onActivate} onFocusCapture={onActivate}>
      <div className="viewport-body">
        <div className="viewport-frame">
          <div
            className="viewport-element"
            ref={elementRef}
            data-testid="pet-mip-viewport"
            data-viewport-id={viewportId}
            data-status={status.kind}
            data-pet-range={view?.window ? `${view.window.center - view.window.width / 2},${view.window.center + view.window.width / 2}` : undefined}
            data-canvas-map={canvasMap}
            tabIndex={0}
            role="img"
            aria-label={view ? 'PET maximum intensity projection, coronal, inverted gray' : 'PET projection loading'}
          />
          {stack ? (
            <div className="viewport-overlay mip-overlay" data-testid="viewport-overlay">
              <PatientStudyCorners facts={facts}>
                <div>MIP coronal</div>
              </PatientStudyCorners>
              <div className="corner bottom-right">{pet.range ? <div>PET {pet.range.label}</div> : null}</div>
              {view?.edges ? <EdgeMarkers edges={view.edges} testIds="marker" /> : null}
            </div>
          ) : null}
          <PetSuvStatus scaling={pet.suv} />
          {(status.kind === 'waiting' || (view && view.loadedImages < view.totalImages)) && !failure ? (
            <div className="viewport-message" role="status">
              {view ? `Loading ${view.loadedImages}/${view.totalImages}` : 'Opening the PET…'}
            </div>
          ) : null}
          {status.kind === 'refused' ? (
            <div className="viewport-message error" role="alert">
              {status.reason}
            </div>
          ) : null}
          {failure ? <SeriesError message={failure} onRetry={() => setAttempt((n) => n + 1)} /> : null}
        </div>
      </div>
    </section>
  );
}
