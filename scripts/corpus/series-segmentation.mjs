// The tumor board's DICOM Segmentation (issue 27) on carol's PET/CT CT (series-petct.mjs): a
// BINARY SEG with two segments, "Tumor" (drawn by a radiologist, MANUAL) and "Lymph node"
// (found by an AI device, AUTOMATIC), and the truth a test needs: per segment its voxels,
// volume, slices and frames. A voxel belongs to a segment when the CT voxel centre lies inside
// the lesion's sphere (phantoms-petct.mjs isInsideLesion, through paintLesions), the rule the
// CT's own pixels were painted with. Also the hostile variants of issue 27's bad-input list. Pure but for
// writeSegmentation, which writes one file where the caller says (not into the corpus by itself).
// The structure set and the AI's report on the same CT: series-rtstruct.mjs, series-ai-report.mjs.
import dcmjs from 'dcmjs';
import { SOP_CLASS, writeDicomFile } from './dicom-file.mjs';
import { assertClearBoundaries, LESION_LABEL, paintLesions } from './phantoms-petct.mjs';
import { defineSeries, identifyingAttributes } from './series-common.mjs';
import { centredGrid, CT_GRID, PETCT_SLICE_MM } from './series-petct.mjs';
import { code } from './sr-content.mjs';
import { deterministicUid, frameOfReferenceUid, instanceUid, seriesUid } from './uids.mjs';

const AXIAL = [1, 0, 0, 0, 1, 0];

/**
 * The AI that found the lymph node: it writes the SEG (its Enhanced General Equipment) and the
 * TID 1500 report (its device observer context). The observer UID is the device's own, stable.
 */
export const AI_DEVICE = {
  manufacturer: 'Acme Oncology AI',
  manufacturerModelName: 'NodeFinder PET/CT',
  softwareVersions: '3.2.1',
  deviceSerialNumber: 'NF-0042',
  name: 'NodeFinder',
  deviceObserverUid: deterministicUid('device/nodefinder'),
  algorithmName: 'NodeFinder lymph node detector',
};

/** Who drew the tumor: the SEG's ContentCreatorName. */
const RADIOLOGIST = 'RADIOLOGIST^RITA';

const CODES = {
  morphologicallyAltered: code('49755003', 'SCT', 'Morphologically Altered Structure'),
  anatomicalStructure: code('91723000', 'SCT', 'Anatomical Structure'),
  neoplasm: code('108369006', 'SCT', 'Neoplasm'),
  lymphNode: code('59441001', 'SCT', 'Lymph node'),
  sourceImage: code('121322', 'DCM', 'Source image for image processing operation'),
  segmentation: code('113076', 'DCM', 'Segmentation'),
};

/** The hostile SEGs of issue 27's bad-input list; null is the tumor board's own SEG. */
export const SEG_VARIANTS = ['missing-referenced-series', 'other-frame-of-reference', 'other-dimensions', 'fractional', 'overlapping'];
/** The frames of the 'other-dimensions' SEG: the CT's field of view on a 256² grid, not the CT's 512². */
const OTHER_DIMENSIONS_GRID = centredGrid(256);
/** The 'overlapping' SEG's third segment: the tumor grown by this margin, so every tumor voxel is in two segments. */
const OVERLAP_MARGIN_MM = 4.5;

/**
 * The SEG, RTSTRUCT and AI SR series of a PET/CT study, after its CT (2) and PET (3): the
 * corpus's keys and UIDs (series-tumor-board.mjs writes them into each PET/CT study).
 */
export function planTumorBoardSeries(study) {
  const derived = (suffix, seriesNumber, description, modality, sopClassUid, seriesTime) => defineSeries({
    key: `${study.key}-${suffix}`, study, seriesNumber, description, modality, sopClassUid, bodyPart: 'WHOLEBODY', seriesTime,
  });
  return {
    seg: derived('seg', 300, 'SEG TUMOR BOARD', 'SEG', SOP_CLASS.segmentation, '113000'),
    rtstruct: derived('rtstruct', 400, 'RTSTRUCT GTV LIVER', 'RTSTRUCT', SOP_CLASS.rtStructureSet, '114500'),
    sr: derived('ai-sr', 500, 'AI LYMPH NODE REPORT', 'SR', SOP_CLASS.comprehensiveSr, '113500'),
  };
}

