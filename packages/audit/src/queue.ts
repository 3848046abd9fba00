import type { AuditEvent } from './event';

/**
 * Durable storage of events not yet acknowledged by the sink. The browser uses IndexedDB
 * (indexedDbStore.ts); tests use `MemoryAuditStore`. Every method is idempotent by event id.
 */
export interface AuditStore {
  put(event: AuditEvent): Promise<void>;
  /** Oldest first (by `recorded`), at most `limit`. */
  list(limit: number): Promise<AuditEvent[]>;
  remove(ids: readonly string[]): Promise<void>;
}

/** What one delivery attempt achieved. */
export type DeliveryResult =
  /** The sink answered: `accepted` are stored (new or duplicates), `rejected` it will never take. */
  | { kind: 'answered'; accepted: string[]; rejected: string[] }
  /** The sink could not be reached or failed as a whole: try again later. */
  | { kind: 'unreachable'; reason: string };

export type Send = (events: readonly AuditEvent[], options: { keepalive: boolean }) => Promise<DeliveryResult>;

export interface Scheduler {
  set(callback: () => void, delayMs: number): unknown;
  clear(handle: unknown): void;
}

const realScheduler: Scheduler = {
  set: (callback, delayMs) => setTimeout(callback, delayMs),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Delay before retry `attempt` (1-based): 1, 2, 4, 8, 16 s, then every 30 s while the sink is down. */
export const retryDelayMs = (attempt: number) => Math.min(1000 * 2 ** (attempt - 1), 30_000);

/** keepalive requests may carry at most 64 KiB in all (Fetch standard); keep a margin. */
const KEEPALIVE_BYTES = 60_000;

export class MemoryAuditStore implements AuditStore {
  readonly events = new Map<string, AuditEvent>();
  async put(event: AuditEvent) {
    this.events.set(event.id, event);
  }
  async list(limit: number) {
    return [...this.events.values()].sort((a, b) => a.recorded.localeCompare(b.recorded)).slice(0, limit);
  }
  async remove(ids: readonly string[]) {
    for (const id of ids) this.events.delete(id);
  }
}

/**
 * At-least-once delivery of audit events; the sink de-duplicates by event id, which makes it
 * exactly once at the sink. An event is in the store before any attempt to send it and leaves
 * the store only when the sink has answered for it, so a reload, a closed tab or a sink that
 * is down loses nothing: the next page load (any tab) sends what is still there.
 */
export class AuditQueue {
  private readonly store: AuditStore;
  private readonly send: Send;
  private readonly scheduler: Scheduler;
  private readonly batchSize: number;
  private readonly onRejected: (ids: readonly string[]) => void;
  /** Events of this page not yet acknowledged, for the synchronous send when the page goes away. */
  private readonly unacknowledged = new Map<string, AuditEvent>();
  private flushing: Promise<void> | undefined;
  private flushAgain = false;
  private retryHandle: unknown;
  private failedAttempts = 0;
  private isDestroyed = false;

  constructor(options: { store: AuditStore; send: Send; scheduler?: Scheduler; batchSize?: number; onRejected?: (ids: readonly string[]) => void }) {
    this.store = options.store;
    this.send = options.send;
    this.scheduler = options.scheduler ?? realScheduler;
    this.batchSize = options.batchSize ?? 50;
    this.onRejected = options.onRejected ?? (() => undefined);
  }

  /** Picks up what earlier pages left in the store and sends it. */
  async start(): Promise<void> {
    for (const event of await this.store.list(Number.MAX_SAFE_INTEGER)) this.unacknowledged.set(event.id, event);
    await this.flush();
  }

  /**
   * Stores the event (durably, first), then tries to send it. Resolves once stored. It is this
   * page's to hand over on exit from the start: a page that goes away while the store is still
   * writing (an IndexedDB transaction a navigation aborts) would otherwise lose it.
   */
  async record(event: AuditEvent): Promise<void> {
    this.unacknowledged.set(event.id, event);
    await this.store.put(event);
    void this.flush();
  }

  /** Sends everything stored, batch by batch; on failure, schedules a retry with backoff. */
  flush(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return this.flushing;
    }
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
      if (this.flushAgain && !this.isDestroyed) {
        this.flushAgain = false;
        void this.flush();
      }
    });
    return this.flushing;
  }

  /**
   * The page is being hidden or unloaded: hand what this page has not had acknowledged to a
   * keepalive request, which outlives the page. Nothing is removed unless the answer still
   * arrives; what stays is resent next time, and the sink ignores the duplicate.
   */
  flushOnExit(): void {
    const batch: AuditEvent[] = [];
    let bytes = 0;
    for (const event of this.unacknowledged.values()) {
      bytes += JSON.stringify(event).length + 200;
      if (bytes > KEEPALIVE_BYTES) break;
      batch.push(event);
    }
    if (batch.length === 0) return;
    void this.send(batch, { keepalive: true })
      .then((result) => (result.kind === 'answered' ? this.acknowledge(result) : undefined))
      .catch(() => undefined);
  }

  destroy(): void {
    this.isDestroyed = true;
    if (this.retryHandle !== undefined) this.scheduler.clear(this.retryHandle);
  }

  get pendingCount(): number {
    return this.unacknowledged.size;
  }

  private async drain(): Promise<void> {
    if (this.retryHandle !== undefined) {
      this.scheduler.clear(this.retryHandle);
      this.retryHandle = undefined;
    }
    for (;;) {
      if (this.isDestroyed) return;
      const batch = await this.store.list(this.batchSize);
      if (batch.length === 0) {
        this.failedAttempts = 0;
        return;
      }
      let result: DeliveryResult;
      try {
        result = await this.send(batch, { keepalive: false });
      } catch (error) {
        result = { kind: 'unreachable', reason: error instanceof Error ? error.name : 'error' };
      }
      if (result.kind === 'unreachable') {
        this.scheduleRetry();
        return;
      }
      await this.acknowledge(result);
      if (result.accepted.length + result.rejected.length < batch.length) {
        // The sink failed some entries on its side: they wait for the next attempt.
        this.scheduleRetry();
        return;
      }
      this.failedAttempts = 0;
    }
  }

  private scheduleRetry(): void {
    this.failedAttempts += 1;
    this.retryHandle = this.scheduler.set(() => {
      this.retryHandle = undefined;
      void this.flush();
    }, retryDelayMs(this.failedAttempts));
  }

  private async acknowledge(result: { accepted: string[]; rejected: string[] }): Promise<void> {
    const done = [...result.accepted, ...result.rejected];
    await this.store.remove(done);
    for (const id of done) this.unacknowledged.delete(id);
    // An event the sink refuses as invalid would block the queue forever if kept; it is
    // dropped and reported (by id only), because it is a bug to fix, not a state to wait out.
    if (result.rejected.length > 0) this.onRejected(result.rejected);
  }
}
