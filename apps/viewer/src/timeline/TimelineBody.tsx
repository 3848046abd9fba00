import { useMemo } from 'react';
import { useNavigate } from 'react-router-dom';
import { comparablePrior, type TimelineStudy } from '@longview/timeline';
import type { ArchiveClient } from '@longview/dicomweb';
import { openStudyEarly } from '../boot/earlyOpen';
import { useIsPhoneLayout } from '../layout/formFactor';
import type { LaunchedPatient } from '../launch/launchContext';
import { hasLaunchScope } from '../launch/launchScope';
import { ArchiveStatusBar } from './ArchiveStatusBar';
import { EntryDetails } from './EntryDetails';
import { LaunchScopeNotice } from './LaunchMessages';
import { PossibleOtherRecords } from './PossibleOtherRecords';
import { TimelineFilters } from './TimelineFilters';
import { TimelineLanes } from './TimelineLanes';
import { TimelineList } from './TimelineList';
import type { PatientTimeline } from './usePatientTimeline';
import { filterChoices, useTimelineView } from './useTimelineView';

interface TimelineBodyProps {
  timeline: PatientTimeline;
  archives: readonly ArchiveClient[];
  launched: LaunchedPatient | undefined;
  /** The key of the study the timeline was opened from (selected first), if it was. */
  openedFrom: string | undefined;
}

/**
 * The timeline of a patient who was found: the archives' status, the launch's scope, possible
 * other records, the filters, and the studies as lanes beside their details (on a phone, a
 * list by date with the details under the selected study). The selected study is the reader's
 * choice, else `openedFrom`, else after a launch the most recent study it asked for.
 */
export function TimelineBody({ timeline, archives, launched, openedFrom }: TimelineBodyProps) {
  const navigate = useNavigate();
  const isPhone = useIsPhoneLayout();
  // The reader's focus and filters live here, below the patient's searches: moving the focus
  // re-renders the lanes and the details, never usePatientTimeline's reconciliation.
  const view = useTimelineView(timeline.entries, archives, launched, openedFrom);
  const { wholeHistory, allEntries, visible, selected } = view;
  const { countBySpecialty, modalities } = useMemo(() => filterChoices(allEntries), [allEntries]);
  const open = (entry: TimelineStudy) => {
    // Its first image's requests start now, not once the viewer's chunk and components are in.
    const archive = archives.find((candidate) => candidate.id === entry.archiveId);
    if (archive) {
      const { archiveId, studyInstanceUid, studyDate, description, bodyParts } = entry;
      openStudyEarly(archive.config, { archiveId, studyInstanceUid, studyDate, studyDescription: description, bodyParts }, archive.authHeaders());
    }
    navigate(`/viewer/${entry.archiveId}/${entry.studyInstanceUid}`);
  };
  const compare = (entry: TimelineStudy, priorEntry: TimelineStudy | undefined) => {
    if (priorEntry) navigate(`/compare/${entry.archiveId}/${entry.studyInstanceUid}/${priorEntry.archiveId}/${priorEntry.studyInstanceUid}`);
  };
  // Beside the lanes; on a phone, under the selected study in the list.
  const details = <EntryDetails entry={selected} prior={view.prior} onOpen={open} onCompare={compare} loadThumbnail={timeline.isComplete} />;
  return (
    <>
      <ArchiveStatusBar statuses={timeline.archives} mpi={timeline.mpi} onRetry={timeline.retryArchive} onRetryMpi={timeline.retryMpi} onRefresh={timeline.refresh} />
      {launched && view.isLaunchScoped && hasLaunchScope(launched) ? (
        <LaunchScopeNotice patient={launched} shown={allEntries.length} total={wholeHistory.length} onShowAll={view.showWholeHistory} />
      ) : null}
      <PossibleOtherRecords records={timeline.possibleOthers} />
      <TimelineFilters filter={view.filter} onChange={view.setFilter} countBySpecialty={countBySpecialty} modalities={modalities} archives={archives} />
      <div className={isPhone ? 'timeline-body by-date' : 'timeline-body'}>
        {visible.length > 0 && isPhone ? (
          <TimelineList entries={visible} selectedKey={selected?.key} onSelect={view.select} onOpen={open} selectedDetails={details} />
        ) : visible.length > 0 ? (
          <TimelineLanes
            entries={visible}
            allEntries={allEntries}
            focusedKey={selected?.key}
            onFocus={view.select}
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
