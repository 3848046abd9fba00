import { getPersonName, getString, type DicomJson } from '@longview/dicom-meta';
import type { ArchiveClient, StudySummary } from '@longview/dicomweb';
import {
  type KeyObjectTitle,
  type MeasurementReport,
  type ReportImageReference,
  type ReportStudyContext,
} from '@longview/measurement-report';
import { nextReportContent, type PageMeasurement } from './reportContent';
import type { PendingResult } from './outbox';
import type { SavedKeyImages } from './resultsStore';

/** SOP classes of what Longview writes (PS3.4 B.5): the report's predecessor reference names its own. */
const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';
const KEY_OBJECT_SELECTION = '1.2.840.10008.5.1.4.1.1.88.59';

/** A new DICOM UID: the UUID form (PS3.5 B.2), which needs no registered root. */
export function newUid(): string {
  return `2.25.${BigInt(`0x${crypto.randomUUID().replace(/-/g, '')}`).toString()}`;
}

/**
 * The patient and study attributes a saved document repeats: copied from one of the study's own
 * images where the page has its metadata (exactly what the archive holds), else from the study
 * search's answer. A document must never name another patient than its study's images.
 */
export function studyContextOf(study: StudySummary, imageMetadata: DicomJson | undefined): ReportStudyContext {
  const fromImage = (tag: Parameters<typeof getString>[1]) => (imageMetadata ? getString(imageMetadata, tag) : undefined);
  const context: ReportStudyContext = {
    studyInstanceUid: study.studyInstanceUid,
    patientId: fromImage('PatientID') ?? study.patientId,
    issuerOfPatientId: fromImage('IssuerOfPatientID') ?? study.issuerOfPatientId,
    patientName: (imageMetadata ? getPersonName(imageMetadata, 'PatientName') : undefined) ?? study.patientName,
    patientBirthDate: fromImage('PatientBirthDate') ?? study.patientBirthDate,
    patientSex: fromImage('PatientSex') ?? study.patientSex,
    studyDate: fromImage('StudyDate') ?? study.studyDate,
    studyTime: fromImage('StudyTime') ?? study.studyTime,
    accessionNumber: fromImage('AccessionNumber') ?? study.accessionNumber,
    studyId: fromImage('StudyID'),
  };
  return Object.fromEntries(Object.entries(context).filter(([, value]) => value !== undefined)) as ReportStudyContext;
}

export interface SaveRequest {
  archive: ArchiveClient;
  study: ReportStudyContext;
  readerName: string;
  savedAt: Date;
  /** Set when the measurements changed since the reader's latest report. */
  measurements?: { page: readonly PageMeasurement[]; latest: MeasurementReport | undefined; shownItems: ReadonlySet<number> };
  /** Set when the key images changed since the reader's latest selection. */
  keyImages?: { images: ReportImageReference[]; title: KeyObjectTitle; latest: SavedKeyImages | undefined };
}

export interface SavePlan {
  entries: Omit<PendingResult, 'attempts'>[];
  /** The new version of the reader's report, as the page will show it until the archive lists it. */
  report?: MeasurementReport;
  /** Item index in the new report of each page measurement (annotation uid). */
  itemOfUid?: Map<string, number>;
  keyImages?: SavedKeyImages;
}

/**
 * The documents one save writes: a new version of the reader's TID 1500 report (its predecessor
 * the latest, in the same series) and a new key image selection, each a Part-10 file for the
 * outbox. New SOP Instance UIDs are made here, once: a retried store sends the same instance.
 * The writer (dcmjs) is loaded on the first save, not with the viewer.
 */
export async function planSave(request: SaveRequest): Promise<SavePlan> {
  const { buildKeyObjectSelection, buildMeasurementReport } = await import('@longview/measurement-report/write');
  const { archive, study, readerName, savedAt } = request;
  const plan: SavePlan = { entries: [] };
  const queued = {
    archiveId: archive.id,
    studyInstanceUid: study.studyInstanceUid,
    patient: study.patientId ? { id: study.patientId, issuer: study.issuerOfPatientId ?? archive.config.patientIdIssuer } : undefined,
    queuedAt: savedAt.toISOString(),
  };
  if (request.measurements) {
    const { page, latest, shownItems } = request.measurements;
    const { measurements, itemOfUid } = nextReportContent(page, latest, shownItems);
    const sopInstanceUid = newUid();
    const seriesInstanceUid = latest?.seriesInstanceUid ?? newUid();
    const predecessor = latest
      ? { studyInstanceUid: latest.studyInstanceUid, seriesInstanceUid: latest.seriesInstanceUid, sopInstanceUid: latest.sopInstanceUid, sopClassUid: COMPREHENSIVE_SR }
      : undefined;
    const bytes = buildMeasurementReport({
      study,
      observerName: readerName,
      measurements,
      seriesInstanceUid,
      sopInstanceUid,
      contentDateTime: savedAt,
      ...(predecessor ? { predecessor } : {}),
    });
    plan.entries.push({ ...queued, sopInstanceUid, kind: 'measurement-report', bytes });
    plan.itemOfUid = itemOfUid;
    plan.report = {
      sopInstanceUid,
      seriesInstanceUid,
      studyInstanceUid: study.studyInstanceUid,
      observerName: readerName,
      device: undefined,
      contentDateTime: savedAt,
      manufacturer: 'Longview',
      softwareVersions: undefined,
      predecessors: latest ? [latest.sopInstanceUid] : [],
      measurements,
      segmentFindings: [],
      problems: [],
    };
  }
  if (request.keyImages) {
    const { images, title, latest } = request.keyImages;
    const sopInstanceUid = newUid();
    const seriesInstanceUid = latest?.seriesInstanceUid ?? newUid();
    const bytes = buildKeyObjectSelection({
      study,
      title,
      images,
      observerName: readerName,
      seriesInstanceUid,
      sopInstanceUid,
      contentDateTime: savedAt,
      ...(latest ? { predecessor: { studyInstanceUid: study.studyInstanceUid, seriesInstanceUid: latest.seriesInstanceUid, sopInstanceUid: latest.sopInstanceUid, sopClassUid: KEY_OBJECT_SELECTION } } : {}),
    });
    plan.entries.push({ ...queued, sopInstanceUid, kind: 'key-images', bytes });
    plan.keyImages = { sopInstanceUid, seriesInstanceUid, images };
  }
  return plan;
}
