import type { Code } from '@longview/structured-report';

/**
 * What a reader's results are, independent of how DICOM encodes them: the measurements drawn on
 * images, the study they belong to, and the documents (TID 1500 report, Key Object Selection)
 * that carry them back into the archive.
 */

export type ReportMeasurementKind = 'length' | 'angle' | 'ellipse' | 'rectangle' | 'probe' | 'arrow';

export interface ReportImageReference {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
  /** 1-based frame of a multi-frame image; absent for single-frame images. */
  frameNumber?: number;
}

/**
 * Image coordinates in the DICOM SCOORD convention (PS3.3 C.18.6.1.1): column, row, where the
 * top-left corner of the top-left pixel is (0,0) and its centre (0.5,0.5).
 */
export interface ReportPoint {
  column: number;
  row: number;
}

export type ReportValueName = 'Length' | 'Angle' | 'Mean' | 'SD' | 'Min' | 'Max' | 'Area' | 'Value';

export interface ReportValue {
  name: ReportValueName;
  value: number;
  /** UCUM code: 'mm', 'deg', 'mm2', "[hnsf'U]" for HU, '{pixel}' style for uncalibrated, '1' for unitless. */
  unit: string;
}

/**
 * One measurement on one image. `points` by kind:
 * - length: the two end points;
 * - angle: three points, the vertex in the middle;
 * - ellipse: four points, the end points of the major axis then those of the minor axis
 *   (the SCOORD ELLIPSE convention, PS3.3 C.18.6.1.2);
 * - rectangle: the four corners in drawing order (the document closes the outline itself);
 * - probe, arrow: one point (for an arrow, its tip).
 */
/** How many points each kind has (see ReportMeasurement). */
/** Each kind's name as a reader sees it: the report's default tracking identifier, the viewer's list. */
export const MEASUREMENT_KIND_TITLE: Record<ReportMeasurementKind, string> = {
  length: 'Length',
  angle: 'Angle',
  ellipse: 'Ellipse',
  rectangle: 'Rectangle',
  probe: 'Probe',
  arrow: 'Arrow',
};

export const POINTS_PER_KIND: Record<ReportMeasurementKind, number> = { length: 2, angle: 3, ellipse: 4, rectangle: 4, probe: 1, arrow: 1 };

export interface ReportMeasurement {
  kind: ReportMeasurementKind;
  image: ReportImageReference;
  points: ReportPoint[];
  values: ReportValue[];
  label?: string;
  trackingUid?: string;
}

export interface ReportStudyContext {
  studyInstanceUid: string;
  patientId?: string;
  issuerOfPatientId?: string;
  patientName?: string;
  patientBirthDate?: string;
  patientSex?: string;
  studyDate?: string;
  studyTime?: string;
  accessionNumber?: string;
  studyId?: string;
  referringPhysicianName?: string;
}

/** A stored document (an earlier version of a report, say), by its four UIDs. */
export interface DocumentReference {
  studyInstanceUid: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  sopClassUid: string;
}

export interface MeasurementReportInput {
  study: ReportStudyContext;
  /** The person observer, as DICOM PN ('Doe^Jane') or a plain phrase ('Unknown reader'). */
  observerName: string;
  measurements: ReportMeasurement[];
  seriesInstanceUid: string;
  sopInstanceUid: string;
  instanceNumber?: number;
  contentDateTime: Date;
  /** The report this one replaces (the same reader's previous save). */
  predecessor?: DocumentReference;
}

/** A coded concept as a report holds it (CodeValue, CodingSchemeDesignator, CodeMeaning). */
export type ReportCode = Code;

/**
 * The device that made a report (TID 1004 Device Observer Identifying Attributes): an AI or a
 * CAD program, not a person. Each part as the report writes it; any may be missing.
 */
export interface DeviceObserver {
  uid: string | undefined;
  name: string | undefined;
  manufacturer: string | undefined;
  model: string | undefined;
}

/** One value a finding states (a NUM of TID 1411): its concept, as coded, and its number as written. */
export interface FindingValue {
  /** What was measured: (118565006, SCT) Volume, (126401, DCM) SUVbw, ... */
  concept: ReportCode;
  /** Of which voxels' values, when it says (TID 1419 Derivation: (56851009, SCT) Maximum, ...). */
  derivation: ReportCode | undefined;
  value: number;
  /** UCUM code as written ('ml', '{SUVbw}g/ml'); '1' when the report gives none. */
  unit: string;
}

/** A segment of a DICOM SEG (TID 1411 Referenced Segment): the SEG instance and the segment's number in it. */
export interface ReferencedSegment {
  segmentationSopInstanceUid: string;
  segmentNumber: number;
}

/**
 * A finding on a segment (a TID 1411 Volumetric ROI Measurement Group whose region is a SEG
 * segment, not coordinates on an image): what was found, where, by which algorithm, and the
 * values measured over the segment's voxels. Whether the SEG and the segment exist is the
 * viewer's to check against the study.
 */
export interface SegmentFinding {
  trackingIdentifier: string | undefined;
  trackingUid: string | undefined;
  /** (121071, DCM) Finding. */
  finding: ReportCode | undefined;
  /** (363698007, SCT) Finding Site. */
  findingSite: ReportCode | undefined;
  /** TID 4019 Algorithm Identification: the group's, or else its first value's. */
  algorithm: { name: string; version: string | undefined } | undefined;
  segment: ReferencedSegment;
  values: FindingValue[];
  /** Values that could not be read, in words for a user. */
  problems: string[];
}

export interface MeasurementReport {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  /** The person observer's name (TID 1003), when there is one. */
  observerName: string | undefined;
  /** The device observer (TID 1004), when the report names one: then it is a program's result. */
  device: DeviceObserver | undefined;
  contentDateTime: Date | undefined;
  manufacturer: string | undefined;
  softwareVersions: string | undefined;
  /** SOP Instance UIDs named in the Predecessor Documents Sequence. */
  predecessors: string[];
  measurements: ReportMeasurement[];
  /** Findings on segments of a SEG (TID 1411 with a Referenced Segment): not drawn on an image, so not in `measurements`. */
  segmentFindings: SegmentFinding[];
  /** What could not be read, in words for a user. */
  problems: string[];
}

/** PS3.16 CID 7010 titles a reader may give a selection of key images. */
export type KeyObjectTitle =
  | 'Of Interest'
  | 'For Conference'
  | 'For Teaching'
  | 'For Referring Provider'
  | 'Quality Issue'
  | 'For Surgery'
  | 'For Therapy'
  | 'For Report Attachment';

export interface KeyObjectInput {
  study: ReportStudyContext;
  title: KeyObjectTitle;
  images: ReportImageReference[];
  observerName: string;
  seriesInstanceUid: string;
  sopInstanceUid: string;
  contentDateTime: Date;
  /** Why these images (TID 2010 Key Object Description). */
  description?: string;
  predecessor?: DocumentReference;
}

/** The input cannot make a valid document; nothing was written. */
export class MeasurementReportInvalid extends Error {
  readonly userMessage: string;
  constructor(detail: string) {
    super(`Measurement document not written: ${detail}`);
    this.name = 'MeasurementReportInvalid';
    this.userMessage = `The measurements could not be saved: ${detail}.`;
  }
}
