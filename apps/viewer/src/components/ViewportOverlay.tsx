import { getNumber, getString, type DicomJson } from '@longview/dicom-meta';
import type { StudySummary } from '@longview/dicomweb';
import type { StackViewState } from '@longview/render';
import { PatientLines, StudyLines, patientStudyFacts } from './PatientStudyContext';
import { ScaleBar } from './ScaleBar';

interface ViewportOverlayProps {
  view: StackViewState;
  study: StudySummary | undefined;
  /** Metadata of the image on screen (undefined while it is still arriving). */
  metadata: DicomJson | undefined;
  frame: number | undefined;
  numberOfFrames: number;
}

function formatNumber(value: number | undefined, digits: number): string | undefined {
  return value === undefined ? undefined : value.toFixed(digits);
}

/**
 * The four corners radiologists expect, orientation markers on the edges and a scale bar.
 * Patient identity comes from the image's own metadata when present, so the overlay always
 * names the patient the pixels belong to.
 */
export function ViewportOverlay({ view, study, metadata, frame, numberOfFrames }: ViewportOverlayProps) {
  const facts = patientStudyFacts(metadata, study);
  const sliceLocation = metadata ? getNumber(metadata, 'SliceLocation') : undefined;
  const sliceThickness = metadata ? getNumber(metadata, 'SliceThickness') : undefined;
  const laterality = metadata ? (getString(metadata, 'ImageLaterality') ?? getString(metadata, 'Laterality')) : undefined;
  const isMultiframe = metadata ? (getNumber(metadata, 'NumberOfFrames') ?? 1) > 1 : false;

  return (
    <div className="viewport-overlay" aria-hidden={false}>
      <div className="corner top-left">
        <PatientLines facts={facts} />
      </div>
      <div className="corner top-right">
        <StudyLines facts={facts} />
        {laterality ? <div data-testid="overlay-laterality">Laterality {laterality}</div> : null}
      </div>
      <div className="corner bottom-left">
        <div data-testid="overlay-image-number">
          {isMultiframe ? `Fr ${frame ?? view.imageIndex + 1}/${numberOfFrames}` : `Im ${view.imageIndex + 1}/${view.imageCount}`}
        </div>
        {sliceLocation !== undefined ? <div data-testid="overlay-slice-location">Loc {formatNumber(sliceLocation, 2)} mm</div> : null}
        {sliceThickness !== undefined ? <div data-testid="overlay-slice-thickness">Thk {formatNumber(sliceThickness, 2)} mm</div> : null}
      </div>
      <div className="corner bottom-right">
        {view.window ? (
          <div data-testid="overlay-window">
            W {Math.round(view.window.width)} L {Math.round(view.window.center)}
          </div>
        ) : null}
        {view.scale !== undefined ? <div data-testid="overlay-zoom">Zoom {view.scale.toFixed(2)}×</div> : null}
        {view.isInverted ? <div>Inverted</div> : null}
        {view.isSmooth ? null : <div data-testid="overlay-true-pixels">True pixels</div>}
        {view.rotation ? <div>Rot {view.rotation}°</div> : null}
      </div>
      {view.edges ? (
        <>
          <div className="edge edge-left" data-testid="marker-left">{view.edges.left}</div>
          <div className="edge edge-right" data-testid="marker-right">{view.edges.right}</div>
          <div className="edge edge-top" data-testid="marker-top">{view.edges.top}</div>
          <div className="edge edge-bottom" data-testid="marker-bottom">{view.edges.bottom}</div>
        </>
      ) : null}
      {view.mmPerScreenPixel !== undefined ? <ScaleBar mmPerScreenPixel={view.mmPerScreenPixel} /> : null}
    </div>
  );
}
