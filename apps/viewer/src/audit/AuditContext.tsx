import { createContext, useContext, useState, type ReactNode } from 'react';
import { startAuditTrail, type AuditInput } from '@longview/audit';
import type { ViewerConfig } from '@longview/dicomweb';

/** Stores an audit event for delivery; settles (never rejects) once it is stored in the browser. */
export type RecordAudit = (input: AuditInput) => Promise<void>;

const AuditContext = createContext<RecordAudit>(() => Promise.resolve());

/**
 * One audit trail for the page's life (see docs/decisions/0004-audit-trail.md): created with
 * the first render, before any query can run, and never torn down, because its pagehide
 * handler must outlive everything else on the page. Without `audit` in config.json nothing
 * is recorded.
 */
export function AuditProvider({ config, children }: { config: ViewerConfig['audit']; children: ReactNode }) {
  const [record] = useState<RecordAudit>(() => {
    if (!config) return () => Promise.resolve();
    const trail = startAuditTrail({ endpoint: config.endpoint });
    const recordAudit: RecordAudit = (input) => trail.record(input);
    return recordAudit;
  });
  return <AuditContext.Provider value={record}>{children}</AuditContext.Provider>;
}

/**
 * `recordAudit({...})` for any journey that discloses patient data (export, share, ...):
 * the event is stored durably in IndexedDB first, then delivered to the sink.
 */
export function useRecordAudit(): RecordAudit {
  return useContext(AuditContext);
}
