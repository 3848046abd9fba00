// Reading the corpus manifest written by scripts/corpus/generate.mjs.
import fs from 'node:fs';
import path from 'node:path';
import { REPO_ROOT } from './orthanc-control.mjs';

export const CORPUS_DIR = path.join(REPO_ROOT, '.data', 'corpus');
const MANIFEST_FILE = path.join(CORPUS_DIR, 'manifest.json');
const ARCHIVES_FILE = path.join(REPO_ROOT, 'scripts', 'archives.json');

export function readManifest() {
  if (!fs.existsSync(MANIFEST_FILE)) {
    throw new Error(`No corpus manifest at ${MANIFEST_FILE}; run: node scripts/corpus/generate.mjs`);
  }
  return JSON.parse(fs.readFileSync(MANIFEST_FILE, 'utf8'));
}

/** Every archived series with its study and patient, flattened. */
export function archivedSeries(manifest) {
  return manifest.patients.flatMap((patient) =>
    patient.studies.flatMap((study) => study.series.map((series) => ({ patient, study, series }))));
}

/** Every archived instance with the absolute path of its file and its target archive id. */
export function archivedInstances(manifest) {
  return archivedSeries(manifest).flatMap(({ patient, study, series }) =>
    series.instances.map((instance) => ({
      archive: study.archive,
      patientId: patient.patientId,
      studyInstanceUid: study.studyInstanceUid,
      seriesInstanceUid: series.seriesInstanceUid,
      seriesKey: series.key,
      ...instance,
      path: path.join(CORPUS_DIR, instance.file),
    })));
}

/**
 * Ids of the archives of kind "static" in scripts/archives.json: a tree of files that
 * scripts/static-archive/build.mjs writes from the manifest, not an Orthanc to upload to.
 */
export function staticArchiveIds() {
  const { archives } = JSON.parse(fs.readFileSync(ARCHIVES_FILE, 'utf8'));
  return new Set(archives.filter((archive) => archive.kind === 'static').map((archive) => archive.id));
}
