import { comparablePrior } from '@longview/timeline';
import type { ArchiveClient } from '@longview/dicomweb';
import { usePatientTimeline, type TimelineStudy } from '../timeline/usePatientTimeline';

/** The comparison study of a reading, as far as it is known. */
export type ReadingPrior =
  | { kind: 'not-wanted' }
  | { kind: 'searching' }
  | { kind: 'none' }
  /** A prior named in the URL that is not one of this patient's studies: never shown. */
  | { kind: 'not-this-patient' }
  | { kind: 'found'; study: TimelineStudy };

/**
 * The prior of a study: the timeline's comparable prior (same modality and body part, most
 * recent before) among the studies of this patient in every archive, or the prior the URL
 * names once it is confirmed to be one of them. Patients are joined by identifiers only (the
 * timeline's reconciliation), so a prior can never come from another patient's record.
 */
export function useReadingPrior(archive: ArchiveClient | undefined, studyUid: string, isWanted: boolean, named: { archiveId: string; studyUid: string } | undefined): ReadingPrior {
  // The patient's own studies only: no name-and-birth-date hints, which a prior never comes from.
  const timeline = usePatientTimeline({ kind: 'study', archive: isWanted ? archive : undefined, studyUid }, { withNameHints: false });
  if (!isWanted || !archive) return { kind: 'not-wanted' };
  // Settled when every archive has answered or is failing: a retrying archive holds nothing up.
  const isSettled = timeline.isComplete || (timeline.entries.length > 0 && timeline.archives.every((status) => status.state !== 'searching'));
  if (named) {
    const study = timeline.entries.find((entry) => entry.archiveId === named.archiveId && entry.studyInstanceUid === named.studyUid);
    if (study) return { kind: 'found', study };
    return isSettled ? { kind: 'not-this-patient' } : { kind: 'searching' };
  }
  if (!isSettled) return { kind: 'searching' };
  const current = timeline.entries.find((entry) => entry.archiveId === archive.id && entry.studyInstanceUid === studyUid);
  const prior = current ? comparablePrior(current, timeline.entries) : undefined;
  return prior ? { kind: 'found', study: prior } : { kind: 'none' };
}
