// The relay and the live-session client together, for real: relays on ephemeral ports sharing
// one real redis-server (apps/relay/testing/redisServer.ts), browsers played by LiveSessionClient over
// `ws` (and raw `ws` sockets where a test must send what a well-behaved client never would).
// Each test's relays get their own key prefix, so tests share the Redis but no session.
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { SharedSession } from '@longview/shared-view';
import { demoSessionOf } from '@longview/shared-view/testing';
import {
  LiveSessionClient,
  MAX_MESSAGE_BYTES,
  SESSION_ENDED_BY_PRESENTER_MESSAGE,
  SESSION_ENDED_MESSAGE,
  STORE_UNAVAILABLE_MESSAGE,
  createLiveSession,
  newClientKey,
  sessionSocketUrl,
  type LiveSnapshot,
} from '@longview/live-session';
import { createRelayServer, type RelayServer, type RelayServerOptions } from './relayServer';
import { testRedis, type TestRedis } from '../testing/redisServer';

let redis: TestRedis;
beforeAll(async () => {
  redis = testRedis();
  await redis.start();
});
afterAll(async () => {
  await redis.remove();
});

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** The key prefix of the test now running: relays started in one test share their sessions. */
let keyPrefix = '';
afterEach(() => {
  keyPrefix = '';
});
function testPrefix(): string {
  if (!keyPrefix) keyPrefix = `lv-test-${randomBytes(4).toString('hex')}:`;
  return keyPrefix;
}

async function startRelay(options: Partial<RelayServerOptions> = {}): Promise<{ relay: RelayServer; url: string }> {
  const relay = await createRelayServer({ port: 0, redisUrl: redis.url, redisKeyPrefix: testPrefix(), log: () => {}, ...options });
  let isClosed = false;
  const close = relay.close.bind(relay);
  relay.close = async () => {
    if (isClosed) return;
    isClosed = true;
    await close();
  };
  cleanups.push(() => relay.close());
  const url = `http://127.0.0.1:${relay.port}`;
  // Serving once its store answers.
  for (let i = 0; i < 200 && (await fetch(`${url}/health`)).status !== 200; i += 1) await new Promise((r) => setTimeout(r, 10));
  return { relay, url };
}

/** A plain Redis connection to look at (or damage) what the relays keep. */
function inspect(): Redis {
  const connection = new Redis(redis.url);
  cleanups.push(() => void connection.disconnect());
  return connection;
}

function attend(url: string, sessionId: string, clientKey: string, displayName: string, livenessTimeoutMs?: number): LiveSessionClient {
  const client = new LiveSessionClient({ relayUrl: url, sessionId, clientKey, displayName, WebSocket: WebSocket as unknown as typeof globalThis.WebSocket, livenessTimeoutMs });
  cleanups.push(() => client.close());
  client.connect();
  return client;
}

/** Resolves with the first snapshot that satisfies `isReady`; fails with the last one seen. */
function until(client: LiveSessionClient, isReady: (snapshot: LiveSnapshot) => boolean, timeoutMs = 4000): Promise<LiveSnapshot> {
  return new Promise((resolve, reject) => {
    let last: LiveSnapshot | undefined;
    let unsubscribe: () => void = () => {};
    const timer = setTimeout(() => {
      unsubscribe();
      reject(new Error(`timed out; last snapshot: ${JSON.stringify({ ...last, view: last?.view ? '…' : undefined })}`));
    }, timeoutMs);
    unsubscribe = client.subscribe((snapshot) => {
      last = snapshot;
      if (!isReady(snapshot)) return;
      clearTimeout(timer);
      queueMicrotask(() => unsubscribe());
      resolve(snapshot);
    });
  });
}

/** A 2×2 case whose first cell shows image `image`: distinct views for distinct revisions. */
function viewAt(image: number): SharedSession {
  const demo = demoSessionOf({ layout: { rows: 2, columns: 2 }, annotations: 1 });
  return { ...demo, cases: demo.cases.map((c, i) => (i === demo.activeCase ? { ...c, cells: c.cells.map((cell, j) => (j === 0 && cell ? { ...cell, image } : cell)) } : c)) };
}

/** A session with its presenter connected. */
async function sessionWithPresenter(url: string) {
  const presenterKey = newClientKey();
  const { sessionId } = await createLiveSession(url, presenterKey);
  const presenter = attend(url, sessionId, presenterKey, 'Presenter');
  await until(presenter, (s) => s.connection === 'open' && s.isPresenter);
  return { sessionId, presenterKey, presenter };
}

