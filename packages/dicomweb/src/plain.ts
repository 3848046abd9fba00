/**
 * The parts of this package that need no DICOMweb client library: configuration, resource
 * URLs and answer summaries. The page's boot code imports only these, so it stays small
 * enough to run before the app has downloaded.
 */
export { DEFAULT_STUDY_LIST_LIMIT, parseViewerConfig, type ArchiveConfig, type ConfigResult, type ViewerConfig } from './config';
export {
  DICOM_JSON,
  FRAME_IN_STORED_SYNTAX,
  frameUrlOf,
  instanceListUrl,
  instanceMetadataUrl,
  renderedPreviewUrl,
  seriesListUrl,
  seriesMetadataUrl,
  studyByUidUrl,
  studySearchUrl,
  firstInstanceUrl,
} from './resourceUrls';
export { MAX_ANSWER_BYTES } from './errors';
export { ARCHIVE_PROFILES, firstStudySearchParams, matchingStudiesOf, studyListFirstQuery, type StudyListPage } from './profiles';
export { searchStudyList, todayInUtc, type AskStudies } from './studySearch';
export { toInstanceSummaries, toPatientIdentifiers, toSeriesSummaries, toStudySummaries, type InstanceSummary, type SeriesSummary, type StudySummary } from './summaries';
export { MultipartSplitter, MalformedMultipart, multipartBoundaryOf, type MultipartPart } from './multipartStream';
export { declaredTransferSyntax, firstPartBody, firstPartContentType } from './bulkData';
