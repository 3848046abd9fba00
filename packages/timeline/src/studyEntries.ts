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
}

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
