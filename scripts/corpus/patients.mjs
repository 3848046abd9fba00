// The synthetic patients and studies of the demo corpus. Every person here
// is invented; names use the LONGVIEW^ family so they are obviously fake.
//
// A patient entry is one patient RECORD: one archive's local identity (PatientID, and the
// IssuerOfPatientID when the data carries one). `person` says who the record really belongs
// to, so tests know the truth that the viewer has to reconstruct from identifiers alone;
// `otherPatientIds` are the Other Patient IDs Sequence items written into the files.
// The records of the cross-archive timeline are in patients-timeline.mjs and patients-large.mjs.
import { studyUid } from './uids.mjs';

/** The timeline lanes a study can be meant for. */
export const SPECIALTIES = ['radiology', 'cardiology', 'pathology', 'dermatology', 'ophthalmology', 'endoscopy', 'documents', 'other'];

/** One archive's record of a person; `archive` is the id in scripts/archives.json. */
export function defineRecord({ person, archive, patientId, issuerOfPatientId, patientName, birthDate, sex, otherPatientIds = [] }) {
  return { person, archive, patientId, issuerOfPatientId, patientName, birthDate, sex, otherPatientIds };
}

export const PATIENTS = {
  alice: defineRecord({ person: 'alice', archive: 'radiology', patientId: 'LV-0001', patientName: 'LONGVIEW^ALICE', birthDate: '19610412', sex: 'F' }),
  bob: defineRecord({ person: 'bob', archive: 'radiology', patientId: 'LV-0002', patientName: 'LONGVIEW^BOB', birthDate: '19750802', sex: 'M' }),
  panel: defineRecord({ person: 'panel', archive: 'radiology', patientId: 'LV-0003', patientName: 'LONGVIEW^TSPANEL', birthDate: '19900101', sex: 'O' }),
  // HTML-looking demographics to prove the viewer renders text as text.
  // Deliberately no "=" in the name: in a PN value "=" separates the
  // alphabetic/ideographic/phonetic groups, so "<img src=x ...>" would be
  // split by every DICOM parser and the alphabetic part would just be
  // "TEST^<img src". The <img onerror> payload lives in the study
  // description instead, where "=" is plain text.
  html: defineRecord({ person: 'html', archive: 'radiology', patientId: 'LV-0004', patientName: 'TEST^<script>alert(1)</script>', birthDate: '20000101', sex: 'O' }),
  // Hostile and broken input (series-hostile.mjs). The name stays ASCII because its studies
  // use different character sets (ISO_IR 192, ISO 2022 IR 87) and a name is patient-level.
  hostile: defineRecord({ person: 'hostile', archive: 'radiology', patientId: 'LV-0005', patientName: 'LONGVIEW^HOSTILE', birthDate: '19800229', sex: 'O' }),
  // Results written by another program (series-outside-sr.mjs) live in a study of their own, so
  // that the measurements they bring never show on the images every other test opens.
  reports: defineRecord({ person: 'reports', archive: 'radiology', patientId: 'LV-0006', patientName: 'LONGVIEW^REPORTS', birthDate: '19690321', sex: 'M' }),
};

/** A study of `fields.patient`, held by that record's archive; `specialty` is its timeline lane. */
export function defineStudy(key, fields) {
  if (!SPECIALTIES.includes(fields.specialty)) throw new Error(`${key}: unknown specialty ${fields.specialty}`);
  return { key, studyInstanceUid: studyUid(key), archive: fields.patient.archive, ...fields };
}

