// The cross-archive timeline patient "carol" and the records that must never join her
// timeline. Carol is one person with four local records (radiology, cardiology, pathology,
// clinics) linked ONLY through Other Patient IDs Sequence items, never through a shared ID:
//
//   R-100234 (LONGVIEW-RAD)  -> C-55012 (LONGVIEW-CARD), K-3300 (LONGVIEW-CLIN)
//   C-55012  (no issuer in the data: the cardiology archive's default, LONGVIEW-CARD)
//                            -> R-100234 (LONGVIEW-RAD), P-7781 (LONGVIEW-PATH)
//   P-7781   (LONGVIEW-PATH) -> K-3300 (LONGVIEW-CLIN)
//   K-3300   (issuer written as the OID 2.16.840.1.113883.3.9999.4, which public/config.json
//             declares an alias of LONGVIEW-CLIN) -> R-100234 (LONGVIEW-RAD)
//
// Pathology is reached only through cardiology's record, the clinics record only by the
// alias; with any one archive down the others stay linked (the outage e2e test stops pathology).
//
// Traps: "carol-namesake" has carol's name, birth date and sex but no identifier in common;
// "david-outside" has carol's radiology PatientID string, issued by another hospital.
import { defineRecord, defineStudy } from './patients.mjs';

/** Default issuer of patient IDs per archive, as public/config.json declares them. */
export const ARCHIVE_ISSUERS = { radiology: 'LONGVIEW-RAD', cardiology: 'LONGVIEW-CARD', pathology: 'LONGVIEW-PATH', clinics: 'LONGVIEW-CLIN' };
/** An OID that public/config.json declares an alias of LONGVIEW-CLIN. */
export const CLINICS_ISSUER_OID = '2.16.840.1.113883.3.9999.4';

const ACCESSION_PREFIX = { radiology: 'RAD', cardiology: 'CARD', pathology: 'PATH', clinics: 'CLIN' };
const REFERRER = { radiology: 'GENERAL^GRACE', cardiology: 'HEART^HENRY', pathology: 'SURGEON^SAM', clinics: 'CLINIC^CLARA' };

/**
 * A one-series study of a timeline record. `series` describes what series-timeline.mjs writes:
 * { kind (modality), bodyPart, description, count (instances), encoding, laterality? }.
 * Keys and accession numbers derive from the date, which is unique across the corpus.
 */
export function defineTimelineStudy(patient, { date, time, description, specialty, series }) {
  const prefix = ACCESSION_PREFIX[patient.archive];
  return defineStudy(`${patient.person}-${date}-${series.kind.toLowerCase()}`, {
    patient, studyDate: date, studyTime: time, studyDescription: description, specialty,
    accessionNumber: `${prefix}-${date}`, studyId: `${prefix}${date.slice(2)}`, referringPhysicianName: REFERRER[patient.archive],
    series,
  });
}

const CAROL = { person: 'carol', patientName: 'LONGVIEW^CAROL', birthDate: '19580923', sex: 'F' };

export const CAROL_RECORDS = {
  radiology: defineRecord({
    ...CAROL, archive: 'radiology', patientId: 'R-100234', issuerOfPatientId: 'LONGVIEW-RAD',
    otherPatientIds: [{ patientId: 'C-55012', issuerOfPatientId: 'LONGVIEW-CARD' }, { patientId: 'K-3300', issuerOfPatientId: 'LONGVIEW-CLIN' }],
  }),
  // No IssuerOfPatientID in the data: the cardiology archive's configured default covers it.
  // The middle name is how the cardiology registration desk spelled it.
  cardiology: defineRecord({
    ...CAROL, archive: 'cardiology', patientId: 'C-55012', patientName: 'LONGVIEW^CAROL^A',
    otherPatientIds: [{ patientId: 'R-100234', issuerOfPatientId: 'LONGVIEW-RAD' }, { patientId: 'P-7781', issuerOfPatientId: 'LONGVIEW-PATH' }],
  }),
  pathology: defineRecord({
    ...CAROL, archive: 'pathology', patientId: 'P-7781', issuerOfPatientId: 'LONGVIEW-PATH',
    otherPatientIds: [{ patientId: 'K-3300', issuerOfPatientId: 'LONGVIEW-CLIN' }],
  }),
  // The clinics system writes its issuer as an OID; only the configured alias makes it LONGVIEW-CLIN.
  clinics: defineRecord({
    ...CAROL, archive: 'clinics', patientId: 'K-3300', issuerOfPatientId: CLINICS_ISSUER_OID,
    otherPatientIds: [{ patientId: 'R-100234', issuerOfPatientId: 'LONGVIEW-RAD' }],
  }),
};

const NAMESAKE = { person: 'carol-namesake', patientName: 'LONGVIEW^CAROL', birthDate: '19580923', sex: 'F' };

/** Same name, birth date and sex as carol; not linked to her, nor to each other. */
export const NAMESAKE_RECORDS = {
  radiology: defineRecord({ ...NAMESAKE, archive: 'radiology', patientId: 'R-200991', issuerOfPatientId: 'LONGVIEW-RAD' }),
  cardiology: defineRecord({ ...NAMESAKE, archive: 'cardiology', patientId: 'C-80001' }),
};

/** Carol's radiology PatientID string, assigned by another hospital, in the cardiology archive. */
export const DAVID_RECORD = defineRecord({
  person: 'david-outside', archive: 'cardiology', patientId: 'R-100234', issuerOfPatientId: 'OUTSIDE-HOSP',
  patientName: 'LONGVIEW^DAVID', birthDate: '19900517', sex: 'M',
});

