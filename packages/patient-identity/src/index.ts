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
