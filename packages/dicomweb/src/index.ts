export { ArchiveClient, type TokenSource } from './archiveClient';
export { parseViewerConfig, type ArchiveConfig, type ArchiveAuth, type ViewerConfig, type ConfigResult } from './config';
export { ArchiveError, RequestCancelled, isRequestCancelled, type ArchiveErrorKind } from './errors';
export { toStudyQueryParams, type StudyQuery } from './query';
export {
  toStudySummaries,
  toSeriesSummaries,
  toInstanceSummaries,
  byStudyDateDescending,
  type StudySummary,
  type SeriesSummary,
  type InstanceSummary,
} from './summaries';
export { firstPartBody } from './bulkData';
