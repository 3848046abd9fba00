import type http from 'node:http';
import { STORE_UNAVAILABLE_MESSAGE, isClientKey } from '@longview/live-session';
import { shortId, type RelayLog } from './relayLog';
import type { SessionStore } from './sessionStore';

const MAX_BODY_BYTES = 4 * 1024;
const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-methods': 'GET, POST, OPTIONS',
  'access-control-allow-headers': 'content-type',
  'access-control-max-age': '600',
};

/** The path of a request's URL, without its query. */
function pathOf(request: http.IncomingMessage): string {
  return new URL(request.url ?? '/', 'http://relay').pathname;
}

/** The session id a WebSocket upgrade to `/sessions/<id>` names, or undefined when it names none or a malformed one. */
export function sessionIdOfUpgrade(request: http.IncomingMessage): string | undefined {
  const match = /^\/sessions\/([^/?#]+)$/.exec(pathOf(request));
  if (!match) return undefined;
  let sessionId: string;
  try {
    sessionId = decodeURIComponent(match[1] ?? '');
  } catch {
    return undefined;
  }
  return sessionId.length <= 128 && /^[A-Za-z0-9_-]+$/.test(sessionId) ? sessionId : undefined;
}

export interface RelayHttpOptions {
  store: SessionStore;
  log: RelayLog;
  /** Sockets open on this relay now (for /health). */
  attendeeCount: () => number;
}

/** The relay's HTTP side: `GET /health` and `POST /sessions` (a new session for a presenter's client key). */
export function relayHttpHandler(options: RelayHttpOptions): http.RequestListener {
  return (request, response) => {
    handle(options, request, response).catch(() => {
      if (!response.headersSent) response.writeHead(500, CORS_HEADERS);
      response.end();
    });
  };
}

async function handle({ store, log, attendeeCount }: RelayHttpOptions, request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
  const path = pathOf(request);
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
    if (!store.isAvailable) return reply(503, { status: 'no-store', relay: store.relayId, attendees: attendeeCount(), error: STORE_UNAVAILABLE_MESSAGE });
    return reply(200, { status: 'ok', relay: store.relayId, sessions: await store.sessionCount(), attendees: attendeeCount() });
  }
  if (path !== '/sessions') return reply(404, { error: 'not found' });
  if (request.method !== 'POST') return reply(405, { error: 'use POST' });
  const body = await readBody(request);
  if (body === undefined) return reply(413, { error: `body over ${MAX_BODY_BYTES} bytes` });
  const clientKey = clientKeyOf(body);
  if (clientKey === NOT_JSON) return reply(400, { error: 'body is not JSON' });
  if (!isClientKey(clientKey)) return reply(400, { error: 'clientKey must be 16–128 base64url characters' });
  if (!store.isAvailable) return reply(503, { error: STORE_UNAVAILABLE_MESSAGE });
  const created = await store.create(clientKey);
  if (!created) return reply(503, { error: 'too many live sessions' });
  log('session-created', { session: shortId(created.sessionId) });
  return reply(201, created);
}

const NOT_JSON = Symbol('not JSON');

/** The `clientKey` field of a JSON body (unchecked), or NOT_JSON. */
function clientKeyOf(body: string): unknown {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return NOT_JSON;
  }
  return typeof parsed === 'object' && parsed !== null && 'clientKey' in parsed ? parsed.clientKey : undefined;
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
