// The two "real looking" cross-sectional series: a 256-slice chest CT
// (patient A) and a 24-slice sagittal knee MR (patient B); and shorter stacks of the same chest
// CT for studies that need the phantom but not the whole sweep.
import { SOP_CLASS, writeDicomFile } from './dicom-file.mjs';
import { STUDIES } from './patients.mjs';
import { CHEST_FEATURES, chestSliceHu, kneeSliceSignal } from './phantoms.mjs';
import { defineSeries, describeSeries, identifyingAttributes, instanceFile } from './series-common.mjs';
import { frameOfReferenceUid } from './uids.mjs';

const AXIAL = [1, 0, 0, 0, 1, 0];
// Sagittal: rows run anterior -> posterior (+y), columns head -> feet (-z).
const SAGITTAL = [0, 1, 0, 0, 0, -1];

export const CT_SERIES_KEY = 'ct-chest-axial';
const CT = { slices: 256, size: 512, spacing: 0.7, thickness: 1.25 };
// Centre of the first pixel, chosen so the image centre is x = y = 0.
const CT_ORIGIN = [-((CT.size - 1) * CT.spacing) / 2, -((CT.size - 1) * CT.spacing) / 2];

/** z of slice n (1-based) of the sweep: the first slice is the most superior (z = 0), then downwards. */
export const ctSliceZ = (sweepSlice) => -(sweepSlice - 1) * CT.thickness;

/** Slice of the sweep whose centre is nearest table position z. */
const sweepSliceAt = (z) => Math.round(-z / CT.thickness) + 1;

/** alice's chest CT: the whole sweep, with the reference renderings the pixel tests compare. */
export async function buildChestCtSeries() {
  const { series, instances, entry } = await buildChestCtStack({
    key: CT_SERIES_KEY, study: STUDIES.chestCt, seriesNumber: 2, seriesTime: '093512', frameOfReference: 'alice-ct-chest',
    firstSlice: 1, slices: CT.slices,
  });
  return { entry, references: CT_REFERENCES.map((r) => referenceRequest(series, instances, r)) };
}

/**
 * A stack of `slices` slices of the sweep centred on a planted feature (the centre slice in
 * the stack's middle): a short series that still shows the feature whole, for a study that
 * needs the phantom but not 256 slices.
 */
export async function buildChestCtAround(featureName, { slices, ...identity }) {
  const feature = CHEST_FEATURES.find((f) => f.name === featureName);
  if (!feature) throw new Error(`no chest phantom feature ${featureName}`);
  const firstSlice = sweepSliceAt(feature.center[2]) - Math.floor(slices / 2);
  if (firstSlice < 1 || firstSlice + slices - 1 > CT.slices) throw new Error(`${identity.key}: ${slices} slices around ${featureName} leave the sweep`);
  return (await buildChestCtStack({ ...identity, firstSlice, slices })).entry;
}

/**
 * Instance n of the stack is slice `firstSlice + n - 1` of the sweep, with that slice's z and
 * noise: the same table position shows the same pixels in every series of the phantom, so a
 * measurement computed on one is the measurement on the other.
 */
