/**
 * The live-session wire protocol between the relay (apps/relay) and its clients: JSON text
 * messages over one WebSocket per attendee at `/sessions/<id>`. Both ends parse with the
 * functions here, so a message one side sends is exactly what the other accepts.
 *
 * A clientKey is the attendee's secret (it makes a reconnecting browser the same attendee and
 * the session's creator its presenter); the relay never repeats it. Everyone else sees a
 * peerId, a random public id the relay gives each clientKey.
 */
import { validateSharedSession, type SharedSession } from '@longview/shared-view';

/** Largest message the relay reads (a 4×4 agenda with many annotations stays far below). */
export const MAX_MESSAGE_BYTES = 256 * 1024;
export const MAX_DISPLAY_NAME_LENGTH = 40;
/** At least 96 bits of base64url so a key cannot be guessed; newClientKey gives 128. */
const CLIENT_KEY_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
/** 128-bit base64url ids (22 characters) as the relay makes them; anything else is unknown. */
export const SESSION_ID_PATTERN = /^[A-Za-z0-9_-]{22,64}$/;

/** WebSocket close codes of the protocol (4000–4999 are the application's). */
export const CLOSE_SESSION_ENDED = 4404;
export const CLOSE_PROTOCOL_ERROR = 4400;
export const SESSION_ENDED_MESSAGE = 'This live session has ended or expired.';
/** The close reason attendees see when the presenter ends the session. */
export const SESSION_ENDED_BY_PRESENTER_MESSAGE = 'The presenter ended this live session.';
/** The session has as many attendees as the relay allows: the viewer stops trying and says so. */
export const CLOSE_SESSION_FULL = 4429;
/**
 * WebSocket's own "try again later": the relay cannot reach the session store (Redis), so it
 * serves nobody rather than run the session on its own. The client reconnects, showing the reason.
 */
export const CLOSE_TRY_AGAIN_LATER = 1013;
/** WebSocket's "going away": the relay is shutting down; the client reconnects (to another relay, or this one's successor). */
export const CLOSE_GOING_AWAY = 1001;
/** WebSocket's normal closure: the viewer left the session on purpose. */
export const CLOSE_NORMAL = 1000;
/** What a relay without its session store says, to a new session (HTTP 503) and to a socket (1013). */
export const STORE_UNAVAILABLE_MESSAGE = 'The live-session relay cannot reach its session store; no session can be started or followed until it is back.';

export interface LivePeer {
  peerId: string;
  displayName: string;
  isPresenter: boolean;
}

/** Where the presenter points: a grid cell and 0..1 coordinates within it. */
export interface LivePointer {
  cell: number;
  x: number;
  y: number;
}

export type ClientMessage =
  | { type: 'join'; clientKey: string; displayName: string; lastRevision: number }
  | { type: 'view'; revision: number; view: SharedSession }
  | { type: 'pointer'; pointer: LivePointer | null }
  | { type: 'hand'; to: string }
  /** The presenter ends the session for everyone: the relay forgets it. */
  | { type: 'end' };

export type RelayMessage =
  | { type: 'welcome'; selfPeerId: string; presenterPeerId: string; peers: LivePeer[]; view: SharedSession | null; revision: number }
  | { type: 'view'; revision: number; view: SharedSession }
  | { type: 'pointer'; pointer: LivePointer | null }
  | { type: 'peers'; peers: LivePeer[] }
  | { type: 'control'; presenterPeerId: string }
  /** Sent with every server ping: browsers cannot see WebSocket pings, so this is their liveness signal. */
  | { type: 'heartbeat' }
  | { type: 'error'; message: string; refused?: string };

export type Parsed<T> = { ok: true; message: T } | { ok: false; message: string };

export function isClientKey(value: unknown): value is string {
  return typeof value === 'string' && CLIENT_KEY_PATTERN.test(value);
}

/** A display name as others see it: trimmed, control characters removed, at most 40 characters. */
export function cleanDisplayName(value: unknown): string {
  const text = typeof value === 'string' ? value.replace(/\p{Cc}/gu, '').trim() : '';
  return [...text].slice(0, MAX_DISPLAY_NAME_LENGTH).join('') || 'Attendee';
}

function isRevision(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function isUnit(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 1;
}

function parsePointer(value: unknown): LivePointer | null | undefined {
  if (value === null) return null;
  if (typeof value !== 'object') return undefined;
  const { cell, x, y } = value as Record<string, unknown>;
  if (typeof cell !== 'number' || !Number.isInteger(cell) || cell < 0 || cell > 63) return undefined;
  if (!isUnit(x) || !isUnit(y)) return undefined;
  return { cell, x, y };
}

function parsePeers(value: unknown): LivePeer[] | undefined {
  if (!Array.isArray(value)) return undefined;
  const peers: LivePeer[] = [];
  for (const item of value as unknown[]) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { peerId, displayName, isPresenter } = item as Record<string, unknown>;
    if (typeof peerId !== 'string' || typeof displayName !== 'string' || typeof isPresenter !== 'boolean') return undefined;
    peers.push({ peerId, displayName, isPresenter });
  }
  return peers;
}

