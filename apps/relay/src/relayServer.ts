/**
 * The live-session relay: `POST /sessions` starts a session, `/sessions/<id>` is its
 * WebSocket. The presenter's views go to everyone else and the latest is kept (so a late
 * joiner gets it at once); pointers are passed on, never kept; control can be handed over.
 * Every message is size-capped, rate-limited, parsed and validated (@longview/live-session's
 * protocol); a bad one is answered with an `error` message and changes nothing.
 *
 * Sessions live in Redis (./sessionStore), not here: any number of relay processes behind a
 * load balancer serve the same sessions, each passing on to its own sockets what Redis pub/sub
 * brings. A relay that cannot reach Redis serves nobody (new sessions get 503, sockets are
 * closed with 1013 "try again later") rather than carry on a session of its own that the
 * other relays would not see: clients retry, and a load balancer sends them to a relay that can.
 *
 * Logs are JSON lines of events and counts; session ids appear truncated to 6 characters and
 * no view state, display name or clientKey is ever logged.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type RawData, type WebSocket } from 'ws';
import {
  CLOSE_PROTOCOL_ERROR,
  CLOSE_SESSION_ENDED,
  CLOSE_SESSION_FULL,
  CLOSE_TRY_AGAIN_LATER,
  MAX_MESSAGE_BYTES,
  SESSION_ENDED_BY_PRESENTER_MESSAGE,
  SESSION_ENDED_MESSAGE,
  STORE_UNAVAILABLE_MESSAGE,
  isClientKey,
  parseClientMessage,
  type ClientMessage,
  type RelayMessage,
} from '@longview/live-session';
import { DEFAULT_RATE_LIMIT, TokenBucket, type RateLimitOptions } from './rateLimit';
import { SessionStore, randomId, type PresenterResult, type PublishedMessage } from './sessionStore';

export interface RelayServerOptions {
  host?: string;
  /** 0 = any free port (tests). */
  port: number;
  /** redis://host:port (or redis+unix path via ioredis' URL forms). */
  redisUrl: string;
  /** Prefixes every Redis key and channel (tests share one Redis). */
  redisKeyPrefix?: string;
  /** A session nobody has used (joined, presented, pointed) for this long ends. */
  sessionTtlMs?: number;
  /** Server ping and client heartbeat period; a socket that missed a whole period is dropped. */
  pingIntervalMs?: number;
  /** A socket that has not sent `join` by then is closed. */
  joinTimeoutMs?: number;
  maxSessions?: number;
  /** Connections one session may have at once (presenter included), over every relay. */
  maxAttendeesPerSession?: number;
  rateLimit?: RateLimitOptions;
  log?: (event: string, fields?: Record<string, unknown>) => void;
}

export interface RelayServer {
  port: number;
  relayId: string;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024;
/** ws closes a connection outright above this; between MAX_MESSAGE_BYTES and it, the sender gets an `error`. */
const HARD_PAYLOAD_LIMIT = 1024 * 1024;
/** One rate-limit warning a second at most: the warning must not become the flood. */
const RATE_WARNING_INTERVAL_MS = 1000;
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
};

/** A session id as logs show it. */
const shortId = (id: string) => id.slice(0, 6);

function defaultLog(event: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ time: new Date().toISOString(), event, ...fields }));
}

interface Attendee {
  /** Unique on this relay; with the relay's id it names the connection in the session's roster. */
  connectionId: string;
  socket: WebSocket;
  sessionId: string;
  /** Set once joined. */
  peerId: string | undefined;
  isAlive: boolean;
  bucket: TokenBucket;
  lastRateWarning: number;
  /** Messages are handled one after another, in the order they came. */
  queue: Promise<void>;
}

/** This relay's sockets of one session, and the newest view it passed on (for a joiner whose welcome crossed it). */
interface Room {
  attendees: Set<Attendee>;
  subscribed: Promise<unknown>;
  latestView: { revision: number; text: string } | undefined;
}

