// Carol's record in the token-protected oncology archive (scripts/ehr: an Orthanc reached only
// through a proxy that accepts valid SMART access tokens). No other record of carol names this
// one in its Other Patient IDs, so the ordinary timeline never finds it: only the EHR, whose
// FHIR Patient lists every identifier of the person, links it (issue 7, SMART launch e2e).
//
//   O-4410 (LONGVIEW-ONC) -> R-100234 (LONGVIEW-RAD)
import { defineRecord, defineStudy } from './patients.mjs';

export const ONCOLOGY_RECORD = defineRecord({
  person: 'carol', archive: 'oncology', patientId: 'O-4410', issuerOfPatientId: 'LONGVIEW-ONC',
  patientName: 'LONGVIEW^CAROL', birthDate: '19580923', sex: 'F',
  otherPatientIds: [{ patientId: 'R-100234', issuerOfPatientId: 'LONGVIEW-RAD' }],
});

/** A one-series study as series-timeline.mjs writes them; dates are unique across the corpus. */
function oncologyStudy({ date, time, description, series }) {
  return defineStudy(`carol-oncology-${date}-${series.kind.toLowerCase()}`, {
    patient: ONCOLOGY_RECORD, studyDate: date, studyTime: time, studyDescription: description, specialty: 'radiology',
    accessionNumber: `ONC-${date}`, studyId: `ONC${date.slice(2)}`, referringPhysicianName: 'ONCOLOGIST^OLIVE', series,
  });
}

export const ONCOLOGY_STUDIES = [
  oncologyStudy({ date: '20220601', time: '090000', description: 'CT CHEST ABDOMEN PELVIS STAGING',
    series: { kind: 'CT', bodyPart: 'CHEST', description: 'AXIAL 5MM STAGING', count: 3, encoding: 'native' } }),
  oncologyStudy({ date: '20230118', time: '101500', description: 'CT ABDOMEN RESTAGING',
    series: { kind: 'CT', bodyPart: 'ABDOMEN', description: 'AXIAL 5MM PORTAL', count: 2, encoding: 'native' } }),
];
