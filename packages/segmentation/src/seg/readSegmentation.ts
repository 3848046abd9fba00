import { formatPersonName } from '@longview/dicom-meta';
import { rgb8OfDicomLab } from '../colour';
import type { NaturalizedDataset } from '../dcmjsView';
import { readPart10 } from '../part10';
import { codeOf, firstItemOf, itemsOf, numberOf, numbersOf, personNameOf, textOf, textsOf, vectorOf } from '../naturalized';
import { nativePixelBytes, unpackBinaryFrames, unpackFractionalFrames, type UnpackedFrames } from './framePixels';
import {
  SegmentationUnreadable,
  type FractionalEncoding,
  type Segment,
  type SegmentAlgorithmType,
  type Segmentation,
  type SegmentationFrame,
  type SegmentationGrid,
  type SegmentSource,
} from './model';

/** Segmentation Storage (PS3.4 B.5). Label Map Segmentation Storage (…66.7) stores labels, not masks: not read here. */
export const SEGMENTATION_STORAGE = '1.2.840.10008.5.1.4.1.1.66.4';

const ALGORITHM_TYPES: readonly SegmentAlgorithmType[] = ['MANUAL', 'AUTOMATIC', 'SEMIAUTOMATIC'];

/**
 * A DICOM Segmentation from its dcmjs naturalized dataset, native pixel data included: its
 * segments, and per frame the segment, the image it lies on and its mask. Throws
 * SegmentationUnreadable when the file is not a SEG this reader can read; whether it fits the
 * study's images is checkSegmentation's question.
 */
export function readSegmentation(dataset: NaturalizedDataset): Segmentation {
  if (textOf(dataset, 'SOPClassUID') !== SEGMENTATION_STORAGE) throw new SegmentationUnreadable('it is not a DICOM Segmentation');
  const sopInstanceUid = textOf(dataset, 'SOPInstanceUID');
  if (!sopInstanceUid) throw new SegmentationUnreadable('it has no SOP Instance UID');
  const segmentationType = textOf(dataset, 'SegmentationType');
  if (segmentationType !== 'BINARY' && segmentationType !== 'FRACTIONAL') {
    throw new SegmentationUnreadable(`its segmentation type ${segmentationType ?? '(none)'} is neither BINARY nor FRACTIONAL`);
  }
  const rows = numberOf(dataset, 'Rows');
  const columns = numberOf(dataset, 'Columns');
  const frameCount = numberOf(dataset, 'NumberOfFrames');
  if (!rows || !columns || frameCount === undefined) throw new SegmentationUnreadable('it does not say its rows, columns and number of frames');
  const unpacked = unpackFrames(dataset, segmentationType, { frameCount, pixelsPerFrame: rows * columns });
  const segments = itemsOf(dataset, 'SegmentSequence').map((item) => readSegment(item, dataset));
  return {
    sopInstanceUid,
    seriesInstanceUid: textOf(dataset, 'SeriesInstanceUID'),
    frameOfReferenceUid: textOf(dataset, 'FrameOfReferenceUID'),
    referencedSeriesUid: referencedSeriesUidOf(dataset),
    rows,
    columns,
    segmentationType,
    fractional: segmentationType === 'FRACTIONAL' ? fractionalEncoding(dataset, unpacked.partialVoxelCount) : undefined,
    grid: readGrid(dataset, rows, columns),
    segments,
    frames: readFrames(dataset, unpacked.masks, new Set(segments.map((segment) => segment.number))),
  };
}

/**
 * The image series the SEG was drawn on (Common Instance Reference, PS3.3 C.12.2): listed in
 * Referenced Series Sequence when it is in the SEG's own study, else under the study that holds it
 * in Studies Containing Other Referenced Instances Sequence (an AI's results stored apart).
 */
