import { Link } from 'react-router-dom';
import type { MouseEvent } from 'react';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import { BoardBar } from '../board/BoardBar';
import { confirmLeavingUnsaved } from '../state/unsavedResultsStore';
import { SaveResults } from '../results/SaveResults';
import { PatientBanner } from './PatientBanner';

/** A link away from the study: asks first while results are unsaved. */
function guardUnsaved(event: MouseEvent) {
  if (!confirmLeavingUnsaved()) event.preventDefault();
}

/** The study view's header: back to the list, the patient, the timeline, saving results, sharing and export. */
export function StudyHeader(props: {
  archive: ArchiveClient;
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
      <Link to="/" className="back-link" title="Back to the study list (Backspace)" onClick={guardUnsaved}>
        ← Studies
      </Link>
      <PatientBanner study={study.data} isLoading={study.isPending} />
      <Link to={`/timeline/${archiveId}/${studyUid}`} className="header-link" title="Everything imaged for this patient, in every archive (T)" onClick={guardUnsaved}>
        Patient timeline
      </Link>
      <SaveResults archive={props.archive} studyUid={studyUid} study={study.data} />
      <BoardBar archiveId={archiveId} studyUid={studyUid} isShareOpen={props.isShareOpen} onShareOpen={props.onShareOpen} />
      <button type="button" className="header-button" onClick={props.onExport} disabled={!props.onExport}>
        Export…
      </button>
    </header>
  );
}
