import { useEffect, useRef, useState } from 'react';
import { useQueries } from '@tanstack/react-query';
import { useLocation, useNavigate } from 'react-router-dom';
import { ArchiveError, type ArchiveClient, type StudySummary, type ViewerConfig } from '@longview/dicomweb';
import { parseIidRequest, recordFromCx, type IidParseResult, type IidProblem, type IidStudyRequest, type LaunchRecord } from '@longview/launch';
import { useArchives } from '../archives/ArchivesContext';
import { auditedStudySearch } from '../audit/archiveAudit';
import { useRecordAudit, type RecordAudit } from '../audit/AuditContext';
import { decideStudyLaunch, type ArchiveAnswer, type FoundStudy } from './iidStudyOutcome';
import { launchedPatientPath, storeLaunchedPatient } from './launchContext';

/** Where the launch's own query string is kept once the URL no longer shows it. */
interface IidLocationState {
  iidQuery?: string;
}

const retryOnce = (failureCount: number, error: unknown) => error instanceof ArchiveError && error.isRetryable && failureCount < 1;

/** Studies of one archive that the request names, by UID or accession number, exactly. */
async function findRequestedStudies(
  recordAudit: RecordAudit,
  archive: ArchiveClient,
  request: IidStudyRequest,
  withLinks: boolean,
  signal: AbortSignal,
): Promise<FoundStudy[]> {
  const answers = await Promise.all([
    ...request.studyUids.map((uid) =>
      auditedStudySearch(recordAudit, archive, { studyInstanceUid: uid }, signal).then((studies) => studies.filter((s) => s.studyInstanceUid === uid)),
    ),
    ...request.accessionNumbers.map((accession) =>
      auditedStudySearch(recordAudit, archive, { accessionNumber: accession }, signal).then((studies) => studies.filter((s) => s.accessionNumber === accession)),
    ),
  ]);
  const unique = new Map<string, StudySummary>();
  for (const study of answers.flat()) unique.set(study.studyInstanceUid, study);
  return Promise.all(
    [...unique.values()].map(async (study) => ({
      study,
      archiveName: archive.config.name,
      archiveIssuer: archive.config.patientIdIssuer,
      // The links decide whether several studies (or a study and the named patient) are one
      // person's; a single study opened without a patient needs none.
      otherIds: withLinks ? await archive.otherPatientIds(study, signal) : undefined,
    })),
  );
}

function ProblemsPage({ problems, notices }: { problems: readonly IidProblem[]; notices: readonly string[] }) {
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

/**
 * `/IHEInvokeImageDisplay?requestType=…`: an EHR asks to show a patient's or a study's images.
 * The request's URL names the patient, so it is replaced at once (history, bookmarks and
 * Referer never keep it); what it opens is addressed by UIDs or an opaque launch key.
 */
export function IidLaunch({ config }: { config: ViewerConfig }) {
  const location = useLocation();
  const navigate = useNavigate();
  const [query] = useState(() => location.search || ((location.state as IidLocationState | null)?.iidQuery ?? ''));
  const [parsed] = useState<IidParseResult>(() => parseIidRequest(new URLSearchParams(query)));
  const { all: archives, identityRules } = useArchives();
  const recordAudit = useRecordAudit();

  useEffect(() => {
    if (location.search) navigate(location.pathname, { replace: true, state: { iidQuery: location.search } satisfies IidLocationState });
  }, [location.search, location.pathname, navigate]);

  const request = parsed.kind === 'request' ? parsed.request : undefined;
  const patientRecord = request?.patient ? recordFromCx(request.patient, config) : undefined;
  const launchRecord: LaunchRecord | undefined = patientRecord?.kind === 'ok' ? patientRecord.record : undefined;
  const studyRequest = request?.requestType === 'STUDY' && patientRecord?.kind !== 'error' ? request : undefined;
  const withLinks = !!studyRequest && (launchRecord !== undefined || studyRequest.studyUids.length + studyRequest.accessionNumbers.length > 1);

  const searches = useQueries({
    queries: archives.map((archive) => ({
      queryKey: ['iid-studies', archive.id, studyRequest?.studyUids, studyRequest?.accessionNumbers, withLinks],
      queryFn: ({ signal }: { signal: AbortSignal }) => findRequestedStudies(recordAudit, archive, studyRequest as IidStudyRequest, withLinks, signal),
      enabled: studyRequest !== undefined,
      retry: retryOnce,
    })),
  });
  const isSettled = studyRequest !== undefined && searches.every((s) => !s.isPending);
  const answers: ArchiveAnswer[] = archives.map((archive, index) => {
    const search = searches[index];
    return search?.data
      ? { archiveId: archive.id, archiveName: archive.config.name, state: 'answered', found: search.data }
      : {
          archiveId: archive.id,
          archiveName: archive.config.name,
          state: 'failed',
          message: search?.error instanceof ArchiveError ? search.error.userMessage : `${archive.config.name} could not be searched.`,
        };
  });
  const outcome = isSettled ? decideStudyLaunch(answers, launchRecord, config.identity, identityRules.archiveIssuers) : undefined;

  // Where the request leads, replacing the launch URL in history; once, even if rendered again.
  const patientLaunch = request?.requestType === 'PATIENT' && launchRecord ? { records: [launchRecord], source: 'iid' as const, filters: request.filters } : undefined;
  const hasLeft = useRef(false);
  useEffect(() => {
    if (hasLeft.current) return;
    const launched = patientLaunch ?? (outcome?.kind === 'open-patient' ? outcome.patient : undefined);
    const destination = launched
      ? launchedPatientPath(storeLaunchedPatient(launched))
      : outcome?.kind === 'open-study'
        ? `/viewer/${outcome.archiveId}/${outcome.studyUid}`
        : undefined;
    if (destination === undefined) return;
    hasLeft.current = true;
    navigate(destination, { replace: true });
  });

  if (parsed.kind === 'invalid') return <ProblemsPage problems={parsed.problems} notices={[]} />;
  if (patientRecord?.kind === 'error') {
    return <ProblemsPage problems={[{ parameter: 'patientID', kind: 'malformed', message: `"patientID" ${patientRecord.message}` }]} notices={parsed.notices} />;
  }
  if (outcome?.kind === 'refused') {
    return (
      <div className="page-message" role="alert" data-testid="launch-refused">
        <h1>Images not shown</h1>
        <p>{outcome.reason}</p>
      </div>
    );
  }
  if (outcome?.kind === 'no-images') {
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
  return (
    <p className="page-message" role="status" data-testid="iid-searching">
      Opening the images the EHR asked for…
    </p>
  );
}
