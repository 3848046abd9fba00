/**
 * `/launch` starts a SMART on FHIR authorization with fhirclient (code flow, PKCE required):
 * an EHR launch (`iss` + `launch`) or a standalone one (`iss` only: the patient is picked at
 * the authorization server). `/launch/callback` completes it, then shows the launch patient's
 * timeline under an opaque key (launchContext), or says why not.
 */
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import type FHIR from 'fhirclient';
import type { ViewerConfig } from '@longview/dicomweb';
import { isAllowedIssuer, smartScope } from '@longview/launch';
import { useArchives } from '../archives/ArchivesContext';
import { auditedStudySearch } from '../audit/archiveAudit';
import { useRecordAudit } from '../audit/AuditContext';
import { launchedPatientPath, storeLaunchedPatient } from './launchContext';
import { completeSmartLaunch, loadSmartConfig } from './smartLaunchFlow';
import { adoptSmartClient, loadFhirClient } from '../archives/smartSession';

type Progress = { kind: 'working'; message: string } | { kind: 'refused'; title: string; reason: string };

function LaunchProblem({ title, reason }: { title: string; reason: string }) {
  return (
    <div className="page-message" role="alert" data-testid="launch-error">
      <h1>{title}</h1>
      <p data-testid="launch-error-reason">{reason}</p>
      <p>Open the images again from the EHR, or ask your administrator if this keeps happening.</p>
    </div>
  );
}

function LaunchPage({ progress }: { progress: Progress }) {
  if (progress.kind === 'refused') return <LaunchProblem title={progress.title} reason={progress.reason} />;
  return (
    <div className="page-message" role="status" data-testid="launch-progress">
      {progress.message}
    </div>
  );
}

/** `/launch?iss=…[&launch=…]`: off to the authorization server. */
export function SmartLaunchStart() {
  const [progress, setProgress] = useState<Progress>({ kind: 'working', message: 'Connecting to the EHR…' });
  useEffect(() => {
    let isCurrent = true;
    void (async () => {
      const config = await loadSmartConfig();
      if (!isCurrent) return;
      if (typeof config === 'string') return setProgress({ kind: 'refused', title: 'SMART launch is not available', reason: config });
      const params = new URLSearchParams(window.location.search);
      const iss = params.get('iss');
      if (!iss) return setProgress({ kind: 'refused', title: 'Incomplete launch', reason: 'The launch did not say which FHIR server it comes from (parameter "iss").' });
      if (!isAllowedIssuer(iss, config)) {
        return setProgress({ kind: 'refused', title: 'Unknown EHR', reason: 'This launch comes from a FHIR server the viewer is not configured to trust (parameter "iss").' });
      }
      try {
        await (await loadFhirClient()).oauth2.authorize({
          iss,
          clientId: config.clientId,
          scope: smartScope(params.get('launch') ? 'ehr' : 'standalone'),
          redirectUri: '/launch/callback',
          pkceMode: 'required',
        });
      } catch {
        if (isCurrent) setProgress({ kind: 'refused', title: 'The EHR did not answer', reason: "The EHR's authorization server could not be reached." });
      }
    })();
    return () => {
      isCurrent = false;
    };
  }, []);
  return <LaunchPage progress={progress} />;
}

/**
 * The code can be exchanged once: the callback's work is shared by every mount of the page
 * (React may mount it twice in development).
 */
let pendingCallback: Promise<Awaited<ReturnType<typeof FHIR.oauth2.ready>>> | undefined;

/** `/launch/callback?code=…&state=…`: tokens, the launch patient, its records, its timeline. */
export function SmartLaunchCallback({ config }: { config: ViewerConfig }) {
  const { all } = useArchives();
  const recordAudit = useRecordAudit();
  const navigate = useNavigate();
  const [progress, setProgress] = useState<Progress>({ kind: 'working', message: 'Signing in…' });
  useEffect(() => {
    let isCurrent = true;
    const controller = new AbortController();
    void (async () => {
      let client: Awaited<ReturnType<typeof FHIR.oauth2.ready>>;
      try {
        pendingCallback ??= loadFhirClient().then((loaded) => loaded.oauth2.ready());
        client = await pendingCallback;
      } catch {
        if (isCurrent) setProgress({ kind: 'refused', title: 'Sign-in did not complete', reason: 'The EHR did not grant access, or this page was opened without a launch.' });
        return;
      }
      adoptSmartClient(client);
      if (!isCurrent) return;
      setProgress({ kind: 'working', message: 'Finding the patient’s images…' });
      const outcome = await completeSmartLaunch(client, config, all, (archive, studyUid) =>
        auditedStudySearch(recordAudit, archive, { studyInstanceUid: studyUid }, controller.signal),
      );
      if (!isCurrent) return;
      if (outcome.kind === 'refused') return setProgress(outcome);
      const key = storeLaunchedPatient({ records: outcome.records, source: 'smart', highlightedStudies: outcome.highlightedStudies });
      navigate(launchedPatientPath(key), { replace: true });
    })();
    return () => {
      isCurrent = false;
      controller.abort();
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps -- once per visit of the callback: the code can be exchanged only once
  }, []);
  return <LaunchPage progress={progress} />;
}