export async function createRelayServer(options: RelayServerOptions): Promise<RelayServer> {
  const log = options.log ?? defaultLog;
  const ttlMs = options.sessionTtlMs ?? 12 * 3600_000;
  const pingIntervalMs = options.pingIntervalMs ?? 10_000;
  const joinTimeoutMs = options.joinTimeoutMs ?? 10_000;
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const maxAttendees = options.maxAttendeesPerSession ?? 100;
  const rooms = new Map<string, Room>();
  const attendees = new Map<WebSocket, Attendee>();
  /** Store work still running for closed sockets: a clean shutdown waits for it. */
  const pending = new Set<Promise<unknown>>();
  const track = (work: Promise<unknown>) => {
    const settled = work.catch(() => undefined).finally(() => pending.delete(settled));
    pending.add(settled);
  };

  const store = new SessionStore({
    redisUrl: options.redisUrl,
    keyPrefix: options.redisKeyPrefix,
    ttlMs,
    maxSessions: options.maxSessions ?? 10_000,
    maxAttendeesPerSession: maxAttendees,
    log,
    onMessage: deliver,
    onAvailability(isAvailable) {
      if (isAvailable) return;
      // Without Redis this relay would be the only one to see its sockets' changes: the session
      // would split in two. Everyone goes, with the reason, and comes back through a relay that has it.
      for (const attendee of attendees.values()) attendee.socket.close(CLOSE_TRY_AGAIN_LATER, STORE_UNAVAILABLE_MESSAGE);
      rooms.clear();
    },
  });
  store.start();

  const send = (socket: WebSocket, message: RelayMessage | string) => {
    if (socket.readyState === socket.OPEN) socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  };
  const refuse = (attendee: Attendee, refused: string, message: string) => send(attendee.socket, { type: 'error', refused, message });

  /** What Redis brought on a session's channel, to this relay's sockets of it. */
  function deliver(sessionId: string, message: PublishedMessage): void {
    const room = rooms.get(sessionId);
    if (!room) return;
    if (message.kind === 'end') {
      for (const attendee of room.attendees) attendee.socket.close(CLOSE_SESSION_ENDED, SESSION_ENDED_BY_PRESENTER_MESSAGE);
      return;
    }
    if (message.kind === 'view') {
      if (room.latestView && message.revision <= room.latestView.revision) return;
      room.latestView = { revision: message.revision, text: message.text };
    }
    for (const attendee of room.attendees) {
      if (attendee.peerId && store.rosterField(attendee.connectionId) !== message.from) send(attendee.socket, message.text);
    }
  }

  function roomOf(sessionId: string): Room {
    let room = rooms.get(sessionId);
    if (!room) {
      const created: Room = { attendees: new Set(), subscribed: store.subscribe(sessionId), latestView: undefined };
      // A subscription that failed (Redis went away) must not stay as the session's room.
      created.subscribed.catch(() => {
        if (rooms.get(sessionId) === created) rooms.delete(sessionId);
      });
      rooms.set(sessionId, (room = created));
    }
    return room;
  }

  function leaveRoom(attendee: Attendee): void {
    const room = rooms.get(attendee.sessionId);
    if (!room?.attendees.delete(attendee)) return;
    if (room.attendees.size === 0) {
      rooms.delete(attendee.sessionId);
      track(store.unsubscribe(attendee.sessionId));
    }
  }

  async function join(attendee: Attendee, message: Extract<ClientMessage, { type: 'join' }>): Promise<void> {
    // Listen first, then read the session: a view published in between is caught by the room.
    const room = roomOf(attendee.sessionId);
    room.attendees.add(attendee);
    try {
      await room.subscribed;
    } catch (error) {
      leaveRoom(attendee);
      throw error;
    }
    const joined = await store.join(attendee.sessionId, attendee.connectionId, message.clientKey, message.displayName);
    if (joined.kind !== 'ok') {
      leaveRoom(attendee);
      if (joined.kind === 'ended') attendee.socket.close(CLOSE_SESSION_ENDED, SESSION_ENDED_MESSAGE);
      else attendee.socket.close(CLOSE_SESSION_FULL, `This live session is full (${maxAttendees} attendees at most).`);
      return;
    }
    attendee.peerId = joined.peerId;
    const roster = await store.publishRoster(attendee.sessionId);
    const peers = roster ? (JSON.parse(roster) as { peers: [] }).peers : [];
    const { session } = joined;
    send(attendee.socket, { type: 'welcome', selfPeerId: joined.peerId, presenterPeerId: session.presenterPeerId, peers, view: session.view, revision: session.revision });
    if (room.latestView && room.latestView.revision > session.revision) send(attendee.socket, room.latestView.text);
    log('joined', { session: shortId(attendee.sessionId), here: room.attendees.size });
  }

  /** Tells the presenter-only refusals apart, in words for the sender. */
  function refusePresenterResult(attendee: Attendee, what: ClientMessage['type'], result: PresenterResult): void {
    if (result.kind === 'ok') return;
    if (result.kind === 'ended') attendee.socket.close(CLOSE_SESSION_ENDED, SESSION_ENDED_MESSAGE);
    else if (result.kind === 'not-presenter') refuse(attendee, what, 'Only the presenter can do that.');
    else if (result.kind === 'stale') refuse(attendee, what, `This view is older than the session's (revision ${result.revision}).`);
    else refuse(attendee, what, 'That attendee is not in the session any more.');
  }

  async function handle(attendee: Attendee, message: ClientMessage): Promise<void> {
    if (message.type === 'join') {
      if (attendee.peerId) refuse(attendee, 'join', 'Already joined.');
      else await join(attendee, message);
      return;
    }
    const { peerId, sessionId } = attendee;
    if (!peerId) {
      refuse(attendee, message.type, 'Join the session first.');
      return;
    }
    switch (message.type) {
      case 'view': {
        const text = JSON.stringify({ type: 'view', revision: message.revision, view: message.view } satisfies RelayMessage);
        refusePresenterResult(attendee, 'view', await store.publishView(sessionId, store.rosterField(attendee.connectionId), peerId, message.revision, text));
        return;
      }
      case 'pointer': {
        const text = JSON.stringify({ type: 'pointer', pointer: message.pointer } satisfies RelayMessage);
        refusePresenterResult(attendee, 'pointer', await store.publishFromPresenter(sessionId, store.rosterField(attendee.connectionId), peerId, text));
        return;
      }
      case 'hand': {
        const text = JSON.stringify({ type: 'control', presenterPeerId: message.to } satisfies RelayMessage);
        const result = await store.handControl(sessionId, peerId, message.to, text);
        refusePresenterResult(attendee, 'hand', result);
        if (result.kind === 'ok') {
          await store.publishRoster(sessionId);
          log('control-handed', { session: shortId(sessionId) });
        }
        return;
      }
      case 'end': {
        const result = await store.end(sessionId, peerId);
        refusePresenterResult(attendee, 'end', result);
        if (result.kind === 'ok') log('session-ended', { session: shortId(sessionId) });
        return;
      }
    }
  }

  function receive(attendee: Attendee, data: RawData, isBinary: boolean): void {
    const now = Date.now();
    if (!attendee.bucket.take(now)) {
      if (now - attendee.lastRateWarning >= RATE_WARNING_INTERVAL_MS) {
        attendee.lastRateWarning = now;
        refuse(attendee, 'rate', `Too many messages (over ${rateLimit.perSecond} a second): some were dropped.`);
      }
      return;
    }
    const bytes = Array.isArray(data) ? data.reduce((sum, part) => sum + part.length, 0) : data instanceof ArrayBuffer ? data.byteLength : data.length;
    if (isBinary) {
      refuse(attendee, 'binary', 'Messages are JSON text.');
      return;
    }
    if (bytes > MAX_MESSAGE_BYTES) {
      refuse(attendee, 'size', `Message too large (over ${MAX_MESSAGE_BYTES / 1024} KiB).`);
      return;
    }
    const parsed = parseClientMessage(Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8'));
    if (!parsed.ok) {
      refuse(attendee, 'message', parsed.message);
      return;
    }
    const message = parsed.message;
    attendee.queue = attendee.queue
      .then(() => (store.isAvailable ? handle(attendee, message) : attendee.socket.close(CLOSE_TRY_AGAIN_LATER, STORE_UNAVAILABLE_MESSAGE)))
      .catch((error: unknown) => {
        // A bug, or Redis failing mid-way, on one message must not take the relay (and everyone's session) down.
        log('message-failed', { session: shortId(attendee.sessionId), reason: error instanceof Error ? error.name : 'unknown' });
        if (message.type === 'join' && !attendee.peerId) {
          // Not joined through no fault of the client's: it should try again, not wait for the join timeout to refuse it.
          leaveRoom(attendee);
          attendee.socket.close(CLOSE_TRY_AGAIN_LATER, store.isAvailable ? 'The relay could not add you to the session; trying again.' : STORE_UNAVAILABLE_MESSAGE);
        } else refuse(attendee, message.type, store.isAvailable ? 'The relay could not handle that message.' : STORE_UNAVAILABLE_MESSAGE);
      });
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_PAYLOAD_LIMIT });

  wss.on('connection', (socket: WebSocket, sessionId: string) => {
    const now = Date.now();
    const attendee: Attendee = { connectionId: randomId().slice(0, 12), socket, sessionId, peerId: undefined, isAlive: true, bucket: new TokenBucket(rateLimit, now), lastRateWarning: 0, queue: Promise.resolve() };
    attendees.set(socket, attendee);
    // Accepted then closed, rather than refused at the upgrade, so the browser learns why (a 404 or 503 reads as a network error).
    if (!store.isAvailable) socket.close(CLOSE_TRY_AGAIN_LATER, STORE_UNAVAILABLE_MESSAGE);
    const joinTimer = setTimeout(() => {
      if (!attendee.peerId) socket.close(CLOSE_PROTOCOL_ERROR, 'no join message');
    }, joinTimeoutMs);
    socket.on('pong', () => (attendee.isAlive = true));
    socket.on('message', (data, isBinary) => {
      attendee.isAlive = true;
      try {
        receive(attendee, data, isBinary);
      } catch (error) {
        log('message-failed', { session: shortId(sessionId), reason: error instanceof Error ? error.name : 'unknown' });
        refuse(attendee, 'message', 'The relay could not handle that message.');
      }
    });
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      clearTimeout(joinTimer);
      attendees.delete(socket);
      leaveRoom(attendee);
      // After whatever this socket still had queued (its join, say), so its roster entry is not added after it left.
      track(
        attendee.queue.then(async () => {
          if (!attendee.peerId || !store.isAvailable) return;
          await store.leave(sessionId, attendee.connectionId);
          await store.publishRoster(sessionId);
          log('left', { session: shortId(sessionId), here: rooms.get(sessionId)?.attendees.size ?? 0 });
        }),
      );
    });
  });

  const server = http.createServer((request, response) => {
    handleHttp(request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, CORS_HEADERS);
      response.end();
    });
  });

  async function handleHttp(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const path = new URL(request.url ?? '/', 'http://relay').pathname;
    const reply = (status: number, body?: unknown) => {
      response.writeHead(status, { ...CORS_HEADERS, 'content-type': 'application/json', 'cache-control': 'no-store' });
      response.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (request.method === 'OPTIONS') {
      response.writeHead(204, CORS_HEADERS);
      response.end();
      return;
    }
    if (path === '/health' && request.method === 'GET') {
      if (!store.isAvailable) return reply(503, { status: 'no-store', relay: store.relayId, attendees: attendees.size, error: STORE_UNAVAILABLE_MESSAGE });
      return reply(200, { status: 'ok', relay: store.relayId, sessions: await store.sessionCount(), attendees: attendees.size });
    }
    if (path !== '/sessions') return reply(404, { error: 'not found' });
    if (request.method !== 'POST') return reply(405, { error: 'use POST' });
    const body = await readBody(request);
    if (body === undefined) return reply(413, { error: `body over ${MAX_BODY_BYTES} bytes` });
    let clientKey: unknown;
    try {
      clientKey = (JSON.parse(body) as { clientKey?: unknown })?.clientKey;
    } catch {
      return reply(400, { error: 'body is not JSON' });
    }
    if (!isClientKey(clientKey)) return reply(400, { error: 'clientKey must be 16–128 base64url characters' });
    if (!store.isAvailable) return reply(503, { error: STORE_UNAVAILABLE_MESSAGE });
    const created = await store.create(clientKey);
    if (!created) return reply(503, { error: 'too many live sessions' });
    log('session-created', { session: shortId(created.sessionId) });
    return reply(201, created);
  }

  server.on('upgrade', (request, socket, head) => {
    const match = /^\/sessions\/([^/?#]+)$/.exec(new URL(request.url ?? '/', 'http://relay').pathname);
    const sessionId = match ? decodeURIComponent(match[1] ?? '') : '';
    if (!match || sessionId.length > 128 || !/^[A-Za-z0-9_-]+$/.test(sessionId)) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, sessionId));
  });

  // Liveness: a socket that did not answer the last ping (or send anything) is dead; browsers
  // cannot see pings, so joined ones also get a heartbeat message they can time out on.
  const pingTimer = setInterval(() => {
    for (const attendee of attendees.values()) {
      if (!attendee.isAlive) {
        attendee.socket.terminate();
        continue;
      }
      attendee.isAlive = false;
      attendee.socket.ping();
      if (attendee.peerId) send(attendee.socket, { type: 'heartbeat' });
    }
  }, pingIntervalMs);

  // Redis expires idle sessions; this relay closes its sockets of those that are gone.
  const expiryTimer = setInterval(
    () => {
      if (!store.isAvailable) return;
      for (const [sessionId, room] of rooms) {
        track(
          store.exists(sessionId).then((exists) => {
            if (exists) return;
            for (const attendee of room.attendees) attendee.socket.close(CLOSE_SESSION_ENDED, SESSION_ENDED_MESSAGE);
            log('session-expired', { session: shortId(sessionId) });
          }),
        );
      }
    },
    Math.max(20, Math.min(60_000, ttlMs / 4)),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log('relay-listening', { port, relay: store.relayId });

  return {
    port,
    get relayId() {
      return store.relayId;
    },
    async close() {
      clearInterval(pingTimer);
      clearInterval(expiryTimer);
      // 1001 "going away": clients reconnect (to another relay, or this one's successor).
      for (const attendee of attendees.values()) attendee.socket.close(1001, 'The relay is restarting.');
      await new Promise((resolve) => setTimeout(resolve, attendees.size > 0 ? 50 : 0));
      for (const attendee of attendees.values()) attendee.socket.terminate();
      for (let i = 0; i < 50 && attendees.size > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.all(pending);
      await store.close();
      log('relay-closed', { relay: store.relayId });
    },
  };
}

/** The request body as text, or undefined when it is over MAX_BODY_BYTES. */
function readBody(request: http.IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the cap the rest is read and dropped, so the 413 still reaches the sender.
      if (size > MAX_BODY_BYTES) resolve(undefined);
      else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
