// Reading and choosing versions: pure, no dcmjs (it sits in the study viewer's chunk). Writing
// Part-10 files needs dcmjs: '@longview/measurement-report/write', loaded when a reader saves.
export {
  MeasurementReportInvalid,
  MEASUREMENT_KIND_TITLE,
  type ReportMeasurementKind,
  type ReportImageReference,
  type ReportPoint,
  type ReportValue,
  type ReportValueName,
  type ReportMeasurement,
  type ReportStudyContext,
  type DocumentReference,
  type MeasurementReportInput,
  type MeasurementReport,
  type DeviceObserver,
  type FindingValue,
  type ReferencedSegment,
  type ReportCode,
  type SegmentFinding,
  type KeyObjectTitle,
  type KeyObjectInput,
} from './model';
export { isMeasurementReport, readMeasurementReport } from './readMeasurementReport';
export { latestReportPerReader, type ReaderReports } from './latestReportPerReader';
export { keyObjectTitleCode } from './codes';
