/**
 * The results outbox: reports and key image selections the reader saved, kept in the browser
 * until their archive has stored them. A save is durable the moment it is in the outbox
 * (IndexedDB: a reload, a closed tab or an archive that is down loses nothing); each entry is
 * sent until the archive answers that it holds it, then removed. Entries are keyed by SOP
 * Instance UID, so sending one twice (an answer lost on the way) still leaves one instance.
 */

import { retryDelayMs, type Scheduler } from '@longview/audit';

// The audit trail's backoff (1, 2, 4, 8, 16 s, then every 30 s): one retry policy for what the browser keeps for a server.
export { retryDelayMs, type Scheduler };

export type PendingResultKind = 'measurement-report' | 'key-images';

export interface PendingResult {
  sopInstanceUid: string;
  archiveId: string;
  studyInstanceUid: string;
  /** The study's patient, for the audit record of the store (the file names her too). */
  patient: { id: string; issuer: string | undefined } | undefined;
  kind: PendingResultKind;
  /** The Part-10 file. */
  bytes: ArrayBuffer;
  queuedAt: string;
  attempts: number;
  /** Why the last attempt failed, in words for the reader (no PHI). */
  problem?: string;
  /** The last failure will not go away by waiting (no write right): retried on the next page or sign-in. */
  isWaitingForReader?: boolean;
}

/** What an attempt to store one entry gave. */
export type StoreAttempt = { kind: 'stored' } | { kind: 'failed'; retryable: boolean; message: string };

export interface OutboxStore {
  put(entry: PendingResult): Promise<void>;
  list(): Promise<PendingResult[]>;
  remove(sopInstanceUid: string): Promise<void>;
}

const realScheduler: Scheduler = {
  set: (callback, delayMs) => setTimeout(callback, delayMs),
  clear: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

export class MemoryOutboxStore implements OutboxStore {
  readonly entries = new Map<string, PendingResult>();
  async put(entry: PendingResult) {
    this.entries.set(entry.sopInstanceUid, entry);
  }
  async list() {
    return [...this.entries.values()].sort((a, b) => a.queuedAt.localeCompare(b.queuedAt));
  }
  async remove(sopInstanceUid: string) {
    this.entries.delete(sopInstanceUid);
  }
}

export class ResultsOutbox {
  private readonly store: OutboxStore;
  private readonly attempt: (entry: PendingResult) => Promise<StoreAttempt>;
  private readonly scheduler: Scheduler;
  private readonly onStored: (entry: PendingResult) => void;
  private readonly listeners = new Set<() => void>();
  private pending: readonly PendingResult[] = [];
  private flushing: Promise<void> | undefined;
  private flushAgain = false;
  private retryHandle: unknown;
  private failedRounds = 0;

  constructor(options: {
    store: OutboxStore;
    attempt: (entry: PendingResult) => Promise<StoreAttempt>;
    onStored?: (entry: PendingResult) => void;
    scheduler?: Scheduler;
  }) {
    this.store = options.store;
    this.attempt = options.attempt;
    this.scheduler = options.scheduler ?? realScheduler;
    this.onStored = options.onStored ?? (() => undefined);
  }

  /** What waits for its archive, oldest first (what the banner shows). */
  snapshot(): readonly PendingResult[] {
    return this.pending;
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stores the entries durably, then tries to send them. Resolves once they are stored. */
  async enqueue(entries: readonly Omit<PendingResult, 'attempts'>[]): Promise<void> {
    for (const entry of entries) await this.store.put({ ...entry, attempts: 0 });
    await this.refresh();
    void this.flush();
  }

  /** Sends everything waiting, waiting ones included (a new page, a new sign-in). */
  flush(): Promise<void> {
    if (this.flushing) {
      this.flushAgain = true;
      return this.flushing;
    }
    this.flushing = this.drain().finally(() => {
      this.flushing = undefined;
      if (this.flushAgain) {
        this.flushAgain = false;
        void this.flush();
      }
    });
    return this.flushing;
  }

  /** Resolves once no attempt is under way (tests, and a page that wants to know). */
  async whenIdle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  destroy(): void {
    if (this.retryHandle !== undefined) this.scheduler.clear(this.retryHandle);
    this.retryHandle = undefined;
    this.listeners.clear();
  }

  private async refresh(): Promise<void> {
    this.pending = await this.store.list();
    for (const listener of this.listeners) listener();
  }

  private async drain(): Promise<void> {
    if (this.retryHandle !== undefined) this.scheduler.clear(this.retryHandle);
    this.retryHandle = undefined;
    let isRetryDue = false;
    for (const entry of await this.store.list()) {
      let result: StoreAttempt;
      try {
        result = await this.attempt(entry);
      } catch {
        result = { kind: 'failed', retryable: true, message: 'The archive could not be reached.' };
      }
      if (result.kind === 'stored') {
        await this.store.remove(entry.sopInstanceUid);
        this.onStored(entry);
      } else {
        await this.store.put({ ...entry, attempts: entry.attempts + 1, problem: result.message, isWaitingForReader: !result.retryable });
        if (result.retryable) isRetryDue = true;
      }
    }
    await this.refresh();
    if (!isRetryDue) {
      this.failedRounds = 0;
      return;
    }
    this.failedRounds += 1;
    this.retryHandle = this.scheduler.set(() => {
      this.retryHandle = undefined;
      void this.flush();
    }, retryDelayMs(this.failedRounds));
  }
}
