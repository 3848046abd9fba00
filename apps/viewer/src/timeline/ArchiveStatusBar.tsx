import { formatDicomTime } from '@longview/dicom-meta';
import type { MpiTimelineStatus } from '@longview/patient-identity';
import { isAwaitingSignIn, isSignInError, SmartSignInButton, useSmartSession } from '../launch/SmartSignIn';
import type { ArchiveTimelineStatus } from './archiveTimelineStatus';

function clock(timestamp: number | undefined): string {
  if (!timestamp) return '';
  const date = new Date(timestamp);
  return formatDicomTime(`${String(date.getHours()).padStart(2, '0')}${String(date.getMinutes()).padStart(2, '0')}`);
}

/** One chip per archive: searching, answered (with its count), retrying or failed, and why. */
interface ArchiveStatusBarProps {
  statuses: ArchiveTimelineStatus[];
  /** The master patient index's chip; absent when none is configured. */
  mpi?: MpiTimelineStatus | undefined;
  onRetry: (archiveId: string) => void;
  onRetryMpi?: (() => void) | undefined;
  onRefresh: () => void;
}

export function ArchiveStatusBar({ statuses, mpi, onRetry, onRetryMpi, onRefresh }: ArchiveStatusBarProps) {
  const session = useSmartSession();
  return (
    // The live-region roles sit on the messages, not the items: an item with a role of its own
    // is no longer a list item to assistive technology (axe "list").
    <ul className="archive-status-bar" aria-label="Archives">
      {statuses.map((status) => {
        const { archive, state, error } = status;
        // Not signed in yet is a notice with Sign in, not an alarm; a refused or expired sign-in stays one.
        if (state === 'failed' && isAwaitingSignIn(error, session)) {
          return (
            <li key={archive.id} className="archive-status needs-sign-in" data-testid="archive-status" data-archive={archive.id} data-state="needs-sign-in">
              <span data-testid="archive-sign-in-notice" role="status">{error?.userMessage}</span> <SmartSignInButton isFirst />
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
          >
            <strong>{archive.config.name}</strong>{' '}
            {state === 'searching' ? <span>searching…</span> : null}
            {state === 'answered' ? (
              <span>
                {status.studyCount} {status.studyCount === 1 ? 'study' : 'studies'}
              </span>
            ) : null}
            {problem ? (
              <span data-testid="archive-status-error" role="alert">
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
      {mpi ? <MpiStatusChip status={mpi} onRetry={onRetryMpi} /> : null}
      <li>
        <button type="button" onClick={onRefresh} title="Search every archive again">
          Refresh
        </button>
      </li>
    </ul>
  );
}

/**
 * The master patient index streams in like an archive: searching, answered (with the records
 * only it joined), retrying, or failed with Retry. What the data links is shown meanwhile.
 */
function MpiStatusChip({ status, onRetry }: { status: MpiTimelineStatus; onRetry: (() => void) | undefined }) {
  const { state, error } = status;
  const problem = state === 'failed' || state === 'retrying';
  const added = status.addedKeys.length;
  return (
    <li className={`archive-status mpi-status ${state}`} data-testid="mpi-status" data-state={state} data-added={added}>
      <strong>{status.name}</strong>{' '}
      {state === 'searching' ? <span>asking…</span> : null}
      {state === 'answered' ? <span>{added === 0 ? 'no other records' : `${added} ${added === 1 ? 'record' : 'records'} joined`}</span> : null}
      {problem ? (
        <span data-testid="mpi-status-error" role="alert">
          {error?.userMessage ?? 'could not be asked.'}{' '}
          {state === 'retrying'
            ? `Retrying automatically (attempt ${status.failureCount + 1}).`
            : 'Records linked only through it may be missing from this timeline.'}
        </span>
      ) : null}
      {status.ignoredSystems.length > 0 ? (
        <span className="muted" title={status.ignoredSystems.join(', ')}>
          {' '}
          ({status.ignoredSystems.length} identifier {status.ignoredSystems.length === 1 ? 'system' : 'systems'} not configured, ignored)
        </span>
      ) : null}
      {problem && onRetry ? (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </li>
  );
}
