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

export interface MeasurementReport {
  sopInstanceUid: string;
  seriesInstanceUid: string;
  studyInstanceUid: string;
  observerName: string | undefined;
  contentDateTime: Date | undefined;
  manufacturer: string | undefined;
  softwareVersions: string | undefined;
  /** SOP Instance UIDs named in the Predecessor Documents Sequence. */
  predecessors: string[];
  measurements: ReportMeasurement[];
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
