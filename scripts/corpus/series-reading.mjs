// Writes the reading studies of patients-reading.mjs: alice's prior CT chest (same frame of
// reference as her current CT, other slice spacing, start and instance order, so that slice
// synchronisation has to match positions, not indices), a three-sequence MR brain, a current
// and a prior PA chest radiograph and a four-view mammogram. Everything is small and written
// in process by dcmjs (uncompressed), so it adds little to the corpus time.
import { SOP_CLASS, writeDicomFile } from './dicom-file.mjs';
import { readImageAttributesInProcess } from './dicom-tools.mjs';
import { READING_STUDIES } from './patients-reading.mjs';
import { chestSliceHu } from './phantoms.mjs';
import { breastView, chestRadiograph, headSliceSignal } from './phantoms-reading.mjs';
import { defineSeries, describeSeries, identifyingAttributes, instanceFile } from './series-common.mjs';
import { frameOfReferenceUid } from './uids.mjs';

const AXIAL = [1, 0, 0, 0, 1, 0];
const SOP_CLASS_MAMMOGRAPHY_FOR_PRESENTATION = '1.2.840.10008.5.1.4.1.1.1.2';
const DESCRIBE = { encoding: { method: 'dcmjs (uncompressed, as generated)' }, readAttributes: readImageAttributesInProcess };

const grayscale16 = (signed, bitsStored = 16) => ({
  SamplesPerPixel: 1, PhotometricInterpretation: 'MONOCHROME2', BitsAllocated: 16, BitsStored: bitsStored, HighBit: bitsStored - 1, PixelRepresentation: signed ? 1 : 0,
});

/** Centre of the first pixel of a square image centred on x = y = 0. */
const centredOrigin = (size, spacing) => -((size - 1) * spacing) / 2;

function writeInstance(series, n, attributes) {
  const file = instanceFile(series.key, n);
  const identity = identifyingAttributes(series, n);
  writeDicomFile(file.absolute, { attributes: { ...identity, ...attributes } });
  return { sopInstanceUid: identity.SOPInstanceUID, instanceNumber: n, file: file.relative };
}

// ------------------------------------------------------------------ CT chest prior

export const CT_PRIOR_SERIES_KEY = 'ct-chest-prior-axial';
// 4 mm slices starting 2 mm below the current CT's first slice (z = 0), numbered from the feet
// up: neither the index nor the instance number of a slice matches the current CT's.
export const CT_PRIOR = { slices: 80, size: 256, spacing: 1.4, thickness: 4, firstZ: -2 };

/** z of prior CT instance n (1-based): instance 1 is the most inferior slice. */
export const ctPriorSliceZ = (instanceNumber) => CT_PRIOR.firstZ - (CT_PRIOR.slices - instanceNumber) * CT_PRIOR.thickness;

async function buildChestCtPrior() {
  const study = READING_STUDIES.chestCtPrior;
  const series = defineSeries({ key: CT_PRIOR_SERIES_KEY, study, seriesNumber: 2, description: 'Axial 4mm', modality: 'CT', sopClassUid: SOP_CLASS.ct, bodyPart: 'CHEST', seriesTime: '101900' });
  const origin = centredOrigin(CT_PRIOR.size, CT_PRIOR.spacing);
  const instances = [];
  for (let n = 1; n <= CT_PRIOR.slices; n++) {
    const z = ctPriorSliceZ(n);
    const hu = chestSliceHu({ z, rows: CT_PRIOR.size, columns: CT_PRIOR.size, spacing: CT_PRIOR.spacing, origin: [origin, origin], noiseSeed: `ct-prior-${n}` });
    const position = [origin, origin, z];
    const written = writeInstance(series, n, {
      ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'], KVP: 120, AcquisitionNumber: 1, PatientPosition: 'HFS',
      // The same frame of reference as the current CT: one table, one patient registration.
      FrameOfReferenceUID: frameOfReferenceUid('alice-ct-chest'), PositionReferenceIndicator: '',
      ImagePositionPatient: position, ImageOrientationPatient: AXIAL, SliceLocation: z,
      PixelSpacing: [CT_PRIOR.spacing, CT_PRIOR.spacing], SliceThickness: CT_PRIOR.thickness, SpacingBetweenSlices: CT_PRIOR.thickness,
      Rows: CT_PRIOR.size, Columns: CT_PRIOR.size, ...grayscale16(true),
      RescaleIntercept: -1024, RescaleSlope: 1, RescaleType: 'HU', WindowCenter: [-600, 40], WindowWidth: [1500, 400],
      WindowCenterWidthExplanation: ['LUNG', 'MEDIASTINUM'],
      PixelData: { vr: 'OW', value: Int16Array.from(hu, (v) => Math.round(v) + 1024) },
    });
    instances.push({ ...written, imagePositionPatient: position });
  }
  const entry = await describeSeries(series, instances, {
    ...DESCRIBE, geometry: { imageOrientationPatient: AXIAL, pixelSpacing: [CT_PRIOR.spacing, CT_PRIOR.spacing], sliceThickness: CT_PRIOR.thickness },
  });
  return [study, [entry]];
}

