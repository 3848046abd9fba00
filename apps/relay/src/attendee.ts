import type { RawData, WebSocket } from 'ws';
import type { RelayMessage } from '@longview/live-session';
import { TokenBucket, type RateLimitOptions } from './rateLimit';
import { randomId } from './sessionStore';

/** One socket of a session on this relay. */
export interface Attendee {
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

export function newAttendee(socket: WebSocket, sessionId: string, rateLimit: RateLimitOptions, now: number): Attendee {
  return {
    connectionId: randomId().slice(0, 12),
    socket,
    sessionId,
    peerId: undefined,
    isAlive: true,
    bucket: new TokenBucket(rateLimit, now),
    lastRateWarning: 0,
    queue: Promise.resolve(),
  };
}

/** Sends a message (or its JSON text, already serialised once for many sockets) if the socket is open. */
export function send(socket: WebSocket, message: RelayMessage | string): void {
  if (socket.readyState === socket.OPEN) socket.send(typeof message === 'string' ? message : JSON.stringify(message));
}

/** Tells the attendee, in words, that its message of kind `refused` changed nothing. */
export function refuse(attendee: Attendee, refused: string, message: string): void {
  send(attendee.socket, { type: 'error', refused, message });
}

/** The size of a received WebSocket message, whichever form ws handed it in. */
export function byteLengthOf(data: RawData): number {
  if (Array.isArray(data)) return data.reduce((sum, part) => sum + part.length, 0);
  return data instanceof ArrayBuffer ? data.byteLength : data.length;
}

/** A received WebSocket message as UTF-8 text. */
export function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  return Buffer.concat(Array.isArray(data) ? data : [Buffer.from(data)]).toString('utf8');
}
