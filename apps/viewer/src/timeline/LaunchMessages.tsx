import type { ArchiveTimelineStatus } from './archiveTimelineStatus';
import type { LaunchedPatient } from '../launch/launchContext';

/** A `/patient/<key>` link whose patient this tab does not hold (another tab, or closed since). */
export function UnknownLaunch() {
  return (
    <div className="page-message" role="alert" data-testid="launch-unknown">
      <h1>This patient link has expired</h1>
      <p>Patient links opened from the EHR are kept only in the browser tab that opened them. Open the images again from the EHR.</p>
    </div>
  );
}

function listOfNames(statuses: readonly ArchiveTimelineStatus[]): string {
  return statuses.map((s) => s.archive.config.name).join(', ');
}

/**
 * Every archive answered (or failed for good) and none has a record of the launched patient:
 * say which archives were searched and which could not be, so "no images" is never mistaken
 * for "the archive was down".
 */
export function NoImagesForPatient({ statuses, onRetry }: { statuses: ArchiveTimelineStatus[]; onRetry: (archiveId: string) => void }) {
  const searched = statuses.filter((s) => s.state === 'answered');
  const failed = statuses.filter((s) => s.state === 'failed');
  return (
    <div className="page-message" role="alert" data-testid="launch-no-images">
      {searched.length > 0 ? (
        <p data-testid="launch-no-images-searched">No images for this patient in archives {listOfNames(searched)}.</p>
      ) : (
        <p>No archive could be searched for this patient.</p>
      )}
      {failed.length > 0 ? (
        <div data-testid="launch-no-images-failed">
          <p>Could not be searched: {listOfNames(failed)}. This patient's images may be there.</p>
          <ul>
            {failed.map((status) => (
              <li key={status.archive.id}>
                {status.archive.config.name}: {status.error?.userMessage ?? 'did not answer.'}{' '}
                <button type="button" onClick={() => onRetry(status.archive.id)}>
                  Retry
                </button>
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}

function describeScope(patient: LaunchedPatient): string {
  const named = patient.highlightedStudies?.length ?? 0;
  if (named > 0) return `the ${named} studies the EHR named`;
  const { lowerDate, upperDate, modalities, mostRecent } = patient.filters ?? {};
  const parts = [
    mostRecent !== undefined ? `the ${mostRecent} most recent studies` : 'studies',
    modalities && modalities.length > 0 ? `with ${modalities.join(' or ')}` : '',
    lowerDate ? `from ${lowerDate}` : '',
    upperDate ? `until ${upperDate}` : '',
  ];
  return parts.filter(Boolean).join(' ');
}

/** The launch asked for part of the history: say so, and let the reader see all of it. */
export function LaunchScopeNotice({ patient, shown, total, onShowAll }: { patient: LaunchedPatient; shown: number; total: number; onShowAll: () => void }) {
  return (
    <div className="launch-scope" role="status" data-testid="launch-scope">
      Showing {describeScope(patient)}, as the EHR asked ({shown} of {total}).{' '}
      <button type="button" onClick={onShowAll}>
        Show the whole history
      </button>
    </div>
  );
}
