#!/usr/bin/env node
// Generates the deterministic synthetic demo corpus under .data/corpus/:
//   dicom/<seriesKey>/NNNN.dcm   DICOM Part-10 files
//   reference/<name>.pgm|ppm     dcmtk reference renderings
//   manifest.json                what is where (read by e2e and app tests)
// Usage: node scripts/corpus/generate.mjs [--force]
import fs from 'node:fs';
import path from 'node:path';
import { assertArchivesCanServe, assertUniqueStudyDates } from './manifest-checks.mjs';
import { PATIENTS, STUDIES } from './patients.mjs';
import { DANA_RECORDS } from './patients-content.mjs';
import { LARGE_RECORDS, largeStudies } from './patients-large.mjs';
import { MPI_RECORDS, MPI_STUDIES } from './patients-mpi.mjs';
import { AI_RESULTS_STUDY, ONCOLOGY_RECORD, ONCOLOGY_STUDIES, PETCT_STUDIES } from './patients-oncology.mjs';
import { READING_STUDIES } from './patients-reading.mjs';
import { TIMELINE_RECORDS, TIMELINE_STUDIES } from './patients-timeline.mjs';
import { renderReferences } from './references.mjs';
import { buildCineSeries } from './series-cine.mjs';
import { buildCinePhotoStudies, CINE_PHOTO_STUDY_DATES } from './series-cine-photo.mjs';
import { CORPUS_DIR, WORK_DIR } from './series-common.mjs';
import { buildChestCtSeries, buildKneeMrSeries } from './series-ct-mr.mjs';
import { buildDocumentStudies, DOCUMENT_STUDY_DATES } from './series-documents.mjs';
import { buildHostileStudies } from './series-hostile.mjs';
import { buildHostileSegmentationStudy } from './series-hostile-segmentation.mjs';
import { buildOutsideReportStudy } from './series-outside-sr.mjs';
import { buildCorruptSeries, buildHtj2kSeries, buildHtmlTextSeries, buildPanelStudySeries } from './series-panel.mjs';
import { buildReadingStudies } from './series-reading.mjs';
import { buildTimelineSeries } from './series-timeline.mjs';
import { buildPetCtStudies } from './series-tumor-board.mjs';
import { buildVideoStudies, VIDEO_STUDY } from './series-video.mjs';
import { buildWsiStudies, WSI_STUDY } from './series-wsi.mjs';

// Bump whenever the generated content changes: an existing corpus with an
// older version is regenerated automatically.
export const GENERATOR_VERSION = 20;
const MANIFEST_FILE = path.join(CORPUS_DIR, 'manifest.json');


function existingGeneratorVersion() {
  try {
    return JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf8')).generatorVersion;
  } catch {
    return null;
  }
}

async function timed(label, timings, action) {
  const started = performance.now();
  const result = await action();
  timings[label] = Math.round(performance.now() - started);
  console.log(`  ${label}: ${timings[label]} ms`);
  return result;
}

/** Every patient record, in manifest order: the original four, carol and the traps, large. */
const RECORDS = [...Object.values(PATIENTS), ...TIMELINE_RECORDS, ...Object.values(LARGE_RECORDS), ONCOLOGY_RECORD, ...Object.values(DANA_RECORDS), ...MPI_RECORDS];

/** Every study of the corpus examines one body part; a second one would need a list here. */
function studyBodyPart(study, series) {
  const parts = new Set(series.map((s) => s.bodyPart));
  if (parts.size !== 1) throw new Error(`${study.key}: series examine ${[...parts].join(', ')}`);
  return [...parts][0];
}

