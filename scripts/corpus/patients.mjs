// The synthetic patients and studies of the demo corpus. Every person here
// is invented; names use the LONGVIEW^ family so they are obviously fake.
import { studyUid } from './uids.mjs';

export const PATIENTS = {
  alice: { patientId: 'LV-0001', patientName: 'LONGVIEW^ALICE', birthDate: '19610412', sex: 'F' },
  bob: { patientId: 'LV-0002', patientName: 'LONGVIEW^BOB', birthDate: '19750802', sex: 'M' },
  panel: { patientId: 'LV-0003', patientName: 'LONGVIEW^TSPANEL', birthDate: '19900101', sex: 'O' },
  // HTML-looking demographics to prove the viewer renders text as text.
  // Deliberately no "=" in the name: in a PN value "=" separates the
  // alphabetic/ideographic/phonetic groups, so "<img src=x ...>" would be
  // split by every DICOM parser and the alphabetic part would just be
  // "TEST^<img src". The <img onerror> payload lives in the study
  // description instead, where "=" is plain text.
  html: { patientId: 'LV-0004', patientName: 'TEST^<script>alert(1)</script>', birthDate: '20000101', sex: 'O' },
};

function study(key, fields) {
  return { key, studyInstanceUid: studyUid(key), archive: 'radiology', ...fields };
}

export const STUDIES = {
  chestCt: study('alice-ct-chest', {
    patient: PATIENTS.alice, studyDate: '20240115', studyTime: '093012', studyDescription: 'CT CHEST W/O CONTRAST',
    accessionNumber: 'ACC-CT-0001', studyId: 'CT1', referringPhysicianName: 'REFERRER^RACHEL',
  }),
  kneeMr: study('bob-mr-knee', {
    patient: PATIENTS.bob, studyDate: '20230610', studyTime: '141500', studyDescription: 'MR KNEE RIGHT',
    accessionNumber: 'ACC-MR-0001', studyId: 'MR1', referringPhysicianName: 'REFERRER^ROBERT',
  }),
  echoUs: study('bob-us-echo', {
    patient: PATIENTS.bob, studyDate: '20230612', studyTime: '101000', studyDescription: 'US ECHO CINE',
    accessionNumber: 'ACC-US-0001', studyId: 'US1', referringPhysicianName: 'REFERRER^ROBERT',
  }),
  tsPanel: study('panel-transfer-syntax', {
    patient: PATIENTS.panel, studyDate: '20220301', studyTime: '080000', studyDescription: 'TRANSFER SYNTAX PANEL',
    accessionNumber: 'ACC-TS-0001', studyId: 'TS1', referringPhysicianName: 'REFERRER^TESS',
  }),
  htmlText: study('html-text-check', {
    patient: PATIENTS.html, studyDate: '20210704', studyTime: '120000', studyDescription: '<b>XSS</b> check <img src=x onerror=alert(1)>',
    accessionNumber: 'ACC-<i>HTML</i>', studyId: 'X1', referringPhysicianName: 'REFERRER^<b>BOLD</b>',
  }),
};