// ------------------------------------------------------------------ MR brain

export const MR_BRAIN = { slices: 16, size: 192, spacing: 1.2, thickness: 5, firstZ: 50 };
// Descriptions as scanners write them: the FLAIR one also says T2, so a protocol must tell them apart.
const MR_SEQUENCES = [
  { key: 'mr-brain-t1', sequence: 'T1', description: 'AX T1 SE', seriesNumber: 3, repetitionTime: 550, echoTime: 12, window: [600, 1000] },
  { key: 'mr-brain-t2', sequence: 'T2', description: 'AX T2 TSE', seriesNumber: 4, repetitionTime: 4500, echoTime: 100, window: [900, 1800] },
  { key: 'mr-brain-flair', sequence: 'FLAIR', description: 'AX T2 FLAIR', seriesNumber: 5, repetitionTime: 9000, echoTime: 120, window: [750, 1500] },
];

async function buildMrBrain() {
  const study = READING_STUDIES.mrBrain;
  const origin = centredOrigin(MR_BRAIN.size, MR_BRAIN.spacing);
  const entries = [];
  // Series are listed in acquisition order, which is not the order the protocol hangs them in.
  for (const spec of [MR_SEQUENCES[1], MR_SEQUENCES[2], MR_SEQUENCES[0]]) {
    const series = defineSeries({ key: spec.key, study, seriesNumber: spec.seriesNumber, description: spec.description, modality: 'MR', sopClassUid: SOP_CLASS.mr, bodyPart: 'BRAIN' });
    const instances = [];
    for (let n = 1; n <= MR_BRAIN.slices; n++) {
      const z = MR_BRAIN.firstZ - (n - 1) * MR_BRAIN.thickness;
      const signal = headSliceSignal({ z, rows: MR_BRAIN.size, columns: MR_BRAIN.size, spacing: MR_BRAIN.spacing, origin: [origin, origin], sequence: spec.sequence, noiseSeed: `${spec.key}-${n}` });
      const position = [origin, origin, z];
      const written = writeInstance(series, n, {
        ImageType: ['ORIGINAL', 'PRIMARY', 'M', 'ND'], ScanningSequence: spec.sequence === 'FLAIR' ? ['SE', 'IR'] : 'SE', SequenceVariant: 'NONE', ScanOptions: '',
        MRAcquisitionType: '2D', RepetitionTime: spec.repetitionTime, EchoTime: spec.echoTime, ...(spec.sequence === 'FLAIR' ? { InversionTime: 2500 } : {}),
        MagneticFieldStrength: 1.5, ImagedNucleus: '1H', AcquisitionNumber: 1, PatientPosition: 'HFS', ProtocolName: `BRAIN ${spec.description}`,
        FrameOfReferenceUID: frameOfReferenceUid('alice-mr-brain'), PositionReferenceIndicator: '',
        ImagePositionPatient: position, ImageOrientationPatient: AXIAL, SliceLocation: z,
        PixelSpacing: [MR_BRAIN.spacing, MR_BRAIN.spacing], SliceThickness: MR_BRAIN.thickness, SpacingBetweenSlices: MR_BRAIN.thickness,
        Rows: MR_BRAIN.size, Columns: MR_BRAIN.size, ...grayscale16(false), WindowCenter: spec.window[0], WindowWidth: spec.window[1],
        PixelData: { vr: 'OW', value: Uint16Array.from(signal, (v) => Math.max(0, Math.round(v))) },
      });
      instances.push({ ...written, imagePositionPatient: position });
    }
    entries.push(await describeSeries(series, instances, {
      ...DESCRIBE, geometry: { imageOrientationPatient: AXIAL, pixelSpacing: [MR_BRAIN.spacing, MR_BRAIN.spacing], sliceThickness: MR_BRAIN.thickness },
    }));
  }
  entries.push(await buildMrBrainSagittal(study));
  return [study, entries];
}

