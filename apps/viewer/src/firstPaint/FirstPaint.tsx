import { useEffect, useRef, useState } from 'react';
import { edgeLabelsFromImageOrientation, getNumbers, getString, type DicomJson } from '@longview/dicom-meta';
import { declaredTransferSyntax, firstPartBody, firstPartContentType, type StudySummary } from '@longview/dicomweb';
import { peekEarlyFirstFrame, type FrameAnswer } from '../boot/earlyOpen';
import { reportFirstPaintSettled } from '../render/engineStart';
import { EdgeMarkers, PatientStudyCorners, patientStudyFacts } from '../viewport/PatientStudyContext';
import { fittedRect, grayscalePicture, imageShapeOf, type GrayscalePicture, type ImageShape } from './grayscalePicture';

/**
 * The series' first image on a plain 2D canvas, from what the boot script fetched, while the
 * rendering engine (WebGL, its decoders) is still loading:
 * - the archive's rendered preview, if it comes before the frame (a slow link): smoothed,
 *   marked as not for diagnosis, with no tools (the viewport has none until its engine runs);
 * - the frame itself at full fidelity: native grayscale only (grayscalePicture.ts), with the
 *   viewport's own fit and first window, nearest-neighbour sampled.
 * The stack viewport removes it once its own canvas shows the image. A frame that did not come
 * early, or cannot be drawn here, waits for the engine as before.
 */
interface FirstPaintProps {
  frameUrl: string;
  metadata: DicomJson;
  study: StudySummary | undefined;
  /**
   * The engine's own overlay is on screen (it comes with the engine's first image, a moment
   * before the stack viewport removes this picture): the context is then left to it, so the same
   * words are never drawn twice on top of each other. A preview's marker stays while it shows.
   */
  isEngineOverlayShown?: boolean;
}

type Rect = { x: number; y: number; width: number; height: number };

type Painted = { stage: 'preview'; rect: Rect } | { stage: 'full'; rect: Rect; window: { width: number; center: number } };

/** Calls `then` once the browser has produced the frame now being prepared (drawn, not just scheduled). */
function afterNextFrame(then: () => void): void {
  requestAnimationFrame(() => setTimeout(then, 0));
}

function pictureOf(answer: FrameAnswer, metadata: DicomJson): GrayscalePicture | undefined {
  // A buffer the decoders took (transferred to their worker) reads as empty: nothing to draw.
  if (answer.body.byteLength === 0) return undefined;
  const bytes = new Uint8Array(answer.body);
  const syntax = declaredTransferSyntax(firstPartContentType(bytes) ?? answer.contentType);
  return syntax ? grayscalePicture(firstPartBody(bytes), syntax, metadata) : undefined;
}

/**
 * Draws `source` fitted to the canvas at device resolution, as the viewport would place the
 * image of `shape`; returns where it went, in CSS pixels.
 */
function draw(canvas: HTMLCanvasElement, source: CanvasImageSource, shape: ImageShape, isSmoothed: boolean): Rect | undefined {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(canvas.clientWidth * ratio);
  canvas.height = Math.round(canvas.clientHeight * ratio);
  const context = canvas.getContext('2d');
  if (!context || canvas.width === 0 || canvas.height === 0) return undefined;
  const rect = fittedRect(shape, canvas.width, canvas.height);
  context.imageSmoothingEnabled = isSmoothed;
  context.drawImage(source, rect.x, rect.y, rect.width, rect.height);
  return { x: rect.x / ratio, y: rect.y / ratio, width: rect.width / ratio, height: rect.height / ratio };
}

function pictureCanvas(picture: GrayscalePicture): HTMLCanvasElement {
  const source = document.createElement('canvas');
  source.width = picture.columns;
  source.height = picture.rows;
  source.getContext('2d')?.putImageData(new ImageData(picture.rgba, picture.columns, picture.rows), 0, 0);
  return source;
}

const previewMarker = (
  <div className="preview-marker" role="status" data-testid="preview-marker">
    Preview · not for diagnosis · full image loading
  </div>
);

/**
 * What the viewport overlay shows that matters before any tool does: whose image, which study,
 * which side and which way up. The full overlay follows with the rendering engine.
 */
