import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { comparablePrior, filterEntries, SPECIALTIES, type Specialty } from '@longview/timeline';
import { toDicomDate } from '@longview/dicom-meta';
import { useArchives } from '../archives/ArchivesContext';
import { ArchiveErrorBanner } from '../study/ArchiveErrorBanner';
import { UnknownArchive } from '../archives/UnknownArchive';
import { isTyping } from '../keyboard/isTyping';
import { ArchiveStatusBar } from '../timeline/ArchiveStatusBar';
import { EntryDetails } from '../timeline/EntryDetails';
import { IdentityBanner } from '../timeline/IdentityBanner';
import { PossibleOtherRecords } from '../timeline/PossibleOtherRecords';
import { NO_FILTER, TimelineFilters, type TimelineFilterState } from '../timeline/TimelineFilters';
import { TimelineLanes } from '../timeline/TimelineLanes';
import { TimelineList } from '../timeline/TimelineList';
import { useIsPhoneLayout } from '../layout/formFactor';
import type { ArchiveClient } from '@longview/dicomweb';
import { usePatientTimeline, type PatientTimeline as PatientTimelineState, type TimelineStudy } from '../timeline/usePatientTimeline';
import { readLaunchedPatient } from '../launch/launchContext';
import { hasLaunchScope, scopeToLaunch } from '../launch/launchScope';
import { LaunchScopeNotice, NoImagesForPatient, UnknownLaunch } from '../timeline/LaunchMessages';

function chronological(a: TimelineStudy, b: TimelineStudy): number {
  const left = `${a.studyDate ?? '99999999'}${a.studyTime ?? ''}`;
  const right = `${b.studyDate ?? '99999999'}${b.studyTime ?? ''}`;
  return left === right ? a.key.localeCompare(b.key) : left < right ? -1 : 1;
}

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
  const navigate = useNavigate();
  const isPhone = useIsPhoneLayout();
  const { all: archives, byId } = useArchives();
  const anchorArchive = byId(archiveId);
  const isLaunch = launchKey !== undefined;
  const launched = useMemo(() => (launchKey === undefined ? undefined : readLaunchedPatient(launchKey)), [launchKey]);
  const timeline = usePatientTimeline(isLaunch ? { kind: 'launch', patient: launched } : { kind: 'study', archive: anchorArchive, studyUid });
  const [filter, setFilter] = useState<TimelineFilterState>(NO_FILTER);
  const [focusedKey, setFocusedKey] = useState<string | undefined>(undefined);
  // The part of the history the launch asked for, until the reader asks for all of it.
  const [isLaunchScoped, setLaunchScoped] = useState(true);

  const wholeHistory = [...timeline.entries].sort(chronological);
  const allEntries = isLaunchScoped ? scopeToLaunch(wholeHistory, launched) : wholeHistory;
  const visible = filterEntries(allEntries, {
    specialties: new Set(SPECIALTIES.filter((s) => !filter.hiddenSpecialties.has(s))),
    archiveIds: new Set(archives.map((a) => a.id).filter((id) => !filter.hiddenArchives.has(id))),
    modality: filter.modality || undefined,
    from: filter.from ? toDicomDate(filter.from) : undefined,
    to: filter.to ? toDicomDate(filter.to) : undefined,
  });
  const countBySpecialty = new Map<Specialty, number>();
  for (const entry of allEntries) countBySpecialty.set(entry.specialty, (countBySpecialty.get(entry.specialty) ?? 0) + 1);
  const modalities = [...new Set(allEntries.flatMap((e) => e.modalities))].sort();

  // The study the timeline was opened from is selected first; after a launch, the most recent
  // study it asked for.
  const anchorKey = isLaunch ? allEntries.at(-1)?.key : `${archiveId}/${studyUid}`;
  const selectedKey = focusedKey ?? (allEntries.some((e) => e.key === anchorKey) ? anchorKey : undefined);
  const selected = visible.find((e) => e.key === selectedKey);
  const prior = selected ? comparablePrior(selected, wholeHistory) : undefined;

  const open = (entry: TimelineStudy) => navigate(`/viewer/${entry.archiveId}/${entry.studyInstanceUid}`);
  const compare = (entry: TimelineStudy, priorEntry: TimelineStudy | undefined) => {
    if (priorEntry) navigate(`/compare/${entry.archiveId}/${entry.studyInstanceUid}/${priorEntry.archiveId}/${priorEntry.studyInstanceUid}`);
  };

  useTimelineMarks(timeline.entries.length > 0, timeline.isComplete);
  useBackspaceToStudyList();

  if (isLaunch ? !launched : !anchorArchive) {
    return isLaunch ? <UnknownLaunch /> : <UnknownArchive />;
  }

  const { anchor } = timeline;
  let body = anchorStatus(timeline, isLaunch, anchorArchive);
  if (anchor && body === undefined) {
    // Beside the lanes; on a phone, under the selected study in the list.
    const details = <EntryDetails entry={selected} prior={prior} onOpen={open} onCompare={compare} loadThumbnail={timeline.isComplete} />;
    body = (
      <>
        <ArchiveStatusBar statuses={timeline.archives} mpi={timeline.mpi} onRetry={timeline.retryArchive} onRetryMpi={timeline.retryMpi} onRefresh={timeline.refresh} />
        {launched && isLaunchScoped && hasLaunchScope(launched) ? (
          <LaunchScopeNotice patient={launched} shown={allEntries.length} total={wholeHistory.length} onShowAll={() => setLaunchScoped(false)} />
        ) : null}
        <PossibleOtherRecords records={timeline.possibleOthers} />
        <TimelineFilters filter={filter} onChange={setFilter} countBySpecialty={countBySpecialty} modalities={modalities} archives={archives} />
        <div className={isPhone ? 'timeline-body by-date' : 'timeline-body'}>
          {visible.length > 0 && isPhone ? (
            <TimelineList entries={visible} selectedKey={selected?.key} onSelect={setFocusedKey} onOpen={open} selectedDetails={details} />
          ) : visible.length > 0 ? (
            <TimelineLanes
              entries={visible}
              allEntries={allEntries}
              focusedKey={selected?.key}
              onFocus={setFocusedKey}
              onOpen={open}
              onCompare={(entry) => compare(entry, comparablePrior(entry, wholeHistory))}
              loadThumbnails={timeline.isComplete}
            />
          ) : (
            <p className="empty-state">
              {allEntries.length > 0 ? 'No studies match these filters.' : timeline.isComplete ? 'No studies match what the EHR asked for.' : 'Searching the archives…'}
            </p>
          )}
          {isPhone ? null : details}
        </div>
      </>
    );
  }

  return (
    <div className="patient-timeline">
      <header className="app-header">
        <Link to="/" className="back-link" title="Back to the study list (Backspace)">
          ← Studies
        </Link>
        {anchor ? <IdentityBanner anchor={anchor} reconciliation={timeline.reconciliation} mpi={timeline.mpi} /> : <span>Patient timeline</span>}
      </header>
      {body}
    </div>
  );
}
