import { Link } from 'react-router-dom';
import type { StudySummary } from '@longview/dicomweb';
import { BoardBar } from '../board/BoardBar';
import { PatientBanner } from './PatientBanner';

/** The study view's header: back to the list, the patient, the timeline, sharing and export. */
export function StudyHeader(props: {
  archiveId: string;
  studyUid: string;
  study: { data: StudySummary | undefined; isPending: boolean };
  isShareOpen: boolean;
  onShareOpen: (isOpen: boolean) => void;
  onExport: (() => void) | undefined;
}) {
  const { archiveId, studyUid, study } = props;
  return (
    <header className="app-header">
      <Link to="/" className="back-link" title="Back to the study list (Backspace)">
        ← Studies
      </Link>
      <PatientBanner study={study.data} isLoading={study.isPending} />
      <Link to={`/timeline/${archiveId}/${studyUid}`} className="header-link" title="Everything imaged for this patient, in every archive (T)">
        Patient timeline
      </Link>
      <BoardBar archiveId={archiveId} studyUid={studyUid} isShareOpen={props.isShareOpen} onShareOpen={props.onShareOpen} />
      <button type="button" className="header-button" onClick={props.onExport} disabled={!props.onExport}>
        Export…
      </button>
    </header>
  );
}
