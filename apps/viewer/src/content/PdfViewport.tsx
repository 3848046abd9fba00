import { useEffect, useRef, useState, type RefObject } from 'react';
import { useQuery } from '@tanstack/react-query';
import type { ContentViewportProps } from './contentProps';
import { DocumentChooser } from './DocumentChooser';
import { DocumentContextBar } from './DocumentContextBar';
import { openPdf, renderPage } from './pdfDocument';
import { useBulkData, useFirstShown, useInstanceMetadata, useViewportCommands } from './useDocumentData';
import './documents.css';

/** Encapsulated Document (0042,0011): the PDF's bytes. */
const ENCAPSULATED_DOCUMENT = '00420011';
const MIME_TYPE = '00420012';
const ZOOM_STEP = 1.25;
const MIN_ZOOM = 0.25;
const MAX_ZOOM = 4;

type PageState = { kind: 'loading' } | { kind: 'shown' } | { kind: 'failed'; message: string };

/** The page drawn on the canvas, its text laid over it for selection; a new page or zoom draws again. */
function usePdfPage(
  pdfDocument: Awaited<ReturnType<typeof openPdf>> | undefined,
  pageNumber: number,
  zoom: number,
  canvasRef: RefObject<HTMLCanvasElement | null>,
  textLayerRef: RefObject<HTMLDivElement | null>,
): PageState {
  const [page, setPage] = useState<PageState>({ kind: 'loading' });
  useEffect(() => {
    const document = pdfDocument;
    const canvas = canvasRef.current;
    const textLayer = textLayerRef.current;
    if (!document || !canvas || !textLayer) return undefined;
    let cancel = () => undefined as void;
    let isCurrent = true;
    setPage({ kind: 'loading' });
    document
      .getPage(Math.min(pageNumber, document.numPages))
      .then((pdfPage) => {
        if (!isCurrent) return undefined;
        const rendered = renderPage(pdfPage, zoom, canvas, textLayer);
        cancel = rendered.cancel;
        return rendered.done.then(() => isCurrent && setPage({ kind: 'shown' }));
      })
      .catch((error: unknown) => {
        if (isCurrent && (error as { name?: string }).name !== 'RenderingCancelledException') {
          setPage({ kind: 'failed', message: 'This page of the PDF could not be drawn.' });
        }
      });
    return () => {
      isCurrent = false;
      cancel();
    };
  }, [pdfDocument, pageNumber, zoom, canvasRef, textLayerRef]);
  return page;
}

/** The viewer's keys for a document: the image keys step pages, zoom keys zoom, reset fits the page. */
function usePdfKeys(isActive: boolean, pages: { pageNumber: number; pageCount: number; goToPage: (page: number) => void; zoomBy: (factor: number) => void; resetZoom: () => void }): void {
  const { pageNumber, pageCount, goToPage, zoomBy, resetZoom } = pages;
  useViewportCommands(isActive, (command) => {
    switch (command) {
      case 'previous-image':
      case 'back-10':
        goToPage(pageNumber - 1);
        return true;
      case 'next-image':
      case 'forward-10':
        goToPage(pageNumber + 1);
        return true;
      case 'first-image':
        goToPage(1);
        return true;
      case 'last-image':
        goToPage(pageCount);
        return true;
      case 'zoom-in':
        zoomBy(ZOOM_STEP);
        return true;
      case 'zoom-out':
        zoomBy(1 / ZOOM_STEP);
        return true;
      case 'reset':
      case 'default-window':
        resetZoom();
        return true;
      default:
        return false;
    }
  });
}

/**
 * An encapsulated PDF (a scanned or outside report) shown inline: the page drawn by PDF.js
 * with its text selectable above it, page by page, at actual size or zoomed. A series with
 * several documents lists them; the first is open.
 */
export function PdfViewport({ archive, studyUid, seriesUid, study, instances, isActive, onActivate, onFirstImage }: ContentViewportProps) {
  const [documentIndex, setDocumentIndex] = useState(0);
  const sop = instances[documentIndex]?.sopInstanceUid;
  const metadata = useInstanceMetadata(archive, studyUid, seriesUid, sop);
  const bytes = useBulkData(archive, sop, ENCAPSULATED_DOCUMENT, metadata.data?.[ENCAPSULATED_DOCUMENT]);
  const pdf = useQuery({
    queryKey: ['pdf-document', archive.id, sop],
    queryFn: () => openPdf(bytes.data as Uint8Array),
    enabled: bytes.data !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    gcTime: 0,
    retry: false,
  });
  const [pageNumber, setPageNumber] = useState(1);
  const [zoom, setZoom] = useState(1);
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const textLayerRef = useRef<HTMLDivElement>(null);
  const page = usePdfPage(pdf.data, pageNumber, zoom, canvasRef, textLayerRef);
  const pageCount = pdf.data?.numPages ?? 0;


  const failure = metadata.isError || bytes.isError ? 'The document could not be read from the archive.' : pdf.isError ? 'The file is not a PDF this viewer can open.' : page.kind === 'failed' ? page.message : undefined;
  const mimeType = String(metadata.data?.[MIME_TYPE]?.Value?.[0] ?? '');
  useFirstShown(page.kind === 'shown' || failure !== undefined, onFirstImage);

  const goToPage = (next: number) => setPageNumber(Math.max(1, Math.min(pageCount || 1, next)));
  const zoomBy = (factor: number) => setZoom((current) => Math.max(MIN_ZOOM, Math.min(MAX_ZOOM, current * factor)));
  usePdfKeys(isActive, { pageNumber, pageCount, goToPage, zoomBy, resetZoom: () => setZoom(1) });

  return (
    <section className="stack-viewport content-viewport document-viewport" aria-label="PDF document" data-testid="pdf-viewport" onPointerDownCapture={onActivate} onFocusCapture={onActivate}>
      <DocumentContextBar study={study} metadata={metadata.data}>
        <DocumentChooser
          instances={instances}
          index={documentIndex}
          onChoose={(index) => {
            setDocumentIndex(index);
            setPageNumber(1);
          }}
        />
        <button type="button" onClick={() => goToPage(pageNumber - 1)} disabled={pageNumber <= 1} aria-label="Previous page">
          ‹
        </button>
        <span data-testid="pdf-page">{pageCount ? `Page ${Math.min(pageNumber, pageCount)} of ${pageCount}` : 'Page –'}</span>
        <button type="button" onClick={() => goToPage(pageNumber + 1)} disabled={pageNumber >= pageCount} aria-label="Next page">
          ›
        </button>
        <button type="button" onClick={() => zoomBy(1 / ZOOM_STEP)} aria-label="Zoom out">
          −
        </button>
        <span data-testid="pdf-zoom">{Math.round(zoom * 100)} %</span>
        <button type="button" onClick={() => zoomBy(ZOOM_STEP)} aria-label="Zoom in">
          +
        </button>
      </DocumentContextBar>
      <div className="document-scroll" tabIndex={0} role="region" aria-label="Document pages">
        {failure ? (
          <div className="viewport-message error" role="alert" data-testid="pdf-error">
            {failure}
            {mimeType && mimeType !== 'application/pdf' ? ` (${mimeType})` : ''}
          </div>
        ) : page.kind === 'loading' ? (
          <div className="viewport-message" role="status">
            Opening document…
          </div>
        ) : null}
        <div className="pdf-page" data-testid="pdf-page-view" hidden={failure !== undefined}>
          <canvas ref={canvasRef} data-testid="pdf-canvas" />
          <div ref={textLayerRef} className="textLayer" data-testid="pdf-text-layer" />
        </div>
      </div>
    </section>
  );
}
