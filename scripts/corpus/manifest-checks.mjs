// Corpus-wide invariants, checked on the finished manifest before it is written: a corpus
// that breaks one fails the generator loudly rather than a test somewhere later.
import fs from 'node:fs';
import path from 'node:path';
import { TS } from './dicom-file.mjs';

const ARCHIVES_FILE = path.resolve(import.meta.dirname, '..', 'archives.json');

/** A static DICOMweb tree has no server to transcode: it serves what its files hold. */
const STATIC_TREE_SYNTAXES = new Set([TS.explicitLittle, TS.jpegBaseline]);

/** The e2e study list is sorted by date and compared in order: no two studies may share a date. */
export function assertUniqueStudyDates(patients) {
  const seen = new Map();
  for (const patient of patients) {
    for (const study of patient.studies) {
      const other = seen.get(study.studyDate);
      if (other) throw new Error(`StudyDate ${study.studyDate} is used twice: ${other} and ${study.studyInstanceUid}`);
      seen.set(study.studyDate, study.studyInstanceUid);
    }
  }
}

/** Every study goes to an archive of scripts/archives.json; a static one gets only syntaxes it can serve. */
export function assertArchivesCanServe(patients) {
  const { archives } = JSON.parse(fs.readFileSync(ARCHIVES_FILE, 'utf8'));
  const kinds = new Map(archives.map((archive) => [archive.id, archive.kind ?? 'orthanc']));
  for (const patient of patients) {
    if (patient.studies.some((study) => study.archive !== patient.archive)) throw new Error(`${patient.patientId}: a study outside the record's archive ${patient.archive}`);
    for (const study of patient.studies) {
      if (!kinds.has(study.archive)) throw new Error(`${study.studyInstanceUid}: unknown archive "${study.archive}"`);
      if (kinds.get(study.archive) !== 'static') continue;
      for (const series of study.series) {
        if (!STATIC_TREE_SYNTAXES.has(series.transferSyntaxUid)) {
          throw new Error(`${series.key}: ${series.transferSyntaxUid} in the static archive "${study.archive}" (only ${[...STATIC_TREE_SYNTAXES].join(', ')})`);
        }
      }
    }
  }
}
