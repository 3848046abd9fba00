import { useParams } from 'react-router-dom';
import { useArchives } from '../archives/ArchivesContext';
import { useViewerPrefsStore } from '../state/viewerPrefsStore';
import { MeasurementItem } from './MeasurementItem';
import { isDeviceReport, segmentFindingsNote } from './reportOrigin';
import { savedLine } from './SaveResults';
import { usePageMeasurements } from './usePageMeasurements';
import { useSavedResults } from './useSavedResults';

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
        const { latest } = reader;
        const isMine = latest.sopInstanceUid === mineUid;
        const isDevice = !isMine && isDeviceReport(latest);
        const program = !isMine && latest.manufacturer && latest.manufacturer !== 'Longview' ? ` (${latest.manufacturer})` : '';
        return (
          <li key={latest.sopInstanceUid} data-testid="saved-report" data-report-uid={latest.sopInstanceUid} data-read-only={!isMine} data-observer={isDevice ? 'device' : 'person'} data-earlier-count={reader.earlierCount}>
            <span className="saved-report-owner">{isMine ? 'Your report' : `${isDevice ? 'AI result, read-only' : 'Read-only'}${program}`}</span> {savedLine(latest, reader.earlierCount)}
            {latest.segmentFindings.length > 0 ? <span className="measurement-note"> · {segmentFindingsNote(latest.segmentFindings.length)}</span> : null}
            {latest.problems.length > 0 ? <span className="measurement-note"> · {latest.problems.join(' ')}</span> : null}
          </li>
        );
      })}
    </ul>
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
        {measurements.map((measurement) => (
          <MeasurementItem key={measurement.uid} measurement={measurement} activeViewportId={activeViewportId} />
        ))}
      </ol>
    </aside>
  );
}
