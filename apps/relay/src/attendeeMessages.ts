import type { RawData } from 'ws';
import {
  CLOSE_SESSION_ENDED,
  CLOSE_SESSION_FULL,
  CLOSE_TRY_AGAIN_LATER,
  MAX_MESSAGE_BYTES,
  SESSION_ENDED_MESSAGE,
  STORE_UNAVAILABLE_MESSAGE,
  parseClientMessage,
  type ClientMessage,
  type RelayMessage,
} from '@longview/live-session';
import { byteLengthOf, refuse, send, textOf, type Attendee } from './attendee';
import type { RateLimitOptions } from './rateLimit';
import { logMessageFailed, shortId, type RelayLog } from './relayLog';
import type { Rooms } from './rooms';
import type { PresenterResult, SessionStore } from './sessionStore';

/** One rate-limit warning a second at most: the warning must not become the flood. */
const RATE_WARNING_INTERVAL_MS = 1000;
const COULD_NOT_JOIN_MESSAGE = 'The relay could not add you to the session; trying again.';

export interface AttendeeMessagesOptions {
  store: SessionStore;
  rooms: Rooms;
  log: RelayLog;
  rateLimit: RateLimitOptions;
  maxAttendees: number;
}

/**
 * What the relay does with each message an attendee sends: rate limit, size cap, parse and
 * validate (@longview/live-session's protocol), then the session change in the store, one
 * message after another per socket. A bad message is answered with an `error` and changes nothing.
 */
export class AttendeeMessages {
  constructor(private readonly options: AttendeeMessagesOptions) {}

  receive(attendee: Attendee, data: RawData, isBinary: boolean): void {
    const now = Date.now();
    if (!attendee.bucket.take(now)) {
      this.warnRate(attendee, now);
      return;
    }
    if (isBinary) return refuse(attendee, 'binary', 'Messages are JSON text.');
    if (byteLengthOf(data) > MAX_MESSAGE_BYTES) return refuse(attendee, 'size', `Message too large (over ${MAX_MESSAGE_BYTES / 1024} KiB).`);
    const parsed = parseClientMessage(textOf(data));
    if (!parsed.ok) return refuse(attendee, 'message', parsed.message);
    const message = parsed.message;
    const { store } = this.options;
    attendee.queue = attendee.queue
      .then(() => (store.isAvailable ? this.handle(attendee, message) : attendee.socket.close(CLOSE_TRY_AGAIN_LATER, STORE_UNAVAILABLE_MESSAGE)))
      .catch((error: unknown) => this.failed(attendee, message, error));
  }

  private warnRate(attendee: Attendee, now: number): void {
    if (now - attendee.lastRateWarning < RATE_WARNING_INTERVAL_MS) return;
    attendee.lastRateWarning = now;
    refuse(attendee, 'rate', `Too many messages (over ${this.options.rateLimit.perSecond} a second): some were dropped.`);
  }

  /** A bug, or Redis failing mid-way, on one message must not take the relay (and everyone's session) down. */
  private failed(attendee: Attendee, message: ClientMessage, error: unknown): void {
    const { store, rooms, log } = this.options;
    logMessageFailed(log, attendee.sessionId, error);
    if (message.type === 'join' && !attendee.peerId) {
      // Not joined through no fault of the client's: it should try again, not wait for the join timeout to refuse it.
      rooms.leave(attendee);
      attendee.socket.close(CLOSE_TRY_AGAIN_LATER, store.isAvailable ? COULD_NOT_JOIN_MESSAGE : STORE_UNAVAILABLE_MESSAGE);
    } else refuse(attendee, message.type, store.isAvailable ? 'The relay could not handle that message.' : STORE_UNAVAILABLE_MESSAGE);
  }

