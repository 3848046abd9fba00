export {
  reconcile,
  possibleOtherRecords,
  recordKey,
  identifierKey,
  canonicalIssuer,
  identityRulesOf,
  sameRecord,
  type PatientRecord,
  type PatientIdentifier,
  type IdentityRules,
  type IdentityKey,
  type LinkedIdentifier,
  type Reconciliation,
} from './reconcile';
export {
  IdentitySourceError,
  type IdentitySource,
  type IdentitySourceErrorKind,
  type IdentifierSystemMap,
  type CrossReferences,
  type QualifiedIdentifier,
} from './mpi/identitySource';
export { createPixmSource, crossReferencesOfPixmAnswer, pixmQueryOf, pixmUrlOf, readPixmAnswer, type PixmOptions } from './mpi/pixm';
export { FHIR_JSON, sourceName } from './mpi/fhirRequest';
export { createPdqmClient, readPdqmAnswer, type PdqmClient, type PdqmOptions, type MpiPatient } from './mpi/pdqm';
export {
  recordOf,
  localKeyOf,
  localRecordKey,
  newestStudyPerRecord,
  possibleOthersOf,
  type PatientStudy,
  type OtherPatientId,
  type PossibleOtherRecord,
} from './studyRecords';
export { followLinks, seedsOf, launchAnchorOf, type LinkStart } from './followLinks';
export { mpiLinkGroups, mpiStatus, type MpiQuestionState, type MpiTimelineStatus } from './mpi/mpiAnswers';
