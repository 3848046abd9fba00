import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');
export const CORPUS_DIR = join(REPO_ROOT, '.data/corpus');

/** The shape of .data/corpus/manifest.json written by scripts/corpus/generate.mjs. */
export interface CorpusInstance {
  sopInstanceUid: string;
  instanceNumber: number;
  file: string;
  imagePositionPatient?: number[];
}

export interface CorpusSeries {
  key: string;
  seriesInstanceUid: string;
  seriesNumber: number;
  seriesDescription: string;
  modality: string;
  transferSyntaxUid: string;
  photometricInterpretation: string;
  rows: number;
  columns: number;
  numberOfFrames: number;
  imageOrientationPatient?: number[];
  pixelSpacing?: number[];
  sliceThickness?: number;
  /** Windows stored in the files, in order (the first is the default). */
  windowCenter?: number[];
  windowWidth?: number[];
  corruptInstanceNumbers: number[];
  instances: CorpusInstance[];
}

export interface CorpusStudy {
  studyInstanceUid: string;
  studyDate: string;
  studyDescription: string;
  accessionNumber: string;
  archive: string;
  series: CorpusSeries[];
}

export interface CorpusPatient {
  patientId: string;
  patientName: string;
  birthDate: string;
  sex: string;
  studies: CorpusStudy[];
}

export interface CorpusReference {
  name: string;
  seriesKey: string;
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  instanceNumber: number;
  frame: number;
  windowCenter?: number;
  windowWidth?: number;
  file: string;
  method: string;
}

export interface CorpusManifest {
  patients: CorpusPatient[];
  references: CorpusReference[];
}

let cached: CorpusManifest | undefined;

export function corpus(): CorpusManifest {
  cached ??= JSON.parse(readFileSync(join(CORPUS_DIR, 'manifest.json'), 'utf8')) as CorpusManifest;
  return cached;
}

export function findSeries(key: string): { patient: CorpusPatient; study: CorpusStudy; series: CorpusSeries } {
  for (const patient of corpus().patients) {
    for (const study of patient.studies) {
      const series = study.series.find((s) => s.key === key);
      if (series) return { patient, study, series };
    }
  }
  throw new Error(`No series "${key}" in the corpus manifest`);
}

/** The viewer URL for a series: archive, study and series UIDs only, never names. */
export function viewerUrl(key: string): string {
  const { study, series } = findSeries(key);
  return `/viewer/${study.archive}/${study.studyInstanceUid}?series=${series.seriesInstanceUid}`;
}
