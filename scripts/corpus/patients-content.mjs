// "dana": the patient who has one study of every content type (issue 5): cine, DICOM video,
// visible-light photos, a whole-slide pyramid, documents (PDF, SR, key objects) and an ECG.
// One person with three local records linked by Other Patient IDs (issuer-qualified), so her
// timeline gathers every department; nobody else's timeline tests count her studies.
//
//   R-200400 (LONGVIEW-RAD)  -> C-66020 (LONGVIEW-CARD), P-8802 (LONGVIEW-PATH)
//   C-66020  (LONGVIEW-CARD) -> R-200400 (LONGVIEW-RAD)
//   P-8802   (LONGVIEW-PATH) -> R-200400 (LONGVIEW-RAD)
//
// Each content module defines its own studies with defineContentStudy; the StudyDate of every
// study in the corpus must be unique (generate.mjs asserts it), so each module keeps to its own
// block of dates (see DATE_BLOCKS).
import { defineRecord, defineStudy } from './patients.mjs';

const DANA = { person: 'dana', patientName: 'LONGVIEW^DANA', birthDate: '19691107', sex: 'F' };

export const DANA_RECORDS = {
  radiology: defineRecord({
    ...DANA, archive: 'radiology', patientId: 'R-200400', issuerOfPatientId: 'LONGVIEW-RAD',
    otherPatientIds: [{ patientId: 'C-66020', issuerOfPatientId: 'LONGVIEW-CARD' }, { patientId: 'P-8802', issuerOfPatientId: 'LONGVIEW-PATH' }],
  }),
  cardiology: defineRecord({
    ...DANA, archive: 'cardiology', patientId: 'C-66020', issuerOfPatientId: 'LONGVIEW-CARD',
    otherPatientIds: [{ patientId: 'R-200400', issuerOfPatientId: 'LONGVIEW-RAD' }],
  }),
  pathology: defineRecord({
    ...DANA, archive: 'pathology', patientId: 'P-8802', issuerOfPatientId: 'LONGVIEW-PATH',
    otherPatientIds: [{ patientId: 'R-200400', issuerOfPatientId: 'LONGVIEW-RAD' }],
  }),
};

/**
 * Dates each content module may use (YYYYMMDD, inclusive): disjoint from each other and from
 * every other patient's dates in the corpus.
 */
export const DATE_BLOCKS = {
  cineAndPhoto: ['20250301', '20250331'],
  video: ['20250401', '20250430'],
  wsi: ['20250501', '20250531'],
  documents: ['20250601', '20250630'],
};

const ACCESSION_PREFIX = { radiology: 'DRAD', cardiology: 'DCARD', pathology: 'DPATH' };

/**
 * A study of dana in `archive` ('radiology' | 'cardiology' | 'pathology'), in timeline lane
 * `specialty`. `block` names the DATE_BLOCKS entry the date must fall in.
 */
export function defineContentStudy({ archive, block, date, time, description, specialty }) {
  const [from, to] = DATE_BLOCKS[block] ?? [];
  if (!from || date < from || date > to) throw new Error(`dana ${block} study dated ${date}: outside its date block ${from}..${to}`);
  const patient = DANA_RECORDS[archive];
  if (!patient) throw new Error(`dana has no record in archive ${archive}`);
  return defineStudy(`dana-${date}-${block}`, {
    patient, studyDate: date, studyTime: time, studyDescription: description, specialty,
    accessionNumber: `${ACCESSION_PREFIX[archive]}-${date}`, studyId: `D${date.slice(2)}`, referringPhysicianName: 'CONTENT^CORA',
  });
}
