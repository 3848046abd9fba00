import { useEffect, useRef, useState } from 'react';
import { useLocation, useNavigate } from 'react-router-dom';
import type { ViewerConfig } from '@longview/dicomweb';
import { parseIidRequest, recordFromCx, type IidParseResult, type LaunchRecord } from '@longview/launch';
import { useArchives } from '../archives/ArchivesContext';
import { decideStudyLaunch, type StudyLaunchOutcome } from './iidStudyOutcome';
import { LaunchNoImages, LaunchRefused, ProblemsPage } from './IidLaunchPages';
import { launchedPatientPath, storeLaunchedPatient, type LaunchedPatient } from './launchContext';
import { useIidStudySearch } from './useIidStudySearch';

/** Where the launch's own query string is kept once the URL no longer shows it. */
interface IidLocationState {
  iidQuery?: string;
}

/**
 * The launch's query string. It names the patient, so the URL is replaced at once (history,
 * bookmarks and Referer never keep it); the query stays in the history entry's state.
 */
function useIidQuery(): string {
  const location = useLocation();
  const navigate = useNavigate();
  const [query] = useState(() => location.search || ((location.state as IidLocationState | null)?.iidQuery ?? ''));
  useEffect(() => {
    if (location.search) navigate(location.pathname, { replace: true, state: { iidQuery: location.search } satisfies IidLocationState });
  }, [location.search, location.pathname, navigate]);
  return query;
}

/** Where the request leads, replacing the launch URL in history; once, even if rendered again. */
function useLeaveForDestination(patientLaunch: LaunchedPatient | undefined, outcome: StudyLaunchOutcome | undefined): void {
  const navigate = useNavigate();
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
}

/**
 * `/IHEInvokeImageDisplay?requestType=…`: an EHR asks to show a patient's or a study's images.
 * The request's URL names the patient, so it is replaced at once (history, bookmarks and
 * Referer never keep it); what it opens is addressed by UIDs or an opaque launch key.
 */
export function IidLaunch({ config }: { config: ViewerConfig }) {
  const query = useIidQuery();
  const [parsed] = useState<IidParseResult>(() => parseIidRequest(new URLSearchParams(query)));
  const { identityRules } = useArchives();

  const request = parsed.kind === 'request' ? parsed.request : undefined;
  const patientRecord = request?.patient ? recordFromCx(request.patient, config) : undefined;
  const launchRecord: LaunchRecord | undefined = patientRecord?.kind === 'ok' ? patientRecord.record : undefined;
  const studyRequest = request?.requestType === 'STUDY' && patientRecord?.kind !== 'error' ? request : undefined;
  const withLinks = !!studyRequest && (launchRecord !== undefined || studyRequest.studyUids.length + studyRequest.accessionNumbers.length > 1);
  const { answers, isSettled } = useIidStudySearch(studyRequest, withLinks);
  const outcome = isSettled ? decideStudyLaunch(answers, launchRecord, config.identity, identityRules.archiveIssuers) : undefined;

  const patientLaunch = request?.requestType === 'PATIENT' && launchRecord ? { records: [launchRecord], source: 'iid' as const, filters: request.filters } : undefined;
  useLeaveForDestination(patientLaunch, outcome);

  if (parsed.kind === 'invalid') return <ProblemsPage problems={parsed.problems} notices={[]} />;
  if (patientRecord?.kind === 'error') {
    return <ProblemsPage problems={[{ parameter: 'patientID', kind: 'malformed', message: `"patientID" ${patientRecord.message}` }]} notices={parsed.notices} />;
  }
  if (outcome?.kind === 'refused') return <LaunchRefused outcome={outcome} />;
  if (outcome?.kind === 'no-images') return <LaunchNoImages outcome={outcome} />;
  return (
    <p className="page-message" role="status" data-testid="iid-searching">
      Opening the images the EHR asked for…
    </p>
  );
}