function referencedSeriesUidOf(dataset: NaturalizedDataset): string | undefined {
  return (
    textOf(firstItemOf(dataset, 'ReferencedSeriesSequence'), 'SeriesInstanceUID') ??
    textOf(firstItemOf(firstItemOf(dataset, 'StudiesContainingOtherReferencedInstancesSequence'), 'ReferencedSeriesSequence'), 'SeriesInstanceUID')
  );
}

/** readSegmentation of a Part-10 file (WADO-RS application/dicom, asked for in Explicit VR Little Endian). */
export function readSegmentationPart10(part10: ArrayBuffer): Segmentation {
  const file = readPart10(part10);
  if (file.kind === 'unreadable') throw new SegmentationUnreadable('it is not a DICOM file that can be read', { cause: file.cause });
  if (!file.hasNativePixelData) throw new SegmentationUnreadable('its pixel data is compressed');
  return readSegmentation(file.dataset);
}

function unpackFrames(dataset: NaturalizedDataset, segmentationType: 'BINARY' | 'FRACTIONAL', layout: { frameCount: number; pixelsPerFrame: number }): UnpackedFrames {
  const bitsAllocated = numberOf(dataset, 'BitsAllocated');
  const bytes = nativePixelBytes(dataset.PixelData);
  if (segmentationType === 'BINARY') {
    if (bitsAllocated !== 1) throw new SegmentationUnreadable(`it is BINARY with ${bitsAllocated ?? 'no'} bits allocated, not 1`);
    return unpackBinaryFrames(bytes, layout);
  }
  if (bitsAllocated !== 8) throw new SegmentationUnreadable(`it is FRACTIONAL with ${bitsAllocated ?? 'no'} bits allocated, not 8`);
  const maximum = numberOf(dataset, 'MaximumFractionalValue');
  if (!maximum) throw new SegmentationUnreadable('it is FRACTIONAL without a maximum fractional value');
  return unpackFractionalFrames(bytes, layout, maximum);
}

function fractionalEncoding(dataset: NaturalizedDataset, partialVoxelCount: number): FractionalEncoding {
  const fractionalType = textOf(dataset, 'SegmentationFractionalType');
  return {
    // PS3.3 C.8.20.2.3: PROBABILITY or OCCUPANCY; an unstated type is read as the weaker claim.
    fractionalType: fractionalType === 'OCCUPANCY' ? 'OCCUPANCY' : 'PROBABILITY',
    maximumFractionalValue: numberOf(dataset, 'MaximumFractionalValue') as number,
    partialVoxelCount,
  };
}

function readSegment(item: NaturalizedDataset, dataset: NaturalizedDataset): Segment {
  const number = numberOf(item, 'SegmentNumber');
  if (number === undefined) throw new SegmentationUnreadable('a segment has no number');
  const algorithmType = textOf(item, 'SegmentAlgorithmType') as SegmentAlgorithmType | undefined;
  // Type 1 (PS3.3 C.8.20.2): without it the viewer could not say "manual" or "AI" truthfully.
  if (!algorithmType || !ALGORITHM_TYPES.includes(algorithmType)) throw new SegmentationUnreadable(`segment ${number} does not say how it was made`);
  const algorithmName = textOf(item, 'SegmentAlgorithmName');
  return {
    number,
    label: textOf(item, 'SegmentLabel') ?? `Segment ${number}`,
    description: textOf(item, 'SegmentDescription'),
    algorithmType,
    algorithmName,
    source: segmentSource(item, dataset, algorithmType, algorithmName),
    colour: rgb8OfDicomLab(numbersOf(item, 'RecommendedDisplayCIELabValue') ?? []),
    category: codeOf(item, 'SegmentedPropertyCategoryCodeSequence'),
    type: codeOf(item, 'SegmentedPropertyTypeCodeSequence'),
  };
}

