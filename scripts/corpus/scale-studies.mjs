// Patients with very many tiny studies, for the study list and timeline at scale (issue 33):
// the e2e's 250-study patient and the bench's 2,000, 10,000 and 50,000. Generated on demand into
// their own directory and loaded into their own Orthanc (scripts/archive/scale-archive.mjs), never
// into the demo corpus, so no other spec's counts move.
//
// Each study is one 8 × 8 CR image. Dates look random but are deterministic (a hash of the
// patient and the study's number), all strictly older than the patient's one newest study, whose
// date is fixed and whose place among the files is in the middle: an archive that answers in
// the order it stored them cannot put it on its first page by luck.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { SOP_CLASS, TS, writeDicomFile } from './dicom-file.mjs';
import { deterministicUid } from './uids.mjs';

/** The newest study's date: every other study of a scale patient is older. */
export const NEWEST_STUDY_DATE = '20261115';
/** The oldest date a scale study may have. */
export const OLDEST_STUDY_DATE = '19950101';

const DAY_MS = 86_400_000;

function toDa(ms) {
  return new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');
}

function msOf(da) {
  return Date.UTC(Number(da.slice(0, 4)), Number(da.slice(4, 6)) - 1, Number(da.slice(6, 8)));
}

/** A number in [0, 1) from a key: random-looking, the same on every run. */
function hashFraction(key) {
  return createHash('sha256').update(key).digest().readUInt32BE(0) / 2 ** 32;
}

/**
 * The studies of one scale patient, in the order they are stored (not date order).
 * @param {{ patientId: string, count: number }} options
 * @returns {{ patientId: string, patientName: string, studies: Array<{ index: number, studyInstanceUid: string, seriesInstanceUid: string, sopInstanceUid: string, studyDate: string, studyTime: string, accessionNumber: string }> }}
 */
export function scalePatient({ patientId, count }) {
  if (!/^[A-Z0-9-]{1,16}$/.test(patientId)) throw new Error(`scale patient ID "${patientId}" must be 1–16 capital letters, digits or dashes`);
  if (!Number.isInteger(count) || count < 2) throw new Error(`a scale patient needs a whole number of studies from 2, got ${count}`);
  const newestIndex = Math.floor(count / 2);
  const oldest = msOf(OLDEST_STUDY_DATE);
  const span = (msOf(NEWEST_STUDY_DATE) - oldest) / DAY_MS; // days strictly before the newest
  const studies = Array.from({ length: count }, (_, index) => {
    const key = `scale/${patientId}/${index}`;
    const studyDate = index === newestIndex ? NEWEST_STUDY_DATE : toDa(oldest + Math.floor(hashFraction(`${key}/date`) * span) * DAY_MS);
    const seconds = Math.floor(hashFraction(`${key}/time`) * 86_400);
    const studyTime = [Math.floor(seconds / 3600), Math.floor(seconds / 60) % 60, seconds % 60].map((n) => String(n).padStart(2, '0')).join('');
    return {
      index,
      studyInstanceUid: deterministicUid(`${key}/study`),
      seriesInstanceUid: deterministicUid(`${key}/series`),
      sopInstanceUid: deterministicUid(`${key}/instance`),
      studyDate,
      studyTime,
      accessionNumber: `${patientId}-${String(index).padStart(5, '0')}`.slice(0, 16),
    };
  });
  return { patientId, patientName: `SCALE^${patientId.replaceAll('-', '')}`, studies };
}

/** The patient's studies newest first (date, then time), as a date-sorted list must show them. */
export function newestFirst(studies) {
  return [...studies].sort((a, b) => `${b.studyDate}${b.studyTime}`.localeCompare(`${a.studyDate}${a.studyTime}`));
}

/**
 * Writes one tiny Part-10 file per study into `dir` (skipping those already there) and answers
 * their paths in storage order.
 */
export function writeScaleFiles(dir, patient) {
  const pixels = new Uint8Array(64).map((_, i) => (i * 4) % 256);
  return patient.studies.map((study) => {
    const file = path.join(dir, `${study.index}.dcm`);
    if (fs.existsSync(file)) return file;
    writeDicomFile(file, {
      transferSyntaxUid: TS.explicitLittle,
      attributes: {
        SOPClassUID: SOP_CLASS.cr,
        SOPInstanceUID: study.sopInstanceUid,
        StudyInstanceUID: study.studyInstanceUid,
        SeriesInstanceUID: study.seriesInstanceUid,
        PatientName: patient.patientName,
        PatientID: patient.patientId,
        IssuerOfPatientID: 'LONGVIEW-SCALE',
        PatientBirthDate: '19500101',
        PatientSex: 'F',
        StudyDate: study.studyDate,
        StudyTime: study.studyTime,
        SeriesDate: study.studyDate,
        AccessionNumber: study.accessionNumber,
        StudyDescription: 'XR CHEST PORTABLE',
        StudyID: String(study.index),
        Modality: 'CR',
        BodyPartExamined: 'CHEST',
        SeriesNumber: 1,
        InstanceNumber: 1,
        SamplesPerPixel: 1,
        PhotometricInterpretation: 'MONOCHROME2',
        Rows: { vr: 'US', value: 8 },
        Columns: { vr: 'US', value: 8 },
        BitsAllocated: { vr: 'US', value: 8 },
        BitsStored: { vr: 'US', value: 8 },
        HighBit: { vr: 'US', value: 7 },
        PixelRepresentation: { vr: 'US', value: 0 },
        PixelData: { vr: 'OB', value: pixels },
      },
    });
    return file;
  });
}
