import { useNavigate } from 'react-router-dom';
import { confirmLeavingUnsaved } from '../state/unsavedResultsStore';
import { useBoardStore } from './boardStore';
import { openAgendaCase } from './agenda';
import { isCaseOf } from './sharedCase';
import { ShareDialog } from './ShareDialog';

/**
 * The tumor-board controls of the study viewer's header: the agenda's position with previous
 * and next case, and "Share…" (link, agenda, live session).
 */
export function BoardBar({ archiveId, studyUid, isShareOpen, onShareOpen }: { archiveId: string; studyUid: string; isShareOpen: boolean; onShareOpen: (isOpen: boolean) => void }) {
  const navigate = useNavigate();
  const agenda = useBoardStore((state) => state.agenda);
  const position = agenda ? agenda.cases.findIndex((c) => isCaseOf(c, archiveId, studyUid)) : -1;
  const go = (index: number) => {
    if (!confirmLeavingUnsaved()) return;
    const next = openAgendaCase(index);
    if (next) navigate(next.path, { state: next.state });
  };
  return (
    <>
      {agenda ? (
        <nav className="agenda-bar" aria-label="Tumor board agenda" data-testid="agenda-bar" data-case-index={position} data-case-count={agenda.cases.length}>
          <button type="button" className="header-button" onClick={() => go(position - 1)} disabled={position <= 0} title="Previous case on the agenda ({)">
            ‹ Previous case
          </button>
          <span className="agenda-position">{position >= 0 ? `Case ${position + 1} of ${agenda.cases.length}` : `Not on the agenda (${agenda.cases.length} cases)`}</span>
          <button
            type="button"
            className="header-button"
            onClick={() => go(position < 0 ? agenda.activeCase : position + 1)}
            disabled={position >= agenda.cases.length - 1}
            title="Next case on the agenda (})"
          >
            {position < 0 ? 'Back to the agenda' : 'Next case ›'}
          </button>
        </nav>
      ) : null}
      <button type="button" className="header-button" onClick={() => onShareOpen(true)} title="Share this exact view, build an agenda, or start a live session (S)">
        Share…
      </button>
      {isShareOpen ? <ShareDialog archiveId={archiveId} studyUid={studyUid} onClose={() => onShareOpen(false)} /> : null}
    </>
  );
}
