// DICOM Segmentations (SEG) and RT Structure Sets (RTSTRUCT) read into what a viewer shows
// (issue 27): segments and ROIs with their colours and makers, per-segment volumes and centre
// slices, statistics over a value volume, and checks against the study's images that say why an
// object is not shown. Pure: no Cornerstone, no React; dcmjs reads the Part-10 bytes.
export type { Rgb8 } from './colour';
export type { NaturalizedDataset } from './dcmjsView';
export type { CodedConcept } from './naturalized';
export { imageSeriesGeometry, type ImageSeriesGeometry, type ImageInstance } from './imageSeries';

export {
  SegmentationUnreadable,
  type Segmentation,
  type Segment,
  type SegmentAlgorithmType,
  type SegmentSource,
  type SegmentationFrame,
  type SegmentationGrid,
  type FractionalEncoding,
  type SliceSpacingSource,
} from './seg/model';
export { readSegmentation, readSegmentationPart10, SEGMENTATION_STORAGE } from './seg/readSegmentation';
export { voxelSizeOf, type VoxelSize } from './seg/voxelSize';
export { measureSegment, measureSegments, type SegmentMeasurement, type SegmentVolume, type SegmentSlices, type SegmentSlice } from './seg/measureSegment';
export { segmentStatistics, type SegmentStatistics, type ValueVolume } from './seg/segmentStatistics';
export { valuesOnSegmentationGrid, slicesUnderSegmentation, type PlacedStack, type PlacedSlice } from './seg/valuesOnGrid';
export { segmentOverlap, type SegmentOverlap } from './seg/segmentOverlap';
export { checkSegmentation, type SegmentationCheck, type SegmentationProblem } from './seg/checkSegmentation';

export { StructureSetUnreadable, type StructureSet, type Roi, type Contour, type ContourGeometricType } from './rtstruct/model';
export { readStructureSet, readStructureSetPart10, RT_STRUCTURE_SET_STORAGE } from './rtstruct/readStructureSet';
export { roiSlices, type RoiSlices, type RoiSlice } from './rtstruct/roiSlices';
export { checkStructureSet, type StructureSetCheck, type StructureSetProblem, type RoiPlacement } from './rtstruct/checkStructureSet';
