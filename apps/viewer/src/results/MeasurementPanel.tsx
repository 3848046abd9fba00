import { useParams } from 'react-router-dom';
import { formatPersonName } from '@longview/dicom-meta';
import type { Measurement, MeasurementKind, MeasurementValue } from '@longview/render';
import { useArchives } from '../archives/ArchivesContext';
import { loadedRender } from '../render/loadRender';
import { useViewerPrefsStore } from '../state/viewerPrefsStore';
import { savedLine } from './SaveResults';
import { usePageMeasurements } from './usePageMeasurements';
import { useSavedResults } from './useSavedResults';

const KIND_LABELS: Record<MeasurementKind, string> = {
  length: 'Length',
  angle: 'Angle',
  ellipse: 'Ellipse',
  rectangle: 'Rectangle',
  probe: 'Probe',
  arrow: 'Arrow',
};

function whereDrawn(measurement: Measurement): string {
  const series = measurement.seriesNumber !== undefined ? `Se ${measurement.seriesNumber}` : 'Series ?';
  const image = measurement.instanceNumber !== undefined ? `Im ${measurement.instanceNumber}` : 'image ?';
  return `${series} · ${image}`;
}

/** Who a measurement is by: the reader who saved it, or "unsaved" for one drawn on this page. */
function authorLine(measurement: Measurement): string {
  const { origin } = measurement;
  if (!origin) return 'Unsaved';
  const savedAt = origin.savedAt ? new Date(origin.savedAt).toLocaleString(undefined, { dateStyle: 'short', timeStyle: 'short' }) : 'time unknown';
  return `${formatPersonName(origin.readerName)} · ${savedAt}`;
}

/**
 * The reports saved in the open study, one line per reader: their latest version, when and how
 * many earlier ones, and whether it is the reader's own (editable) or read-only.
 */
function SavedReports({ mineUid }: { mineUid: string | undefined }) {
  const { archiveId = '', studyUid = '' } = useParams();
  const archive = useArchives().byId(archiveId);
  const saved = useSavedResults(archive, studyUid, archive !== undefined);
  if (archive && saved.state === 'failed') {
    return (
      <p className="measurement-note" role="alert" data-testid="saved-reports-failed">
        The reports saved in this study could not be read from {archive.config.name}; saving is paused until they can be.
      </p>
    );
  }
  if (!archive || saved.readers.length === 0) return null;
  return (
    <ul className="saved-reports" aria-label="Saved reports" data-testid="saved-reports">
      {saved.readers.map((reader) => {
        const isMine = reader.latest.sopInstanceUid === mineUid;
        const program = !isMine && reader.latest.manufacturer && reader.latest.manufacturer !== 'Longview' ? ` (${reader.latest.manufacturer})` : '';
        return (
          <li key={reader.latest.sopInstanceUid} data-testid="saved-report" data-report-uid={reader.latest.sopInstanceUid} data-read-only={!isMine} data-earlier-count={reader.earlierCount}>
            <span className="saved-report-owner">{isMine ? 'Your report' : `Read-only${program}`}</span>{' '}
            {savedLine(reader.latest.contentDateTime, reader.latest.observerName, reader.earlierCount)}
            {reader.latest.problems.length > 0 ? <span className="measurement-note"> · {reader.latest.problems.join(' ')}</span> : null}
          </li>
        );
      })}
    </ul>
  );
}

