import { useQuery } from '@tanstack/react-query';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import { isMeasurementReport, readMeasurementReport, type MeasurementReport } from '@longview/measurement-report';
import { useStudy } from '../archives/queries';
import { useRecordAudit, type RecordAudit } from '../audit/AuditContext';
import { auditedStudySearch } from '../audit/archiveAudit';
import { describesStudy, resultsOnlyStudiesOfPatient, type SeparateResultsStudy } from './separateResults';

/**
 * The patient's results-only studies in this archive whose references name `opened`: one study
 * search by PatientID, then one instance's metadata and the series list of each results-only
 * study only (nothing more for a patient without one).
 */
async function findSeparateResultsStudies(recordAudit: RecordAudit, archive: ArchiveClient, opened: StudySummary, signal: AbortSignal): Promise<SeparateResultsStudy[]> {
  // It discloses the patient's other studies: audited as a patient query, like the timeline's.
  const patientStudies = await auditedStudySearch(recordAudit, archive, { patientId: opened.patientId }, signal);
  const found: SeparateResultsStudy[] = [];
  for (const candidate of resultsOnlyStudiesOfPatient(opened, patientStudies)) {
    if (!describesStudy(await archive.oneInstanceMetadata(candidate.studyInstanceUid, signal), opened.studyInstanceUid)) continue;
    const series = await archive.searchSeries(candidate.studyInstanceUid, signal);
    found.push({ studyInstanceUid: candidate.studyInstanceUid, studyDate: candidate.studyDate, series });
  }
  return found;
}

/**
 * The studies that hold results about the opened study apart from it (one query, shared by the
 * segment list, the findings and every viewport). `settled` once it is known, found or failed:
 * the objects are read only then, so they are read once.
 */
export function useSeparateResultsStudies(archive: ArchiveClient | undefined, studyUid: string): { studies: readonly SeparateResultsStudy[]; settled: boolean } {
  const study = useStudy(archive, studyUid);
  const opened = study.data;
  const recordAudit = useRecordAudit();
  const found = useQuery({
    queryKey: ['separate-results-studies', archive?.id, studyUid, opened?.patientId, opened?.issuerOfPatientId],
    queryFn: ({ signal }) => findSeparateResultsStudies(recordAudit, archive as ArchiveClient, opened as StudySummary, signal),
    enabled: archive !== undefined && opened?.patientId !== undefined,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  const isWithoutPatient = study.isError || (study.isSuccess && opened?.patientId === undefined);
  return { studies: found.data ?? NONE, settled: isWithoutPatient || found.isSuccess || found.isError };
}

const NONE: readonly SeparateResultsStudy[] = [];

/** A measurement report stored in a separate study that describes the opened one. */
export interface SeparateReport {
  report: MeasurementReport;
  storedApart: StoredApartStudy;
}

type StoredApartStudy = Pick<SeparateResultsStudy, 'studyInstanceUid' | 'studyDate'>;

/** Every measurement report (TID 1500) the separate studies' SR series hold, with where each is stored. */
async function readSeparateReports(archive: ArchiveClient, studies: readonly SeparateResultsStudy[], signal: AbortSignal): Promise<SeparateReport[]> {
  const reports: SeparateReport[] = [];
  for (const study of studies) {
    const storedApart = { studyInstanceUid: study.studyInstanceUid, studyDate: study.studyDate };
    for (const series of study.series.filter((s) => s.modality === 'SR')) {
      const metadata = await archive.retrieveSeriesMetadata(study.studyInstanceUid, series.seriesInstanceUid, signal);
      reports.push(...metadata.filter(isMeasurementReport).map((json) => ({ report: readMeasurementReport(json), storedApart })));
    }
  }
  return reports;
}

/** The measurement reports stored in separate studies about the opened one (nothing asked where there is none). */
export function useSeparateReports(archive: ArchiveClient | undefined, studyUid: string): readonly SeparateReport[] {
  const { studies } = useSeparateResultsStudies(archive, studyUid);
  const withReports = studies.filter((study) => study.series.some((s) => s.modality === 'SR'));
  const reports = useQuery({
    queryKey: ['separate-reports', archive?.id, studyUid, withReports.map((study) => study.studyInstanceUid).join(',')],
    queryFn: ({ signal }) => readSeparateReports(archive as ArchiveClient, withReports, signal),
    enabled: archive !== undefined && withReports.length > 0,
    staleTime: Number.POSITIVE_INFINITY,
    retry: false,
  });
  return reports.data ?? NO_REPORTS;
}

const NO_REPORTS: readonly SeparateReport[] = [];
