/**
 * The live-session relay: `POST /sessions` starts a session, `/sessions/<id>` is its
 * WebSocket. The presenter's views go to everyone else and the latest is kept (so a late
 * joiner gets it at once); pointers are passed on, never kept; control can be handed over.
 * Every message is size-capped, parsed and validated (@longview/live-session's protocol); a
 * bad one is answered with an `error` message and changes nothing.
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
  MAX_MESSAGE_BYTES,
  SESSION_ENDED_BY_PRESENTER_MESSAGE,
  SESSION_ENDED_MESSAGE,
  isClientKey,
  parseClientMessage,
  type ClientMessage,
  type LivePeer,
  type RelayMessage,
} from '@longview/live-session';
import { SessionStore, type RelaySession } from './sessionStore';

export interface RelayServerOptions {
  host?: string;
  /** 0 = any free port (tests). */
  port: number;
  dataDir: string;
  /** A session nobody has used (joined, presented, pointed) for this long ends. */
  sessionTtlMs?: number;
  /** Server ping and client heartbeat period; a socket that missed a whole period is dropped. */
  pingIntervalMs?: number;
  /** A socket that has not sent `join` by then is closed. */
  joinTimeoutMs?: number;
  maxSessions?: number;
  log?: (event: string, fields?: Record<string, unknown>) => void;
}

export interface RelayServer {
  port: number;
  close(): Promise<void>;
}

const MAX_BODY_BYTES = 4 * 1024;
/** ws closes a connection outright above this; between MAX_MESSAGE_BYTES and it, the sender gets an `error`. */
const HARD_PAYLOAD_LIMIT = 1024 * 1024;
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
  socket: WebSocket;
  sessionId: string;
  /** Set once joined. */
  peerId: string | undefined;
  displayName: string;
  isAlive: boolean;
}