// A sagittal T1 in the same frame of reference: the axial slices show as reference lines on it.
export const MR_BRAIN_SAGITTAL = { key: 'mr-brain-sag-t1', slices: 12, size: 192, spacing: 1.2, thickness: 10, firstX: -55, topZ: 110 };
// Sagittal: rows run anterior -> posterior (+y), columns head -> feet (-z).
const SAGITTAL = [0, 1, 0, 0, 0, -1];

async function buildMrBrainSagittal(study) {
  const spec = MR_BRAIN_SAGITTAL;
  const series = defineSeries({ key: spec.key, study, seriesNumber: 6, description: 'SAG T1 SE', modality: 'MR', sopClassUid: SOP_CLASS.mr, bodyPart: 'BRAIN' });
  const origin = centredOrigin(spec.size, spec.spacing);
  const pixels = Array.from({ length: spec.slices }, () => new Uint16Array(spec.size * spec.size));
  // Sample the axial phantom once per image row (one z) and take every sagittal column from it.
  for (let row = 0; row < spec.size; row++) {
    const z = spec.topZ - row * spec.spacing;
    const axial = headSliceSignal({ z, rows: spec.size, columns: spec.size, spacing: spec.spacing, origin: [origin, origin], sequence: 'T1', noiseSeed: `${spec.key}-row-${row}` });
    for (let s = 0; s < spec.slices; s++) {
      const column = Math.round((spec.firstX + s * spec.thickness - origin) / spec.spacing);
      for (let c = 0; c < spec.size; c++) pixels[s][row * spec.size + c] = Math.max(0, Math.round(axial[c * spec.size + column]));
    }
  }
  const instances = [];
  for (let n = 1; n <= spec.slices; n++) {
    const x = spec.firstX + (n - 1) * spec.thickness;
    const position = [x, origin, spec.topZ];
    const written = writeInstance(series, n, {
      ImageType: ['ORIGINAL', 'PRIMARY', 'M', 'ND'], ScanningSequence: 'SE', SequenceVariant: 'NONE', ScanOptions: '', MRAcquisitionType: '2D',
      RepetitionTime: 550, EchoTime: 12, MagneticFieldStrength: 1.5, ImagedNucleus: '1H', AcquisitionNumber: 1, PatientPosition: 'HFS',
      FrameOfReferenceUID: frameOfReferenceUid('alice-mr-brain'), PositionReferenceIndicator: '',
      ImagePositionPatient: position, ImageOrientationPatient: SAGITTAL, SliceLocation: x,
      PixelSpacing: [spec.spacing, spec.spacing], SliceThickness: spec.thickness, SpacingBetweenSlices: spec.thickness,
      Rows: spec.size, Columns: spec.size, ...grayscale16(false), WindowCenter: 600, WindowWidth: 1000,
      PixelData: { vr: 'OW', value: pixels[n - 1] },
    });
    instances.push({ ...written, imagePositionPatient: position });
  }
  return describeSeries(series, instances, { ...DESCRIBE, geometry: { imageOrientationPatient: SAGITTAL, pixelSpacing: [spec.spacing, spec.spacing], sliceThickness: spec.thickness } });
}

// ------------------------------------------------------------------ XR chest, current and prior

const XR = { size: 384, spacing: 1 };