/**
 * What a SEG or RTSTRUCT needs of the CT it is drawn on, from planPetCt's plan ({ ct, zs,
 * frameOfReferenceUid }): its study and series, grid, frame of reference and per instance the
 * SOP Instance UID and ImagePositionPatient it is written with. `grid` and `sliceMm` are the
 * CT's (a small test plan may pass its own).
 */
export function ctReference({ ct, zs, frameOfReferenceUid: forUid }, { grid = CT_GRID, sliceMm = PETCT_SLICE_MM } = {}) {
  return {
    study: ct.study, seriesKey: ct.key, seriesInstanceUid: ct.seriesInstanceUid, sopClassUid: ct.sopClassUid,
    frameOfReferenceUid: forUid, grid, sliceMm,
    instances: zs.map((z, index) => ({
      instanceNumber: index + 1, sopInstanceUid: identifyingAttributes(ct, index + 1).SOPInstanceUID, position: [grid.origin, grid.origin, z],
    })),
  };
}

/**
 * The segments of the tumor board's SEG, from the study's lesions (patients-oncology.mjs).
 * `rgb8` is the colour a viewer must show; the file carries it as DICOM CIELab (`cielab`).
 */
export function tumorBoardSegments(lesions, variant = null) {
  const lesion = (name) => lesions.find((candidate) => candidate.name === name) ?? fail(`no lesion "${name}"`);
  const tumor = lesion('Tumor');
  const segments = [
    { label: 'Tumor', sphere: tumor, algorithmType: 'MANUAL', category: CODES.morphologicallyAltered, type: CODES.neoplasm, rgb8: [230, 60, 50] },
    {
      label: 'Lymph node', sphere: lesion('Lymph node'), algorithmType: 'AUTOMATIC', algorithmName: AI_DEVICE.algorithmName,
      category: CODES.anatomicalStructure, type: CODES.lymphNode, rgb8: [60, 150, 240],
    },
  ];
  if (variant === 'overlapping') {
    segments.push({
      label: 'Tumor margin', description: `Tumor grown by ${OVERLAP_MARGIN_MM} mm`, sphere: { center: tumor.center, radiusMm: tumor.radiusMm + OVERLAP_MARGIN_MM },
      algorithmType: 'AUTOMATIC', algorithmName: AI_DEVICE.algorithmName, category: CODES.morphologicallyAltered, type: CODES.neoplasm, rgb8: [250, 200, 40],
    });
  }
  return segments.map((segment, index) => ({ ...segment, segmentNumber: index + 1, cielab: rgb8ToDicomLab(segment.rgb8) }));
}

/**
 * PS3.3 C.10.7.1.1: CIELab (D50, the ICC PCS white) scaled to 0..65535 (L 0..100, a and b
 * −128..127), from 8-bit sRGB, by dcmjs's conversion: its dicomlab2RGB8 gives the colour back.
 */
export const rgb8ToDicomLab = (rgb8) => dcmjs.data.Colors.rgb82DICOMLAB(rgb8);

// ------------------------------------------------------------------ voxels

/**
 * One frame's mask: 1 where the voxel centre of `grid` at slice z lies inside `sphere`, painted
 * by the very code that painted the lesion into the CT's pixels (paintLesions), so the SEG and
 * the CT cannot disagree.
 */
function sphereMask(sphere, grid, z) {
  let voxelCount = 0;
  if (Math.abs(z - sphere.center[2]) > sphere.radiusMm) return { mask: null, voxelCount };
  const mask = paintLesions(new Uint8Array(grid.size * grid.size), z, grid, [sphere]);
  for (let i = 0; i < mask.length; i++) {
    mask[i] = mask[i] === LESION_LABEL ? 1 : 0;
    voxelCount += mask[i];
  }
  return { mask, voxelCount };
}

/**
 * The frames of one segment: one per CT slice where it has a voxel, in slice order, each with
 * its mask and the CT instance it derives from (`references`: the instances as written).
 */
function segmentFrames(segment, { ct, grid, references }) {
  return ct.instances.flatMap((instance, index) => {
    const z = instance.position[2];
    const { mask, voxelCount } = sphereMask(segment.sphere, grid, z);
    if (voxelCount === 0) return [];
    return [{ segmentNumber: segment.segmentNumber, instanceNumber: instance.instanceNumber, reference: references[index], position: [grid.origin, grid.origin, z], mask, voxelCount }];
  });
}