function segmentSource(item: NaturalizedDataset, dataset: NaturalizedDataset, algorithmType: SegmentAlgorithmType, algorithmName: string | undefined): SegmentSource {
  if (algorithmType === 'MANUAL') {
    const creator = personNameOf(dataset, 'ContentCreatorName');
    return { kind: 'manual', creator: creator ? formatPersonName(creator) : undefined };
  }
  const algorithm = firstItemOf(item, 'SegmentationAlgorithmIdentificationSequence');
  return {
    kind: 'ai',
    manufacturer: textOf(dataset, 'Manufacturer'),
    model: textOf(dataset, 'ManufacturerModelName'),
    softwareVersions: textsOf(dataset, 'SoftwareVersions'),
    algorithmName: algorithmName ?? textOf(algorithm, 'AlgorithmName'),
    algorithmVersion: textOf(algorithm, 'AlgorithmVersion'),
  };
}

/** A functional group's item for one frame: the frame's own, else the shared one (PS3.3 C.7.6.16: each group is in one or the other). */
function functionalGroup(dataset: NaturalizedDataset, perFrame: NaturalizedDataset | undefined, keyword: string): NaturalizedDataset | undefined {
  return firstItemOf(perFrame, keyword) ?? firstItemOf(firstItemOf(dataset, 'SharedFunctionalGroupsSequence'), keyword);
}

function readGrid(dataset: NaturalizedDataset, rows: number, columns: number): SegmentationGrid {
  const firstFrame = firstItemOf(dataset, 'PerFrameFunctionalGroupsSequence');
  const measures = functionalGroup(dataset, firstFrame, 'PixelMeasuresSequence');
  const spacing = numbersOf(measures, 'PixelSpacing');
  return {
    rows,
    columns,
    pixelSpacing: spacing?.length === 2 ? [spacing[0] as number, spacing[1] as number] : undefined,
    spacingBetweenSlices: numberOf(measures, 'SpacingBetweenSlices'),
    sliceThickness: numberOf(measures, 'SliceThickness'),
    imageOrientationPatient: numbersOf(functionalGroup(dataset, firstFrame, 'PlaneOrientationSequence'), 'ImageOrientationPatient'),
  };
}

function readFrames(dataset: NaturalizedDataset, masks: readonly Uint8Array[], segmentNumbers: ReadonlySet<number>): SegmentationFrame[] {
  const perFrame = itemsOf(dataset, 'PerFrameFunctionalGroupsSequence');
  if (perFrame.length !== masks.length) throw new SegmentationUnreadable(`it describes ${perFrame.length} frames but holds ${masks.length}`);
  return perFrame.map((item, index) => {
    const frameNumber = index + 1;
    const segmentNumber = numberOf(functionalGroup(dataset, item, 'SegmentIdentificationSequence'), 'ReferencedSegmentNumber');
    if (segmentNumber === undefined || !segmentNumbers.has(segmentNumber)) throw new SegmentationUnreadable(`frame ${frameNumber} belongs to no segment it lists`);
    const imagePositionPatient = vectorOf(functionalGroup(dataset, item, 'PlanePositionSequence'), 'ImagePositionPatient');
    if (!imagePositionPatient) throw new SegmentationUnreadable(`frame ${frameNumber} does not say where it lies`);
    return { frameNumber, segmentNumber, referencedSopInstanceUid: sourceImageOf(item), imagePositionPatient, mask: masks[index] as Uint8Array };
  });
}

/**
 * The image a frame was derived from: the first Source Image of any Derivation Image item (a
 * writer may list several derivations). Undefined when none is named, which the Type 2 rules
 * allow: checkSegmentation then finds the image by the frame's position.
 */
function sourceImageOf(perFrame: NaturalizedDataset): string | undefined {
  const sources = itemsOf(perFrame, 'DerivationImageSequence').flatMap((derivation) => itemsOf(derivation, 'SourceImageSequence'));
  return sources.map((source) => textOf(source, 'ReferencedSOPInstanceUID')).find((uid) => uid !== undefined);
}