function ValueList({ values, isReported }: { values: readonly MeasurementValue[]; isReported: boolean }) {
  return (
    <dl>
      {values.map((value) => (
        <div key={value.name} data-testid="measurement-value" data-name={value.name} data-value={value.value} data-unit={value.unit} data-reported={isReported || undefined}>
          <dt>{value.label ?? value.name}</dt>
          <dd>{value.text}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The measurement panel of the page, beside the viewport grid (never inside a cell, so every
 * cell keeps the same size): the study's saved reports, then each measurement with its values,
 * where it was drawn and whose it is. A click shows its image in the viewport that holds it
 * (the active one first); × deletes the reader's own (Ctrl+Z restores); another reader's is
 * read-only, shows the values its report states, and can be copied to the reader's own.
 * Collapsible, and remembered (state/viewerPrefsStore). Values are data-* attributes as well,
 * so tests read exactly what is shown.
 */
export function MeasurementPanel({ activeViewportId }: { activeViewportId: string | undefined }) {
  const measurements = usePageMeasurements();
  const { archiveId = '', studyUid = '' } = useParams();
  const archive = useArchives().byId(archiveId);
  const saved = useSavedResults(archive, studyUid, archive !== undefined);
  const isOpen = useViewerPrefsStore((state) => state.isMeasurementPanelOpen);
  const toggle = useViewerPrefsStore((state) => state.toggleMeasurementPanel);
  if (!isOpen) {
    return (
      <aside className="measurement-panel closed" aria-label="Measurements" data-testid="measurement-panel" data-state="closed" data-count={measurements.length}>
        <button type="button" className="measurement-panel-toggle" data-testid="measurement-panel-toggle" aria-expanded={false} title="Show the measurements" onClick={toggle}>
          <span aria-hidden="true">‹</span> Measurements{measurements.length > 0 ? ` (${measurements.length})` : ''}
        </button>
      </aside>
    );
  }
  return (
    <aside className="measurement-panel" aria-label="Measurements" data-testid="measurement-panel" data-state="open" data-count={measurements.length}>
      <header className="measurement-panel-header">
        <h2>Measurements</h2>
        <button type="button" className="measurement-panel-toggle" data-testid="measurement-panel-toggle" aria-expanded aria-label="Hide the measurements" title="Hide the measurements (the images keep their zoom and centre)" onClick={toggle}>
          ›
        </button>
      </header>
      <SavedReports mineUid={saved.mine?.sopInstanceUid} />
      {measurements.length === 0 ? <p className="measurement-empty">None yet. L length, A angle, E ellipse, B rectangle, P probe.</p> : null}
      <ol>
        {measurements.map((measurement) => {
          const values = measurement.isReadOnly && measurement.origin?.reportedValues ? measurement.origin.reportedValues : measurement.values;
          return (
            <li
              key={measurement.uid}
              data-testid="measurement"
              data-kind={measurement.kind}
              data-uid={measurement.uid}
              data-instance-number={measurement.instanceNumber}
              data-sop-instance-uid={measurement.sopInstanceUid}
              data-points={measurement.points.map((p) => `${p.column.toFixed(4)},${p.row.toFixed(4)}`).join(' ')}
              data-read-only={measurement.isReadOnly}
              data-report-uid={measurement.origin?.reportSopInstanceUid}
              className={measurement.isReadOnly ? 'read-only' : undefined}
            >
              <button
                type="button"
                className="measurement-show"
                title="Show the image it was drawn on"
                onClick={() => {
                  const { imageId } = measurement;
                  if (imageId) loadedRender()?.StackViewer.showImageAnywhere(imageId, activeViewportId);
                }}
              >
                <span className="measurement-kind">{KIND_LABELS[measurement.kind]}</span>
                {measurement.label ? <span className="measurement-label">“{measurement.label}”</span> : null}
                <span className="measurement-where">{whereDrawn(measurement)}</span>
                <span className="measurement-author" data-testid="measurement-author">
                  {authorLine(measurement)}
                </span>
              </button>
              {measurement.isReadOnly ? (
                <button
                  type="button"
                  className="measurement-copy"
                  data-testid="copy-to-mine"
                  aria-label={`Copy this ${KIND_LABELS[measurement.kind].toLowerCase()} measurement to mine`}
                  title="Copy to mine: an editable copy, saved with your report"
                  onClick={() => loadedRender()?.copyMeasurementToMine(measurement.uid)}
                >
                  Copy to mine
                </button>
              ) : (
                <button
                  type="button"
                  className="measurement-delete"
                  aria-label={`Delete ${KIND_LABELS[measurement.kind].toLowerCase()} measurement`}
                  title="Delete (Ctrl+Z undoes)"
                  onClick={() => loadedRender()?.deleteMeasurement(measurement.uid)}
                >
                  ×
                </button>
              )}
              {values.length > 0 ? <ValueList values={values} isReported={values !== measurement.values} /> : null}
              {measurement.calibrationNote ? (
                <p className="measurement-note" data-testid="calibration-note">
                  {measurement.calibrationNote}
                </p>
              ) : null}
            </li>
          );
        })}
      </ol>
    </aside>
  );
}
