export { parseCx, type Cx, type CxResult, type AssigningAuthority } from './cx';
export {
  parseIidRequest,
  type IidRequest,
  type IidStudyRequest,
  type IidPatientRequest,
  type IidPresentation,
  type IidProblem,
  type IidProblemKind,
  type IidParseResult,
} from './iid';
export {
  resolveIssuer,
  issuerForFhirSystem,
  recordsFromIdentifiers,
  recordFromCx,
  identifierSystemMap,
  isUnsafePatientId,
  type LaunchRecord,
  type LaunchIdentityConfig,
  type FhirIdentifierLike,
  type SkippedIdentifier,
} from './identifiers';
export { checkStudyMatchesPatient, type StudyPatient, type GuardResult } from './guard';
export { applyLaunchFilters, hasLaunchFilters, type LaunchFilters, type FilterableStudy } from './filters';
export {
  parseSmartLaunchConfig,
  isAllowedIssuer,
  smartScope,
  hasScope,
  launchStudyOf,
  studyUidOfImagingStudy,
  refreshDelayMs,
  type SmartLaunchConfig,
  type SmartConfigResult,
  type LaunchStudy,
} from './smartLaunch';