/** BINARY Pixel Data (PS3.5 8.1.1): one bit per pixel, the first pixel in the lowest bit, frames back to back. */
function packBits(frames, pixelsPerFrame) {
  const bytes = new Uint8Array(Math.ceil(Math.ceil((frames.length * pixelsPerFrame) / 8) / 2) * 2);
  frames.forEach(({ mask }, frame) => {
    const base = frame * pixelsPerFrame;
    for (let i = 0; i < pixelsPerFrame; i++) {
      if (!mask[i]) continue;
      const bit = base + i;
      bytes[bit >> 3] |= 1 << (bit & 7);
    }
  });
  return bytes;
}

/** FRACTIONAL Pixel Data: one byte per pixel, 255 (certain) inside, 0 outside. */
function fractionalBytes(frames, pixelsPerFrame) {
  const bytes = new Uint8Array(frames.length * pixelsPerFrame + ((frames.length * pixelsPerFrame) % 2));
  frames.forEach(({ mask }, frame) => {
    for (let i = 0; i < pixelsPerFrame; i++) if (mask[i]) bytes[frame * pixelsPerFrame + i] = 255;
  });
  return bytes;
}

// ------------------------------------------------------------------ the SEG

/**
 * The CT instances a SEG points at: the CT's own, or for 'missing-referenced-series' a series
 * and instances whose UIDs exist nowhere (same positions).
 */
function referencedSource(series, ct, variant) {
  if (variant !== 'missing-referenced-series') return { seriesInstanceUid: ct.seriesInstanceUid, instances: ct.instances };
  const missingKey = `${series.key}/missing-source`;
  return {
    seriesInstanceUid: seriesUid(missingKey),
    instances: ct.instances.map((instance) => ({ ...instance, sopInstanceUid: instanceUid(missingKey, instance.instanceNumber) })),
  };
}

/**
 * Common Instance Reference (PS3.3 C.12.2): the CT series, in Referenced Series Sequence when it is
 * in the SEG's own study. A SEG stored in a study of its own (an AI's results study) names it
 * only under the CT's study in Studies Containing Other Referenced Instances Sequence (0008,1200),
 * as the module requires, so a reader finds the images it describes without searching every study.
 */
function commonInstanceReference(series, ct, source, referencedInstances) {
  const referencedSeries = [{
    SeriesInstanceUID: source.seriesInstanceUid,
    ReferencedInstanceSequence: referencedInstances.map((instance) => ({ ReferencedSOPClassUID: ct.sopClassUid, ReferencedSOPInstanceUID: instance.sopInstanceUid })),
  }];
  if (series.study.studyInstanceUid === ct.study.studyInstanceUid) return { ReferencedSeriesSequence: referencedSeries };
  return { StudiesContainingOtherReferencedInstancesSequence: [{ StudyInstanceUID: ct.study.studyInstanceUid, ReferencedSeriesSequence: referencedSeries }] };
}

function segmentItem(segment) {
  return {
    SegmentNumber: segment.segmentNumber,
    SegmentLabel: segment.label,
    SegmentDescription: segment.description,
    SegmentAlgorithmType: segment.algorithmType,
    SegmentAlgorithmName: segment.algorithmName,
    SegmentedPropertyCategoryCodeSequence: [segment.category],
    SegmentedPropertyTypeCodeSequence: [segment.type],
    RecommendedDisplayCIELabValue: segment.cielab,
    TrackingID: segment.label,
    TrackingUID: deterministicUid(`tracking/${segment.label}/${segment.sphere.center.join(',')}`),
  };
}

/** Per-frame functional groups (PS3.3 C.8.20.3): the CT image it derives from, where it lies, which segment. */
function perFrameItem(frame, ct) {
  return {
    DerivationImageSequence: [{
      SourceImageSequence: [{
        ReferencedSOPClassUID: ct.sopClassUid, ReferencedSOPInstanceUID: frame.reference.sopInstanceUid, PurposeOfReferenceCodeSequence: [CODES.sourceImage],
      }],
      DerivationCodeSequence: [CODES.segmentation],
    }],
    // Dimension values: the segment, then the position as the CT's instance number (the index of the slice along the stack).
    FrameContentSequence: [{ DimensionIndexValues: [frame.segmentNumber, frame.instanceNumber] }],
    PlanePositionSequence: [{ ImagePositionPatient: frame.position }],
    SegmentIdentificationSequence: [{ ReferencedSegmentNumber: frame.segmentNumber }],
  };
}