function FirstPaintContext({ metadata, study, painted, isEngineOverlayShown }: { metadata: DicomJson; study: StudySummary | undefined; painted: Painted; isEngineOverlayShown: boolean }) {
  const facts = patientStudyFacts(metadata, study);
  const edges = edgeLabelsFromImageOrientation(getNumbers(metadata, 'ImageOrientationPatient') ?? []);
  const laterality = getString(metadata, 'ImageLaterality') ?? getString(metadata, 'Laterality');
  if (isEngineOverlayShown) return painted.stage === 'preview' ? <div className="viewport-overlay">{previewMarker}</div> : null;
  return (
    <div className="viewport-overlay" data-testid="first-paint-overlay">
      <PatientStudyCorners facts={facts} testIds="first-paint">
        {laterality ? <div>Laterality {laterality}</div> : null}
      </PatientStudyCorners>
      <div className="corner bottom-right">
        {painted.stage === 'full' ? `W ${Math.round(painted.window.width)} L ${Math.round(painted.window.center)}` : null}
      </div>
      {painted.stage === 'preview' ? previewMarker : null}
      {edges ? <EdgeMarkers edges={edges} /> : null}
    </div>
  );
}

export function FirstPaint({ frameUrl, metadata, study, isEngineOverlayShown = false }: FirstPaintProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const [painted, setPainted] = useState<Painted | undefined>(undefined);
  useEffect(() => {
    const early = peekEarlyFirstFrame(frameUrl);
    const shape = imageShapeOf(metadata);
    if (!early || !shape) return undefined;
    let isCurrent = true;
    let isFullShown = false;
    // What is on the canvas, kept so that a change of the frame's size (the banner gaining a line,
    // a toolbar wrapping, a phone turned) redraws it fitted as the engine's viewport will be.
    let shown: { source: CanvasImageSource; isSmoothed: boolean; release?: () => void } | undefined;
    const show = (source: CanvasImageSource, isSmoothed: boolean, release?: () => void): Rect | undefined => {
      const canvas = canvasRef.current;
      const rect = canvas ? draw(canvas, source, shape, isSmoothed) : undefined;
      if (!rect) {
        release?.();
        return undefined;
      }
      shown?.release?.();
      shown = { source, isSmoothed, release };
      return rect;
    };
    const resizes = new ResizeObserver(() => {
      const canvas = canvasRef.current;
      if (!isCurrent || !shown || !canvas) return;
      const ratio = window.devicePixelRatio || 1;
      if (canvas.width === Math.round(canvas.clientWidth * ratio) && canvas.height === Math.round(canvas.clientHeight * ratio)) return;
      const rect = draw(canvas, shown.source, shape, shown.isSmoothed);
      if (rect) setPainted((previous) => (previous ? { ...previous, rect } : previous));
    });
    if (canvasRef.current) resizes.observe(canvasRef.current);
    early.answer
      .then((frame) => {
        const picture = isCurrent && canvasRef.current ? pictureOf(frame, metadata) : undefined;
        const rect = picture ? show(pictureCanvas(picture), false) : undefined;
        if (!rect || !picture) {
          if (isCurrent) reportFirstPaintSettled(); // not drawable here: the engine draws it
          return;
        }
        isFullShown = true;
        performance.mark('longview:first-paint');
        setPainted({ stage: 'full', rect, window: picture.window });
        afterNextFrame(reportFirstPaintSettled);
      })
      .catch(() => reportFirstPaintSettled()); // the stack viewport's own load reports a frame that failed
    early.preview
      .then((blob) => createImageBitmap(blob))
      .then((bitmap) => {
        // Never over the full image: the preview only stands in until the frame is here.
        if (!isCurrent || isFullShown) {
          bitmap.close();
          return;
        }
        const rect = show(bitmap, true, () => bitmap.close());
        if (!rect) return;
        performance.mark('longview:first-preview');
        setPainted({ stage: 'preview', rect });
      })
      .catch(() => undefined); // no preview (an archive without rendered images): the frame will do
    return () => {
      isCurrent = false;
      resizes.disconnect();
      shown?.release?.();
      shown = undefined;
    };
  }, [frameUrl, metadata]);

  return (
    <>
      <canvas
        ref={canvasRef}
        className="first-paint"
        data-testid="first-paint"
        data-stage={painted?.stage}
        data-image-rect={painted ? [painted.rect.x, painted.rect.y, painted.rect.width, painted.rect.height].join(',') : undefined}
        data-window={painted?.stage === 'full' ? `${Math.round(painted.window.width)}/${Math.round(painted.window.center)}` : undefined}
        aria-hidden="true"
      />
      {painted ? <FirstPaintContext metadata={metadata} study={study} painted={painted} isEngineOverlayShown={isEngineOverlayShown} /> : null}
    </>
  );
}
