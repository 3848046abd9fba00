import { Link } from 'react-router-dom';
import { useId, useState, type MouseEvent } from 'react';
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
  // On a phone the actions sit behind one button (styles/phone.css); elsewhere the button is not shown.
  const [isActionsOpen, setIsActionsOpen] = useState(false);
  const actionsId = useId();
  return (
    <header className="app-header study-header">
      <Link to="/" className="back-link" title="Back to the study list (Backspace)" onClick={guardUnsaved}>
        ← Studies
      </Link>
      <PatientBanner study={study.data} isLoading={study.isPending} />
      <button
        type="button"
        className="header-actions-toggle"
        aria-expanded={isActionsOpen}
        aria-controls={actionsId}
        data-testid="header-actions-toggle"
        onClick={() => setIsActionsOpen((open) => !open)}
      >
        {isActionsOpen ? 'Close' : 'More'}
      </button>
      <div
        className={`header-actions${isActionsOpen ? ' open' : ''}`}
        id={actionsId}
        data-testid="header-actions"
        onClick={(event) => {
          // A chosen action closes the phone's menu; saving stays open to show how it went.
          const target = event.target instanceof Element ? event.target : null;
          if (isActionsOpen && target?.closest('a, button') && !target.closest('.save-results')) setIsActionsOpen(false);
        }}
      >
        <Link to={`/timeline/${archiveId}/${studyUid}`} className="header-link" title="Everything imaged for this patient, in every archive (T)" onClick={guardUnsaved}>
          Patient timeline
        </Link>
        <SaveResults archive={props.archive} studyUid={studyUid} study={study.data} />
        <BoardBar archiveId={archiveId} studyUid={studyUid} isShareOpen={props.isShareOpen} onShareOpen={props.onShareOpen} />
        <button type="button" className="header-button" onClick={props.onExport} disabled={!props.onExport}>
          Export…
        </button>
      </div>
    </header>
  );
}
