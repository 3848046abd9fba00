import type { Vector3 } from '@longview/dicom-meta';
import type { Rgb8 } from '../colour';
import type { CodedConcept } from '../naturalized';

/** PS3.3 C.8.20.2.3 Segment Algorithm Type. */
export type SegmentAlgorithmType = 'MANUAL' | 'AUTOMATIC' | 'SEMIAUTOMATIC';

/**
 * Who made a segment, as a reader is told it ("manual" or "AI: <device, version>"). An AUTOMATIC
 * or SEMIAUTOMATIC segment was made by an algorithm; the device is the SEG's Enhanced General
 * Equipment (PS3.3 C.7.5.2), the equipment that wrote the object, and the algorithm is the
 * segment's own (Segment Algorithm Name, Segmentation Algorithm Identification).
 */
export type SegmentSource =
  | { readonly kind: 'manual'; readonly creator: string | undefined }
  | {
      readonly kind: 'ai';
      readonly manufacturer: string | undefined;
      readonly model: string | undefined;
      readonly softwareVersions: readonly string[];
      readonly algorithmName: string | undefined;
      readonly algorithmVersion: string | undefined;
    };

export interface Segment {
  readonly number: number;
  readonly label: string;
  readonly description: string | undefined;
  readonly algorithmType: SegmentAlgorithmType;
  readonly algorithmName: string | undefined;
  readonly source: SegmentSource;
  /** RecommendedDisplayCIELabValue in sRGB; undefined when the SEG recommends none. */
  readonly colour: Rgb8 | undefined;
  readonly category: CodedConcept | undefined;
  readonly type: CodedConcept | undefined;
}

/** One frame of the SEG: one segment on one image plane. */
export interface SegmentationFrame {
  /** 1-based, as DICOM counts frames. */
  readonly frameNumber: number;
  readonly segmentNumber: number;
  /** The image the frame was derived from (Derivation Image → Source Image); undefined when the SEG does not say. */
  readonly referencedSopInstanceUid: string | undefined;
  /** The frame's top-left pixel centre in patient coordinates (mm), from its Plane Position. */
  readonly imagePositionPatient: Vector3;
  /**
   * rows × columns, row-major: 1 where the voxel is wholly in the segment (a BINARY bit set, or
   * a FRACTIONAL value at its maximum), 0 elsewhere.
   */
  readonly mask: Uint8Array;
}

/** What a FRACTIONAL SEG says of its values (PS3.3 C.8.20.2.3). */
export interface FractionalEncoding {
  readonly fractionalType: 'PROBABILITY' | 'OCCUPANCY';
  readonly maximumFractionalValue: number;
  /** Voxels neither 0 nor the maximum: in the segment only by a threshold the file does not give. */
  readonly partialVoxelCount: number;
}

/** Where slice spacing came from (PS3.3 C.7.6.16.2.1 Pixel Measures). */
export type SliceSpacingSource = 'SpacingBetweenSlices' | 'SliceThickness';

/** The SEG's voxel grid, from its shared (or first per-frame) functional groups. */
export interface SegmentationGrid {
  readonly rows: number;
  readonly columns: number;
  /** [between rows, between columns] in mm (PixelSpacing); undefined when the SEG does not say. */
  readonly pixelSpacing: readonly [number, number] | undefined;
  readonly spacingBetweenSlices: number | undefined;
  readonly sliceThickness: number | undefined;
  readonly imageOrientationPatient: readonly number[] | undefined;
}

/** A DICOM Segmentation as the viewer uses it: what it is of, its segments and its frames' masks. */
export interface Segmentation {
  readonly sopInstanceUid: string;
  readonly seriesInstanceUid: string | undefined;
  readonly frameOfReferenceUid: string | undefined;
  /** The image series the SEG was drawn on (Referenced Series Sequence, first item); undefined when it does not say. */
  readonly referencedSeriesUid: string | undefined;
  readonly rows: number;
  readonly columns: number;
  readonly segmentationType: 'BINARY' | 'FRACTIONAL';
  /** Present exactly when segmentationType is FRACTIONAL. */
  readonly fractional: FractionalEncoding | undefined;
  readonly grid: SegmentationGrid;
  readonly segments: readonly Segment[];
  readonly frames: readonly SegmentationFrame[];
}

/** The SEG cannot be read at all: nothing of it can be shown. Carries what the reader is told. */
export class SegmentationUnreadable extends Error {
  readonly userMessage: string;
  constructor(detail: string, options?: { cause: unknown }) {
    super(`Segmentation not read: ${detail}`, options);
    this.name = 'SegmentationUnreadable';
    this.userMessage = `This segmentation cannot be shown: ${detail}.`;
  }
}
