import { useEffect, useState } from 'react';
import { formatPersonName, getNumber, getString, type DicomJson } from '@longview/dicom-meta';
import type { StudySummary } from '@longview/dicomweb';
import type { StackViewState } from '@longview/render';
import { EdgeMarkers, PatientStudyCorners, patientStudyFacts } from '../../viewport/PatientStudyContext';
import { ScaleBar } from '../../viewport/ScaleBar';
import { imageNumberText } from './imageNumber';
import { viewportDescription } from './viewportDescription';

interface ViewportOverlayProps {
  view: StackViewState;
  study: StudySummary | undefined;
  /** Metadata of the image on screen (undefined while it is still arriving). */
  metadata: DicomJson | undefined;
  frame: number | undefined;
  /** Images in the stack the viewport shows (frames of a multi-frame instance count one each). */
  numberOfFrames: number;
  /**
   * A small cell (a 2×2 or denser grid): only the essentials, one short line per corner
   * (patient, series, image n/N, W/L), so the text stays in the corners, off the image centre.
   */
  isCompact?: boolean;
}

/**
 * The viewport's text alternative from what the overlay shows: series, position, window. The
 * position counts as the overlay's "Im n/N" / "Fr n/N" does.
 */
export function describeStackView(view: StackViewState, metadata: DicomJson | undefined, frame: number | undefined, numberOfFrames: number): string {
  const isMultiframe = metadata ? (getNumber(metadata, 'NumberOfFrames') ?? 1) > 1 : false;
  return viewportDescription({
    modality: metadata ? getString(metadata, 'Modality') : undefined,
    seriesDescription: metadata ? getString(metadata, 'SeriesDescription') : undefined,
    imageIndex: isMultiframe ? (frame ?? view.imageIndex + 1) - 1 : view.imageIndex,
    imageCount: isMultiframe || view.imageCount === 0 ? numberOfFrames : view.imageCount,
    isMultiframe,
    window: view.window,
    isInverted: view.isInverted,
    unavailableReason: view.unavailableReason,
  });
}

/**
 * Screen readers hear the viewport once it settles: scrolling through 200 slices, dragging the
 * window or playing cine is one sentence when the reader stops, not one per frame.
 */
const ANNOUNCE_WHEN_STILL_MS = 700;

function useTextWhenStill(text: string): string {
  const [stillText, setStillText] = useState(text);
  useEffect(() => {
    const timer = window.setTimeout(() => setStillText(text), ANNOUNCE_WHEN_STILL_MS);
    return () => window.clearTimeout(timer);
  }, [text]);
  return stillText;
}

/** A polite live region, visually hidden: what the viewport shows now, said once it is still. */
function ViewportAnnouncement({ text }: { text: string }) {
  const stillText = useTextWhenStill(text);
  return (
    <div className="visually-hidden" role="status" aria-live="polite" aria-atomic="true" data-testid="viewport-announcement">
      {stillText}
    </div>
  );
}

function formatNumber(value: number | undefined, digits: number): string | undefined {
  return value === undefined ? undefined : value.toFixed(digits);
}

/**
 * The four corners radiologists expect, orientation markers on the edges and a scale bar.
 * Patient identity comes from the image's own metadata when present, so the overlay always
 * names the patient the pixels belong to.
 */
export function ViewportOverlay({ view, study, metadata, frame, numberOfFrames, isCompact = false }: ViewportOverlayProps) {
  const facts = patientStudyFacts(metadata, study);
  const sliceLocation = metadata ? getNumber(metadata, 'SliceLocation') : undefined;
  const sliceThickness = metadata ? getNumber(metadata, 'SliceThickness') : undefined;
  const laterality = metadata ? (getString(metadata, 'ImageLaterality') ?? getString(metadata, 'Laterality')) : undefined;
  const isMultiframe = metadata ? (getNumber(metadata, 'NumberOfFrames') ?? 1) > 1 : false;

  const isImageWaiting = view.shownIndex !== undefined && view.shownIndex !== view.imageIndex && view.unavailableReason === undefined;
  const imageNumber = (
    // In italics while the image it numbers is still loading and the one before is on screen.
    <div data-testid="overlay-image-number" className={isImageWaiting ? 'image-number-waiting' : undefined} title={isImageWaiting ? 'Loading this image' : undefined}>
      {imageNumberText({ imageIndex: view.imageIndex, frame, viewerImageCount: view.imageCount, stackSize: numberOfFrames, isMultiframe })}
    </div>
  );
  const windowLine = view.window ? (
    <div data-testid="overlay-window">
      W {Math.round(view.window.width)} L {Math.round(view.window.center)}
    </div>
  ) : null;
  const markers = view.edges ? <EdgeMarkers edges={view.edges} testIds="marker" /> : null;
  const announcement = <ViewportAnnouncement text={describeStackView(view, metadata, frame, numberOfFrames)} />;

  if (isCompact) {
    // Laterality stays: in a mammography 4-up it is what tells the cells apart.
    return (
      <div className="viewport-overlay compact" aria-hidden={false} data-testid="viewport-overlay" data-compact="true">
        <div className="corner top-left">
          <div className="overlay-line">
            <span data-testid="overlay-patient-name">{formatPersonName(facts.patientName)}</span> <span data-testid="overlay-patient-id">{facts.patientId}</span>
          </div>
        </div>
        <div className="corner top-right">
          <div className="overlay-line" data-testid="overlay-series">
            {facts.seriesNumber !== undefined ? `Se ${facts.seriesNumber}` : ''} {facts.seriesDescription}
          </div>
          {laterality ? <div data-testid="overlay-laterality">Laterality {laterality}</div> : null}
        </div>
        <div className="corner bottom-left">{imageNumber}</div>
        <div className="corner bottom-right">{windowLine}</div>
        {markers}
        {announcement}
      </div>
    );
  }

  return (
    <div className="viewport-overlay" aria-hidden={false} data-testid="viewport-overlay" data-compact="false">
      <PatientStudyCorners facts={facts}>{laterality ? <div data-testid="overlay-laterality">Laterality {laterality}</div> : null}</PatientStudyCorners>
      <div className="corner bottom-left">
        {imageNumber}
        {sliceLocation !== undefined ? <div data-testid="overlay-slice-location">Loc {formatNumber(sliceLocation, 2)} mm</div> : null}
        {sliceThickness !== undefined ? <div data-testid="overlay-slice-thickness">Thk {formatNumber(sliceThickness, 2)} mm</div> : null}
      </div>
      <div className="corner bottom-right">
        {windowLine}
        {view.scale !== undefined ? <div data-testid="overlay-zoom">Zoom {view.scale.toFixed(2)}×</div> : null}
        {view.isInverted ? <div>Inverted</div> : null}
        {view.isSmooth ? null : <div data-testid="overlay-true-pixels">True pixels</div>}
        {view.rotation ? <div>Rot {view.rotation}°</div> : null}
      </div>
      {markers}
      {announcement}
      {view.mmPerScreenPixel !== undefined ? <ScaleBar mmPerScreenPixel={view.mmPerScreenPixel} /> : null}
    </div>
  );
}