/** The JSON object in a text frame, or why it is not one. */
function parseObject(text: string): { ok: true; value: Record<string, unknown> } | { ok: false; message: string } {
  if (text.length > MAX_MESSAGE_BYTES) return { ok: false, message: `Message too large (over ${MAX_MESSAGE_BYTES / 1024} KiB).` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'Message is not JSON.' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { ok: false, message: 'Message is not a JSON object.' };
  return { ok: true, value: value as Record<string, unknown> };
}

/** A client's message as the relay reads it; the view is validated in full (strict: no unknown fields). */
export function parseClientMessage(text: string): Parsed<ClientMessage> {
  const object = parseObject(text);
  if (!object.ok) return object;
  const m = object.value;
  switch (m.type) {
    case 'join':
      if (!isClientKey(m.clientKey)) return { ok: false, message: 'join: clientKey must be 16–128 base64url characters.' };
      if (m.lastRevision !== undefined && !isRevision(m.lastRevision)) return { ok: false, message: 'join: lastRevision must be a non-negative integer.' };
      return { ok: true, message: { type: 'join', clientKey: m.clientKey, displayName: cleanDisplayName(m.displayName), lastRevision: (m.lastRevision as number | undefined) ?? 0 } };
    case 'view': {
      if (!isRevision(m.revision) || m.revision === 0) return { ok: false, message: 'view: revision must be a positive integer.' };
      const checked = validateSharedSession(m.view);
      if (!checked.ok) return { ok: false, message: `view: ${checked.message}` };
      return { ok: true, message: { type: 'view', revision: m.revision, view: checked.session } };
    }
    case 'pointer': {
      const pointer = parsePointer(m.pointer);
      if (pointer === undefined) return { ok: false, message: 'pointer: expected { cell, x, y } with x and y in 0..1, or null.' };
      return { ok: true, message: { type: 'pointer', pointer } };
    }
    case 'hand':
      if (typeof m.to !== 'string' || m.to.length === 0 || m.to.length > 64) return { ok: false, message: 'hand: "to" must be a peerId.' };
      return { ok: true, message: { type: 'hand', to: m.to } };
    case 'end':
      return { ok: true, message: { type: 'end' } };
    default:
      return { ok: false, message: 'Unknown message type.' };
  }
}

/**
 * A relay's message as a client reads it. Views are validated here too: the client hands them
 * to the viewer, which must never apply a malformed one.
 */
export function parseRelayMessage(text: string): Parsed<RelayMessage> {
  const object = parseObject(text);
  if (!object.ok) return object;
  const m = object.value;
  switch (m.type) {
    case 'welcome': {
      const peers = parsePeers(m.peers);
      if (typeof m.selfPeerId !== 'string' || typeof m.presenterPeerId !== 'string' || !peers || !isRevision(m.revision)) {
        return { ok: false, message: 'welcome: malformed.' };
      }
      let view: SharedSession | null = null;
      if (m.view !== null && m.view !== undefined) {
        const checked = validateSharedSession(m.view);
        if (!checked.ok) return { ok: false, message: `welcome: ${checked.message}` };
        view = checked.session;
      }
      return { ok: true, message: { type: 'welcome', selfPeerId: m.selfPeerId, presenterPeerId: m.presenterPeerId, peers, view, revision: m.revision } };
    }
    case 'view': {
      if (!isRevision(m.revision)) return { ok: false, message: 'view: malformed revision.' };
      const checked = validateSharedSession(m.view);
      if (!checked.ok) return { ok: false, message: `view: ${checked.message}` };
      return { ok: true, message: { type: 'view', revision: m.revision, view: checked.session } };
    }
    case 'pointer': {
      const pointer = parsePointer(m.pointer);
      return pointer === undefined ? { ok: false, message: 'pointer: malformed.' } : { ok: true, message: { type: 'pointer', pointer } };
    }
    case 'peers': {
      const peers = parsePeers(m.peers);
      return peers ? { ok: true, message: { type: 'peers', peers } } : { ok: false, message: 'peers: malformed.' };
    }
    case 'control':
      return typeof m.presenterPeerId === 'string' ? { ok: true, message: { type: 'control', presenterPeerId: m.presenterPeerId } } : { ok: false, message: 'control: malformed.' };
    case 'heartbeat':
      return { ok: true, message: { type: 'heartbeat' } };
    case 'error':
      return {
        ok: true,
        message: { type: 'error', message: typeof m.message === 'string' ? m.message : 'The relay refused a message.', ...(typeof m.refused === 'string' ? { refused: m.refused } : {}) },
      };
    default:
      return { ok: false, message: 'Unknown message type.' };
  }
}