function dimensionAttributes(series) {
  const DimensionOrganizationUID = deterministicUid(`dimension-organization/${series.key}`);
  return {
    DimensionOrganizationSequence: [{ DimensionOrganizationUID }],
    DimensionOrganizationType: '3D',
    DimensionIndexSequence: [
      // AT values: (0062,000B) Referenced Segment Number in (0062,000A) Segment Identification Sequence.
      { DimensionOrganizationUID, DimensionIndexPointer: 0x0062000b, FunctionalGroupPointer: 0x0062000a, DimensionDescriptionLabel: 'ReferencedSegmentNumber' },
      { DimensionOrganizationUID, DimensionIndexPointer: 0x00200032, FunctionalGroupPointer: 0x00209113, DimensionDescriptionLabel: 'ImagePositionPatient' },
    ],
  };
}

/** What the SEG says, per segment, that a test may check (PS3.3 C.8.20.2 and the voxels). */
function segmentTruth(segment, frames, voxelMl) {
  const own = frames.filter((frame) => frame.segmentNumber === segment.segmentNumber);
  const voxelCount = own.reduce((sum, frame) => sum + frame.voxelCount, 0);
  // The slice nearest the voxels' centroid along z: "jump to its centre".
  const centroidZ = own.reduce((sum, frame) => sum + frame.position[2] * frame.voxelCount, 0) / voxelCount;
  const centre = own.reduce((best, frame) => (Math.abs(frame.position[2] - centroidZ) < Math.abs(best.position[2] - centroidZ) ? frame : best));
  return {
    segmentNumber: segment.segmentNumber, label: segment.label, description: segment.description ?? null,
    algorithmType: segment.algorithmType, algorithmName: segment.algorithmName ?? null,
    // What a viewer says of an AUTOMATIC segment ("AI: <device, version>"); a MANUAL one has none.
    device: segment.algorithmType === 'AUTOMATIC' ? AI_DEVICE : null,
    category: segment.category, type: segment.type, rgb8: segment.rgb8, cielab: segment.cielab,
    sphere: { center: segment.sphere.center, radiusMm: segment.sphere.radiusMm },
    voxelCount, volumeMl: voxelCount * voxelMl,
    centerInstanceNumber: centre.instanceNumber, centerSopInstanceUid: centre.reference.sopInstanceUid,
    firstInstanceNumber: own[0].instanceNumber, lastInstanceNumber: own.at(-1).instanceNumber,
    frames: own.map((frame) => ({
      frameNumber: frame.frameNumber, instanceNumber: frame.instanceNumber, referencedSopInstanceUid: frame.reference.sopInstanceUid,
      imagePositionPatient: frame.position, voxelCount: frame.voxelCount,
    })),
  };
}

/** Voxels that lie in more than one segment (only the 'overlapping' variant has any). */
function overlapVoxelCount(frames, pixelsPerFrame) {
  const bySlice = new Map();
  for (const frame of frames) bySlice.set(frame.instanceNumber, [...(bySlice.get(frame.instanceNumber) ?? []), frame]);
  let count = 0;
  for (const sliceFrames of bySlice.values()) {
    if (sliceFrames.length < 2) continue;
    for (let i = 0; i < pixelsPerFrame; i++) if (sliceFrames.reduce((n, frame) => n + frame.mask[i], 0) > 1) count += 1;
  }
  return count;
}

/**
 * The SEG's attributes and truth, without writing: `series` from planTumorBoardSeries (or a
 * hostile series), `ct` from ctReference, `lesions` the study's, `variant` null or one of
 * SEG_VARIANTS. The truth (`segmentation`) is what the manifest will hold.
 */
