// carol's FDG PET/CT studies (patients-oncology.mjs): per study a CT (96 × 512², 3 mm,
// JPEG-LS lossless) and a PET (96 × 128², BQML, DecayCorrection START) of the torso phantom
// (phantoms-petct.mjs), in one frame of reference, the PET's slices at exactly the CT's
// positions. The PET is stored unsigned 16-bit with a RescaleSlope of its own per instance, as
// scanners write it; the manifest's `series.pet` (petct-truth.mjs) holds the truth a test
// needs for SUV. Also the small PET series of the hostile patient (series-hostile.mjs) and the
// small CT its hostile SEGs are drawn on (series-hostile-segmentation.mjs).
import { decimalString, SOP_CLASS, writeDicomFile } from './dicom-file.mjs';
import { readImageAttributesInProcess, runWithConcurrency, transcode } from './dicom-tools.mjs';
import { assertClearBoundaries, ctSliceHu, paintLesions, petSliceBqml, torsoLabels } from './phantoms-petct.mjs';
import { addSeconds, F18_HALF_LIFE_S, petTruth } from './petct-truth.mjs';
import { defineSeries, describeSeries, identifyingAttributes, instanceFile, sourceFile } from './series-common.mjs';
import { frameOfReferenceUid } from './uids.mjs';

const AXIAL = [1, 0, 0, 0, 1, 0];
const FIELD_OF_VIEW_MM = 500;
export const PETCT_SLICES = 96;
export const PETCT_SLICE_MM = 3;
const BODY_PART = 'WHOLEBODY';
const CT_ENCODER = { tool: 'dcmcjpls', args: ['+el'] };
/** A bed position covers 48 slices (144 mm) and takes 150 s; the first starts at SeriesTime. */
const BED = { slices: 48, seconds: 150 };

/**
 * A square grid centred on x = y = 0 over the 500 mm field of view, with spacing and first
 * pixel centre as their DS values read back (DS keeps 6 decimals: the CT's 500/512 mm is
 * written 0.976563), so everything computed from the grid is what a reader computes.
 */
export function centredGrid(size, fieldOfViewMm = FIELD_OF_VIEW_MM) {
  const spacing = Number(decimalString(fieldOfViewMm / size));
  return { size, spacing, origin: Number(decimalString(-((size - 1) * spacing) / 2)) };
}
export const CT_GRID = centredGrid(512);
export const PET_GRID = centredGrid(128);

/** Table positions of instances 1..n: the first slice at z = 0, then 3 mm steps towards the feet. */
export const petctSliceZs = (count = PETCT_SLICES, firstZ = 0) => Array.from({ length: count }, (_, i) => firstZ - i * PETCT_SLICE_MM);

/** The two series of a PET/CT study and their one frame of reference, before any pixel is made. */
export function planPetCt(study) {
  const { petct } = study;
  const forUid = frameOfReferenceUid(study.key);
  const ct = defineSeries({
    key: `${study.key}-ct`, study, seriesNumber: 2, description: 'CT 3.0 WB AC', modality: 'CT', sopClassUid: SOP_CLASS.ct,
    bodyPart: BODY_PART, seriesTime: petct.ctSeriesTime, extra: { frameOfReferenceUid: forUid, petSeriesKey: `${study.key}-pt` },
  });
  const pt = defineSeries({
    key: `${study.key}-pt`, study, seriesNumber: 3, description: 'PET WB FDG AC', modality: 'PT', sopClassUid: SOP_CLASS.pet,
    bodyPart: BODY_PART, seriesTime: petct.petSeriesTime, extra: { frameOfReferenceUid: forUid },
  });
  return { frameOfReferenceUid: forUid, ct, pt, zs: petctSliceZs() };
}

// ------------------------------------------------------------------ PET pixels

/**
 * Per slice: the largest value is stored near 65535 with a slope of 6 decimals (DS), rounded
 * up so no value overflows. Values are then exactly stored × slope as written.
 */
