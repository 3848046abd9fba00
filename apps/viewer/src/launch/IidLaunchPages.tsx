import type { IidProblem } from '@longview/launch';
import type { StudyLaunchOutcome } from './iidStudyOutcome';

/** The request cannot be read: its parameters' problems, for the EHR's administrator. */
export function ProblemsPage({ problems, notices }: { problems: readonly IidProblem[]; notices: readonly string[] }) {
  return (
    <div className="page-message" role="alert" data-testid="iid-problems">
      <h1>This image link from the EHR cannot be opened</h1>
      <p>Its parameters (IHE Invoke Image Display) have these problems:</p>
      <ul>
        {problems.map((problem) => (
          <li key={`${problem.parameter}:${problem.message}`} data-testid="iid-problem" data-parameter={problem.parameter} data-kind={problem.kind}>
            {problem.message}
          </li>
        ))}
      </ul>
      {notices.length > 0 ? (
        <ul className="muted">
          {notices.map((notice) => (
            <li key={notice}>{notice}</li>
          ))}
        </ul>
      ) : null}
      <p>Ask the EHR's administrator to correct the link.</p>
    </div>
  );
}

/** A STUDY request the safety rules refuse (decideStudyLaunch), with their reason. */
export function LaunchRefused({ outcome }: { outcome: Extract<StudyLaunchOutcome, { kind: 'refused' }> }) {
  return (
    <div className="page-message" role="alert" data-testid="launch-refused">
      <h1>Images not shown</h1>
      <p>{outcome.reason}</p>
    </div>
  );
}

/** No archive has the study: which were searched, and which could not be (the study may be there). */
export function LaunchNoImages({ outcome }: { outcome: Extract<StudyLaunchOutcome, { kind: 'no-images' }> }) {
  return (
    <div className="page-message" role="alert" data-testid="launch-no-images">
      {outcome.searched.length > 0 ? (
        <p data-testid="launch-no-images-searched">No images for this study in archives {outcome.searched.join(', ')}.</p>
      ) : (
        <p>No archive could be searched for this study.</p>
      )}
      {outcome.failed.length > 0 ? (
        <div data-testid="launch-no-images-failed">
          <p>Could not be searched: {outcome.failed.map((f) => f.archiveName).join(', ')}. The study may be there.</p>
          <ul>
            {outcome.failed.map((f) => (
              <li key={f.archiveName}>{f.message}</li>
            ))}
          </ul>
        </div>
      ) : null}
    </div>
  );
}
