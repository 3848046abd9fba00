import { useMemo, useState, type CSSProperties } from 'react';
import { Link } from 'react-router-dom';
import { formatDicomDate, formatDicomTime, formatPersonName } from '@longview/dicom-meta';
import { isMeasurementReport, readMeasurementReport } from '@longview/measurement-report';
import { evidenceLocations, readKeyImageSelection, readSrDocument, reportRows, type ImageReference, type ReportRow } from '@longview/structured-report';
import { deviceObserverText } from '../results/reportOrigin';
import type { ContentViewportProps } from './contentProps';
import { DocumentChooser } from './DocumentChooser';
import { DocumentContextBar } from './DocumentContextBar';
import { useFirstShown, useInstanceMetadata } from './useDocumentData';
import './documents.css';

/** Relationships a reader needs to see spelled out; CONTAINS and concept modifiers are implied. */
const SHOWN_RELATIONSHIPS = new Set(['INFERRED FROM', 'SELECTED FROM', 'HAS PROPERTIES', 'HAS ACQ CONTEXT', 'HAS OBS CONTEXT']);

type Locate = (reference: ImageReference) => { seriesInstanceUid: string } | undefined;

/**
 * The study viewer URL that shows the report beside the image it cites: a 1 × 2 grid (UIDs
 * only, the grid's own URL form) so the reader keeps the report in view.
 */
function besideReport(documentSeriesUid: string, imageSeriesUid: string, sopInstanceUid: string): string {
  return `?layout=1x2&cells=c:${documentSeriesUid},c:${imageSeriesUid}:${sopInstanceUid}`;
}

function ReferenceLink({ reference, objectType, locate, seriesUid, index }: { reference: ImageReference; objectType: string; locate: Locate; seriesUid: string; index?: number }) {
  const location = locate(reference);
  if (reference.segments) {
    // A segment of a DICOM SEG (TID 1411), not an image: drawn over its images and listed in the segment list.
    const segments = `Segment${reference.segments.length > 1 ? 's' : ''} ${reference.segments.join(', ')}`;
    return (
      <span className={location ? 'sr-reference-segment' : 'sr-reference-missing'} data-testid="sr-segment-reference" data-sop-instance-uid={reference.sopInstanceUid}>
        {location ? `${segments} of a segmentation in this study (see the segment list)` : `${segments} of a segmentation (not in this study)`}
      </span>
    );
  }
  const name = `${objectType === 'IMAGE' ? 'Image' : objectType === 'WAVEFORM' ? 'Waveform' : 'Object'}${index !== undefined ? ` ${index}` : ''}${reference.frames.length ? `, frame ${reference.frames.join(', ')}` : ''}`;
  if (!location) {
    return (
      <span className="sr-reference-missing" title="The referenced object is not in this study">
        {name} (not in this study)
      </span>
    );
  }
  return (
    <Link className="sr-reference" data-testid="sr-reference" data-sop-instance-uid={reference.sopInstanceUid} to={{ search: besideReport(seriesUid, location.seriesInstanceUid, reference.sopInstanceUid) }}>
      Open {name.toLowerCase()}
    </Link>
  );
}

function RowView({ row, locate, seriesUid }: { row: ReportRow; locate: Locate; seriesUid: string }) {
  const { value } = row;
  const style = { '--sr-depth': row.depth } as CSSProperties;
  const relationship = row.relationship && SHOWN_RELATIONSHIPS.has(row.relationship) ? <span className="sr-relationship">{row.relationship.toLowerCase()}</span> : null;
  const label = row.label ? <span className="sr-label">{row.label}</span> : null;
  const common = { 'data-testid': 'sr-item', 'data-depth': row.depth, 'data-id': row.id, style };
  switch (value.kind) {
    case 'heading':
      return (
        <li className="sr-item sr-heading" role="heading" aria-level={Math.min(6, row.depth + 2)} {...common}>
          {relationship}
          {row.label}
        </li>
      );
    case 'measurement':
      return (
        <li className="sr-item sr-measurement" {...common}>
          {relationship}
          {label}
          {value.number !== undefined ? (
            <span className="sr-value-number" data-testid="sr-measurement">
              {value.number}
              {value.unit ? ` ${value.unit}` : ''}
            </span>
          ) : (
            <span className="sr-value-qualifier">{value.qualifier ?? 'no value'}</span>
          )}
        </li>
      );
    case 'reference':
      return (
        <li className="sr-item" {...common}>
          {relationship}
          {label}
          <ReferenceLink reference={value.reference} objectType={value.objectType} locate={locate} seriesUid={seriesUid} />
        </li>
      );
    case 'text':
    case 'coordinates':
      return (
        <li className="sr-item" {...common}>
          {relationship}
          {label}
          <span className="sr-value">{value.text}</span>
        </li>
      );
  }
}

