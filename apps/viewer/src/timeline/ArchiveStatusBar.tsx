import { formatDicomTime } from '@longview/dicom-meta';
import { isAwaitingSignIn, isSignInError, SmartSignInButton, useSmartSession } from '../launch/SmartSignIn';
import type { ArchiveTimelineStatus } from './usePatientTimeline';

function clock(timestamp: number | undefined): string {
  if (!timestamp) return '';
  const date = new Date(timestamp);
  return formatDicomTime(`${String(date.getHours()).padStart(2, '0')}${String(date.getMinutes()).padStart(2, '0')}`);
}

/** One chip per archive: searching, answered (with its count), retrying or failed, and why. */
interface ArchiveStatusBarProps {
  statuses: ArchiveTimelineStatus[];
  onRetry: (archiveId: string) => void;
  onRefresh: () => void;
}

export function ArchiveStatusBar({ statuses, onRetry, onRefresh }: ArchiveStatusBarProps) {
  const session = useSmartSession();
  return (
    <ul className="archive-status-bar" aria-label="Archives">
      {statuses.map((status) => {
        const { archive, state, error } = status;
        // Not signed in yet is a notice with Sign in, not an alarm; a refused or expired sign-in stays one.
        if (state === 'failed' && isAwaitingSignIn(error, session)) {
          return (
            <li key={archive.id} className="archive-status needs-sign-in" data-testid="archive-status" data-archive={archive.id} data-state="needs-sign-in" role="status">
              <span data-testid="archive-sign-in-notice">{error?.userMessage}</span> <SmartSignInButton isFirst />
            </li>
          );
        }
        const problem = state === 'failed' || state === 'retrying';
        return (
          <li
            key={archive.id}
            className={`archive-status ${state}${status.isStale ? ' stale' : ''}`}
            data-testid="archive-status"
            data-archive={archive.id}
            data-state={state}
            role={problem ? 'alert' : undefined}
          >
            <strong>{archive.config.name}</strong>{' '}
            {state === 'searching' ? <span>searching…</span> : null}
            {state === 'answered' ? (
              <span>
                {status.studyCount} {status.studyCount === 1 ? 'study' : 'studies'}
              </span>
            ) : null}
            {problem ? (
              <span data-testid="archive-status-error">
                {error?.userMessage ?? 'could not be searched.'}{' '}
                {state === 'retrying' ? `Retrying automatically (attempt ${status.failureCount + 1}).` : 'Its studies, and records linked only through them, are missing from this timeline.'}
              </span>
            ) : null}
            {status.isStale ? <span className="stale-note"> Showing results from {clock(status.answeredAt)}; not confirmed since.</span> : null}
            {problem && isSignInError(error) ? <SmartSignInButton /> : null}
            {problem || status.isStale ? (
              <button type="button" onClick={() => onRetry(archive.id)}>
                Retry now
              </button>
            ) : null}
          </li>
        );
      })}
      <li>
        <button type="button" onClick={onRefresh} title="Search every archive again">
          Refresh
        </button>
      </li>
    </ul>
  );
}