export async function createRelayServer(options: RelayServerOptions): Promise<RelayServer> {
  const log = options.log ?? defaultLog;
  const ttlMs = options.sessionTtlMs ?? 12 * 3600_000;
  const pingIntervalMs = options.pingIntervalMs ?? 10_000;
  const joinTimeoutMs = options.joinTimeoutMs ?? 10_000;
  const maxSessions = options.maxSessions ?? 10_000;
  const store = new SessionStore(options.dataDir, ttlMs, log);
  store.load(Date.now());
  /** Joined attendees per session id. */
  const rooms = new Map<string, Set<Attendee>>();

  const send = (socket: WebSocket, message: RelayMessage) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(message));
  };
  /** Serialises once for every receiver: a view goes to up to hundreds of attendees. */
  const broadcast = (sessionId: string, message: RelayMessage, except?: Attendee) => {
    const text = JSON.stringify(message);
    for (const attendee of rooms.get(sessionId) ?? []) {
      if (attendee !== except && attendee.socket.readyState === attendee.socket.OPEN) attendee.socket.send(text);
    }
  };
  const rosterOf = (session: RelaySession): LivePeer[] => {
    const peers = new Map<string, LivePeer>();
    for (const attendee of rooms.get(session.id) ?? []) {
      if (attendee.peerId) peers.set(attendee.peerId, { peerId: attendee.peerId, displayName: attendee.displayName, isPresenter: attendee.peerId === session.presenterPeerId });
    }
    return [...peers.values()];
  };
  const refuse = (attendee: Attendee, refused: string, message: string) => send(attendee.socket, { type: 'error', refused, message });

  function join(attendee: Attendee, message: Extract<ClientMessage, { type: 'join' }>): void {
    const session = store.sessions.get(attendee.sessionId);
    if (!session) {
      attendee.socket.close(CLOSE_SESSION_ENDED, SESSION_ENDED_MESSAGE);
      return;
    }
    attendee.peerId = store.peerIdOf(session, message.clientKey);
    attendee.displayName = message.displayName;
    session.lastActivity = Date.now();
    store.scheduleSave();
    let room = rooms.get(session.id);
    if (!room) rooms.set(session.id, (room = new Set()));
    room.add(attendee);
    const peers = rosterOf(session);
    send(attendee.socket, { type: 'welcome', selfPeerId: attendee.peerId, presenterPeerId: session.presenterPeerId, peers, view: session.view, revision: session.revision });
    broadcast(session.id, { type: 'peers', peers }, attendee);
    log('joined', { session: shortId(session.id), attendees: room.size });
  }

  function handle(attendee: Attendee, message: ClientMessage): void {
    if (message.type === 'join') {
      if (attendee.peerId) refuse(attendee, 'join', 'Already joined.');
      else join(attendee, message);
      return;
    }
    const session = store.sessions.get(attendee.sessionId);
    if (!attendee.peerId || !session) {
      refuse(attendee, message.type, 'Join the session first.');
      return;
    }
    if (attendee.peerId !== session.presenterPeerId) {
      refuse(attendee, message.type, 'Only the presenter can do that.');
      return;
    }
    session.lastActivity = Date.now();
    switch (message.type) {
      case 'view':
        if (message.revision <= session.revision) {
          refuse(attendee, 'view', `This view is older than the session's (revision ${session.revision}).`);
          return;
        }
        session.view = message.view;
        session.revision = message.revision;
        store.scheduleSave();
        broadcast(session.id, { type: 'view', revision: message.revision, view: message.view }, attendee);
        return;
      case 'pointer':
        broadcast(session.id, { type: 'pointer', pointer: message.pointer }, attendee);
        return;
      case 'hand': {
        const isHere = [...(rooms.get(session.id) ?? [])].some((other) => other.peerId === message.to);
        if (!isHere) {
          refuse(attendee, 'hand', 'That attendee is not in the session any more.');
          return;
        }
        session.presenterPeerId = message.to;
        store.scheduleSave();
        broadcast(session.id, { type: 'control', presenterPeerId: message.to });
        broadcast(session.id, { type: 'peers', peers: rosterOf(session) });
        log('control-handed', { session: shortId(session.id) });
        return;
      }
      case 'end':
        store.sessions.delete(session.id);
        store.scheduleSave();
        for (const other of rooms.get(session.id) ?? []) other.socket.close(CLOSE_SESSION_ENDED, SESSION_ENDED_BY_PRESENTER_MESSAGE);
        rooms.delete(session.id);
        log('session-ended', { session: shortId(session.id), sessions: store.sessions.size });
        return;
    }
  }

  function receive(attendee: Attendee, data: RawData, isBinary: boolean): void {
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
    if (!parsed.ok) refuse(attendee, 'message', parsed.message);
    else handle(attendee, parsed.message);
  }

  const wss = new WebSocketServer({ noServer: true, maxPayload: HARD_PAYLOAD_LIMIT });
  const attendees = new Map<WebSocket, Attendee>();

  wss.on('connection', (socket: WebSocket, sessionId: string) => {
    const attendee: Attendee = { socket, sessionId, peerId: undefined, displayName: '', isAlive: true };
    attendees.set(socket, attendee);
    if (!store.sessions.has(sessionId)) {
      // Accepted then closed, rather than refused at the upgrade, so the browser learns why (a 404 reads as a network error).
      socket.close(CLOSE_SESSION_ENDED, SESSION_ENDED_MESSAGE);
    }
    const joinTimer = setTimeout(() => {
      if (!attendee.peerId) socket.close(CLOSE_PROTOCOL_ERROR, 'no join message');
    }, joinTimeoutMs);
    socket.on('pong', () => (attendee.isAlive = true));
    socket.on('message', (data, isBinary) => {
      attendee.isAlive = true;
      try {
        receive(attendee, data, isBinary);
      } catch (error) {
        // A bug on one message must not take the relay (and everyone's session) down.
        log('message-failed', { session: shortId(sessionId), reason: error instanceof Error ? error.name : 'unknown' });
        refuse(attendee, 'message', 'The relay could not handle that message.');
      }
    });
    socket.on('error', () => socket.terminate());
    socket.on('close', () => {
      clearTimeout(joinTimer);
      attendees.delete(socket);
      const room = rooms.get(sessionId);
      if (!room?.delete(attendee)) return;
      if (room.size === 0) rooms.delete(sessionId);
      const session = store.sessions.get(sessionId);
      if (session) broadcast(sessionId, { type: 'peers', peers: rosterOf(session) });
      log('left', { session: shortId(sessionId), attendees: room.size });
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
    if (path === '/health' && request.method === 'GET') return reply(200, { status: 'ok', sessions: store.sessions.size, attendees: attendees.size });
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
    if (store.sessions.size >= maxSessions) return reply(503, { error: 'too many live sessions' });
    const session = store.create(clientKey, Date.now());
    log('session-created', { session: shortId(session.id), sessions: store.sessions.size });
    return reply(201, { sessionId: session.id, expiresAt: store.expiresAt(session) });
  }

  server.on('upgrade', (request, socket, head) => {
    const match = /^\/sessions\/([^/?#]+)$/.exec(new URL(request.url ?? '/', 'http://relay').pathname);
    const sessionId = match ? decodeURIComponent(match[1] ?? '') : '';
    if (!match || sessionId.length > 128) {
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

  const expiryTimer = setInterval(
    () => {
      for (const session of store.takeExpired(Date.now())) {
        for (const attendee of rooms.get(session.id) ?? []) attendee.socket.close(CLOSE_SESSION_ENDED, SESSION_ENDED_MESSAGE);
        rooms.delete(session.id);
        log('session-expired', { session: shortId(session.id), sessions: store.sessions.size });
      }
    },
    Math.max(20, Math.min(60_000, ttlMs / 4)),
  );

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  log('relay-listening', { port, sessions: store.sessions.size });

  return {
    port,
    async close() {
      clearInterval(pingTimer);
      clearInterval(expiryTimer);
      // 1001 "going away": clients reconnect (to this relay's successor).
      for (const attendee of attendees.values()) attendee.socket.close(1001, 'The relay is restarting.');
      await new Promise((resolve) => setTimeout(resolve, attendees.size > 0 ? 50 : 0));
      for (const attendee of attendees.values()) attendee.socket.terminate();
      wss.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.flush();
      log('relay-closed', { sessions: store.sessions.size });
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
