import { describe, expect, it } from 'vitest';
import { reconcile, type IdentityRules } from './reconcile';
import { localKeyOf, localRecordKey, newestStudyPerRecord, possibleOthersOf, recordOf, type PatientStudy } from './studyRecords';

const rules: IdentityRules = {
  archiveIssuers: { radiology: 'LONGVIEW-RAD', cardiology: 'LONGVIEW-CARD' },
  issuerAliases: { '2.16.840.1.113883.3.9999.1': 'LONGVIEW-RAD' },
};

function study(fields: Partial<PatientStudy> & Pick<PatientStudy, 'studyInstanceUid'>): PatientStudy {
  return {
    archiveId: 'radiology',
    patientId: 'R-100234',
    issuerOfPatientId: 'LONGVIEW-RAD',
    patientName: 'LONGVIEW^CAROL',
    patientBirthDate: '19580923',
    patientSex: 'F',
    studyDate: undefined,
    studyTime: undefined,
    ...fields,
  };
}

describe('recordOf', () => {
  it("reads the study's patient as a record, with its OtherPatientIDs as links", () => {
    expect(recordOf(study({ studyInstanceUid: '1' }), [{ patientId: 'C-55012', issuerOfPatientId: 'LONGVIEW-CARD' }])).toEqual({
      archiveId: 'radiology',
      patientId: 'R-100234',
      issuer: 'LONGVIEW-RAD',
      name: 'LONGVIEW^CAROL',
      birthDate: '19580923',
      sex: 'F',
      otherIds: [{ patientId: 'C-55012', issuer: 'LONGVIEW-CARD' }],
    });
  });

  it('keeps "links not asked yet" apart from "no links"', () => {
    expect(recordOf(study({ studyInstanceUid: '1' }), undefined)?.otherIds).toBeUndefined();
    expect(recordOf(study({ studyInstanceUid: '1' }), [])?.otherIds).toEqual([]);
  });

  it('makes no record of a study without a patient ID', () => {
    expect(recordOf(study({ studyInstanceUid: '1', patientId: undefined }), undefined)).toBeUndefined();
    expect(recordOf(study({ studyInstanceUid: '1', patientId: '' }), undefined)).toBeUndefined();
  });
});

describe('localKeyOf and localRecordKey', () => {
  it('key one archive record the same however its issuer and ID are spelled', () => {
    const local = localRecordKey(study({ studyInstanceUid: '1', issuerOfPatientId: 'LONGVIEW-RAD' }), rules);
    expect(localRecordKey(study({ studyInstanceUid: '2', patientId: ' R-100234 ', issuerOfPatientId: '2.16.840.1.113883.3.9999.1' }), rules)).toBe(local);
    // No issuer in the data: the archive's configured domain applies.
    expect(localRecordKey(study({ studyInstanceUid: '3', issuerOfPatientId: undefined }), rules)).toBe(local);
    expect(localKeyOf(recordOf(study({ studyInstanceUid: '4' }), undefined)!, rules)).toBe(local);
  });

  it('tells apart the same identifier found in two archives, and another authority\'s same ID string', () => {
    const local = localRecordKey(study({ studyInstanceUid: '1' }), rules);
    expect(localRecordKey(study({ studyInstanceUid: '2', archiveId: 'cardiology' }), rules)).not.toBe(local);
    expect(localRecordKey(study({ studyInstanceUid: '3', issuerOfPatientId: 'OUTSIDE-HOSP' }), rules)).not.toBe(local);
    expect(localRecordKey(study({ studyInstanceUid: '4', patientId: undefined }), rules)).toBeUndefined();
  });
});

describe('newestStudyPerRecord', () => {
  it("keeps each record's newest study, by date then time, where its links are read from", () => {
    const undated = study({ studyInstanceUid: 'undated' });
    const older = study({ studyInstanceUid: 'older', studyDate: '20200101', studyTime: '235959' });
    const morning = study({ studyInstanceUid: 'morning', studyDate: '20240101', studyTime: '090000' });
    const afternoon = study({ studyInstanceUid: 'afternoon', studyDate: '20240101', studyTime: '140000' });
    const cardiology = study({ studyInstanceUid: 'card', archiveId: 'cardiology', patientId: 'C-55012', issuerOfPatientId: undefined, studyDate: '20190101' });
    const anonymous = study({ studyInstanceUid: 'anonymous', patientId: undefined, studyDate: '20250101' });

    const newest = newestStudyPerRecord([undated, morning, older, afternoon, cardiology, anonymous], rules);

    expect([...newest.values()].map((s) => s.studyInstanceUid)).toEqual(['afternoon', 'card']);
    expect(newest.get(localRecordKey(afternoon, rules)!)).toBe(afternoon);
  });

  it('keeps the first of studies made at the same moment', () => {
    const first = study({ studyInstanceUid: 'first', studyDate: '20240101' });
    const second = study({ studyInstanceUid: 'second', studyDate: '20240101' });
    expect([...newestStudyPerRecord([first, second], rules).values()]).toEqual([first]);
  });
});

describe('possibleOthersOf', () => {
  const carol = study({ studyInstanceUid: 'carol-1' });
  const reconciliation = reconcile(recordOf(carol, [])!, [recordOf(carol, [])!], rules);

  it("groups each namesake record's studies under it, and never the patient's own", () => {
    const namesakeNew = study({ studyInstanceUid: 'namesake-2', patientId: 'R-200991', patientName: 'Longview^Carol', studyDate: '20230101' });
    const namesakeOld = study({ studyInstanceUid: 'namesake-1', patientId: 'R-200991', studyDate: '20100101' });
    const otherBirthDate = study({ studyInstanceUid: 'other', patientId: 'R-300000', patientBirthDate: '19600101' });
    const anonymous = study({ studyInstanceUid: 'anonymous', patientId: undefined });

    const others = possibleOthersOf(reconciliation, [carol, namesakeNew, otherBirthDate, namesakeOld, anonymous], rules);

    expect(others.map(({ record, studies }) => ({ id: `${record.archiveId}/${record.patientId}`, studies: studies.map((s) => s.studyInstanceUid) }))).toEqual([
      { id: 'radiology/R-200991', studies: ['namesake-2', 'namesake-1'] },
    ]);
    expect(others[0]?.studies[0]).toBe(namesakeNew);
  });

  it('offers nothing when no study looks like the patient', () => {
    expect(possibleOthersOf(reconciliation, [carol], rules)).toEqual([]);
  });
});
