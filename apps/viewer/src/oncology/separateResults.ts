import { formatDicomDate, type DicomJson } from '@longview/dicom-meta';
import type { SeriesSummary, StudySummary } from '@longview/dicomweb';
import { isResultsOnlyStudy, studiesReferencedBy } from '@longview/timeline';

/**
 * Results stored in a study of their own (issue 27): an AI often stores its SEG and report under
 * a new StudyInstanceUID of the same patient, naming the study it describes only in its
 * references. The viewer of the described study shows them as its own, saying where they are
 * stored. Only the same archive's studies of the same patient (PatientID and its issuer) are
 * ever asked: results are never taken across patients.
 */

/** A results-only study that describes the opened study, with its series (its SEGs and SRs are read from it). */
export interface SeparateResultsStudy {
  studyInstanceUid: string;
  studyDate: string | undefined;
  series: readonly SeriesSummary[];
}

/** The same patient in the same archive: the same PatientID and the same issuer (both absent counts as the same). */
const isSamePatient = (a: StudySummary, b: StudySummary): boolean =>
  a.patientId !== undefined && a.patientId === b.patientId && (a.issuerOfPatientId ?? '') === (b.issuerOfPatientId ?? '');

/**
 * The studies that might hold results about `opened`: the same patient's results-only studies of
 * the same archive, never `opened` itself. Nothing more is asked about a patient without one.
 */
export function resultsOnlyStudiesOfPatient(opened: StudySummary, patientStudies: readonly StudySummary[]): StudySummary[] {
  return patientStudies.filter(
    (study) => study.archiveId === opened.archiveId && study.studyInstanceUid !== opened.studyInstanceUid && isSamePatient(study, opened) && isResultsOnlyStudy(study.modalities),
  );
}

/** Whether one instance of a results-only study names the opened study as the one it describes. */
export function describesStudy(metadata: DicomJson | undefined, openedStudyUid: string): boolean {
  return metadata !== undefined && studiesReferencedBy(metadata).includes(openedStudyUid);
}

/** "stored in a separate study, 2024-09-11", or without the date where the study has none. */
export function storedApartText(studyDate: string | undefined): string {
  const date = formatDicomDate(studyDate);
  return date ? `stored in a separate study, ${date}` : 'stored in a separate study';
}