async function buildChestCtStack({ key, study, seriesNumber, seriesTime, frameOfReference, firstSlice, slices }) {
  const series = defineSeries({
    key, study, seriesNumber, description: 'Axial 1.25mm',
    modality: 'CT', sopClassUid: SOP_CLASS.ct, bodyPart: 'CHEST', seriesTime,
    extra: { features: describeChestFeatures(firstSlice, slices) },
  });
  const forUid = frameOfReferenceUid(frameOfReference);
  const instances = [];
  for (let n = 1; n <= slices; n++) {
    const sweepSlice = firstSlice + n - 1;
    const z = ctSliceZ(sweepSlice);
    const hu = chestSliceHu({ z, rows: CT.size, columns: CT.size, spacing: CT.spacing, origin: CT_ORIGIN, noiseSeed: `ct-${sweepSlice}` });
    const position = [CT_ORIGIN[0], CT_ORIGIN[1], z];
    const file = instanceFile(series.key, n);
    writeDicomFile(file.absolute, {
      attributes: {
        ...identifyingAttributes(series, n),
        ...ctAcquisitionAttributes(),
        ImageType: ['ORIGINAL', 'PRIMARY', 'AXIAL'],
        AcquisitionNumber: 1,
        FrameOfReferenceUID: forUid,
        PositionReferenceIndicator: '',
        ImagePositionPatient: position,
        ImageOrientationPatient: AXIAL,
        SliceLocation: z,
        PixelSpacing: [CT.spacing, CT.spacing],
        SliceThickness: CT.thickness,
        SamplesPerPixel: 1,
        PhotometricInterpretation: 'MONOCHROME2',
        Rows: CT.size,
        Columns: CT.size,
        BitsAllocated: 16,
        BitsStored: 16,
        HighBit: 15,
        PixelRepresentation: 1,
        // Stored = HU + 1024, i.e. HU = stored * 1 - 1024.
        RescaleIntercept: -1024,
        RescaleSlope: 1,
        RescaleType: 'HU',
        WindowCenter: [-600, 40],
        WindowWidth: [1500, 400],
        WindowCenterWidthExplanation: ['LUNG', 'MEDIASTINUM'],
        PixelData: { vr: 'OW', value: Int16Array.from(hu, (v) => Math.round(v) + 1024) },
      },
    });
    instances.push({ sopInstanceUid: identifyingAttributes(series, n).SOPInstanceUID, instanceNumber: n, file: file.relative, imagePositionPatient: position });
  }
  const entry = await describeSeries(series, instances, {
    geometry: { imageOrientationPatient: AXIAL, pixelSpacing: [CT.spacing, CT.spacing], sliceThickness: CT.thickness },
    encoding: { method: 'dcmjs (uncompressed, as generated)' },
  });
  return { series, instances, entry };
}

const LUNG = { center: -600, width: 1500 };
const MEDIASTINUM = { center: 40, width: 400 };
const CT_REFERENCES = [
  { name: 'ct-first-lung', instanceNumber: 1, window: LUNG },
  { name: 'ct-mid-lung', instanceNumber: 128, window: LUNG },
  { name: 'ct-mid-mediastinum', instanceNumber: 128, window: MEDIASTINUM },
  { name: 'ct-last-mediastinum', instanceNumber: CT.slices, window: MEDIASTINUM },
];

function referenceRequest(series, instances, { name, instanceNumber, window }) {
  const instance = instances[instanceNumber - 1];
  return {
    name, series, instanceNumber, sopInstanceUid: instance.sopInstanceUid, frame: 1, window, renderArgs: [],
    input: instanceFile(series.key, instanceNumber).absolute, inputDescription: 'on the stored file',
  };
}

function ctAcquisitionAttributes() {
  return {
    KVP: 120,
    XRayTubeCurrent: 180,
    ExposureTime: 500,
    ConvolutionKernel: 'STANDARD',
    DataCollectionDiameter: 500,
    ReconstructionDiameter: CT.size * CT.spacing,
    GantryDetectorTilt: 0,
    TableHeight: 150,
    RotationDirection: 'CW',
    PatientPosition: 'HFS',
    SpacingBetweenSlices: CT.thickness,
  };
}

/**
 * The planted features whose centre slice is in the stack, with the instance numbers whose slab
 * contains them and the instance at their centre.
 */
function describeChestFeatures(firstSlice, slices) {
  const instanceNumberOf = (sweepSlice) => sweepSlice - firstSlice + 1;
  return CHEST_FEATURES.map((feature) => {
    const instanceNumbers = [];
    for (let n = 1; n <= slices; n++) {
      if (Math.abs(ctSliceZ(firstSlice + n - 1) - feature.center[2]) < feature.radiusMm) instanceNumbers.push(n);
    }
    return { ...feature, centerInstanceNumber: instanceNumberOf(sweepSliceAt(feature.center[2])), instanceNumbers };
  }).filter((feature) => feature.centerInstanceNumber >= 1 && feature.centerInstanceNumber <= slices);
}

