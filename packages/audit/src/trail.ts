import { buildAuditEvent, UNAUTHENTICATED_USER, type AuditContext, type AuditInput } from './event';
import { httpSender } from './delivery';
import { IndexedDbAuditStore } from './indexedDbStore';
import { AuditQueue, MemoryAuditStore, type AuditStore } from './queue';

export interface AuditTrail {
  /** Records what happened: stored durably first, then delivered. Never throws. */
  record(input: AuditInput): Promise<void>;
  readonly sessionId: string;
  destroy(): void;
}

/** sessionStorage key of the per-tab session id (kept across reloads of the same tab). */
export const SESSION_KEY = 'longview.audit.session';

function tabSessionId(): string {
  try {
    const existing = sessionStorage.getItem(SESSION_KEY);
    if (existing) return existing;
    const created = crypto.randomUUID();
    sessionStorage.setItem(SESSION_KEY, created);
    return created;
  } catch {
    return crypto.randomUUID();
  }
}

function openStore(): AuditStore {
  try {
    return new IndexedDbAuditStore();
  } catch {
    // No IndexedDB (some private modes): events still go out, but a closed tab loses what
    // was not yet delivered. Said once, without data.
    console.warn('Audit: IndexedDB unavailable; audit events are kept in memory only.');
    return new MemoryAuditStore();
  }
}

/**
 * The browser's audit trail: one per page. Until a login exists, the user is the tab's
 * anonymous session, marked UNAUTHENTICATED_USER; the SMART-launch issue passes the user.
 */
export function startAuditTrail(options: { endpoint: string; user?: { id: string; display: string } }): AuditTrail {
  const sessionId = tabSessionId();
  const context: AuditContext = {
    sessionId,
    user: options.user ?? { id: undefined, display: UNAUTHENTICATED_USER },
    clientAddress: location.origin,
  };
  const queue = new AuditQueue({
    store: openStore(),
    send: httpSender(options.endpoint),
    onRejected: (ids) => console.error(`Audit: the sink refused ${ids.length} event(s) as invalid: ${ids.join(', ')}`),
  });
  void queue.start().catch(() => console.error('Audit: the queue could not start.'));
  const onHide = () => {
    if (document.visibilityState === 'hidden') queue.flushOnExit();
  };
  const onPageHide = () => queue.flushOnExit();
  document.addEventListener('visibilitychange', onHide);
  window.addEventListener('pagehide', onPageHide);
  return {
    sessionId,
    record: async (input) => {
      try {
        await queue.record(buildAuditEvent(input, context, crypto.randomUUID(), new Date()));
      } catch {
        console.error(`Audit: a ${input.kind} event could not be stored.`);
      }
    },
    destroy: () => {
      document.removeEventListener('visibilitychange', onHide);
      window.removeEventListener('pagehide', onPageHide);
      queue.destroy();
    },
  };
}
