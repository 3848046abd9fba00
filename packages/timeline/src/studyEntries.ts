import type { TimelineEntry } from './entries';
import { classifySpecialty } from './specialty';

/**
 * One study as an archive's study search answers it: what the timeline shows of it. Declared
 * here rather than imported from the archive client so that the timeline stays pure logic;
 * `StudySummary` from @longview/dicomweb fits it.
 */
export interface SearchedStudy {
  archiveId: string;
  studyInstanceUid: string;
  patientId: string | undefined;
  studyDate: string | undefined;
  studyTime: string | undefined;
  studyDescription: string | undefined;
  modalities: readonly string[];
  bodyParts: readonly string[];
  sopClassUids: readonly string[];
  seriesCount: number | undefined;
  instanceCount: number | undefined;
}

/** A study on one patient's timeline, with where it came from and how fresh it is. */
export interface TimelineStudy extends TimelineEntry {
  /** The local record (archive's own patient ID) the study belongs to. */
  patientId: string | undefined;
  /** Its archive failed since answering: kept on screen, marked as possibly out of date. */
  isStale: boolean;
  /** Results-only studies stored apart that describe this one (resultsStudies.ts): a badge, not cards. */
  attachedResults?: readonly AttachedResultsStudy[];
  /** Only a results-only study that is still a card: why it is not attached to the study it describes. */
  resultsStanding?: ResultsStudyStanding | undefined;
}

/** A results-only study attached to the study it describes: what that card's badge says of it. */
export interface AttachedResultsStudy {
  key: string;
  archiveId: string;
  studyInstanceUid: string;
  studyDate: string | undefined;
  description: string | undefined;
  modalities: readonly string[];
}

/**
 * Why a results-only study is still a card of its own: its references are being read, could not
 * be read, name no study, or name studies that are not on this patient's timeline.
 */
export type ResultsStudyStanding =
  | { kind: 'checking' }
  | { kind: 'unreadable' }
  | { kind: 'names-no-study' }
  | { kind: 'not-on-timeline'; studyUids: readonly string[] };

/** The patient's studies as timeline entries, each once (two searches may find the same study), in its specialty's lane. */
export function timelineEntriesOf(
  memberStudies: readonly SearchedStudy[],
  staleArchives: ReadonlySet<string>,
  departmentOf: (archiveId: string) => string | undefined,
): TimelineStudy[] {
  const seen = new Set<string>();
  return memberStudies.flatMap((study): TimelineStudy[] => {
    // The same study UID may be in two archives: each is its own entry.
    const key = `${study.archiveId}/${study.studyInstanceUid}`;
    if (seen.has(key)) return [];
    seen.add(key);
    return [
      {
        key,
        archiveId: study.archiveId,
        studyInstanceUid: study.studyInstanceUid,
        studyDate: study.studyDate,
        studyTime: study.studyTime,
        description: study.studyDescription,
        modalities: study.modalities,
        bodyParts: study.bodyParts,
        seriesCount: study.seriesCount,
        instanceCount: study.instanceCount,
        specialty: classifySpecialty({
          modalities: study.modalities,
          sopClassUids: study.sopClassUids,
          bodyParts: study.bodyParts,
          department: departmentOf(study.archiveId),
        }),
        patientId: study.patientId,
        isStale: staleArchives.has(study.archiveId),
      },
    ];
  });
}
