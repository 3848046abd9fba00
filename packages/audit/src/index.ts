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
  type PatientReference,
  type ResultsStoredInput,
} from './event';
export { AuditQueue, MemoryAuditStore, retryDelayMs, type AuditStore, type DeliveryResult, type Send, type Scheduler } from './queue';
export { httpSender, toBatchBundle, readBatchResponse } from './delivery';
export { startAuditTrail, SESSION_KEY, type AuditTrail } from './trail';
