import type { Rgb8 } from '../colour';

/** PS3.3 C.8.8.6.1 Contour Geometric Type. */
export type ContourGeometricType = 'POINT' | 'OPEN_PLANAR' | 'OPEN_NONPLANAR' | 'CLOSED_PLANAR' | 'CLOSEDPLANAR_XOR';

export interface Contour {
  readonly geometricType: ContourGeometricType;
  /** The image the contour was drawn on (Contour Image Sequence); undefined when it names none. */
  readonly referencedSopInstanceUid: string | undefined;
  /** x, y, z of each point in patient coordinates (mm), as ContourData holds them. */
  readonly points: Float32Array;
}

/** A region of interest: Structure Set ROI, its ROI Contour and its RT ROI Observation joined by ROI number. */
export interface Roi {
  readonly number: number;
  readonly name: string;
  /** ROIDisplayColor; undefined when the file gives none. */
  readonly colour: Rgb8 | undefined;
  /** ROIGenerationAlgorithm: AUTOMATIC, SEMIAUTOMATIC or MANUAL (as written). */
  readonly generationAlgorithm: string | undefined;
  /** RTROIInterpretedType (GTV, ORGAN, PTV, …), from the RT ROI Observations. */
  readonly interpretedType: string | undefined;
  readonly frameOfReferenceUid: string | undefined;
  readonly contours: readonly Contour[];
}

/** An RT Structure Set as the viewer uses it: its ROIs and their contours in patient space. */
export interface StructureSet {
  readonly sopInstanceUid: string;
  readonly seriesInstanceUid: string | undefined;
  readonly label: string | undefined;
  /** The frame of reference its contours are in (Referenced Frame of Reference, first item). */
  readonly frameOfReferenceUid: string | undefined;
  /** The image series it names (RT Referenced Series); undefined when it names none. */
  readonly referencedSeriesUid: string | undefined;
  readonly rois: readonly Roi[];
}

/** The structure set cannot be read at all. Carries what the reader is told. */
export class StructureSetUnreadable extends Error {
  readonly userMessage: string;
  constructor(detail: string, options?: { cause: unknown }) {
    super(`Structure set not read: ${detail}`, options);
    this.name = 'StructureSetUnreadable';
    this.userMessage = `This structure set cannot be shown: ${detail}.`;
  }
}