  private async handle(attendee: Attendee, message: ClientMessage): Promise<void> {
    if (message.type === 'join') {
      if (attendee.peerId) refuse(attendee, 'join', 'Already joined.');
      else await this.join(attendee, message);
      return;
    }
    const { peerId, sessionId } = attendee;
    if (!peerId) return refuse(attendee, message.type, 'Join the session first.');
    const { store, log } = this.options;
    const from = store.rosterField(attendee.connectionId);
    switch (message.type) {
      case 'view': {
        const text = serialise({ type: 'view', revision: message.revision, view: message.view });
        this.refusePresenterResult(attendee, 'view', await store.publishView(sessionId, from, peerId, message.revision, text));
        return;
      }
      case 'pointer': {
        const text = serialise({ type: 'pointer', pointer: message.pointer });
        this.refusePresenterResult(attendee, 'pointer', await store.publishFromPresenter(sessionId, from, peerId, text));
        return;
      }
      case 'hand': {
        const result = await store.handControl(sessionId, peerId, message.to, serialise({ type: 'control', presenterPeerId: message.to }));
        this.refusePresenterResult(attendee, 'hand', result);
        if (result.kind !== 'ok') return;
        await store.publishRoster(sessionId);
        log('control-handed', { session: shortId(sessionId) });
        return;
      }
      case 'end': {
        const result = await store.end(sessionId, peerId);
        this.refusePresenterResult(attendee, 'end', result);
        if (result.kind === 'ok') log('session-ended', { session: shortId(sessionId) });
        return;
      }
    }
  }

  private async join(attendee: Attendee, message: Extract<ClientMessage, { type: 'join' }>): Promise<void> {
    const { store, rooms, log, maxAttendees } = this.options;
    // Listen first, then read the session: a view published in between is caught by the room.
    const room = rooms.enter(attendee);
    try {
      await room.subscribed;
    } catch (error) {
      rooms.leave(attendee);
      throw error;
    }
    const joined = await store.join(attendee.sessionId, attendee.connectionId, message.clientKey, message.displayName);
    if (joined.kind !== 'ok') {
      rooms.leave(attendee);
      if (joined.kind === 'ended') attendee.socket.close(CLOSE_SESSION_ENDED, SESSION_ENDED_MESSAGE);
      else attendee.socket.close(CLOSE_SESSION_FULL, `This live session is full (${maxAttendees} attendees at most).`);
      return;
    }
    attendee.peerId = joined.peerId;
    let peers;
    try {
      peers = (await store.publishRoster(attendee.sessionId)) ?? [];
    } catch (error) {
      // Joined in the store but not welcomed: closing (with peerId set) takes the roster entry out again.
      attendee.socket.close(CLOSE_TRY_AGAIN_LATER, COULD_NOT_JOIN_MESSAGE);
      throw error;
    }
    const { session } = joined;
    send(attendee.socket, { type: 'welcome', selfPeerId: joined.peerId, presenterPeerId: session.presenterPeerId, peers, view: session.view, revision: session.revision });
    if (room.latestView && room.latestView.revision > session.revision) send(attendee.socket, room.latestView.text);
    log('joined', { session: shortId(attendee.sessionId), here: room.attendees.size });
  }

  /** Tells the presenter-only refusals apart, in words for the sender. */
  private refusePresenterResult(attendee: Attendee, what: ClientMessage['type'], result: PresenterResult): void {
    if (result.kind === 'ok') return;
    if (result.kind === 'ended') attendee.socket.close(CLOSE_SESSION_ENDED, SESSION_ENDED_MESSAGE);
    else if (result.kind === 'not-presenter') refuse(attendee, what, 'Only the presenter can do that.');
    else if (result.kind === 'stale') refuse(attendee, what, `This view is older than the session's (revision ${result.revision}).`);
    else refuse(attendee, what, 'That attendee is not in the session any more.');
  }
}

/** A relay message as the text every socket of the session is sent (serialised once, not per socket). */
function serialise(message: RelayMessage): string {
  return JSON.stringify(message);
}