export const STUDIES = {
  chestCt: defineStudy('alice-ct-chest', {
    patient: PATIENTS.alice, studyDate: '20240115', studyTime: '093012', studyDescription: 'CT CHEST W/O CONTRAST',
    accessionNumber: 'ACC-CT-0001', studyId: 'CT1', referringPhysicianName: 'REFERRER^RACHEL', specialty: 'radiology',
  }),
  kneeMr: defineStudy('bob-mr-knee', {
    patient: PATIENTS.bob, studyDate: '20230610', studyTime: '141500', studyDescription: 'MR KNEE RIGHT',
    accessionNumber: 'ACC-MR-0001', studyId: 'MR1', referringPhysicianName: 'REFERRER^ROBERT', specialty: 'radiology',
  }),
  echoUs: defineStudy('bob-us-echo', {
    patient: PATIENTS.bob, studyDate: '20230612', studyTime: '101000', studyDescription: 'US ECHO CINE',
    accessionNumber: 'ACC-US-0001', studyId: 'US1', referringPhysicianName: 'REFERRER^ROBERT',
    // An echocardiogram (body part HEART): the cardiology lane, although the radiology archive holds it.
    specialty: 'cardiology',
  }),
  tsPanel: defineStudy('panel-transfer-syntax', {
    patient: PATIENTS.panel, studyDate: '20220301', studyTime: '080000', studyDescription: 'TRANSFER SYNTAX PANEL',
    accessionNumber: 'ACC-TS-0001', studyId: 'TS1', referringPhysicianName: 'REFERRER^TESS', specialty: 'radiology',
  }),
  htmlText: defineStudy('html-text-check', {
    patient: PATIENTS.html, studyDate: '20210704', studyTime: '120000', studyDescription: '<b>XSS</b> check <img src=x onerror=alert(1)>',
    accessionNumber: 'ACC-<i>HTML</i>', studyId: 'X1', referringPhysicianName: 'REFERRER^<b>BOLD</b>', specialty: 'radiology',
  }),
  // UTF-8 (ISO_IR 192): accents, CJK and a payload whose only visible effect, if it ever ran,
  // would be a console call the e2e hook counts.
  hostileInput: defineStudy('hostile-input', {
    patient: PATIENTS.hostile, studyDate: '20200229', studyTime: '101500',
    studyDescription: 'Zoë Ångström 胸部 <img src=x onerror="console.error(\'PWNED\')">',
    accessionNumber: 'ACC<b>H1</b>', studyId: 'H1', referringPhysicianName: 'MÜLLER^ZOË', specialty: 'radiology',
    characterSet: 'ISO_IR 192',
  }),
  // ISO 2022 IR 87 (JIS X 0208 with escape sequences): text is written in that encoding.
  hostileJis: defineStudy('hostile-charset-jis', {
    patient: PATIENTS.hostile, studyDate: '20200301', studyTime: '111500', studyDescription: '胸部CT 山田',
    accessionNumber: 'ACC-JIS-0001', studyId: 'H2', referringPhysicianName: 'Yamada^Tarou=山田^太郎', specialty: 'radiology',
    characterSet: '\\ISO 2022 IR 87',
  }),
  // Issue 27's bad SEGs, RTSTRUCT and AI report beside a good SEG, on a small CT of carol's
  // staging phantom (series-hostile-segmentation.mjs). A leap day before the large patient's
  // first study (patients-large.mjs), so adding it moved none of that patient's studies.
  hostileSegmentation: defineStudy('hostile-segmentation', {
    patient: PATIENTS.hostile, studyDate: '20120229', studyTime: '141500', studyDescription: 'CT SEG RTSTRUCT AI BAD INPUT',
    accessionNumber: 'ACC-SEG-0001', studyId: 'H3', referringPhysicianName: 'ONCOLOGIST^OLIVE', specialty: 'radiology',
  }),
  // A CT chest of the phantom with a measurement report another program wrote (series-outside-sr.mjs).
  reportsCt: defineStudy('reports-ct-chest', {
    patient: PATIENTS.reports, studyDate: '20090916', studyTime: '100500', studyDescription: 'CT CHEST W/O CONTRAST',
    accessionNumber: 'ACC-RPT-0001', studyId: 'RPT1', referringPhysicianName: 'REFERRER^RACHEL', specialty: 'radiology',
  }),
};
