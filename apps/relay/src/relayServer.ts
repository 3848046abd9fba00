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
 * The parts: ./relayHttp (health, new sessions), ./rooms (this relay's sockets per session and
 * what Redis brings them), ./attendeeMessages (what each socket sends), ./relayLog.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CLOSE_GOING_AWAY, CLOSE_PROTOCOL_ERROR, CLOSE_TRY_AGAIN_LATER, STORE_UNAVAILABLE_MESSAGE } from '@longview/live-session';
import { newAttendee, refuse, send, type Attendee } from './attendee';
import { AttendeeMessages } from './attendeeMessages';
import { DEFAULT_RATE_LIMIT, type RateLimitOptions } from './rateLimit';
import { relayHttpHandler, sessionIdOfUpgrade } from './relayHttp';
import { defaultLog, logMessageFailed, shortId, type RelayLog } from './relayLog';
import { Rooms } from './rooms';
import { SessionStore } from './sessionStore';

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
  log?: RelayLog;
}

export interface RelayServer {
  port: number;
  relayId: string;
  close(): Promise<void>;
}

/** ws closes a connection outright above this; between MAX_MESSAGE_BYTES and it, the sender gets an `error`. */
const HARD_PAYLOAD_LIMIT = 1024 * 1024;

export async function createRelayServer(options: RelayServerOptions): Promise<RelayServer> {
  const log = options.log ?? defaultLog;
  const ttlMs = options.sessionTtlMs ?? 12 * 3600_000;
  const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
  const attendees = new Map<WebSocket, Attendee>();
  const pending = new PendingWork();

  const store = new SessionStore({
    redisUrl: options.redisUrl,
    keyPrefix: options.redisKeyPrefix,
    ttlMs,
    maxSessions: options.maxSessions ?? 10_000,
    maxAttendeesPerSession: options.maxAttendeesPerSession ?? 100,
    log,
    onMessage: (sessionId, message) => rooms.deliver(sessionId, message),
    onAvailability(isAvailable) {
      if (isAvailable) return;
      // Without Redis this relay would be the only one to see its sockets' changes: the session
      // would split in two. Everyone goes, with the reason, and comes back through a relay that has it.
      for (const attendee of attendees.values()) attendee.socket.close(CLOSE_TRY_AGAIN_LATER, STORE_UNAVAILABLE_MESSAGE);
      rooms.clear();
    },
  });
  const rooms = new Rooms(store, log, pending.track);
  const messages = new AttendeeMessages({ store, rooms, log, rateLimit, maxAttendees: options.maxAttendeesPerSession ?? 100 });
  store.start();

  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_PAYLOAD_LIMIT });
  const sockets: SocketContext = { store, rooms, messages, log, attendees, pending, rateLimit, joinTimeoutMs: options.joinTimeoutMs ?? 10_000 };
  wss.on('connection', (socket: WebSocket, sessionId: string) => acceptSocket(sockets, socket, sessionId));

  const server = http.createServer(relayHttpHandler({ store, log, attendeeCount: () => attendees.size }));
  server.on('upgrade', (request, socket, head) => {
    const sessionId = sessionIdOfUpgrade(request);
    if (sessionId === undefined) {
      socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\n\r\n');
      return;
    }
    wss.handleUpgrade(request, socket, head, (ws) => wss.emit('connection', ws, sessionId));
  });

  const pingTimer = setInterval(() => pingAll(attendees.values()), options.pingIntervalMs ?? 10_000);
  const expiryTimer = setInterval(
    () => {
      if (store.isAvailable) rooms.closeExpired();
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
      await closeSockets(attendees);
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await pending.settled();
      await store.close();
      log('relay-closed', { relay: store.relayId });
    },
  };
}

interface SocketContext {
  store: SessionStore;
  rooms: Rooms;
  messages: AttendeeMessages;
  log: RelayLog;
  attendees: Map<WebSocket, Attendee>;
  pending: PendingWork;
  rateLimit: RateLimitOptions;
  joinTimeoutMs: number;
}

/** A new socket of session `sessionId`: it must join in time, its messages go to AttendeeMessages, and leaving takes it out of the roster. */
function acceptSocket({ store, rooms, messages, log, attendees, pending, rateLimit, joinTimeoutMs }: SocketContext, socket: WebSocket, sessionId: string): void {
  const attendee = newAttendee(socket, sessionId, rateLimit, Date.now());
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
      messages.receive(attendee, data, isBinary);
    } catch (error) {
      logMessageFailed(log, sessionId, error);
      refuse(attendee, 'message', 'The relay could not handle that message.');
    }
  });
  socket.on('error', () => socket.terminate());
  socket.on('close', () => {
    clearTimeout(joinTimer);
    attendees.delete(socket);
    rooms.leave(attendee);
    // After whatever this socket still had queued (its join, say), so its roster entry is not added after it left.
    pending.track(
      attendee.queue.then(async () => {
        if (!attendee.peerId || !store.isAvailable) return;
        await store.leave(sessionId, attendee.connectionId);
        await store.publishRoster(sessionId);
        log('left', { session: shortId(sessionId), here: rooms.get(sessionId)?.attendees.size ?? 0 });
      }),
    );
  });
}

/**
 * Liveness: a socket that did not answer the last ping (or send anything) is dead; browsers
 * cannot see pings, so joined ones also get a heartbeat message they can time out on.
 */
function pingAll(attendees: Iterable<Attendee>): void {
  for (const attendee of attendees) {
    if (!attendee.isAlive) {
      attendee.socket.terminate();
      continue;
    }
    attendee.isAlive = false;
    attendee.socket.ping();
    if (attendee.peerId) send(attendee.socket, { type: 'heartbeat' });
  }
}

/** Says "going away" to every socket (clients reconnect, to another relay or this one's successor), then ends those that linger. */
async function closeSockets(attendees: Map<WebSocket, Attendee>): Promise<void> {
  for (const attendee of attendees.values()) attendee.socket.close(CLOSE_GOING_AWAY, 'The relay is restarting.');
  await new Promise((resolve) => setTimeout(resolve, attendees.size > 0 ? 50 : 0));
  for (const attendee of attendees.values()) attendee.socket.terminate();
  for (let i = 0; i < 50 && attendees.size > 0; i += 1) await new Promise((resolve) => setTimeout(resolve, 10));
}

/** Store work still running for closed sockets: a clean shutdown waits for it. */
class PendingWork {
  private readonly work = new Set<Promise<unknown>>();

  readonly track = (work: Promise<unknown>): void => {
    const settled = work.catch(() => undefined).finally(() => this.work.delete(settled));
    this.work.add(settled);
  };

  async settled(): Promise<void> {
    await Promise.all(this.work);
  }
}
