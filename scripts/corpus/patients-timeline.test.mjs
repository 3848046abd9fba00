import { describe, expect, it } from 'vitest';
import { ARCHIVE_ISSUERS, CAROL_RECORDS, CLINICS_ISSUER_OID, DAVID_RECORD, NAMESAKE_RECORDS, TIMELINE_STUDIES } from './patients-timeline.mjs';

// What public/config.json declares: an OID alias of the clinics issuer.
const ISSUER_ALIASES = { [CLINICS_ISSUER_OID]: 'LONGVIEW-CLIN' };
const issuerOf = (record) => record.issuerOfPatientId ?? ARCHIVE_ISSUERS[record.archive];
const keyOf = (patientId, issuer) => `${patientId}|${ISSUER_ALIASES[issuer] ?? issuer}`;

/** Keys reachable from `start` through Other Patient IDs, in either direction. */
function linkedKeys(records, start) {
  const edges = records.flatMap((record) => record.otherPatientIds.map((other) => [keyOf(record.patientId, issuerOf(record)), keyOf(other.patientId, other.issuerOfPatientId)]));
  const reached = new Set([start]);
  for (let grew = true; grew;) {
    grew = false;
    for (const [a, b] of edges) {
      if (reached.has(a) !== reached.has(b)) {
        reached.add(a);
        reached.add(b);
        grew = true;
      }
    }
  }
  return reached;
}

const allRecords = [...Object.values(CAROL_RECORDS), ...Object.values(NAMESAKE_RECORDS), DAVID_RECORD];

describe('carol and the trap records', () => {
  it('links carol\'s four records only once default issuers and the OID alias are applied', () => {
    const carolKeys = Object.values(CAROL_RECORDS).map((record) => keyOf(record.patientId, issuerOf(record)));
    const reached = linkedKeys(allRecords, carolKeys[0]);
    expect(carolKeys.every((key) => reached.has(key))).toBe(true);
    expect(reached.size).toBe(4);
    // The clinics record names its issuer by OID while every link names LONGVIEW-CLIN: without
    // the alias the clinics record is cut off.
    expect(CAROL_RECORDS.clinics.issuerOfPatientId).toBe(CLINICS_ISSUER_OID);
    const links = Object.values(CAROL_RECORDS).flatMap((record) => record.otherPatientIds);
    expect(links.filter((link) => link.patientId === 'K-3300').map((link) => link.issuerOfPatientId)).toEqual(['LONGVIEW-CLIN', 'LONGVIEW-CLIN']);
  });

  it('never reaches the namesake or the outside patient with carol\'s ID string', () => {
    const reached = linkedKeys(allRecords, keyOf('R-100234', 'LONGVIEW-RAD'));
    for (const trap of [...Object.values(NAMESAKE_RECORDS), DAVID_RECORD]) expect(reached.has(keyOf(trap.patientId, issuerOf(trap)))).toBe(false);
    expect(DAVID_RECORD.patientId).toBe(CAROL_RECORDS.radiology.patientId);
    expect(NAMESAKE_RECORDS.radiology).toMatchObject({ patientName: 'LONGVIEW^CAROL', birthDate: '19580923', sex: 'F', otherPatientIds: [] });
  });

  it('keeps the cardiology records without an issuer in the data', () => {
    expect(CAROL_RECORDS.cardiology.issuerOfPatientId).toBeUndefined();
    expect(NAMESAKE_RECORDS.cardiology.issuerOfPatientId).toBeUndefined();
  });

  it('puts every study in its record\'s archive, on a date of its own', () => {
    for (const study of TIMELINE_STUDIES) expect(study.archive).toBe(study.patient.archive);
    const dates = TIMELINE_STUDIES.map((study) => study.studyDate);
    expect(new Set(dates).size).toBe(dates.length);
    const carol = TIMELINE_STUDIES.filter((study) => study.patient.person === 'carol');
    expect(carol.map((study) => `${study.archive} ${study.series.kind} ${study.specialty}`).sort()).toEqual([
      'cardiology MR cardiology', 'cardiology US cardiology', 'cardiology XA cardiology',
      'clinics ES endoscopy', 'clinics OP ophthalmology',
      'pathology DOC documents', 'pathology SM pathology', 'pathology XC dermatology',
      'radiology CR radiology', 'radiology CT radiology', 'radiology CT radiology', 'radiology CT radiology', 'radiology MR radiology',
    ]);
  });
});