function quantiseSlice(bqml) {
  let max = 0;
  for (const value of bqml) max = Math.max(max, value);
  const rescaleSlope = max > 0 ? Math.ceil((max / 65535) * 1e6) / 1e6 : 1;
  if (Number(decimalString(rescaleSlope)) !== rescaleSlope) throw new Error(`slope ${rescaleSlope} does not survive its DS value`);
  const stored = new Uint16Array(bqml.length);
  for (let i = 0; i < bqml.length; i++) stored[i] = Math.round(bqml[i] / rescaleSlope);
  return { rescaleSlope, stored };
}

/** The PET volume: per slice its region labels, stored values and slope. */
export function petVolume({ grid, zs, lesions, noiseKey }) {
  assertClearBoundaries(lesions, grid, zs);
  const slices = zs.map((z, index) => {
    const labels = paintLesions(torsoLabels(z, grid), z, grid, lesions);
    const values = petSliceBqml(labels, lesions, `${noiseKey}/${index + 1}`);
    return { z, labels, ...quantiseSlice(values) };
  });
  return { grid, zs, slices, sliceMm: PETCT_SLICE_MM };
}

/** Bed positions of a series: when each started and the instances it holds. */
function bedsOf(seriesTime, slices) {
  const count = Math.ceil(slices / BED.slices);
  return Array.from({ length: count }, (_, bed) => ({
    acquisitionTime: addSeconds(seriesTime, bed * BED.seconds), frameDurationMs: BED.seconds * 1000,
    firstInstanceNumber: bed * BED.slices + 1, lastInstanceNumber: Math.min(slices, (bed + 1) * BED.slices),
  }));
}

/**
 * PET Image module (PS3.3 C.8.9.4): with DecayCorrection START the image is corrected to the
 * series start, so a later bed carries the decay from the series start to its own start and
 * over its frame; the frame reference time is when the count rate equals the frame's average.
 */
function bedDecay(bed, bedIndex) {
  const lambda = Math.LN2 / F18_HALF_LIFE_S;
  const start = bedIndex * BED.seconds;
  const duration = bed.frameDurationMs / 1000;
  const withinFrame = (lambda * duration) / (1 - Math.exp(-lambda * duration));
  return {
    DecayFactor: Math.exp(lambda * start) * withinFrame,
    FrameReferenceTime: (start + Math.log(withinFrame) / lambda) * 1000,
  };
}

const code = (CodeValue, CodingSchemeDesignator, CodeMeaning) => ({ CodeValue, CodingSchemeDesignator, CodeMeaning });

/** PET Isotope module (PS3.3 C.8.9.2): F-18 FDG. */
function radiopharmaceuticalAttributes(date, petct) {
  return {
    RadiopharmaceuticalInformationSequence: [{
      Radiopharmaceutical: 'Fluorodeoxyglucose',
      RadiopharmaceuticalRoute: 'Intravenous',
      RadiopharmaceuticalStartTime: petct.injection.time,
      RadiopharmaceuticalStartDateTime: `${date}${petct.injection.time}`,
      RadionuclideTotalDose: petct.injection.totalDoseBq,
      RadionuclideHalfLife: F18_HALF_LIFE_S,
      RadionuclidePositronFraction: 0.9673,
      RadionuclideCodeSequence: [code('77004003', 'SCT', '^18^Fluorine')],
      RadiopharmaceuticalCodeSequence: [code('35321007', 'SCT', 'Fluorodeoxyglucose F^18^')],
    }],
  };
}

/**
 * What a PET series' files carry, and how a hostile variant departs from it: 'no-weight' leaves
 * out PatientWeight (and PatientSize), 'no-decay' the Radiopharmaceutical Information Sequence and DecayCorrection,
 * 'counts' stores CNTS instead of BQML.
 */
function petHeader(study, series, petct, variant) {
  return {
    units: variant === 'counts' ? 'CNTS' : 'BQML',
    decayCorrection: variant === 'no-decay' ? null : 'START',
    correctedImage: ['NORM', 'DTIM', 'ATTN', 'SCAT', 'DECY', 'RAN'],
    patientWeightKg: variant === 'no-weight' ? null : petct.patientWeightKg,
    patientSizeM: variant === 'no-weight' ? null : petct.patientSizeM,
    totalDoseBq: variant === 'no-decay' ? null : petct.injection.totalDoseBq,
    halfLifeS: F18_HALF_LIFE_S,
    injectionTime: variant === 'no-decay' ? null : petct.injection.time,
    seriesDate: study.studyDate,
    seriesTime: series.seriesTime,
  };
}

