// Carol's record in the token-protected oncology archive (scripts/ehr: an Orthanc reached only
// through a proxy that accepts valid SMART access tokens). No other record of carol names this
// one in its Other Patient IDs, so the ordinary timeline never finds it: only the EHR, whose
// FHIR Patient lists every identifier of the person, links it (issue 7, SMART launch e2e).
//
//   O-4410 (LONGVIEW-ONC) -> R-100234 (LONGVIEW-RAD)
//
// Her tumor board (issue 27) reads a staging and a restaging FDG PET/CT, each with a SEG, an
// RTSTRUCT and an AI report on it (series-tumor-board.mjs, series-petct.mjs). The AI also stored
// its result on the restaging CT in a study of its own (AI_RESULTS_STUDY), as AI systems often do:
// the timeline attaches it to the study it describes, never shows it as an orphan card.
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

/**
 * A PET/CT study: a CT and a PET series in one frame of reference (series-petct.mjs). `petct`
 * holds what the scanner would know (patient weight and size, the injection, when each series
 * started) and what only the phantom knows: the lesions, spheres of uniform activity.
 * Lesion centres are PET voxel centres (128², 3.90625 mm, centred; slices every 3 mm from
 * z = 0 down), so the voxel at a lesion's centre is one voxel.
 */
function petCtStudy({ date, time, description, petct }) {
  return defineStudy(`carol-oncology-${date}-petct`, {
    patient: ONCOLOGY_RECORD, studyDate: date, studyTime: time, studyDescription: description, specialty: 'radiology',
    accessionNumber: `ONC-${date}`, studyId: `ONC${date.slice(2)}`, referringPhysicianName: 'ONCOLOGIST^OLIVE', petct,
  });
}

// Liver tumor: PET column 46, row 66, instance 79. Lymph node (left hilar, beside the
// mediastinal fat): column 68, row 62, instance 36.
const TUMOR_CENTER = [-68.359375, 9.765625, -234];
const NODE_CENTER = [17.578125, -5.859375, -105];

// Dates: each is the corpus's only study that day and none the large patient's spread would take
// (patients-large.mjs), so adding them moved none of its studies.
export const PETCT_STUDIES = [
  petCtStudy({
    date: '20240312', time: '101000', description: 'PET CT FDG WHOLE BODY STAGING',
    petct: {
      patientWeightKg: 72.5, patientSizeM: 1.68,
      injection: { time: '091500', totalDoseBq: 3.7e8 },
      ctSeriesTime: '101500', petSeriesTime: '102000',
      lesions: [
        { name: 'Tumor', center: TUMOR_CENTER, radiusMm: 16, activityBqml: 40000, ctHu: 25 },
        { name: 'Lymph node', center: NODE_CENTER, radiusMm: 8, activityBqml: 15000, ctHu: 50 },
      ],
    },
  }),
  // After treatment: both lesions smaller and weaker; another dose, uptake time and weight.
  petCtStudy({
    date: '20240910', time: '094000', description: 'PET CT FDG WHOLE BODY RESTAGING',
    petct: {
      patientWeightKg: 69, patientSizeM: 1.68,
      injection: { time: '085000', totalDoseBq: 3.5e8 },
      ctSeriesTime: '094700', petSeriesTime: '095200',
      lesions: [
        { name: 'Tumor', center: TUMOR_CENTER, radiusMm: 11, activityBqml: 14000, ctHu: 30 },
        { name: 'Lymph node', center: NODE_CENTER, radiusMm: 5, activityBqml: 6000, ctHu: 45 },
      ],
    },
  }),
];

/**
 * What the AI device stored on its own (issue 27): a SEG and a TID 1500 report on the restaging
 * PET/CT's CT, under a new StudyInstanceUID of the same record. `resultsFor` is the study they
 * describe; the SEG names it in (0008,1200), the report in its evidence. The day after the
 * restaging, a date no other study of the corpus has and the large patient's spread never took.
 */
export const AI_RESULTS_STUDY = defineStudy('carol-oncology-20240911-ai-results', {
  patient: ONCOLOGY_RECORD, studyDate: '20240911', studyTime: '061500', studyDescription: 'AI RESULTS PET CT NODEFINDER', specialty: 'radiology',
  accessionNumber: 'ONC-20240911', studyId: 'ONC240911', referringPhysicianName: 'ONCOLOGIST^OLIVE', resultsFor: PETCT_STUDIES[1],
});
