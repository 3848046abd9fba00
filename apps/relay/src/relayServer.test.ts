// The relay and the live-session client together, for real: a relay on an ephemeral port with
// its own data folder, browsers played by LiveSessionClient over `ws` (and raw `ws` sockets
// where a test must send what a well-behaved client never would).
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { demoSessionOf, type SharedSession } from '@longview/shared-view';
import {
  LiveSessionClient,
  MAX_MESSAGE_BYTES,
  SESSION_ENDED_BY_PRESENTER_MESSAGE,
  SESSION_ENDED_MESSAGE,
  createLiveSession,
  newClientKey,
  sessionSocketUrl,
  type LiveSnapshot,
} from '@longview/live-session';
import { createRelayServer, type RelayServer, type RelayServerOptions } from './relayServer';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function startRelay(options: Partial<RelayServerOptions> = {}): Promise<{ relay: RelayServer; url: string; dataDir: string }> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'lv-relay-test-'));
  const relay = await createRelayServer({ port: 0, dataDir, log: () => {}, ...options });
  let isClosed = false;
  const close = relay.close.bind(relay);
  relay.close = async () => {
    if (isClosed) return;
    isClosed = true;
    await close();
  };
  cleanups.push(async () => {
    await relay.close();
    if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
  });
  return { relay, url: `http://127.0.0.1:${relay.port}`, dataDir };
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
  const next = async (type: string): Promise<Record<string, unknown>> => {
    for (;;) {
      const index = received.findIndex((m) => m.type === type);
      if (index >= 0) return received.splice(index, 1)[0]!;
      await new Promise<void>((resolve) => waiters.push(resolve));
    }
  };
  socket.send(JSON.stringify({ type: 'join', clientKey, displayName: 'Raw', lastRevision: 0 }));
  await next('welcome');
  return { socket, next };
}

describe('live-session relay', () => {
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

  it('survives a restart: clients reconnect and converge on the change made while it was down', async () => {
    const { relay, url, dataDir } = await startRelay();
    const { sessionId, presenterKey, presenter } = await sessionWithPresenter(url);
    const attendee = attend(url, sessionId, newClientKey(), 'Attendee');
    presenter.publishView(viewAt(10));
    await until(attendee, (s) => s.revision === 1);

    await relay.close();
    await until(attendee, (s) => s.connection === 'reconnecting');
    await until(presenter, (s) => s.connection === 'reconnecting');
    expect(readFileSync(join(dataDir, 'sessions.json'), 'utf8')).not.toContain(presenterKey);
    presenter.publishView(viewAt(11));

    await startRelay({ port: relay.port, dataDir });
    const converged = await until(attendee, (s) => s.connection === 'open' && s.revision === 2);
    expect(converged.view).toEqual(viewAt(11));
    const back = await until(presenter, (s) => s.connection === 'open');
    expect(back.isPresenter).toBe(true);
    expect(back.revision).toBe(2);
  });

  it('re-sends the presenter\'s latest view when a crashed relay comes back without it', async () => {
    const { relay, url, dataDir } = await startRelay();
    const { sessionId, presenter } = await sessionWithPresenter(url);
    const attendee = attend(url, sessionId, newClientKey(), 'Attendee');
    presenter.publishView(viewAt(20));
    await until(attendee, (s) => s.revision === 1);
    await new Promise((resolve) => setTimeout(resolve, 300)); // saved (debounced 100 ms)
    const savedAtRevision1 = join(dataDir, 'revision-1.json');
    copyFileSync(join(dataDir, 'sessions.json'), savedAtRevision1);
    presenter.publishView(viewAt(21));
    await until(attendee, (s) => s.revision === 2);

    // What a crash within the save delay leaves: the file from before the last change.
    await relay.close();
    copyFileSync(savedAtRevision1, join(dataDir, 'sessions.json'));
    await startRelay({ port: relay.port, dataDir });
    await until(presenter, (s) => s.connection === 'open');
    await until(attendee, (s) => s.connection === 'open');

    const late = attend(url, sessionId, newClientKey(), 'Late');
    const joined = await until(late, (s) => s.connection === 'open' && s.revision === 2);
    expect(joined.view).toEqual(viewAt(21));
    expect(attendee.snapshot().view).toEqual(viewAt(21));
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