function petInstanceAttributes({ series, n, header, petct, volume, frameOfReferenceUid: forUid, bed, bedIndex, window }) {
  const { grid } = volume;
  const slice = volume.slices[n - 1];
  const { study } = series;
  return {
    ...identifyingAttributes(series, n),
    ImageType: ['ORIGINAL', 'PRIMARY'],
    AcquisitionDate: study.studyDate,
    AcquisitionTime: bed.acquisitionTime,
    ...(header.patientWeightKg === null ? {} : { PatientSize: header.patientSizeM, PatientWeight: header.patientWeightKg }),
    PatientPosition: 'HFS',
    // PET Series module (PS3.3 C.8.9.1).
    SeriesType: ['WHOLE BODY', 'IMAGE'],
    Units: header.units,
    CountsSource: 'EMISSION',
    CorrectedImage: header.correctedImage,
    RandomsCorrectionMethod: 'DLYD',
    ...(header.decayCorrection === null ? {} : { DecayCorrection: header.decayCorrection }),
    AttenuationCorrectionMethod: 'CT-based',
    ScatterCorrectionMethod: 'Model-based',
    ReconstructionMethod: 'OSEM 3i21s',
    NumberOfSlices: volume.zs.length,
    CollimatorType: 'NONE',
    ...(header.totalDoseBq === null ? {} : radiopharmaceuticalAttributes(study.studyDate, petct)),
    // NM/PET Patient Orientation module: type 2, present and empty.
    PatientOrientationCodeSequence: [],
    PatientGantryRelationshipCodeSequence: [],
    FrameOfReferenceUID: forUid,
    PositionReferenceIndicator: '',
    ImagePositionPatient: [grid.origin, grid.origin, slice.z],
    ImageOrientationPatient: AXIAL,
    SliceLocation: slice.z,
    PixelSpacing: [grid.spacing, grid.spacing],
    SliceThickness: volume.sliceMm,
    // PET Image module (PS3.3 C.8.9.4).
    ImageIndex: n,
    ActualFrameDuration: bed.frameDurationMs,
    ...(header.decayCorrection === null ? { FrameReferenceTime: bedDecay(bed, bedIndex).FrameReferenceTime } : bedDecay(bed, bedIndex)),
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: grid.size,
    Columns: grid.size,
    BitsAllocated: 16,
    BitsStored: 16,
    HighBit: 15,
    PixelRepresentation: 0,
    RescaleIntercept: 0,
    RescaleSlope: slice.rescaleSlope,
    WindowCenter: window.center,
    WindowWidth: window.width,
    PixelData: { vr: 'OW', value: slice.stored },
  };
}

/**
 * What a PET series will carry before a file is written: its header, bed positions and the
 * manifest's truth (`pet`). `probes` are [name, point, region?]. The unit test checks this.
 */
export function petSeriesContent({ series, petct, volume, probes, variant = null, ctSeries = null }) {
  const header = petHeader(series.study, series, petct, variant);
  const beds = bedsOf(series.seriesTime, volume.zs.length);
  const sopInstanceUids = volume.zs.map((_, index) => identifyingAttributes(series, index + 1).SOPInstanceUID);
  return { header, beds, pet: petTruth({ header, lesions: petct.lesions, probes, volume, sopInstanceUids, beds, ctSeries }) };
}

