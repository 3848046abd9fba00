import { describe, expect, it } from 'vitest';
import { MemoryOutboxStore, ResultsOutbox, retryDelayMs, type PendingResult, type Scheduler, type StoreAttempt } from './outbox';

/** A scheduler the test runs by hand: the delays asked for, and the callbacks waiting. */
function manualScheduler() {
  const waiting: Array<{ callback: () => void; delayMs: number }> = [];
  const scheduler: Scheduler = {
    set: (callback, delayMs) => {
      const handle = { callback, delayMs };
      waiting.push(handle);
      return handle;
    },
    clear: (handle) => {
      const index = waiting.indexOf(handle as (typeof waiting)[number]);
      if (index >= 0) waiting.splice(index, 1);
    },
  };
  return { scheduler, waiting };
}

const entry = (sopInstanceUid: string, queuedAt = '2026-12-05T10:00:00.000Z'): Omit<PendingResult, 'attempts'> => ({
  sopInstanceUid,
  archiveId: 'radiology',
  studyInstanceUid: '1.2.3',
  patient: undefined,
  kind: 'measurement-report',
  bytes: new Uint8Array([1, 2, 3]).buffer,
  queuedAt,
});

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('ResultsOutbox', () => {
  it('keeps an entry while its archive is down, retries with backoff, and sends it once the archive is back', async () => {
    const store = new MemoryOutboxStore();
    const { scheduler, waiting } = manualScheduler();
    const answers: StoreAttempt[] = [
      { kind: 'failed', retryable: true, message: 'Radiology PACS did not answer.' },
      { kind: 'failed', retryable: true, message: 'Radiology PACS did not answer.' },
      { kind: 'stored' },
    ];
    const sent: string[] = [];
    const stored: string[] = [];
    const outbox = new ResultsOutbox({
      store,
      scheduler,
      attempt: async (pending) => {
        sent.push(pending.sopInstanceUid);
        return answers.shift() as StoreAttempt;
      },
      onStored: (pending) => stored.push(pending.sopInstanceUid),
    });
    await outbox.enqueue([entry('2.25.1')]);
    await outbox.whenIdle();
    expect(store.entries.get('2.25.1')?.attempts).toBe(1);
    expect(outbox.snapshot().map((p) => p.problem)).toEqual(['Radiology PACS did not answer.']);
    expect(waiting.map((w) => w.delayMs)).toEqual([retryDelayMs(1)]);

    waiting.shift()?.callback();
    await outbox.whenIdle();
    expect(waiting.map((w) => w.delayMs)).toEqual([retryDelayMs(2)]);
    expect(stored).toEqual([]);

    waiting.shift()?.callback();
    await outbox.whenIdle();
    await settle();
    expect(sent).toEqual(['2.25.1', '2.25.1', '2.25.1']);
    expect(stored).toEqual(['2.25.1']);
    expect(store.entries.size).toBe(0);
    expect(outbox.snapshot()).toEqual([]);
    expect(waiting).toEqual([]);
  });

  it('what an earlier page left is sent by the next one, oldest first', async () => {
    const store = new MemoryOutboxStore();
    await store.put({ ...entry('2.25.2', '2026-12-05T10:00:02.000Z'), attempts: 3 });
    await store.put({ ...entry('2.25.1', '2026-12-05T10:00:01.000Z'), attempts: 1 });
    const sent: string[] = [];
    const outbox = new ResultsOutbox({ store, scheduler: manualScheduler().scheduler, attempt: async (p) => (sent.push(p.sopInstanceUid), { kind: 'stored' }) });
    await outbox.flush();
    expect(sent).toEqual(['2.25.1', '2.25.2']);
    expect(store.entries.size).toBe(0);
  });

  it('an entry the archive refuses for good (no write right) waits for the reader and is not retried on a timer', async () => {
    const store = new MemoryOutboxStore();
    const { scheduler, waiting } = manualScheduler();
    const outbox = new ResultsOutbox({
      store,
      scheduler,
      attempt: async () => ({ kind: 'failed', retryable: false, message: 'Your sign-in does not allow storing results in Oncology.' }),
    });
    await outbox.enqueue([entry('2.25.3')]);
    await outbox.whenIdle();
    expect(waiting).toEqual([]);
    expect(store.entries.get('2.25.3')).toMatchObject({ isWaitingForReader: true, attempts: 1, problem: 'Your sign-in does not allow storing results in Oncology.' });
  });

  it('an attempt that throws counts as an archive out of reach, not as lost', async () => {
    const store = new MemoryOutboxStore();
    const { scheduler, waiting } = manualScheduler();
    const outbox = new ResultsOutbox({ store, scheduler, attempt: async () => Promise.reject(new TypeError('Failed to fetch')) });
    await outbox.enqueue([entry('2.25.4')]);
    await outbox.whenIdle();
    expect(store.entries.has('2.25.4')).toBe(true);
    expect(waiting).toHaveLength(1);
  });

  it('tells its listeners when what waits changes', async () => {
    const store = new MemoryOutboxStore();
    const outbox = new ResultsOutbox({ store, scheduler: manualScheduler().scheduler, attempt: async () => ({ kind: 'stored' }) });
    const seen: number[] = [];
    outbox.subscribe(() => seen.push(outbox.snapshot().length));
    await outbox.enqueue([entry('2.25.5')]);
    await outbox.whenIdle();
    expect(seen[0]).toBe(1);
    expect(seen.at(-1)).toBe(0);
  });
});

describe('retryDelayMs', () => {
  it('doubles from one second and stops at thirty', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
  });
});
