import { describe, expect, it } from 'vitest';
import { readBatchResponse, toBatchBundle } from './delivery';
import type { AuditEvent } from './event';
import { AuditQueue, MemoryAuditStore, retryDelayMs, type AuditStore, type DeliveryResult, type Scheduler } from './queue';

const event = (id: string, second = 0) => ({ resourceType: 'AuditEvent', id, recorded: `2024-01-01T00:00:${String(second).padStart(2, '0')}Z` }) as AuditEvent;

/** A scheduler the test advances by hand: what is due, and with which delay. */
function manualScheduler() {
  const timers: Array<{ callback: () => void; delayMs: number }> = [];
  const delays: number[] = [];
  const scheduler: Scheduler = {
    set: (callback, delayMs) => {
      const timer = { callback, delayMs };
      timers.push(timer);
      delays.push(delayMs);
      return timer;
    },
    clear: (handle) => {
      const index = timers.indexOf(handle as (typeof timers)[number]);
      if (index >= 0) timers.splice(index, 1);
    },
  };
  return { scheduler, timers, delays, fire: () => timers.shift()?.callback() };
}

/** A sink that stores by id (ignoring duplicates) and can be taken down. */
function fakeSink() {
  const held = new Map<string, AuditEvent>();
  const sink = {
    held,
    isUp: true,
    deliveries: 0,
    send: async (events: readonly AuditEvent[]): Promise<DeliveryResult> => {
      sink.deliveries += 1;
      if (!sink.isUp) return { kind: 'unreachable', reason: 'HTTP 502' };
      for (const e of events) held.set(e.id, e);
      return { kind: 'answered', accepted: events.map((e) => e.id), rejected: [] };
    },
  };
  return sink;
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('AuditQueue: storing, retrying and resending until the sink has each event', () => {
  it('stores an event before sending it, and forgets it once the sink has it', async () => {
    const store = new MemoryAuditStore();
    const order: string[] = [];
    const put = store.put.bind(store);
    store.put = async (e) => {
      order.push('stored');
      await put(e);
    };
    const queue = new AuditQueue({
      store,
      send: async (events) => {
        order.push('sent');
        return { kind: 'answered', accepted: events.map((e) => e.id), rejected: [] };
      },
      scheduler: manualScheduler().scheduler,
    });
    await queue.record(event('a'));
    await queue.flush();
    expect(order).toEqual(['stored', 'sent']);
    expect(store.events.size).toBe(0);
    expect(queue.pendingCount).toBe(0);
  });

  it('retries with exponential backoff while the sink is down, and keeps the events', async () => {
    const sink = fakeSink();
    sink.isUp = false;
    const store = new MemoryAuditStore();
    const clock = manualScheduler();
    const queue = new AuditQueue({ store, send: sink.send, scheduler: clock.scheduler });
    await queue.record(event('a'));
    await settle();
    for (let i = 0; i < 3; i += 1) {
      clock.fire();
      await settle();
    }
    expect(clock.delays).toEqual([1000, 2000, 4000, 8000]);
    expect(sink.deliveries).toBe(4);
    expect([1, 2, 3, 4, 5, 6, 7].map(retryDelayMs)).toEqual([1000, 2000, 4000, 8000, 16000, 30000, 30000]);
    expect(store.events.has('a')).toBe(true);
    sink.isUp = true;
    clock.fire();
    await settle();
    expect([...sink.held.keys()]).toEqual(['a']);
    expect(clock.timers).toEqual([]);
    expect(store.events.size).toBe(0);
  });

  it('a new page resends what an earlier one left; the sink keeps each id once', async () => {
    const sink = fakeSink();
    const store = new MemoryAuditStore();
    // The first page sent "a" on exit but never saw the answer; "b" never left.
    await store.put(event('a', 1));
    await store.put(event('b', 2));
    await sink.send([event('a', 1)]);
    const queue = new AuditQueue({ store, send: sink.send, scheduler: manualScheduler().scheduler });
    await queue.start();
    expect([...sink.held.keys()].sort()).toEqual(['a', 'b']);
    expect(sink.held.size).toBe(2);
    expect(store.events.size).toBe(0);
  });
});

describe('AuditQueue: batches, oldest first, and events the sink refuses', () => {
  it('sends in batches, oldest first', async () => {
    const batches: string[][] = [];
    const store = new MemoryAuditStore();
    for (let i = 5; i >= 1; i -= 1) await store.put(event(`e${i}`, i));
    const queue = new AuditQueue({
      store,
      batchSize: 2,
      send: async (events) => {
        batches.push(events.map((e) => e.id));
        return { kind: 'answered', accepted: events.map((e) => e.id), rejected: [] };
      },
      scheduler: manualScheduler().scheduler,
    });
    await queue.start();
    expect(batches).toEqual([['e1', 'e2'], ['e3', 'e4'], ['e5']]);
  });

  it('drops (and reports) events the sink refuses as invalid, so they cannot block the rest', async () => {
    const store = new MemoryAuditStore();
    const reported: string[] = [];
    const queue = new AuditQueue({
      store,
      send: async (events) => ({ kind: 'answered', accepted: events.filter((e) => e.id !== 'bad').map((e) => e.id), rejected: ['bad'] }),
      scheduler: manualScheduler().scheduler,
      onRejected: (ids) => reported.push(...ids),
    });
    await store.put(event('bad', 1));
    await store.put(event('good', 2));
    await queue.start();
    expect(store.events.size).toBe(0);
    expect(reported).toEqual(['bad']);
  });
});

describe('AuditQueue on page exit', () => {
  it('on exit, hands this page\u2019s unacknowledged events to a keepalive request', async () => {
    const sink = fakeSink();
    sink.isUp = false;
    const store = new MemoryAuditStore();
    const keepalive: boolean[] = [];
    const queue = new AuditQueue({
      store,
      send: (events, options) => {
        keepalive.push(options.keepalive);
        return sink.send(events);
      },
      scheduler: manualScheduler().scheduler,
    });
    await queue.record(event('a'));
    await queue.flush();
    sink.isUp = true;
    queue.flushOnExit();
    await settle();
    expect(keepalive.at(-1)).toBe(true);
    expect(sink.held.has('a')).toBe(true);
    expect(queue.pendingCount).toBe(0);
  });
});

describe('AuditQueue, a page that goes away at once', () => {
  it('hands over on exit an event whose durable write has not finished yet', async () => {
    const sink = fakeSink();
    const neverStored: AuditStore = { put: () => new Promise(() => {}), list: async () => [], remove: async () => {} };
    const queue = new AuditQueue({ store: neverStored, send: (events) => sink.send(events), scheduler: manualScheduler().scheduler });
    void queue.record(event('written-as-the-page-left'));
    queue.flushOnExit();
    await settle();
    expect(sink.held.has('written-as-the-page-left')).toBe(true);
  });
});

describe('the wire format', () => {
  it('is a FHIR batch of idempotent PUTs, answered entry by entry', () => {
    const events = [event('a'), event('b'), event('c')];
    expect(toBatchBundle(events).entry[1]).toMatchObject({ fullUrl: 'urn:uuid:b', request: { method: 'PUT', url: 'AuditEvent/b' } });
    const answer = { resourceType: 'Bundle', entry: [{ response: { status: '201 Created' } }, { response: { status: '200 OK' } }, { response: { status: '400 Bad Request' } }] };
    expect(readBatchResponse(events, answer)).toEqual({ kind: 'answered', accepted: ['a', 'b'], rejected: ['c'] });
    expect(readBatchResponse(events, { resourceType: 'Bundle', entry: [] }).kind).toBe('unreachable');
  });
});