/** Writes a PET series of `volume` and returns its manifest entry; `extraAttributes` override (a hostile study's charset). */
export async function writePetSeries({ series, petct, volume, frameOfReferenceUid: forUid, probes, variant = null, ctSeries = null, extraAttributes = {} }) {
  const { header, beds, pet } = petSeriesContent({ series, petct, volume, probes, variant, ctSeries });
  // In Bq/ml (or counts): 0 .. 20000, about SUVbw 0 .. 6 at these doses.
  const window = { center: 10000, width: 20000 };
  const instances = [];
  for (let n = 1; n <= volume.zs.length; n++) {
    const bedIndex = Math.floor((n - 1) / BED.slices);
    const attributes = { ...petInstanceAttributes({ series, n, header, petct, volume, frameOfReferenceUid: forUid, bed: beds[bedIndex], bedIndex, window }), ...extraAttributes };
    const file = instanceFile(series.key, n);
    writeDicomFile(file.absolute, { attributes });
    instances.push({
      sopInstanceUid: attributes.SOPInstanceUID, instanceNumber: n, file: file.relative,
      imagePositionPatient: attributes.ImagePositionPatient, rescaleSlope: volume.slices[n - 1].rescaleSlope,
    });
  }
  series.extra.pet = pet;
  const entry = await describeSeries(series, instances, {
    geometry: { imageOrientationPatient: AXIAL, pixelSpacing: [volume.grid.spacing, volume.grid.spacing], sliceThickness: volume.sliceMm },
    encoding: { method: 'dcmjs (uncompressed, as generated)' },
    readAttributes: readImageAttributesInProcess,
  });
  // The slope differs per instance: instances[].rescaleSlope, never the first file's alone.
  delete entry.rescaleSlope;
  return entry;
}

// ------------------------------------------------------------------ CT

/** Stored = HU + 1024. A plain loop: Int16Array.from with a map function took 50 ms a slice. */
function storedHu(hu) {
  const stored = new Int16Array(hu.length);
  for (let i = 0; i < hu.length; i++) stored[i] = Math.round(hu[i]) + 1024;
  return stored;
}

/**
 * Writes a CT series of the torso phantom with `petct.lesions` painted in, on `grid` (the PET/CT's
 * 512², or a small one: the hostile SEG study, series-hostile-segmentation.mjs); its manifest entry.
 */
export async function writeCtSeries({ series, petct, zs, frameOfReferenceUid: forUid, grid = CT_GRID }) {
  const tasks = zs.map((z, index) => async () => {
    const n = index + 1;
    const labels = paintLesions(torsoLabels(z, grid), z, grid, petct.lesions);
    const hu = ctSliceHu(labels, petct.lesions, `${series.key}/${n}`);
    const attributes = {
      ...identifyingAttributes(series, n),
      ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
      AcquisitionDate: series.study.studyDate,
      AcquisitionTime: series.seriesTime,
      AcquisitionNumber: 1,
      PatientSize: petct.patientSizeM,
      PatientWeight: petct.patientWeightKg,
      KVP: 120, XRayTubeCurrent: 80, ExposureTime: 500, ConvolutionKernel: 'STANDARD',
      DataCollectionDiameter: FIELD_OF_VIEW_MM, ReconstructionDiameter: FIELD_OF_VIEW_MM, GantryDetectorTilt: 0, TableHeight: 150,
      RotationDirection: 'CW', PatientPosition: 'HFS',
      FrameOfReferenceUID: forUid,
      PositionReferenceIndicator: '',
      ImagePositionPatient: [grid.origin, grid.origin, z],
      ImageOrientationPatient: AXIAL,
      SliceLocation: z,
      PixelSpacing: [grid.spacing, grid.spacing],
      SliceThickness: PETCT_SLICE_MM,
      SamplesPerPixel: 1,
      PhotometricInterpretation: 'MONOCHROME2',
      Rows: grid.size,
      Columns: grid.size,
      BitsAllocated: 16,
      BitsStored: 16,
      HighBit: 15,
      PixelRepresentation: 1,
      // HU = stored − 1024.
      RescaleIntercept: -1024,
      RescaleSlope: 1,
      RescaleType: 'HU',
      WindowCenter: [40, -600],
      WindowWidth: [400, 1500],
      WindowCenterWidthExplanation: ['SOFT TISSUE', 'LUNG'],
      PixelData: { vr: 'OW', value: storedHu(hu) },
    };
    const source = sourceFile(series.key, n);
    const file = instanceFile(series.key, n);
    writeDicomFile(source, { attributes });
    await transcode(CT_ENCODER, source, file.absolute);
    return { sopInstanceUid: attributes.SOPInstanceUID, instanceNumber: n, file: file.relative, imagePositionPatient: attributes.ImagePositionPatient };
  });
  // Two at a time: dcmcjpls runs while the next slice is painted, on a 2-core machine.
  const instances = await runWithConcurrency(tasks, 2);
  return describeSeries(series, instances, {
    geometry: { imageOrientationPatient: AXIAL, pixelSpacing: [grid.spacing, grid.spacing], sliceThickness: PETCT_SLICE_MM },
    encoding: { method: `${CT_ENCODER.tool} ${CT_ENCODER.args.join(' ')}` },
    readAttributes: readImageAttributesInProcess,
  });
}

