export {
  buildAuditEvent,
  issuerSystem,
  UNAUTHENTICATED_USER,
  type AuditContext,
  type AuditEvent,
  type AuditEventKind,
  type AuditInput,
  type AuditOutcome,
  type ArchiveReference,
  type IdentitySourceReference,
  type PatientReference,
  type ResultsStoredInput,
} from './event';
export { IHE_TRANSACTION, IHE_TRANSACTION_SYSTEM, IDENTITY_SOURCE_SYSTEM, type IheTransaction } from './codes';
export { AuditQueue, MemoryAuditStore, retryDelayMs, type AuditStore, type DeliveryResult, type Send, type Scheduler } from './queue';
export { httpSender, toBatchBundle, readBatchResponse } from './delivery';
export { startAuditTrail, SESSION_KEY, type AuditTrail } from './trail';
