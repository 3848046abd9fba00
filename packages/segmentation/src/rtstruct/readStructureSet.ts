import type { NaturalizedDataset } from '../dcmjsView';
import { firstItemOf, itemsOf, numberOf, numbersOf, textOf } from '../naturalized';
import { readPart10 } from '../part10';
import type { Rgb8 } from '../colour';
import { StructureSetUnreadable, type Contour, type ContourGeometricType, type Roi, type StructureSet } from './model';

/** RT Structure Set Storage (PS3.4 B.5). */
export const RT_STRUCTURE_SET_STORAGE = '1.2.840.10008.5.1.4.1.1.481.3';

const GEOMETRIC_TYPES: readonly ContourGeometricType[] = ['POINT', 'OPEN_PLANAR', 'OPEN_NONPLANAR', 'CLOSED_PLANAR', 'CLOSEDPLANAR_XOR'];

/**
 * An RT Structure Set from its dcmjs naturalized dataset. Throws StructureSetUnreadable when it
 * is not one; whether it fits the study's images is checkStructureSet's question.
 */
export function readStructureSet(dataset: NaturalizedDataset): StructureSet {
  if (textOf(dataset, 'SOPClassUID') !== RT_STRUCTURE_SET_STORAGE) throw new StructureSetUnreadable('it is not an RT Structure Set');
  const sopInstanceUid = textOf(dataset, 'SOPInstanceUID');
  if (!sopInstanceUid) throw new StructureSetUnreadable('it has no SOP Instance UID');
  const frameOfReference = firstItemOf(dataset, 'ReferencedFrameOfReferenceSequence');
  const referencedSeries = firstItemOf(firstItemOf(frameOfReference, 'RTReferencedStudySequence'), 'RTReferencedSeriesSequence');
  return {
    sopInstanceUid,
    seriesInstanceUid: textOf(dataset, 'SeriesInstanceUID'),
    label: textOf(dataset, 'StructureSetLabel'),
    frameOfReferenceUid: textOf(frameOfReference, 'FrameOfReferenceUID'),
    referencedSeriesUid: textOf(referencedSeries, 'SeriesInstanceUID'),
    rois: readRois(dataset),
  };
}

/** readStructureSet of a Part-10 file (WADO-RS application/dicom). */
export function readStructureSetPart10(part10: ArrayBuffer): StructureSet {
  const file = readPart10(part10);
  if (file.kind === 'unreadable') throw new StructureSetUnreadable('it is not a DICOM file that can be read', { cause: file.cause });
  return readStructureSet(file.dataset);
}

/** Items of a sequence by the ROI number they refer to (ROI Contour and RT ROI Observations items both say ReferencedROINumber). */
function byReferencedRoi(dataset: NaturalizedDataset, keyword: string): Map<number, NaturalizedDataset> {
  const items = new Map<number, NaturalizedDataset>();
  for (const item of itemsOf(dataset, keyword)) {
    const number = numberOf(item, 'ReferencedROINumber');
    if (number !== undefined && !items.has(number)) items.set(number, item);
  }
  return items;
}

function readRois(dataset: NaturalizedDataset): Roi[] {
  const contours = byReferencedRoi(dataset, 'ROIContourSequence');
  const observations = byReferencedRoi(dataset, 'RTROIObservationsSequence');
  return itemsOf(dataset, 'StructureSetROISequence').map((item) => {
    const number = numberOf(item, 'ROINumber');
    if (number === undefined) throw new StructureSetUnreadable('an ROI has no number');
    const contourItem = contours.get(number);
    return {
      number,
      name: textOf(item, 'ROIName') ?? `ROI ${number}`,
      colour: colourOf(contourItem),
      generationAlgorithm: textOf(item, 'ROIGenerationAlgorithm'),
      interpretedType: textOf(observations.get(number), 'RTROIInterpretedType'),
      frameOfReferenceUid: textOf(item, 'ReferencedFrameOfReferenceUID'),
      contours: itemsOf(contourItem, 'ContourSequence').map((contour) => readContour(contour, number)),
    };
  });
}

function colourOf(contourItem: NaturalizedDataset | undefined): Rgb8 | undefined {
  const rgb = numbersOf(contourItem, 'ROIDisplayColor');
  if (rgb?.length !== 3 || !rgb.every((channel) => channel >= 0 && channel <= 255)) return undefined;
  return [rgb[0] as number, rgb[1] as number, rgb[2] as number];
}

function readContour(item: NaturalizedDataset, roiNumber: number): Contour {
  const geometricType = textOf(item, 'ContourGeometricType') as ContourGeometricType | undefined;
  if (!geometricType || !GEOMETRIC_TYPES.includes(geometricType)) throw new StructureSetUnreadable(`a contour of ROI ${roiNumber} has no known geometric type`);
  const data = numbersOf(item, 'ContourData') ?? [];
  // PS3.3 C.8.8.6.1: a triplet (x, y, z) per point; anything else cannot be drawn.
  if (data.length === 0 || data.length % 3 !== 0) throw new StructureSetUnreadable(`a contour of ROI ${roiNumber} has ${data.length} coordinates, not whole points`);
  return {
    geometricType,
    referencedSopInstanceUid: textOf(firstItemOf(item, 'ContourImageSequence'), 'ReferencedSOPInstanceUID'),
    points: Float32Array.from(data),
  };
}