function studyEntry(study, series) {
  return {
    studyInstanceUid: study.studyInstanceUid,
    studyDate: study.studyDate,
    studyTime: study.studyTime,
    studyDescription: study.studyDescription,
    accessionNumber: study.accessionNumber,
    referringPhysicianName: study.referringPhysicianName,
    archive: study.archive,
    bodyPart: studyBodyPart(study, series),
    modalities: [...new Set(series.map((s) => s.modality))],
    specialty: study.specialty,
    // An AI's results study (patients-oncology.mjs): the study its results describe.
    resultsFor: study.resultsFor ? { studyInstanceUid: study.resultsFor.studyInstanceUid, archive: study.resultsFor.archive } : undefined,
    series,
  };
}

/** Groups studies under their patient records, in the order of RECORDS. */
function patientsTree(studiesWithSeries) {
  return RECORDS.map((patient) => ({
    person: patient.person,
    archive: patient.archive,
    patientId: patient.patientId,
    issuerOfPatientId: patient.issuerOfPatientId,
    patientName: patient.patientName,
    birthDate: patient.birthDate,
    sex: patient.sex,
    otherPatientIds: patient.otherPatientIds,
    studies: studiesWithSeries.filter(([study]) => study.patient === patient).map(([study, series]) => studyEntry(study, series)),
  }));
}

async function generateCorpus() {
  const timings = {};
  fs.rmSync(CORPUS_DIR, { recursive: true, force: true });
  fs.mkdirSync(CORPUS_DIR, { recursive: true });

  const ct = await timed('ct-chest-axial (256 x 512²)', timings, buildChestCtSeries);
  const mr = await timed('mr-knee-sagittal (24 x 256²)', timings, buildKneeMrSeries);
  const cine = await timed('us-echo-cine (30 frames)', timings, buildCineSeries);
  const panel = await timed('transfer-syntax / pixel panel', timings, buildPanelStudySeries);
  const htj2k = await timed('htj2k series', timings, buildHtj2kSeries);
  const corrupt = await timed('corrupt-middle', timings, buildCorruptSeries);
  const html = await timed('html-text study', timings, buildHtmlTextSeries);
  const hostile = await timed('hostile input (2 studies)', timings, buildHostileStudies);
  const hostileSegmentation = await timed('hostile SEGs, RTSTRUCT, AI SR on a CT 16 x 64² (issue 27)', timings, buildHostileSegmentationStudy);
  const timeline = await timed('timeline: carol + trap records (16 studies)', timings, () => buildTimelineSeries(TIMELINE_STUDIES));
  const oncology = await timed('oncology: carol, token-protected archive (2 studies)', timings, () => buildTimelineSeries(ONCOLOGY_STUDIES));
  const petct = await timed('oncology PET/CT: carol staging + restaging (CT 96 x 512² JPEG-LS, PT 96 x 128², SEG, RTSTRUCT, AI SR; AI results study)', timings, () => buildPetCtStudies(PETCT_STUDIES, [AI_RESULTS_STUDY]));
  const mpi = await timed('mpi: erin, fiona, gina and her namesake (8 studies)', timings, () => buildTimelineSeries(MPI_STUDIES));
  const reading = await timed('reading: alice prior CT, MR brain, XR pair, mammogram', timings, buildReadingStudies);
  const documents = await timed('documents: dana SR + key objects, PDF, ECG (3 studies)', timings, buildDocumentStudies);
  const wsi = await timed('wsi: dana H&E slide, 6-level pyramid + label + overview', timings, buildWsiStudies);
  const video = await timed('video: dana endoscopy, H.264 MP4 + MPEG-2 (ffmpeg)', timings, buildVideoStudies);
  const cinePhoto = await timed('cine + photos: dana XA cine with a damaged frame, raw data, 3 skin photos', timings, buildCinePhotoStudies);
  const outsideReport = await timed('reports: CT chest (48 x 512²) + TID 1500 measurements by another program (SR)', timings, buildOutsideReportStudy);
  const reservedDates = [...Object.values(STUDIES), ...TIMELINE_STUDIES, ...ONCOLOGY_STUDIES, ...PETCT_STUDIES, AI_RESULTS_STUDY, ...MPI_STUDIES, ...Object.values(READING_STUDIES)].map((study) => study.studyDate).concat(DOCUMENT_STUDY_DATES).concat(WSI_STUDY.studyDate).concat(VIDEO_STUDY.studyDate).concat(CINE_PHOTO_STUDY_DATES);
  const large = await timed('timeline: large (160 studies)', timings, () => buildTimelineSeries(largeStudies(reservedDates)));
  const references = await timed('reference renderings', timings, () =>
    renderReferences([...ct.references, ...mr.references, ...cine.references, ...panel.references, ...htj2k.references]));

  const patients = patientsTree([
    [STUDIES.chestCt, [ct.entry]],
    [STUDIES.kneeMr, [mr.entry]],
    [STUDIES.echoUs, [cine.entry]],
    [STUDIES.tsPanel, [...panel.entries, ...htj2k.entries, corrupt]],
    [STUDIES.htmlText, [html]],
    ...hostile,
    hostileSegmentation,
    ...timeline,
    ...large,
    ...oncology,
    ...petct,
    ...reading,
    ...documents,
    ...wsi,
    ...video,
    ...cinePhoto,
    ...mpi,
    outsideReport,
  ]);
  assertUniqueStudyDates(patients);
  assertArchivesCanServe(patients);

  const manifest = {
    generatorVersion: GENERATOR_VERSION,
    description: 'Longview synthetic demo corpus. All patients are invented. Paths are relative to this file. A patient entry is one archive\'s record; `person` says whose.',
    uidScheme: '2.25.<decimal of the first 128 bits of sha256("longview-synthetic-corpus/<key>")>',
    patients,
    references,
    // Every generated series is archived. (HTJ2K once was not: Orthanc 1.10.1 cannot serve its
    // frames, so the viewer decodes them from the whole stored instance; see render/loadImage.)
    notArchivedSeries: [],
  };
  // Write-then-rename: a crashed run never leaves a manifest that claims a complete corpus.
  fs.writeFileSync(`${MANIFEST_FILE}.tmp`, `${JSON.stringify(manifest, null, 2)}\n`);
  fs.renameSync(`${MANIFEST_FILE}.tmp`, MANIFEST_FILE);
  fs.rmSync(WORK_DIR, { recursive: true, force: true });
  return { manifest, timings };
}