// ------------------------------------------------------------------ MR

export const MR_SERIES_KEY = 'mr-knee-sagittal';
const MR = { slices: 24, size: 256, spacing: 0.9, thickness: 3, firstX: -34.5 };

export async function buildKneeMrSeries() {
  const series = defineSeries({
    key: MR_SERIES_KEY, study: STUDIES.kneeMr, seriesNumber: 3, description: 'SAG T1 SE',
    modality: 'MR', sopClassUid: SOP_CLASS.mr, bodyPart: 'KNEE', seriesTime: '142030',
  });
  const forUid = frameOfReferenceUid('bob-mr-knee');
  const half = ((MR.size - 1) * MR.spacing) / 2;
  const instances = [];
  for (let n = 1; n <= MR.slices; n++) {
    const x = MR.firstX + (n - 1) * MR.thickness;
    const signal = kneeSliceSignal({ x, rows: MR.size, columns: MR.size, spacing: MR.spacing, noiseSeed: `mr-${n}` });
    // First pixel: most anterior (y = -half) and most superior (z = +half).
    const position = [x, -half, half];
    const file = instanceFile(series.key, n);
    writeDicomFile(file.absolute, {
      attributes: {
        ...identifyingAttributes(series, n),
        ...mrAcquisitionAttributes(),
        ImageType: ['ORIGINAL', 'PRIMARY', 'M', 'ND'],
        AcquisitionNumber: 1,
        FrameOfReferenceUID: forUid,
        PositionReferenceIndicator: '',
        ImagePositionPatient: position,
        ImageOrientationPatient: SAGITTAL,
        SliceLocation: x,
        PixelSpacing: [MR.spacing, MR.spacing],
        SliceThickness: MR.thickness,
        SpacingBetweenSlices: MR.thickness,
        SamplesPerPixel: 1,
        PhotometricInterpretation: 'MONOCHROME2',
        Rows: MR.size,
        Columns: MR.size,
        BitsAllocated: 16,
        BitsStored: 16,
        HighBit: 15,
        PixelRepresentation: 0,
        WindowCenter: 1150,
        WindowWidth: 2400,
        PixelData: { vr: 'OW', value: Uint16Array.from(signal, (v) => Math.min(65535, Math.round(v))) },
      },
    });
    instances.push({ sopInstanceUid: identifyingAttributes(series, n).SOPInstanceUID, instanceNumber: n, file: file.relative, imagePositionPatient: position });
  }
  const entry = await describeSeries(series, instances, {
    geometry: { imageOrientationPatient: SAGITTAL, pixelSpacing: [MR.spacing, MR.spacing], sliceThickness: MR.thickness },
    encoding: { method: 'dcmjs (uncompressed, as generated)' },
  });
  // The window spans the whole signal range (0 .. ~2350).
  const references = [referenceRequest(series, instances, { name: 'mr-mid', instanceNumber: MR.slices / 2, window: { center: 1150, width: 2400 } })];
  return { entry, references };
}

function mrAcquisitionAttributes() {
  return {
    ScanningSequence: 'SE',
    SequenceVariant: 'NONE',
    ScanOptions: '',
    MRAcquisitionType: '2D',
    SequenceName: 'se2d1',
    RepetitionTime: 550,
    EchoTime: 12,
    EchoTrainLength: 1,
    NumberOfAverages: 2,
    ImagingFrequency: 63.87,
    ImagedNucleus: '1H',
    MagneticFieldStrength: 1.5,
    FlipAngle: 90,
    ProtocolName: 'KNEE SAG T1',
    PatientPosition: 'FFS',
    Laterality: 'R',
  };
}
