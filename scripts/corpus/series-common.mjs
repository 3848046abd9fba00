// Shared pieces for every series: identifying attributes (patient, study,
// series, instance, equipment), output paths, and the manifest entry.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readImageAttributes } from './dicom-tools.mjs';
import { instanceUid, seriesUid } from './uids.mjs';

export const CORPUS_DIR = path.resolve(import.meta.dirname, '..', '..', '.data', 'corpus');
export const WORK_DIR = path.join(CORPUS_DIR, 'work');

/** Series identity; `study` comes from patients.mjs. */
export function defineSeries({ key, study, seriesNumber, description, modality, sopClassUid, bodyPart, seriesTime, extra = {} }) {
  return {
    key,
    study,
    seriesNumber,
    description,
    modality,
    sopClassUid,
    bodyPart,
    seriesTime: seriesTime ?? study.studyTime,
    seriesInstanceUid: seriesUid(key),
    extra,
  };
}

export function instanceFile(seriesKey, instanceNumber) {
  const relative = `dicom/${seriesKey}/${String(instanceNumber).padStart(4, '0')}.dcm`;
  return { relative, absolute: path.join(CORPUS_DIR, relative) };
}

/** Where the uncompressed source of a transcoded instance is written. */
export function sourceFile(seriesKey, instanceNumber) {
  return path.join(WORK_DIR, 'source', seriesKey, `${String(instanceNumber).padStart(4, '0')}.dcm`);
}

/** Patient / General Study / General Series / General Equipment / SOP Common attributes. */
export function identifyingAttributes(series, instanceNumber) {
  const { study } = series;
  const { patient } = study;
  return {
    SpecificCharacterSet: 'ISO_IR 100',
    SOPClassUID: series.sopClassUid,
    SOPInstanceUID: instanceUid(series.key, instanceNumber),
    StudyDate: study.studyDate,
    SeriesDate: study.studyDate,
    ContentDate: study.studyDate,
    StudyTime: study.studyTime,
    SeriesTime: series.seriesTime,
    ContentTime: series.seriesTime,
    AccessionNumber: study.accessionNumber,
    Modality: series.modality,
    Manufacturer: 'Longview Synthetic',
    ManufacturerModelName: 'Phantom Generator',
    InstitutionName: 'Longview Synthetic Hospital',
    ReferringPhysicianName: study.referringPhysicianName,
    StudyDescription: study.studyDescription,
    SeriesDescription: series.description,
    PatientName: patient.patientName,
    PatientID: patient.patientId,
    IssuerOfPatientID: patient.issuerOfPatientId,
    OtherPatientIDsSequence: otherPatientIdItems(patient),
    PatientBirthDate: patient.birthDate,
    PatientSex: patient.sex,
    BodyPartExamined: series.bodyPart,
    StudyInstanceUID: study.studyInstanceUid,
    SeriesInstanceUID: series.seriesInstanceUid,
    StudyID: study.studyId,
    SeriesNumber: series.seriesNumber,
    InstanceNumber: instanceNumber,
  };
}

/**
 * PS3.3 C.7.1.1: each Other Patient IDs item names a record of the same person under another
 * assigning authority. Left out (not written empty) when there is none, so the files of the
 * patients that predate it stay byte-identical.
 */
function otherPatientIdItems(patient) {
  if (!patient.otherPatientIds?.length) return undefined;
  return patient.otherPatientIds.map(({ patientId, issuerOfPatientId }) => ({
    PatientID: patientId,
    IssuerOfPatientID: issuerOfPatientId,
    TypeOfPatientID: 'TEXT',
  }));
}

function fileDigest(file) {
  const bytes = fs.readFileSync(file);
  return { sha256: createHash('sha256').update(bytes).digest('hex'), bytes: bytes.length };
}

/**
 * Builds the manifest entry of a finished series. Pixel-describing values
 * are read back from the first written file (dcmdump), because lossy
 * encoders may have changed them. Attributes that do not apply (no rescale,
 * no geometry, colour without window) stay undefined and so are left out of
 * the JSON, matching the optional fields the tests declare.
 */
export async function describeSeries(series, instances, { geometry = {}, corruptInstanceNumbers = [], encoding = {}, readAttributes = readImageAttributes } = {}) {
  const first = await readAttributes(path.join(CORPUS_DIR, instances[0].file));
  // An encapsulated document has no Image Pixel module: no frames, rows or colours to describe.
  const hasPixels = first.rows !== undefined;
  return {
    key: series.key,
    seriesInstanceUid: series.seriesInstanceUid,
    seriesNumber: series.seriesNumber,
    seriesDescription: series.description,
    modality: series.modality,
    bodyPart: series.bodyPart,
    sopClassUid: series.sopClassUid,
    transferSyntaxUid: first.transferSyntaxUid,
    photometricInterpretation: first.photometricInterpretation,
    rows: first.rows,
    columns: first.columns,
    numberOfFrames: hasPixels ? first.numberOfFrames ?? 1 : undefined,
    samplesPerPixel: first.samplesPerPixel,
    bitsAllocated: first.bitsAllocated,
    bitsStored: first.bitsStored,
    pixelRepresentation: first.pixelRepresentation,
    planarConfiguration: first.planarConfiguration,
    rescaleSlope: first.rescaleSlope,
    rescaleIntercept: first.rescaleIntercept,
    windowCenter: first.windowCenter,
    windowWidth: first.windowWidth,
    voiLutFunction: first.voiLutFunction,
    lossy: first.lossyImageCompression === '01',
    imageOrientationPatient: geometry.imageOrientationPatient,
    pixelSpacing: geometry.pixelSpacing,
    sliceThickness: geometry.sliceThickness,
    encoding,
    corruptInstanceNumbers,
    ...series.extra,
    instances: instances.map(({ imagePositionPatient, ...instance }) => ({
      ...instance,
      imagePositionPatient: imagePositionPatient ?? undefined,
      ...fileDigest(path.join(CORPUS_DIR, instance.file)),
    })),
  };
}
