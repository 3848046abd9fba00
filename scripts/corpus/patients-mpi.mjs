// Patients for the master patient index (issue 19): records whose links are settled by the
// hospital's MPI (the test EHR's PIXm/PDQm, scripts/ehr/mpi.mjs, built from `person`) rather
// than, or against, what the DICOM data says.
//
// erin, one person, three records:
//   R-400120 (LONGVIEW-RAD)   no Other Patient IDs: nothing in it points anywhere
//   C-62010  (LONGVIEW-CARD)  -> R-400120 (LONGVIEW-RAD): a link that points one way only
//   K-4410   (LONGVIEW-CLIN)  no links in any data: a cross-reference only the MPI holds
// Opened from C-62010 the data joins R-400120; opened from R-400120 it joins nothing (the
// measured complaint of issue 19); K-4410 is reached only through the MPI.
//
// fiona, one person, two records that contradict each other: the pathology registration
// wrote another birth date and sex. Only the MPI joins them, and the banner must warn.
//   R-400500 (LONGVIEW-RAD)  19660412 F
//   P-8830   (LONGVIEW-PATH) 19660421 M
//
// Traps the MPI keeps apart: "gina" and "gina-namesake" share name, birth date and sex and
// are two persons in the MPI (R-400700 radiology; C-62700 cardiology).
import { defineRecord } from './patients.mjs';
import { ARCHIVE_ISSUERS, defineTimelineStudy } from './patients-timeline.mjs';

const ERIN = { person: 'erin', patientName: 'LONGVIEW^ERIN', birthDate: '19710603', sex: 'F' };

export const ERIN_RECORDS = {
  radiology: defineRecord({ ...ERIN, archive: 'radiology', patientId: 'R-400120', issuerOfPatientId: ARCHIVE_ISSUERS.radiology }),
  cardiology: defineRecord({
    ...ERIN, archive: 'cardiology', patientId: 'C-62010', issuerOfPatientId: ARCHIVE_ISSUERS.cardiology,
    otherPatientIds: [{ patientId: 'R-400120', issuerOfPatientId: ARCHIVE_ISSUERS.radiology }],
  }),
  clinics: defineRecord({ ...ERIN, archive: 'clinics', patientId: 'K-4410', issuerOfPatientId: ARCHIVE_ISSUERS.clinics }),
};

const FIONA = { person: 'fiona', patientName: 'LONGVIEW^FIONA' };

export const FIONA_RECORDS = {
  radiology: defineRecord({ ...FIONA, archive: 'radiology', patientId: 'R-400500', issuerOfPatientId: ARCHIVE_ISSUERS.radiology, birthDate: '19660412', sex: 'F' }),
  // The MPI's Patient (made from the first record) says 1966-04-12, female: this one disagrees.
  pathology: defineRecord({ ...FIONA, archive: 'pathology', patientId: 'P-8830', issuerOfPatientId: ARCHIVE_ISSUERS.pathology, birthDate: '19660421', sex: 'M' }),
};

const GINA = { patientName: 'LONGVIEW^GINA', birthDate: '19820214', sex: 'F' };

export const GINA_RECORDS = {
  gina: defineRecord({ ...GINA, person: 'gina', archive: 'radiology', patientId: 'R-400700', issuerOfPatientId: ARCHIVE_ISSUERS.radiology }),
  namesake: defineRecord({ ...GINA, person: 'gina-namesake', archive: 'cardiology', patientId: 'C-62700', issuerOfPatientId: ARCHIVE_ISSUERS.cardiology }),
};

export const MPI_RECORDS = [...Object.values(ERIN_RECORDS), ...Object.values(FIONA_RECORDS), ...Object.values(GINA_RECORDS)];

export const MPI_STUDIES = [
  defineTimelineStudy(ERIN_RECORDS.radiology, { date: '20100311', time: '090000', description: 'CT CHEST W CONTRAST', specialty: 'radiology',
    series: { kind: 'CT', bodyPart: 'CHEST', description: 'AXIAL 5MM', count: 2, encoding: 'native' } }),
  defineTimelineStudy(ERIN_RECORDS.radiology, { date: '20120917', time: '101500', description: 'CR CHEST PA', specialty: 'radiology',
    series: { kind: 'CR', bodyPart: 'CHEST', description: 'PA', count: 1, encoding: 'native' } }),
  defineTimelineStudy(ERIN_RECORDS.cardiology, { date: '20110506', time: '140000', description: 'US ECHO TRANSTHORACIC', specialty: 'cardiology',
    series: { kind: 'US', bodyPart: 'HEART', description: 'PLAX + A4C', count: 1, encoding: 'native' } }),
  defineTimelineStudy(ERIN_RECORDS.clinics, { date: '20130822', time: '083000', description: 'OP FUNDUS PHOTO LEFT EYE', specialty: 'ophthalmology',
    series: { kind: 'OP', bodyPart: 'EYE', laterality: 'L', description: 'FUNDUS OS 45 DEG', count: 1, encoding: 'native' } }),
  defineTimelineStudy(FIONA_RECORDS.radiology, { date: '20100719', time: '111500', description: 'MR BRAIN W/WO CONTRAST', specialty: 'radiology',
    series: { kind: 'MR', bodyPart: 'HEAD', description: 'AX T2 FSE', count: 2, encoding: 'native' } }),
  defineTimelineStudy(FIONA_RECORDS.pathology, { date: '20110228', time: '093000', description: 'SM SKIN BIOPSY H&E', specialty: 'pathology',
    series: { kind: 'SM', bodyPart: 'SKIN', description: 'H&E 20X', count: 1, encoding: 'native' } }),
  defineTimelineStudy(GINA_RECORDS.gina, { date: '20121105', time: '120000', description: 'CT ABDOMEN PELVIS W CONTRAST', specialty: 'radiology',
    series: { kind: 'CT', bodyPart: 'ABDOMEN', description: 'AXIAL 5MM PORTAL', count: 1, encoding: 'native' } }),
  defineTimelineStudy(GINA_RECORDS.namesake, { date: '20130304', time: '150000', description: 'US ECHO TRANSTHORACIC', specialty: 'cardiology',
    series: { kind: 'US', bodyPart: 'HEART', description: 'PLAX + A4C', count: 1, encoding: 'native' } }),
];
