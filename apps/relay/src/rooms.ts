import { CLOSE_SESSION_ENDED, SESSION_ENDED_BY_PRESENTER_MESSAGE, SESSION_ENDED_MESSAGE } from '@longview/live-session';
import { send, type Attendee } from './attendee';
import { shortId, type RelayLog } from './relayLog';
import type { PublishedMessage, SessionStore } from './sessionStore';

/** This relay's sockets of one session, and the newest view it passed on (for a joiner whose welcome crossed it). */
export interface Room {
  attendees: Set<Attendee>;
  subscribed: Promise<unknown>;
  latestView: { revision: number; text: string } | undefined;
}

/**
 * The sessions this relay has sockets of. A room exists while it has attendees and keeps the
 * relay subscribed to its session's channel; what Redis brings there goes to the room's sockets.
 */
export class Rooms {
  private readonly rooms = new Map<string, Room>();

  constructor(
    private readonly store: SessionStore,
    private readonly log: RelayLog,
    /** Store work that outlives the call that started it; a clean shutdown waits for it. */
    private readonly track: (work: Promise<unknown>) => void,
  ) {}

  get(sessionId: string): Room | undefined {
    return this.rooms.get(sessionId);
  }

  /** The session's room, created (and subscribed) on first use. */
  enter(attendee: Attendee): Room {
    const { sessionId } = attendee;
    let room = this.rooms.get(sessionId);
    if (!room) {
      const created: Room = { attendees: new Set(), subscribed: this.store.subscribe(sessionId), latestView: undefined };
      // A subscription that failed (Redis went away) must not stay as the session's room.
      created.subscribed.catch(() => {
        if (this.rooms.get(sessionId) === created) this.rooms.delete(sessionId);
      });
      this.rooms.set(sessionId, (room = created));
    }
    room.attendees.add(attendee);
    return room;
  }

  leave(attendee: Attendee): void {
    const room = this.rooms.get(attendee.sessionId);
    if (!room?.attendees.delete(attendee)) return;
    if (room.attendees.size === 0) {
      this.rooms.delete(attendee.sessionId);
      this.track(this.store.unsubscribe(attendee.sessionId));
    }
  }

  /** Forgets every room (their sockets are being closed: the store is gone). */
  clear(): void {
    this.rooms.clear();
  }

  /** What Redis brought on a session's channel, to this relay's sockets of it (never back to its sender). */
  deliver(sessionId: string, message: PublishedMessage): void {
    const room = this.rooms.get(sessionId);
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
      if (attendee.peerId && this.store.rosterField(attendee.connectionId) !== message.from) send(attendee.socket, message.text);
    }
  }

  /** Redis expires idle sessions; this closes the sockets of rooms whose session is gone. */
  closeExpired(): void {
    for (const [sessionId, room] of this.rooms) {
      this.track(
        this.store.exists(sessionId).then((exists) => {
          if (exists) return;
          for (const attendee of room.attendees) attendee.socket.close(CLOSE_SESSION_ENDED, SESSION_ENDED_MESSAGE);
          this.log('session-expired', { session: shortId(sessionId) });
        }),
      );
    }
  }
}