export const TIMELINE_RECORDS = [...Object.values(CAROL_RECORDS), ...Object.values(NAMESAKE_RECORDS), DAVID_RECORD];

const { radiology, cardiology, pathology, clinics } = CAROL_RECORDS;

// Encodings: real bitstreams where they are cheap (dcmtk), Orthanc-decodable; the clinics
// archive is a static tree, so only Explicit VR LE or JPEG Baseline there.
export const TIMELINE_STUDIES = [
  defineTimelineStudy(radiology, { date: '20160314', time: '083000', description: 'CT HEAD W/O CONTRAST', specialty: 'radiology',
    series: { kind: 'CT', bodyPart: 'HEAD', description: 'AXIAL 5MM', count: 3, encoding: 'native' } }),
  defineTimelineStudy(radiology, { date: '20190802', time: '101500', description: 'CR CHEST PA AND LATERAL', specialty: 'radiology',
    series: { kind: 'CR', bodyPart: 'CHEST', description: 'PA + LAT', count: 2, encoding: 'rle' } }),
  defineTimelineStudy(radiology, { date: '20211120', time: '154500', description: 'MR BRAIN W/WO CONTRAST', specialty: 'radiology',
    series: { kind: 'MR', bodyPart: 'HEAD', description: 'AX T2 FSE', count: 3, encoding: 'jpegls-lossless' } }),
  defineTimelineStudy(radiology, { date: '20220510', time: '091000', description: 'CT CHEST W CONTRAST', specialty: 'radiology',
    series: { kind: 'CT', bodyPart: 'CHEST', description: 'AXIAL 5MM VENOUS', count: 3, encoding: 'jpeg-lossless' } }),
  defineTimelineStudy(radiology, { date: '20240205', time: '111500', description: 'CT CHEST LOW DOSE FOLLOW-UP', specialty: 'radiology',
    series: { kind: 'CT', bodyPart: 'CHEST', description: 'AXIAL 2MM LUNG', count: 3, encoding: 'native' } }),

  defineTimelineStudy(cardiology, { date: '20200618', time: '140000', description: 'US ECHO TRANSTHORACIC', specialty: 'cardiology',
    series: { kind: 'US', bodyPart: 'HEART', description: 'PLAX + A4C', count: 2, encoding: 'jpeg-baseline' } }),
  defineTimelineStudy(cardiology, { date: '20220930', time: '081500', description: 'XA CORONARY ANGIOGRAPHY', specialty: 'cardiology',
    series: { kind: 'XA', bodyPart: 'HEART', description: 'LCA LAO CRANIAL', count: 2, encoding: 'jpeg-lossless' } }),
  defineTimelineStudy(cardiology, { date: '20230412', time: '130000', description: 'MR CARDIAC FUNCTION', specialty: 'cardiology',
    series: { kind: 'MR', bodyPart: 'HEART', description: 'CINE SAX', count: 3, encoding: 'native' } }),

  defineTimelineStudy(pathology, { date: '20211201', time: '103000', description: 'SM BREAST CORE BIOPSY H&E', specialty: 'pathology',
    series: { kind: 'SM', bodyPart: 'BREAST', description: 'H&E 20X', count: 2, encoding: 'jpeg-baseline' } }),
  defineTimelineStudy(pathology, { date: '20211203', time: '160000', description: 'DOC SURGICAL PATHOLOGY REPORT', specialty: 'documents',
    series: { kind: 'DOC', bodyPart: 'BREAST', description: 'PATHOLOGY REPORT', count: 1, encoding: 'native' } }),
  defineTimelineStudy(pathology, { date: '20230719', time: '093000', description: 'XC WOUND PHOTO LEFT LEG', specialty: 'dermatology',
    series: { kind: 'XC', bodyPart: 'SKIN', description: 'WOUND PHOTO', count: 2, encoding: 'native' } }),

  defineTimelineStudy(clinics, { date: '20220214', time: '100000', description: 'OP FUNDUS PHOTO RIGHT EYE', specialty: 'ophthalmology',
    series: { kind: 'OP', bodyPart: 'EYE', laterality: 'R', description: 'FUNDUS OD 45 DEG', count: 2, encoding: 'jpeg-baseline' } }),
  defineTimelineStudy(clinics, { date: '20250120', time: '083000', description: 'ES COLONOSCOPY', specialty: 'endoscopy',
    series: { kind: 'ES', bodyPart: 'COLON', description: 'COLONOSCOPY IMAGES', count: 3, encoding: 'native' } }),

  defineTimelineStudy(NAMESAKE_RECORDS.radiology, { date: '20230303', time: '120000', description: 'CT ABDOMEN PELVIS W CONTRAST', specialty: 'radiology',
    series: { kind: 'CT', bodyPart: 'ABDOMEN', description: 'AXIAL 5MM PORTAL', count: 2, encoding: 'native' } }),
  defineTimelineStudy(NAMESAKE_RECORDS.cardiology, { date: '20240606', time: '150000', description: 'US ECHO TRANSTHORACIC', specialty: 'cardiology',
    series: { kind: 'US', bodyPart: 'HEART', description: 'PLAX + A4C', count: 1, encoding: 'native' } }),

  defineTimelineStudy(DAVID_RECORD, { date: '20210505', time: '110000', description: 'XA CORONARY ANGIOGRAPHY', specialty: 'cardiology',
    series: { kind: 'XA', bodyPart: 'HEART', description: 'RCA LAO', count: 2, encoding: 'rle' } }),
];