/**
 * A structured report (Basic, Enhanced, Comprehensive SR) as an indented report, or a Key Object
 * Selection as its title and the images it picks. Values come from the content tree untouched
 * (packages/structured-report); references to images of this study open them beside the report.
 */
export function SrViewport({ archive, studyUid, seriesUid, study, instances, onActivate, onFirstImage }: ContentViewportProps) {
  const [documentIndex, setDocumentIndex] = useState(0);
  const sop = instances[documentIndex]?.sopInstanceUid;
  const metadata = useInstanceMetadata(archive, studyUid, seriesUid, sop);
  const parsed = useMemo(() => {
    if (!metadata.data) return undefined;
    const document = readSrDocument(metadata.data);
    const locations = evidenceLocations(metadata.data);
    const locate: Locate = (reference) => {
      const location = locations.get(reference.sopInstanceUid);
      // Only images of the study on screen can be opened beside the report.
      return location?.seriesInstanceUid && (location.studyInstanceUid ?? studyUid) === studyUid ? { seriesInstanceUid: location.seriesInstanceUid } : undefined;
    };
    // A measurement report whose observer is a device is a program's result: said above its text.
    const device = isMeasurementReport(metadata.data) ? readMeasurementReport(metadata.data).device : undefined;
    return { document, rows: reportRows(document.root), locate, keyImages: document.kind === 'key-objects' ? readKeyImageSelection(metadata.data) : undefined, device };
  }, [metadata.data, studyUid]);
  useFirstShown(parsed !== undefined || metadata.isError, onFirstImage);

  return (
    <section className="stack-viewport content-viewport document-viewport" aria-label="Structured report" data-testid="sr-viewport" onPointerDownCapture={onActivate} onFocusCapture={onActivate}>
      <DocumentContextBar study={study} metadata={metadata.data}>
        <DocumentChooser instances={instances} index={documentIndex} onChoose={setDocumentIndex} />
      </DocumentContextBar>
      <div className="document-scroll" tabIndex={0} role="region" aria-label="Report text">
        {metadata.isError ? (
          <div className="viewport-message error" role="alert">
            The report could not be read from the archive.
          </div>
        ) : !parsed ? (
          <div className="viewport-message" role="status">
            Opening report…
          </div>
        ) : (
          <article className="sr-report" data-testid={parsed.keyImages ? 'kos-document' : 'sr-document'}>
            <h2 data-testid="sr-title">{parsed.document.title}</h2>
            {parsed.device ? (
              <p className="sr-ai" data-testid="sr-ai-mark">
                <span className="ai-mark">AI-generated</span> by {deviceObserverText(parsed.device)}: a program's result, not a reader's report.
              </p>
            ) : null}
            <div className="sr-status" data-testid="sr-status">
              {parsed.keyImages ? (
                'Key object selection'
              ) : (
                <>
                  {parsed.document.completion === 'PARTIAL' ? <span className="sr-draft">Draft (partial) · </span> : null}
                  {parsed.document.verification === 'VERIFIED' ? `Verified by ${formatPersonName(parsed.document.verifiedBy) || 'unknown'}` : <span className="sr-draft">Not verified</span>}
                </>
              )}
              {parsed.document.contentDate ? ` · ${formatDicomDate(parsed.document.contentDate)} ${formatDicomTime(parsed.document.contentTime)}` : ''}
            </div>
            {parsed.keyImages ? (
              <>
                {parsed.keyImages.isRejection ? <p className="sr-draft">These images were rejected; they are not key images.</p> : null}
                {parsed.keyImages.description ? <p data-testid="kos-description">{parsed.keyImages.description}</p> : null}
                <ol className="kos-references" data-testid="kos-references">
                  {parsed.keyImages.references.map((reference, index) => (
                    <li key={reference.sopInstanceUid} data-testid="kos-reference">
                      <ReferenceLink reference={reference} objectType="IMAGE" locate={parsed.locate} seriesUid={seriesUid} index={index + 1} />
                    </li>
                  ))}
                </ol>
              </>
            ) : (
              <ul className="sr-items" data-testid="sr-items">
                {parsed.rows.map((row) => (
                  <RowView key={row.id} row={row} locate={parsed.locate} seriesUid={seriesUid} />
                ))}
              </ul>
            )}
          </article>
        )}
      </div>
    </section>
  );
}