function summarize(manifest) {
  const series = manifest.patients.flatMap((p) => p.studies.flatMap((s) => s.series));
  const instances = series.reduce((sum, s) => sum + s.instances.length, 0);
  const instancesByArchive = {};
  for (const patient of manifest.patients) {
    for (const study of patient.studies) {
      instancesByArchive[study.archive] = (instancesByArchive[study.archive] ?? 0) + study.series.reduce((sum, s) => sum + s.instances.length, 0);
    }
  }
  return {
    patients: manifest.patients.length,
    persons: new Set(manifest.patients.map((p) => p.person)).size,
    studies: manifest.patients.reduce((sum, p) => sum + p.studies.length, 0),
    series: series.length,
    instances,
    instancesByArchive,
    references: manifest.references.length,
    notArchivedSeries: manifest.notArchivedSeries.flatMap((group) => group.series.map((s) => s.key)),
  };
}

async function main() {
  const force = process.argv.includes('--force');
  if (!force && existingGeneratorVersion() === GENERATOR_VERSION) {
    console.log(`corpus up to date (generator v${GENERATOR_VERSION}): ${MANIFEST_FILE}; use --force to regenerate`);
    return;
  }
  const started = performance.now();
  console.log(`generating corpus v${GENERATOR_VERSION} into ${CORPUS_DIR}`);
  const { manifest } = await generateCorpus();
  console.log(JSON.stringify({ ...summarize(manifest), totalMs: Math.round(performance.now() - started) }));
}

main().catch((error) => {
  console.error(error.stack || error.message);
  process.exitCode = 1;
});
