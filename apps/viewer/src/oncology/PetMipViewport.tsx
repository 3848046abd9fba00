import { useMemo, useRef, useState } from 'react';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import type { PetMipViewer, PetMipViewState } from '@longview/render';
import { EdgeMarkers, PatientStudyCorners, patientStudyFacts } from '../viewport/PatientStudyContext';
import { SeriesError } from '../viewport/SeriesError';
import { PetSuvStatus } from './PetSuvStatus';
import { usePetSeries } from './usePetSeries';
import { useVolumeViewer } from './useVolumeViewer';

interface PetMipViewportProps {
  archive: ArchiveClient;
  studyUid: string;
  petSeriesUid: string;
  study: StudySummary | undefined;
  viewportId: string;
  isActive: boolean;
  onActivate?: () => void;
}

/**
 * The PET as a coronal maximum intensity projection in inverted gray: the whole body at a
 * glance, every hot lesion dark on white. Its range is the fusion's (SUV 0–6 where SUV is known).
 */
export function PetMipViewport({ archive, studyUid, petSeriesUid, study, viewportId, isActive, onActivate }: PetMipViewportProps) {
  const elementRef = useRef<HTMLDivElement>(null);
  const [attempt, setAttempt] = useState(0);
  const pet = usePetSeries(archive, studyUid, petSeriesUid, attempt);
  const stack = pet.series.kind === 'ready' ? pet.series.stack : undefined;
  const metadataBySop = pet.series.kind === 'ready' ? pet.series.metadataBySop : undefined;
  // The range is decided with the SUV (or why not): the projection waits for it.
  const isPetScaleKnown = pet.suv !== undefined;
  const range = pet.range?.range;
  const series = useMemo(
    () => (stack && metadataBySop && isPetScaleKnown ? [{ name: 'PET', stack, metadataBySop }] : undefined),
    [stack, metadataBySop, isPetScaleKnown],
  );
  const { view, status } = useVolumeViewer<PetMipViewState, PetMipViewer>(elementRef, {
    series,
    failureMessage: 'The PET projection could not be shown.',
    dependencies: [petSeriesUid],
    create: async (render) => {
      const element = elementRef.current;
      if (!stack || !element) return undefined;
      return render.PetMipViewer.create(element, { seriesUid: petSeriesUid, imageIds: stack.images.map((image) => image.imageId) }, range);
    },
  });

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