// ------------------------------------------------------------------ studies

/** The probe voxels of a PET/CT: both lesion centres and two background regions. */
function petCtProbes(lesions) {
  return [
    ...lesions.map((lesion) => [`${lesion.name} centre`, lesion.center, lesion.name]),
    ['Background soft tissue', [-119.140625, 60.546875, -150], 'soft tissue'],
    ['Background liver', [-25.390625, 33.203125, -270], 'liver'],
  ];
}

/** A PET/CT study's series, PET volume and probes, without writing anything (petSeriesContent gives the truth). */
export function preparePetCt(study) {
  const plan = planPetCt(study);
  const volume = petVolume({ grid: PET_GRID, zs: plan.zs, lesions: study.petct.lesions, noiseKey: plan.pt.key });
  return { plan, volume, probes: petCtProbes(study.petct.lesions) };
}

/**
 * Writes a PET/CT study's CT and PET; returns their plan and manifest entries. The results drawn
 * on them (SEG, RTSTRUCT, AI report) and the whole study: series-tumor-board.mjs.
 */
export async function writeCtAndPet(study) {
  const { plan, volume, probes } = preparePetCt(study);
  const ct = await writeCtSeries({ series: plan.ct, petct: study.petct, zs: plan.zs, frameOfReferenceUid: plan.frameOfReferenceUid });
  const pt = await writePetSeries({ series: plan.pt, petct: study.petct, volume, frameOfReferenceUid: plan.frameOfReferenceUid, probes, ctSeries: plan.ct });
  return { plan, ct, pt };
}

// ------------------------------------------------------------------ hostile PET

/** 8 slices of 64² (7.8125 mm) through the staging tumor, one bed. */
export const HOSTILE_PET = { size: 64, slices: 8, firstZ: -222 };

/**
 * A hostile PET series' acquisition (carol's staging one, with only the lesions whose centre
 * is in its 8 slices), volume and probes: the tumor's centre and the liver beside it.
 */
export function prepareHostilePet(series, stagingPetct) {
  const zs = petctSliceZs(HOSTILE_PET.slices, HOSTILE_PET.firstZ);
  const petct = { ...stagingPetct, lesions: stagingPetct.lesions.filter((lesion) => zs.includes(lesion.center[2])) };
  const volume = petVolume({ grid: centredGrid(HOSTILE_PET.size), zs, lesions: petct.lesions, noiseKey: series.key });
  const [tumor] = petct.lesions;
  const probes = [[`${tumor.name} centre`, tumor.center, tumor.name], ['Background liver', [-25.390625, 33.203125, -231], 'liver']];
  return { petct, volume, probes };
}

/**
 * A small PET series of the hostile patient that lacks what SUV needs (`variant`): its pixels
 * must still display, in the stored units. Its own frame of reference; no CT.
 */
export async function writeHostilePetSeries(series, variant, stagingPetct, extraAttributes) {
  const { petct, volume, probes } = prepareHostilePet(series, stagingPetct);
  const forUid = frameOfReferenceUid(series.key);
  series.extra.frameOfReferenceUid = forUid;
  return writePetSeries({ series, petct, volume, frameOfReferenceUid: forUid, variant, extraAttributes, probes });
}