export function segmentationContent({ series, ct, lesions, variant = null }) {
  if (variant !== null && !SEG_VARIANTS.includes(variant)) throw new Error(`unknown SEG variant "${variant}"`);
  const grid = variant === 'other-dimensions' ? OTHER_DIMENSIONS_GRID : ct.grid;
  const forUid = variant === 'other-frame-of-reference' ? frameOfReferenceUid(`${series.key}/other`) : ct.frameOfReferenceUid;
  const isFractional = variant === 'fractional';
  const segments = tumorBoardSegments(lesions, variant);
  // A voxel centre on a sphere's surface would make the count depend on a reader's rounding.
  assertClearBoundaries(segments.map((segment) => ({ name: segment.label, ...segment.sphere })), grid, ct.instances.map((instance) => instance.position[2]));
  const source = referencedSource(series, ct, variant);
  const frames = segments
    .flatMap((segment) => segmentFrames(segment, { ct, grid, references: source.instances }))
    .map((frame, index) => ({ ...frame, frameNumber: index + 1 }));
  const empty = segments.find((segment) => !frames.some((frame) => frame.segmentNumber === segment.segmentNumber));
  if (empty) throw new Error(`segment "${empty.label}" has no voxel on the CT ${ct.seriesKey}; a SEG lists only segments it has`);
  const pixelsPerFrame = grid.size * grid.size;
  const referencedInstances = [...new Map(frames.map((frame) => [frame.reference.sopInstanceUid, frame.reference])).values()]
    .sort((a, b) => a.instanceNumber - b.instanceNumber);

  const attributes = {
    ...identifyingAttributes(series, 1),
    // Enhanced General Equipment (PS3.3 C.7.5.2): the AI device wrote the object.
    Manufacturer: AI_DEVICE.manufacturer,
    ManufacturerModelName: AI_DEVICE.manufacturerModelName,
    DeviceSerialNumber: AI_DEVICE.deviceSerialNumber,
    SoftwareVersions: AI_DEVICE.softwareVersions,
    ImageType: ['DERIVED', 'PRIMARY'],
    ContentLabel: 'TUMOR_BOARD',
    ContentDescription: 'Tumor (radiologist) and lymph node (AI)',
    ContentCreatorName: RADIOLOGIST,
    SegmentationType: isFractional ? 'FRACTIONAL' : 'BINARY',
    ...(isFractional ? { SegmentationFractionalType: 'PROBABILITY', MaximumFractionalValue: 255 } : {}),
    LossyImageCompression: '00',
    FrameOfReferenceUID: forUid,
    PositionReferenceIndicator: '',
    SamplesPerPixel: 1,
    PhotometricInterpretation: 'MONOCHROME2',
    Rows: grid.size,
    Columns: grid.size,
    BitsAllocated: isFractional ? 8 : 1,
    BitsStored: isFractional ? 8 : 1,
    HighBit: isFractional ? 7 : 0,
    PixelRepresentation: 0,
    NumberOfFrames: frames.length,
    SegmentSequence: segments.map(segmentItem),
    SharedFunctionalGroupsSequence: [{
      PixelMeasuresSequence: [{ PixelSpacing: [grid.spacing, grid.spacing], SliceThickness: ct.sliceMm, SpacingBetweenSlices: ct.sliceMm }],
      PlaneOrientationSequence: [{ ImageOrientationPatient: AXIAL }],
    }],
    PerFrameFunctionalGroupsSequence: frames.map((frame) => perFrameItem(frame, ct)),
    ...dimensionAttributes(series),
    ...commonInstanceReference(series, ct, source, referencedInstances),
    PixelData: { vr: 'OB', value: isFractional ? fractionalBytes(frames, pixelsPerFrame) : packBits(frames, pixelsPerFrame) },
  };

  const voxelMl = (grid.spacing * grid.spacing * ct.sliceMm) / 1000;
  const segmentation = {
    variant,
    seriesInstanceUid: series.seriesInstanceUid,
    sopInstanceUid: attributes.SOPInstanceUID,
    sopClassUid: SOP_CLASS.segmentation,
    segmentationType: attributes.SegmentationType,
    device: AI_DEVICE,
    contentCreatorName: RADIOLOGIST,
    frameOfReferenceUid: forUid,
    referencedSeriesInstanceUid: source.seriesInstanceUid,
    referencedStudyInstanceUid: ct.study.studyInstanceUid,
    referencedSeriesExists: variant !== 'missing-referenced-series',
    ctSeriesKey: ct.seriesKey,
    rows: grid.size, columns: grid.size,
    pixelSpacing: [grid.spacing, grid.spacing], sliceThicknessMm: ct.sliceMm, voxelVolumeMl: voxelMl,
    voxelRule: 'voxel centre inside or on the lesion sphere',
    numberOfFrames: frames.length,
    overlapVoxelCount: overlapVoxelCount(frames, pixelsPerFrame),
    segments: segments.map((segment) => segmentTruth(segment, frames, voxelMl)),
  };
  return { attributes, segmentation };
}

/** Writes the SEG to `file` (absolute path) and returns its truth (segmentationContent). */
export function writeSegmentation(file, options) {
  const { attributes, segmentation } = segmentationContent(options);
  writeDicomFile(file, { attributes });
  return segmentation;
}

function fail(message) {
  throw new Error(message);
}