/** A raw socket that joined `sessionId`, with every message it received. */
async function rawSocket(url: string, sessionId: string, clientKey: string) {
  const socket = new WebSocket(sessionSocketUrl(url, sessionId));
  const received: Array<Record<string, unknown>> = [];
  const waiters: Array<() => void> = [];
  socket.on('message', (data) => {
    received.push(JSON.parse(String(data)) as Record<string, unknown>);
    for (const wake of waiters.splice(0)) wake();
  });
  cleanups.push(() => socket.terminate());
  await new Promise((resolve) => socket.once('open', resolve));
  const count = (type: string) => received.filter((m) => m.type === type).length;
  const next = async (type: string): Promise<Record<string, unknown>> => {
    for (;;) {
      const index = received.findIndex((m) => m.type === type);
      if (index >= 0) return received.splice(index, 1)[0]!;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  socket.send(JSON.stringify({ type: 'join', clientKey, displayName: 'Raw', lastRevision: 0 }));
  await next('welcome');
  return { socket, next, count };
}

describe('live-session relay: starting a session', () => {
  it('starts sessions with distinct unguessable ids and refuses a short clientKey', async () => {
    const { url } = await startRelay();
    const sessions = await Promise.all([1, 2, 3].map(() => createLiveSession(url, newClientKey())));
    for (const { sessionId, expiresAt } of sessions) {
      expect(sessionId).toMatch(/^[A-Za-z0-9_-]{22,}$/);
      expect(expiresAt).toBeGreaterThan(Date.now());
    }
    expect(new Set(sessions.map((s) => s.sessionId)).size).toBe(3);
    const refused = await fetch(`${url}/sessions`, { method: 'POST', body: JSON.stringify({ clientKey: 'short' }) });
    expect(refused.status).toBe(400);
    const tooLarge = await fetch(`${url}/sessions`, { method: 'POST', body: JSON.stringify({ clientKey: 'x'.repeat(10_000) }) });
    expect(tooLarge.status).toBe(413);
  });

  it('answers the CORS preflight of a viewer on another origin', async () => {
    const { url } = await startRelay();
    const preflight = await fetch(`${url}/sessions`, {
      method: 'OPTIONS',
      headers: { origin: 'http://127.0.0.1:5173', 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('POST');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('content-type');
    const created = await fetch(`${url}/sessions`, { method: 'POST', headers: { origin: 'http://127.0.0.1:5173', 'content-type': 'application/json' }, body: JSON.stringify({ clientKey: newClientKey() }) });
    expect(created.status).toBe(201);
    expect(created.headers.get('access-control-allow-origin')).toBe('*');
  });
});

describe('live-session relay: presenter and attendees', () => {
  it("sends the presenter's change to every attendee, and the current view to a late joiner at once", async () => {
    const { url } = await startRelay();
    const { sessionId, presenter } = await sessionWithPresenter(url);
    const first = attend(url, sessionId, newClientKey(), 'First');
    const second = attend(url, sessionId, newClientKey(), 'Second');
    await Promise.all([first, second].map((c) => until(c, (s) => s.connection === 'open')));
    const roster = await until(presenter, (s) => s.peers.length === 3);
    expect(roster.peers.map((p) => p.displayName).sort()).toEqual(['First', 'Presenter', 'Second']);
    expect(roster.peers.filter((p) => p.isPresenter).map((p) => p.peerId)).toEqual([roster.selfPeerId]);

    presenter.publishView(viewAt(17));
    for (const attendee of [first, second]) {
      const seen = await until(attendee, (s) => s.revision === 1);
      expect(seen.view).toEqual(viewAt(17));
      expect(seen.isPresenter).toBe(false);
    }
    presenter.publishView(viewAt(42));
    await until(first, (s) => s.revision === 2);

    const late = attend(url, sessionId, newClientKey(), 'Late');
    const joined = await until(late, (s) => s.connection === 'open');
    expect(joined.revision).toBe(2);
    expect(joined.view).toEqual(viewAt(42));

    presenter.publishPointer({ cell: 3, x: 0.25, y: 0.75 });
    expect((await until(late, (s) => s.pointer !== undefined)).pointer).toEqual({ cell: 3, x: 0.25, y: 0.75 });
  });

  it("refuses an attendee's view, pointer and hand-over", async () => {
    const { url } = await startRelay();
    const { sessionId, presenter } = await sessionWithPresenter(url);
    presenter.publishView(viewAt(5));
    const attendee = attend(url, sessionId, newClientKey(), 'Attendee');
    await until(attendee, (s) => s.connection === 'open' && s.revision === 1);
    attendee.publishView(viewAt(99));
    expect(attendee.snapshot().message).toBe('Only the presenter can change the shared view.');
    expect(attendee.snapshot().view).toEqual(viewAt(5));

    // A client that does not check for itself is refused by the relay.
    const raw = await rawSocket(url, sessionId, newClientKey());
    for (const message of [{ type: 'view', revision: 7, view: viewAt(99) }, { type: 'pointer', pointer: { cell: 0, x: 0.5, y: 0.5 } }, { type: 'hand', to: 'anyone' }]) {
      raw.socket.send(JSON.stringify(message));
      expect(await raw.next('error')).toEqual({ type: 'error', refused: message.type, message: 'Only the presenter can do that.' });
    }
    const late = attend(url, sessionId, newClientKey(), 'Late');
    expect((await until(late, (s) => s.connection === 'open')).view).toEqual(viewAt(5));
    expect(presenter.snapshot().revision).toBe(1);
  });

  it('hands control to an attendee, who then presents from the highest revision', async () => {
    const { url } = await startRelay();
    const { sessionId, presenter } = await sessionWithPresenter(url);
    presenter.publishView(viewAt(1));
    presenter.publishView(viewAt(2));
    const attendee = attend(url, sessionId, newClientKey(), 'Next presenter');
    const { selfPeerId } = await until(attendee, (s) => s.connection === 'open' && s.revision === 2);
    await until(presenter, (s) => s.peers.length === 2);

    presenter.handControl(selfPeerId!);
    const promoted = await until(attendee, (s) => s.isPresenter);
    expect(promoted.peers.find((p) => p.isPresenter)?.peerId).toBe(selfPeerId);
    await until(presenter, (s) => !s.isPresenter);

    attendee.publishView(viewAt(3));
    const followed = await until(presenter, (s) => s.revision === 3);
    expect(followed.view).toEqual(viewAt(3));
    presenter.publishView(viewAt(4));
    expect(presenter.snapshot().message).toBe('Only the presenter can change the shared view.');
  });
});

describe('live-session relay: ending a session', () => {
  it('ends an idle session with its message, for those in it and for those who come later', async () => {
    const { url } = await startRelay({ sessionTtlMs: 300 });
    const { sessionId, presenter } = await sessionWithPresenter(url);
    const ended = await until(presenter, (s) => s.connection === 'ended');
    expect(ended.message).toBe(SESSION_ENDED_MESSAGE);
    const latecomer = attend(url, sessionId, newClientKey(), 'Too late');
    expect((await until(latecomer, (s) => s.connection === 'ended')).message).toBe(SESSION_ENDED_MESSAGE);
    const unknown = attend(url, 'A'.repeat(22), newClientKey(), 'Nobody');
    expect((await until(unknown, (s) => s.connection === 'ended')).message).toBe(SESSION_ENDED_MESSAGE);
  });

  it('ends the session for everyone when the presenter says so, and only then', async () => {
    const { url } = await startRelay();
    const { sessionId, presenter } = await sessionWithPresenter(url);
    presenter.publishView(viewAt(1));
    const attendee = attend(url, sessionId, newClientKey(), 'Attendee');
    await until(attendee, (s) => s.connection === 'open' && s.revision === 1);
    attendee.endForEveryone();
    expect(attendee.snapshot().connection).toBe('open');
    presenter.endForEveryone();
    for (const client of [attendee, presenter]) {
      expect((await until(client, (s) => s.connection === 'ended')).message).toBe(SESSION_ENDED_BY_PRESENTER_MESSAGE);
    }
    // Forgotten: nobody can join it again.
    const latecomer = attend(url, sessionId, newClientKey(), 'Too late');
    expect((await until(latecomer, (s) => s.connection === 'ended')).message).toBe(SESSION_ENDED_MESSAGE);
  });
});

describe('live-session relay: when the relay or Redis goes away', () => {
  it('survives a restart of the relay: its sessions are in Redis, clients reconnect and converge on the change made meanwhile', async () => {
    const { relay, url } = await startRelay();
    const { sessionId, presenterKey, presenter } = await sessionWithPresenter(url);
    const attendee = attend(url, sessionId, newClientKey(), 'Attendee');
    presenter.publishView(viewAt(10));
    await until(attendee, (s) => s.revision === 1);

    await relay.close();
    await until(attendee, (s) => s.connection === 'reconnecting');
    await until(presenter, (s) => s.connection === 'reconnecting');
    presenter.publishView(viewAt(11));
    // What Redis holds names no secret: the clientKey is there only as a hash.
    const keys = await inspect().keys(`${testPrefix()}*`);
    const dump = JSON.stringify(await Promise.all(keys.filter((key) => !key.endsWith('sessions')).map((key) => inspect().hgetall(key).catch(() => ({})))));
    expect(dump).toContain('"presenter"');
    expect(dump).not.toContain(presenterKey);

    await startRelay({ port: relay.port });
    const converged = await until(attendee, (s) => s.connection === 'open' && s.revision === 2);
    expect(converged.view).toEqual(viewAt(11));
    const back = await until(presenter, (s) => s.connection === 'open');
    expect(back.isPresenter).toBe(true);
    expect(back.revision).toBe(2);
  });

  it("re-sends the presenter's latest view when the store comes back without it", async () => {
    const { relay, url } = await startRelay();
    const { sessionId, presenter } = await sessionWithPresenter(url);
    const attendee = attend(url, sessionId, newClientKey(), 'Attendee');
    presenter.publishView(viewAt(20));
    await until(attendee, (s) => s.revision === 1);
    const sessionKey = `${testPrefix()}{${sessionId}}:session`;
    const atRevision1 = await inspect().hgetall(sessionKey);
    presenter.publishView(viewAt(21));
    await until(attendee, (s) => s.revision === 2);

    // What a Redis that lost its last write (killed within its fsync second) leaves: the session before the last change.
    await relay.close();
    await inspect().hset(sessionKey, atRevision1);
    await startRelay({ port: relay.port });
    await until(presenter, (s) => s.connection === 'open');
    await until(attendee, (s) => s.connection === 'open');

    const late = attend(url, sessionId, newClientKey(), 'Late');
    const joined = await until(late, (s) => s.connection === 'open' && s.revision === 2);
    expect(joined.view).toEqual(viewAt(21));
    expect(attendee.snapshot().view).toEqual(viewAt(21));
    expect(await inspect().hget(sessionKey, 'revision')).toBe('2');
  });

  it('without Redis serves nobody and says why; when Redis is back everyone converges on the change made meanwhile', async () => {
    const { url } = await startRelay();
    const { sessionId, presenter } = await sessionWithPresenter(url);
    const attendee = attend(url, sessionId, newClientKey(), 'Attendee');
    presenter.publishView(viewAt(30));
    await until(attendee, (s) => s.revision === 1);

    await redis.stop();
    for (const client of [presenter, attendee]) {
      expect((await until(client, (s) => s.connection === 'reconnecting' && s.message !== undefined)).message).toBe(STORE_UNAVAILABLE_MESSAGE);
    }
    // No session of its own while it cannot share it: a new one is refused, with the reason.
    const refused = await fetch(`${url}/sessions`, { method: 'POST', body: JSON.stringify({ clientKey: newClientKey() }) });
    expect(refused.status).toBe(503);
    expect(await refused.json()).toEqual({ error: STORE_UNAVAILABLE_MESSAGE });
    expect((await fetch(`${url}/health`)).status).toBe(503);
    await expect(createLiveSession(url, newClientKey())).rejects.toThrow(STORE_UNAVAILABLE_MESSAGE);
    presenter.publishView(viewAt(31));

    await redis.start();
    const converged = await until(attendee, (s) => s.connection === 'open' && s.revision === 2, 8000);
    expect(converged.view).toEqual(viewAt(31));
    expect(converged.message).toBeUndefined();
    expect((await until(presenter, (s) => s.connection === 'open')).isPresenter).toBe(true);
  });

  it('reconnects on its own when the relay goes silent', async () => {
    const { url } = await startRelay({ pingIntervalMs: 60_000 });
    const { sessionId, presenter } = await sessionWithPresenter(url);
    presenter.publishView(viewAt(30));
    const attendee = attend(url, sessionId, newClientKey(), 'Attendee', 200);
    await until(attendee, (s) => s.connection === 'open' && s.revision === 1);
    await until(attendee, (s) => s.connection === 'reconnecting');
    const back = await until(attendee, (s) => s.connection === 'open');
    expect(back.view).toEqual(viewAt(30));
  });
});

describe('live-session relay: several relays on one Redis', () => {
  it('two relays on one Redis serve one session: presenter on one, attendees on both', async () => {
    const a = await startRelay();
    const b = await startRelay();
    expect(a.relay.relayId).not.toBe(b.relay.relayId);
    const { sessionId, presenter } = await sessionWithPresenter(a.url);
    const onB = attend(b.url, sessionId, newClientKey(), 'On B');
    const onA = attend(a.url, sessionId, newClientKey(), 'On A');
    await Promise.all([onA, onB].map((c) => until(c, (s) => s.connection === 'open')));
    const roster = await until(onB, (s) => s.peers.length === 3);
    expect(roster.peers.map((p) => p.displayName).sort()).toEqual(['On A', 'On B', 'Presenter']);

    presenter.publishView(viewAt(50));
    for (const client of [onA, onB]) expect((await until(client, (s) => s.revision === 1)).view).toEqual(viewAt(50));
    presenter.publishPointer({ cell: 1, x: 0.5, y: 0.25 });
    expect((await until(onB, (s) => s.pointer !== undefined)).pointer).toEqual({ cell: 1, x: 0.5, y: 0.25 });
    // A late joiner on B gets the view the presenter published on A.
    const late = attend(b.url, sessionId, newClientKey(), 'Late on B');
    expect((await until(late, (s) => s.connection === 'open')).view).toEqual(viewAt(50));

    // Control moves across relays, and so does the next view.
    presenter.handControl(onB.snapshot().selfPeerId!);
    await until(onB, (s) => s.isPresenter);
    await until(presenter, (s) => !s.isPresenter);
    onB.publishView(viewAt(51));
    for (const client of [presenter, onA, late]) expect((await until(client, (s) => s.revision === 2)).view).toEqual(viewAt(51));

    // One relay leaves: the roster everyone sees drops its attendees.
    await a.relay.close();
    expect((await until(late, (s) => s.peers.length === 2)).peers.map((p) => p.displayName).sort()).toEqual(['Late on B', 'On B']);
    onB.endForEveryone();
    expect((await until(late, (s) => s.connection === 'ended')).message).toBe(SESSION_ENDED_BY_PRESENTER_MESSAGE);
  });

  it('drops the roster entries of a relay that died without cleaning up', async () => {
    const { url } = await startRelay();
    const { sessionId, presenter } = await sessionWithPresenter(url);
    // A relay killed with SIGKILL leaves its entries; its liveness key lapses within 5 s.
    const rosterKey = `${testPrefix()}{${sessionId}}:roster`;
    await inspect().hset(rosterKey, 'deadrelay/conn1', JSON.stringify({ peerId: 'ghost-peer', displayName: 'Ghost' }));
    const attendee = attend(url, sessionId, newClientKey(), 'Attendee');
    const roster = await until(attendee, (s) => s.connection === 'open');
    expect(roster.peers.map((p) => p.displayName).sort()).toEqual(['Attendee', 'Presenter']);
    expect(await inspect().hexists(rosterKey, 'deadrelay/conn1')).toBe(0);
    // And control cannot be handed to someone who is not there.
    presenter.handControl('ghost-peer');
    expect((await until(presenter, (s) => s.message !== undefined)).message).toBe('That attendee is not in the session any more.');
  });

  it('limits attendees per session over every relay, with the reason', async () => {
    const a = await startRelay({ maxAttendeesPerSession: 2 });
    const b = await startRelay({ maxAttendeesPerSession: 2 });
    const { sessionId } = await sessionWithPresenter(a.url);
    const second = attend(b.url, sessionId, newClientKey(), 'Second');
    await until(second, (s) => s.connection === 'open');
    const third = attend(a.url, sessionId, newClientKey(), 'Third');
    expect((await until(third, (s) => s.connection === 'ended')).message).toBe('This live session is full (2 attendees at most).');
    // A place that frees up can be taken.
    second.close();
    const fourth = attend(b.url, sessionId, newClientKey(), 'Fourth');
    await until(fourth, (s) => s.connection === 'open');
  });
});

describe('live-session relay: guarding against bad clients and a damaged store', () => {
  it('limits the message rate of one connection, warns it once a second, and lets it go on afterwards', async () => {
    const { url } = await startRelay({ rateLimit: { perSecond: 5, burst: 5 } });
    const presenterKey = newClientKey();
    const { sessionId } = await createLiveSession(url, presenterKey);
    const raw = await rawSocket(url, sessionId, presenterKey);
    const attendee = attend(url, sessionId, newClientKey(), 'Attendee');
    await until(attendee, (s) => s.connection === 'open');
    const pointersSeen = new Set<number>();
    attendee.subscribe((s) => {
      if (s.pointer) pointersSeen.add(s.pointer.x);
    });
    for (let i = 0; i < 30; i += 1) raw.socket.send(JSON.stringify({ type: 'pointer', pointer: { cell: 0, x: i / 30, y: 0.5 } }));
    expect(await raw.next('error')).toEqual({ type: 'error', refused: 'rate', message: 'Too many messages (over 5 a second): some were dropped.' });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The join took one token: four pointers passed (five if the sends straddled a refill), the rest were dropped, with one warning.
    expect(pointersSeen.size).toBeGreaterThanOrEqual(4);
    expect(pointersSeen.size).toBeLessThanOrEqual(5);
    expect(raw.count('error')).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    raw.socket.send(JSON.stringify({ type: 'view', revision: 1, view: viewAt(3) }));
    expect((await until(attendee, (s) => s.revision === 1)).view).toEqual(viewAt(3));
  });

  it('answers a socket path that names no session, or a malformed one, with 404 and goes on serving', async () => {
    const { url } = await startRelay();
    const upgradeStatus = (path: string) =>
      new Promise<number>((resolve) => {
        const socket = new WebSocket(`${url.replace('http', 'ws')}${path}`);
        socket.on('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
        socket.on('open', () => resolve(101));
        socket.on('error', () => resolve(-1));
      });
    // %E0%A4%A is not UTF-8: decoding it throws, which must not reach the server's upgrade handler.
    for (const path of ['/sessions/%E0%A4%A', '/sessions/a%2Fb', '/sessions/', `/sessions/${'a'.repeat(129)}`, '/elsewhere/abc']) {
      expect(await upgradeStatus(path), path).toBe(404);
    }
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });

  it("does not pass on a roster the store holds in a shape the protocol does not allow", async () => {
    const { relay, url } = await startRelay();
    const presenterKey = newClientKey();
    const { sessionId } = await createLiveSession(url, presenterKey);
    const presenter = attend(url, sessionId, presenterKey, 'Presenter');
    await until(presenter, (s) => s.connection === 'open');
    // An entry of this (live) relay whose display name is a number, not text.
    await inspect().hset(`${testPrefix()}{${sessionId}}:roster`, `${relay.relayId}/damaged`, JSON.stringify({ peerId: 'odd-peer', displayName: 42 }));
    const raw = new WebSocket(sessionSocketUrl(url, sessionId));
    cleanups.push(() => raw.terminate());
    const closed = new Promise<{ code: number; reason: string }>((resolve) => raw.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    await new Promise((resolve) => raw.once('open', resolve));
    raw.send(JSON.stringify({ type: 'join', clientKey: newClientKey(), displayName: 'Late', lastRevision: 0 }));
    expect(await closed).toEqual({ code: 1013, reason: 'The relay could not add you to the session; trying again.' });
  });

  it('refuses garbage JSON, an invalid view and an oversized message, and goes on working', async () => {
    const { url } = await startRelay();
    const presenterKey = newClientKey();
    const { sessionId } = await createLiveSession(url, presenterKey);
    const raw = await rawSocket(url, sessionId, presenterKey);
    const attendee = attend(url, sessionId, newClientKey(), 'Attendee');
    await until(attendee, (s) => s.connection === 'open');

    raw.socket.send('{"type": "view", ');
    expect(await raw.next('error')).toMatchObject({ message: 'Message is not JSON.' });
    raw.socket.send(JSON.stringify({ type: 'view', revision: 1, view: { cases: 'none', activeCase: 0, patientName: 'DOE^JANE' } }));
    expect(String((await raw.next('error')).message)).toMatch(/^view: /);
    raw.socket.send(JSON.stringify({ type: 'pointer', pointer: { cell: 0, x: 2, y: 0 } }));
    expect(String((await raw.next('error')).message)).toMatch(/^pointer: /);
    raw.socket.send(JSON.stringify({ type: 'view', revision: 1, view: viewAt(1), padding: 'x'.repeat(MAX_MESSAGE_BYTES) }));
    expect(await raw.next('error')).toMatchObject({ refused: 'size' });
    raw.socket.send(Buffer.from([1, 2, 3]));
    expect(await raw.next('error')).toMatchObject({ refused: 'binary' });

    raw.socket.send(JSON.stringify({ type: 'view', revision: 1, view: viewAt(8) }));
    const seen = await until(attendee, (s) => s.revision === 1);
    expect(seen.view).toEqual(viewAt(8));
    const health = await fetch(`${url}/health`);
    expect(await health.json()).toMatchObject({ status: 'ok', sessions: 1, attendees: 2 });
  });
});
