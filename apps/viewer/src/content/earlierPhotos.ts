import type { DicomJson } from '@longview/dicom-meta';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import type { RecordAudit } from '../audit/AuditContext';
import { auditedStudySearch } from '../audit/archiveAudit';
import { isSameSite, photoSiteOf } from './photoSite';

export interface EarlierPhoto {
  studyUid: string;
  seriesUid: string;
  studyDate: string | undefined;
}

/** Studies looked into at most: a patient photographed weekly for years stays quick to search. */
const MAX_STUDIES_SEARCHED = 12;

/**
 * Earlier photographs of the same body site of the same patient record, newest first. Only
 * this archive's record (PatientID with its issuer) is searched: a comparison must never join
 * two people, and the record's identity is what the archive vouches for. Each candidate
 * study's first photograph is checked for the same site (laterality and region).
 */
export async function findEarlierPhotosOfSite(
  archive: ArchiveClient,
  recordAudit: RecordAudit,
  current: { study: StudySummary; studyUid: string; modality: string | undefined; metadata: DicomJson },
  signal: AbortSignal,
): Promise<EarlierPhoto[]> {
  const { study } = current;
  if (!study.patientId) return [];
  const site = photoSiteOf(current.metadata);
  const studies = await auditedStudySearch(recordAudit, archive, { patientId: study.patientId, modality: current.modality }, signal);
  const candidates = studies
    .filter((other) => other.patientId === study.patientId && other.issuerOfPatientId === study.issuerOfPatientId)
    .filter((other) => other.studyInstanceUid !== current.studyUid && (!study.studyDate || (other.studyDate ?? '') < study.studyDate))
    .sort((a, b) => (b.studyDate ?? '').localeCompare(a.studyDate ?? ''))
    .slice(0, MAX_STUDIES_SEARCHED);
  const found: EarlierPhoto[] = [];
  for (const candidate of candidates) {
    const seriesList = await archive.searchSeries(candidate.studyInstanceUid, signal);
    for (const series of seriesList.filter((s) => !current.modality || s.modality === current.modality)) {
      const [first] = await archive.searchInstances(candidate.studyInstanceUid, series.seriesInstanceUid, signal, { limit: 1 });
      if (!first) continue;
      const metadata = await archive.retrieveInstanceMetadata(candidate.studyInstanceUid, series.seriesInstanceUid, first.sopInstanceUid, signal);
      if (isSameSite(site, photoSiteOf(metadata))) {
        found.push({ studyUid: candidate.studyInstanceUid, seriesUid: series.seriesInstanceUid, studyDate: candidate.studyDate });
        break;
      }
    }
  }
  return found;
}
