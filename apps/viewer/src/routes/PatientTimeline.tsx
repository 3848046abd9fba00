import { useEffect, useMemo, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import type { ArchiveClient } from '@longview/dicomweb';
import { useArchives } from '../archives/ArchivesContext';
import { ArchiveErrorBanner } from '../study/ArchiveErrorBanner';
import { UnknownArchive } from '../archives/UnknownArchive';
import { isTyping } from '../keyboard/isTyping';
import { ArchiveStatusBar } from '../timeline/ArchiveStatusBar';
import { IdentityBanner } from '../timeline/IdentityBanner';
import { TimelineBody } from '../timeline/TimelineBody';
import { usePatientTimeline, type PatientTimeline as PatientTimelineState } from '../timeline/usePatientTimeline';
import { readLaunchedPatient } from '../launch/launchContext';
import { NoImagesForPatient, UnknownLaunch } from '../timeline/LaunchMessages';
import { useViewerPreload } from './useViewerPreload';

/**
 * What the page says until the timeline can show: the launch's patient being found (or not
 * found), the anchor study being asked for, failing, missing, or without a patient ID.
 * Undefined once there is a patient to show the timeline of.
 */
function anchorStatus(timeline: PatientTimelineState, isLaunch: boolean, anchorArchive: ArchiveClient | undefined): ReactNode {
  const { anchorStudy, anchor } = timeline;
  let body: ReactNode;
  if (isLaunch && !anchor) {
    body = timeline.isComplete ? (
      <NoImagesForPatient statuses={timeline.archives} onRetry={timeline.retryArchive} />
    ) : (
      <>
        <ArchiveStatusBar statuses={timeline.archives} mpi={timeline.mpi} onRetry={timeline.retryArchive} onRetryMpi={timeline.retryMpi} onRefresh={timeline.refresh} />
        <p className="page-message" role="status">
          Finding the patient the EHR named in every archive…
        </p>
      </>
    );
  } else if (isLaunch || !anchorArchive) {
    // A launched patient whose record was found: the timeline itself, below.
  } else if (anchorStudy.isPending) {
    body = (
      <p className="page-message" role="status">
        Finding the patient of this study in {anchorArchive.config.name}…
      </p>
    );
  } else if (anchorStudy.error) {
    body = <ArchiveErrorBanner archiveName={anchorArchive.config.name} error={anchorStudy.error} onRetry={() => void anchorStudy.refetch()} />;
  } else if (!anchorStudy.data) {
    body = (
      <p className="page-message" role="alert">
        {anchorArchive.config.name} does not have the study this link names.
      </p>
    );
  } else if (!anchor) {
    body = (
      <p className="page-message" role="alert">
        This study has no patient ID, so its patient's other studies cannot be found safely.
      </p>
    );
  }
  return body;
}

/** For bench/timeline.mjs: when the first study showed, and when nothing more was coming. */
function useTimelineMarks(hasEntries: boolean, isComplete: boolean): void {
  useEffect(() => {
    if (hasEntries && performance.getEntriesByName('longview:timeline-first-entry').length === 0) performance.mark('longview:timeline-first-entry');
  }, [hasEntries]);
  useEffect(() => {
    if (isComplete && performance.getEntriesByName('longview:timeline-complete').length === 0) performance.mark('longview:timeline-complete');
  }, [isComplete]);
}

/** Backspace goes back to the study list. */
function useBackspaceToStudyList(): void {
  const navigate = useNavigate();
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Backspace' && !isTyping(event)) navigate('/');
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [navigate]);
}

/**
 * Everything imaged for one patient, from every archive, on one time axis. The URL names the
 * study (archive and UID) the timeline was opened from, or (`/patient/<key>`) the opaque key of
 * a patient an EHR launch named — never the patient. On a phone the lanes become a list by
 * date (TimelineList), with the same filters and the details under the selected study.
 */
export function PatientTimeline() {
  const { archiveId = '', studyUid = '', launchKey } = useParams();
  const { all: archives, byId } = useArchives();
  const anchorArchive = byId(archiveId);
  const isLaunch = launchKey !== undefined;
  const launched = useMemo(() => (launchKey === undefined ? undefined : readLaunchedPatient(launchKey)), [launchKey]);
  const timeline = usePatientTimeline(isLaunch ? { kind: 'launch', patient: launched } : { kind: 'study', archive: anchorArchive, studyUid });

  useTimelineMarks(timeline.entries.length > 0, timeline.isComplete);
  useViewerPreload(timeline.isComplete && timeline.entries.length > 0);
  useBackspaceToStudyList();

  if (isLaunch ? !launched : !anchorArchive) {
    return isLaunch ? <UnknownLaunch /> : <UnknownArchive />;
  }

  const { anchor } = timeline;
  const status = anchorStatus(timeline, isLaunch, anchorArchive);
  return (
    <div className="patient-timeline">
      <header className="app-header">
        <Link to="/" className="back-link" title="Back to the study list (Backspace)">
          ← Studies
        </Link>
        {anchor ? <IdentityBanner anchor={anchor} reconciliation={timeline.reconciliation} mpi={timeline.mpi} /> : <span>Patient timeline</span>}
      </header>
      {anchor && status === undefined ? <TimelineBody timeline={timeline} archives={archives} launched={launched} openedFrom={isLaunch ? undefined : `${archiveId}/${studyUid}`} /> : status}
    </div>
  );
}