async function buildChestRadiograph(study, key, hasNodule) {
  const series = defineSeries({ key, study, seriesNumber: 1, description: 'PA', modality: 'DX', sopClassUid: SOP_CLASS.dxForPresentation, bodyPart: 'CHEST' });
  const pixels = chestRadiograph({ size: XR.size, spacing: XR.spacing, hasNodule, noiseSeed: key });
  const written = writeInstance(series, 1, {
    ImageType: ['ORIGINAL', 'PRIMARY'], PresentationIntentType: 'FOR PRESENTATION', PixelIntensityRelationship: 'LOG', PixelIntensityRelationshipSign: 1,
    PresentationLUTShape: 'IDENTITY', BurnedInAnnotation: 'NO', DetectorType: 'DIRECT', ImagerPixelSpacing: [XR.spacing, XR.spacing],
    ViewPosition: 'PA', PatientOrientation: ['L', 'F'], Rows: XR.size, Columns: XR.size, ...grayscale16(false, 12), WindowCenter: 2048, WindowWidth: 4096,
    PixelData: { vr: 'OW', value: Uint16Array.from(pixels, (v) => Math.min(4095, Math.max(0, Math.round(v)))) },
  });
  return [study, [await describeSeries(series, [{ ...written, viewPosition: 'PA' }], DESCRIBE)]];
}

// ------------------------------------------------------------------ mammography, four views

export const MG_SERIES_KEY = 'mg-screening';
const MG = { rows: 320, columns: 256, spacing: 0.25 };
// Stored in acquisition order (left breast first), not in the order they are hung. A right
// breast is stored with its chest wall on the right (PatientOrientation P\...), a left one on
// the left (A\...): hung R beside L, the two chest walls face each other.
const MG_VIEWS = [
  { laterality: 'L', view: 'CC', orientation: ['A', 'R'] },
  { laterality: 'R', view: 'CC', orientation: ['P', 'L'] },
  { laterality: 'L', view: 'MLO', orientation: ['A', 'FR'] },
  { laterality: 'R', view: 'MLO', orientation: ['P', 'FL'] },
];

async function buildMammogram() {
  const study = READING_STUDIES.mammogram;
  const series = defineSeries({ key: MG_SERIES_KEY, study, seriesNumber: 1, description: 'SCREENING 4 VIEWS', modality: 'MG', sopClassUid: SOP_CLASS_MAMMOGRAPHY_FOR_PRESENTATION, bodyPart: 'BREAST' });
  const instances = [];
  for (const [index, spec] of MG_VIEWS.entries()) {
    const n = index + 1;
    const pixels = breastView({ rows: MG.rows, columns: MG.columns, spacing: MG.spacing, chestWallOnRight: spec.laterality === 'R', isMlo: spec.view === 'MLO', noiseSeed: `${MG_SERIES_KEY}-${n}` });
    const written = writeInstance(series, n, {
      ImageType: ['ORIGINAL', 'PRIMARY'], PresentationIntentType: 'FOR PRESENTATION', PixelIntensityRelationship: 'LOG', PixelIntensityRelationshipSign: 1,
      PresentationLUTShape: 'IDENTITY', BurnedInAnnotation: 'NO', DetectorType: 'DIRECT', ImagerPixelSpacing: [MG.spacing, MG.spacing],
      ViewPosition: spec.view, ImageLaterality: spec.laterality, Laterality: spec.laterality, PatientOrientation: spec.orientation,
      Rows: MG.rows, Columns: MG.columns, ...grayscale16(false, 12), WindowCenter: 1600, WindowWidth: 3000,
      PixelData: { vr: 'OW', value: Uint16Array.from(pixels, (v) => Math.min(4095, Math.max(0, Math.round(v)))) },
    });
    instances.push({ ...written, viewPosition: spec.view, imageLaterality: spec.laterality });
  }
  return [study, [await describeSeries(series, instances, DESCRIBE)]];
}

/** Writes every reading study; returns [study, [seriesEntry]] pairs. */
export async function buildReadingStudies() {
  return [
    await buildChestCtPrior(),
    await buildMrBrain(),
    await buildChestRadiograph(READING_STUDIES.chestXrPrior, 'xr-chest-prior-pa', false),
    await buildChestRadiograph(READING_STUDIES.chestXr, 'xr-chest-pa', true),
    await buildMammogram(),
  ];
}
