export {
  reconcile,
  possibleOtherRecords,
  recordKey,
  identifierKey,
  canonicalIssuer,
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
export { createPixmSource, pixmQueryOf, readPixmAnswer, type PixmOptions } from './mpi/pixm';
export { createPdqmClient, readPdqmAnswer, type PdqmClient, type PdqmOptions, type MpiPatient } from './mpi/pdqm';
