export { ArchiveClient, type TokenSource } from './archiveClient';
export { type StoreResult, type StoreFailure, type StoreFailureReason, type WriteAccess } from './stow';
export {
  parseViewerConfig,
  DEFAULT_STUDY_LIST_LIMIT,
  type ArchiveConfig,
  type ArchiveAuth,
  type ArchiveProfileName,
  type IdentityConfig,
  type MpiConfig,
  type MemoryConfig,
  type LaunchConfig,
  type ViewerConfig,
  type ConfigResult,
} from './config';
export { ARCHIVE_PROFILES, matchesStudyQuery, matchesWildcard, studyListPageOf, type ArchiveProfile, type StudyListPage } from './profiles';
export { collectNewestFirst, isDicomDate, clipWindow, olderWindows, splitWindow, addDays, addYears, DEFAULT_DATE_FLOOR, SAME_DAY_LIMIT, type DateWindow, type FetchWindow, type NewestFirstAnswer } from './dateWindows';
export { ArchiveError, RequestCancelled, isRequestCancelled, type ArchiveErrorKind } from './errors';
export { toStudyQueryParams, type StudyQuery } from './query';
export {
  toStudySummaries,
  toSeriesSummaries,
  toInstanceSummaries,
  byStudyDateDescending,
  normaliseDicomDate,
  type PatientIdentifier,
  type StudySummary,
  type SeriesSummary,
  type InstanceSummary,
} from './summaries';
export { firstPartBody, firstPartContentType, declaredTransferSyntax } from './bulkData';
