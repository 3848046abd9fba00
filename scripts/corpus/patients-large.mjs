// "large": one person with 160 studies over 2015-2025 in all four archives (radiology 70,
// cardiology 40, pathology 30, clinics 20), one tiny instance each: the timeline's scaling
// case. Every record lists the other three in its Other Patient IDs Sequence.
import { defineRecord } from './patients.mjs';
import { ARCHIVE_ISSUERS, defineTimelineStudy } from './patients-timeline.mjs';

const LARGE = { person: 'large', patientName: 'LONGVIEW^LARGE', birthDate: '19470101', sex: 'M' };
const PATIENT_IDS = { radiology: 'R-300500', cardiology: 'C-90500', pathology: 'P-9500', clinics: 'K-9500' };
const STUDY_COUNTS = { radiology: 70, cardiology: 40, pathology: 30, clinics: 20 };

export const LARGE_RECORDS = Object.fromEntries(Object.entries(PATIENT_IDS).map(([archive, patientId]) => [archive, defineRecord({
  ...LARGE, archive, patientId, issuerOfPatientId: ARCHIVE_ISSUERS[archive],
  otherPatientIds: Object.entries(PATIENT_IDS)
    .filter(([other]) => other !== archive)
    .map(([other, otherId]) => ({ patientId: otherId, issuerOfPatientId: ARCHIVE_ISSUERS[other] })),
})]));

/**
 * What each archive's studies rotate through, in order. `parts` rotate on their own so a
 * modality does not always meet the same body part; `describe` names the study.
 */
const ROTATIONS = {
  radiology: [
    { kind: 'CT', specialty: 'radiology', parts: ['CHEST', 'ABDOMEN', 'HEAD'], describe: (part) => ({ CHEST: 'CT CHEST W CONTRAST', ABDOMEN: 'CT ABDOMEN PELVIS W CONTRAST', HEAD: 'CT HEAD W/O CONTRAST' })[part] },
    { kind: 'MR', specialty: 'radiology', parts: ['HEAD', 'KNEE', 'LSPINE'], describe: (part) => ({ HEAD: 'MR BRAIN W/WO CONTRAST', KNEE: 'MR KNEE LEFT', LSPINE: 'MR LUMBAR SPINE' })[part] },
    { kind: 'CR', specialty: 'radiology', parts: ['CHEST'], describe: () => 'CR CHEST PA' },
    { kind: 'US', specialty: 'radiology', parts: ['ABDOMEN'], describe: () => 'US ABDOMEN COMPLETE' },
    { kind: 'DX', specialty: 'radiology', parts: ['HAND', 'CHEST'], describe: (part) => ({ HAND: 'DX HAND LEFT', CHEST: 'DX CHEST AP PORTABLE' })[part] },
  ],
  cardiology: [
    { kind: 'US', specialty: 'cardiology', parts: ['HEART'], describe: () => 'US ECHO TRANSTHORACIC' },
    { kind: 'XA', specialty: 'cardiology', parts: ['HEART'], describe: () => 'XA CORONARY ANGIOGRAPHY' },
    { kind: 'MR', specialty: 'cardiology', parts: ['HEART'], describe: () => 'MR CARDIAC FUNCTION' },
  ],
  pathology: [
    { kind: 'SM', specialty: 'pathology', parts: ['COLON', 'PROSTATE', 'SKIN'], describe: (part) => `SM ${part} BIOPSY H&E` },
    { kind: 'XC', specialty: 'dermatology', parts: ['SKIN'], describe: () => 'XC SKIN LESION PHOTO' },
    { kind: 'DOC', specialty: 'documents', parts: ['COLON', 'PROSTATE', 'SKIN'], describe: () => 'DOC SURGICAL PATHOLOGY REPORT' },
  ],
  clinics: [
    { kind: 'OP', specialty: 'ophthalmology', parts: ['EYE'], describe: (_part, laterality) => `OP FUNDUS PHOTO ${laterality === 'R' ? 'RIGHT' : 'LEFT'} EYE` },
    { kind: 'ES', specialty: 'endoscopy', parts: ['COLON', 'STOMACH'], describe: (part) => (part === 'COLON' ? 'ES COLONOSCOPY' : 'ES GASTROSCOPY') },
  ],
};

const FIRST_DAY = Date.UTC(2015, 0, 6);
const LAST_DAY = Date.UTC(2025, 11, 15);
const DAY_MS = 86_400_000;

const isoDate = (ms) => new Date(ms).toISOString().slice(0, 10).replaceAll('-', '');

/**
 * Which archive each of the 160 date slots goes to: at every slot the archive furthest behind
 * its share, so the four archives interleave evenly over the ten years.
 */
function archiveSchedule() {
  const total = Object.values(STUDY_COUNTS).reduce((a, b) => a + b, 0);
  const assigned = Object.fromEntries(Object.keys(STUDY_COUNTS).map((archive) => [archive, 0]));
  return Array.from({ length: total }, (_, slot) => {
    const deficit = (archive) => (STUDY_COUNTS[archive] * (slot + 1)) / total - assigned[archive];
    const archive = Object.keys(STUDY_COUNTS).reduce((best, candidate) => (deficit(candidate) > deficit(best) ? candidate : best));
    assigned[archive] += 1;
    return archive;
  });
}

/**
 * The large patient's studies. `reservedDates` are the study dates of every other patient: the
 * e2e study list is sorted by date, so no two studies of the corpus may share one.
 */
export function largeStudies(reservedDates) {
  const taken = new Set(reservedDates);
  const schedule = archiveSchedule();
  const perArchive = Object.fromEntries(Object.keys(STUDY_COUNTS).map((archive) => [archive, 0]));
  return schedule.map((archive, slot) => {
    let day = FIRST_DAY + Math.round((slot * (LAST_DAY - FIRST_DAY)) / (schedule.length - 1) / DAY_MS) * DAY_MS;
    while (taken.has(isoDate(day))) day += DAY_MS;
    const date = isoDate(day);
    taken.add(date);

    const index = perArchive[archive]++;
    const rotation = ROTATIONS[archive];
    const turn = rotation[index % rotation.length];
    const round = Math.floor(index / rotation.length);
    const bodyPart = turn.parts[round % turn.parts.length];
    const laterality = turn.kind === 'OP' ? (round % 2 === 0 ? 'R' : 'L') : undefined;
    const time = `${String(8 + (slot % 9)).padStart(2, '0')}${String((slot * 7) % 60).padStart(2, '0')}00`;
    return defineTimelineStudy(LARGE_RECORDS[archive], {
      date, time, description: turn.describe(bodyPart, laterality), specialty: turn.specialty,
      series: { kind: turn.kind, bodyPart, laterality, description: `${turn.kind} ${bodyPart}${laterality ? ` ${laterality}` : ''}`, count: 1, encoding: 'native', size: 32 },
    });
  });
}
