import type { PDFDocumentProxy, PDFPageProxy } from 'pdfjs-dist';

/**
 * PDF.js, loaded only when a PDF is opened (it is ~1 MB). Its worker is a same-origin module
 * file emitted by vite, as worker-src 'self' requires. PDF.js 6 never evaluates generated code
 * (its isEvalSupported option, once needed under a no-eval CSP, is gone), so the strict CSP
 * holds as it is.
 * Why PDF.js and not the browser's viewer: docs/decisions/0009-documents-and-waveforms.md.
 */
async function loadPdfJs() {
  const [pdfjs, worker] = await Promise.all([import('pdfjs-dist'), import('pdfjs-dist/build/pdf.worker.min.mjs?url')]);
  pdfjs.GlobalWorkerOptions.workerSrc = worker.default;
  return pdfjs;
}

export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  const pdfjs = await loadPdfJs();
  // PDF.js transfers the buffer to its worker: give it a copy, the query cache keeps the original.
  return pdfjs.getDocument({ data: bytes.slice(), enableXfa: false, stopAtErrors: false }).promise;
}

/** CSS pixels per PDF point: PDF user space is 1/72 inch, CSS 1/96 inch. */
export const CSS_PX_PER_PT = 96 / 72;

export interface RenderedPage {
  cancel: () => void;
  done: Promise<void>;
}

/**
 * Draws `page` at `zoom` (1 = actual size) into `canvas`, sharp on high-density screens, and
 * its text into `textLayer` as transparent, selectable spans over the drawing (PDF.js's text
 * layer), so the text can be found, selected and read by assistive technology.
 */
export function renderPage(page: PDFPageProxy, zoom: number, canvas: HTMLCanvasElement, textLayer: HTMLDivElement): RenderedPage {
  const viewport = page.getViewport({ scale: zoom * CSS_PX_PER_PT });
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.floor(viewport.width * ratio);
  canvas.height = Math.floor(viewport.height * ratio);
  canvas.style.width = `${Math.floor(viewport.width)}px`;
  canvas.style.height = `${Math.floor(viewport.height)}px`;
  const drawing = page.render({ canvas, viewport, transform: ratio === 1 ? undefined : [ratio, 0, 0, ratio, 0, 0] });
  let isCancelled = false;
  let cancelText = () => undefined as void;
  const done = (async () => {
    await drawing.promise;
    if (isCancelled) return;
    const { TextLayer } = await import('pdfjs-dist');
    textLayer.replaceChildren();
    textLayer.style.setProperty('--total-scale-factor', String(viewport.scale));
    const text = new TextLayer({ textContentSource: page.streamTextContent(), container: textLayer, viewport });
    cancelText = () => text.cancel();
    await text.render();
  })();
  return {
    done,
    cancel: () => {
      isCancelled = true;
      drawing.cancel();
      cancelText();
    },
  };
}
