/**
 * The browser side of a live session: one WebSocket to the relay, re-opened on its own after a
 * relay restart or a network drop, and one snapshot of what the viewer should show. Runs in a
 * browser (global WebSocket, fetch, crypto) and in node tests (inject `ws`'s WebSocket).
 */
import type { SharedSession } from '@longview/shared-view';
import {
  CLOSE_NORMAL,
  CLOSE_PROTOCOL_ERROR,
  CLOSE_SESSION_ENDED,
  CLOSE_SESSION_FULL,
  SESSION_ENDED_MESSAGE,
  parseRelayMessage,
  type ClientMessage,
  type LivePeer,
  type LivePointer,
  type RelayMessage,
} from './protocol';

export type LiveConnection = 'connecting' | 'open' | 'reconnecting' | 'ended';

export interface LiveSnapshot {
  connection: LiveConnection;
  /** Why it ended / the last refusal, in words for the user. */
  message: string | undefined;
  selfPeerId: string | undefined;
  isPresenter: boolean;
  peers: readonly LivePeer[];
  /** The latest shared view (as presenter: what it last published). */
  view: SharedSession | undefined;
  /** 0 = none yet. */
  revision: number;
  pointer: LivePointer | undefined;
}

/**
 * The presenter's view when this participant is to follow it: only once the relay has welcomed
 * it as an attendee. Before its welcome a tab does not know its part: a presenter's tab that
 * reloaded (or moved on, say to an EHR launch) looks like an attendee until then, and a view
 * that reaches it first must not take it to the session's case.
 */
export function viewToFollow(snapshot: LiveSnapshot | undefined): SharedSession | undefined {
  if (!snapshot || snapshot.selfPeerId === undefined || snapshot.isPresenter) return undefined;
  return snapshot.view;
}

/** A relay that could not be reached or refused to start a session; the message is for the user. */
export class LiveRelayUnavailable extends Error {
  override name = 'LiveRelayUnavailable';
}

function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/** A new attendee secret: 128 random bits, base64url (22 characters). */
export function newClientKey(): string {
  return base64url(crypto.getRandomValues(new Uint8Array(16)));
}

/** Starts a session at the relay (`http(s)://host:port`); the clientKey becomes its presenter. */
export async function createLiveSession(relayUrl: string, clientKey: string): Promise<{ sessionId: string; expiresAt: number }> {
  let response: Response;
  try {
    response = await fetch(new URL('/sessions', relayUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientKey }),
      signal: AbortSignal.timeout(10_000),
    });
  } catch {
    throw new LiveRelayUnavailable('The live-session relay did not answer. Try again in a moment.');
  }
  const body: unknown = await response.json().catch(() => undefined);
  const answer = (typeof body === 'object' && body !== null ? body : {}) as Record<string, unknown>;
  if (response.status !== 201 || typeof answer.sessionId !== 'string' || typeof answer.expiresAt !== 'number') {
    const reason = typeof answer.error === 'string' ? answer.error : `HTTP ${response.status}`;
    throw new LiveRelayUnavailable(`The live-session relay could not start a session (${reason}).`);
  }
  return { sessionId: answer.sessionId, expiresAt: answer.expiresAt };
}

/** The relay's WebSocket URL of a session: http(s)://host:port → ws(s)://host:port/sessions/<id>. */
export function sessionSocketUrl(relayUrl: string, sessionId: string): string {
  const url = new URL(`/sessions/${encodeURIComponent(sessionId)}`, relayUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}

export interface LiveSessionClientOptions {
  relayUrl: string;
  sessionId: string;
  clientKey: string;
  displayName: string;
  /** The WebSocket constructor (node tests pass `ws`'s); the global one by default. */
  WebSocket?: typeof WebSocket;
  /** Reconnect when nothing was heard for this long (the relay sends a heartbeat every 10 s). */
  livenessTimeoutMs?: number;
}

const FIRST_RETRY_MS = 250;
const LONGEST_RETRY_MS = 2000;
const SOCKET_OPEN = 1;

export class LiveSessionClient {
  private readonly options: LiveSessionClientOptions;
  private readonly listeners = new Set<(snapshot: LiveSnapshot) => void>();
  private state: LiveSnapshot = { connection: 'connecting', message: undefined, selfPeerId: undefined, isPresenter: false, peers: [], view: undefined, revision: 0, pointer: undefined };
  private socket: WebSocket | undefined;
  private isWelcomed = false;
  /** The highest revision seen from anyone: a new presenter continues after it. */
  private highestRevision = 0;
  /** As presenter: the latest view published, and whether the relay may not have it yet. */
  private published: { revision: number; view: SharedSession; isSent: boolean } | undefined;
  private retries = 0;
  private retryTimer: ReturnType<typeof setTimeout> | undefined;
  private livenessTimer: ReturnType<typeof setTimeout> | undefined;
  private isStarted = false;

  constructor(options: LiveSessionClientOptions) {
    this.options = options;
  }

  connect(): void {
    if (this.isStarted || this.state.connection === 'ended') return;
    this.isStarted = true;
    this.open();
  }

  /** Leaves the session for good (the relay keeps it for the others). */
  close(): void {
    this.end(undefined);
  }

  /** As presenter: shares `view` with everyone; kept and re-sent if the relay lost it while we were apart. */
  publishView(view: SharedSession): void {
    if (!this.mayPresent('change the shared view')) return;
    const revision = this.highestRevision + 1;
    this.highestRevision = revision;
    this.published = { revision, view, isSent: false };
    this.update({ view, revision, message: undefined });
    this.sendPublished();
  }

  /** As presenter: where the pointer is (undefined: hidden). Not kept: a pointer is only worth it live. */
  publishPointer(pointer: LivePointer | undefined): void {
    if (!this.mayPresent('point')) return;
    if (this.isWelcomed) this.send({ type: 'pointer', pointer: pointer ?? null });
  }

  /** As presenter: makes `peerId` the presenter. */
  handControl(peerId: string): void {
    if (!this.mayPresent('hand over control')) return;
    if (this.isWelcomed) this.send({ type: 'hand', to: peerId });
  }

  /**
   * As presenter: ends the session for everyone. The relay forgets it and closes every
   * connection with the reason, so followers see that the presenter ended it.
   */
  endForEveryone(): void {
    if (!this.mayPresent('end the session')) return;
    if (this.isWelcomed) this.send({ type: 'end' });
  }

  /** `listener` is called at once with the current snapshot, then on every change. */
  subscribe(listener: (snapshot: LiveSnapshot) => void): () => void {
    this.listeners.add(listener);
    listener(this.state);
    return () => this.listeners.delete(listener);
  }

  snapshot(): LiveSnapshot {
    return this.state;
  }

  private mayPresent(what: string): boolean {
    if (this.state.connection === 'ended') return false;
    // Before the first welcome we do not know yet; the relay refuses if we are not the presenter.
    if (this.state.selfPeerId !== undefined && !this.state.isPresenter) {
      this.update({ message: `Only the presenter can ${what}.` });
      return false;
    }
    return true;
  }

  private open(): void {
    const Socket = this.options.WebSocket ?? globalThis.WebSocket;
    let socket: WebSocket;
    try {
      socket = new Socket(sessionSocketUrl(this.options.relayUrl, this.options.sessionId));
    } catch {
      this.scheduleReconnect();
      return;
    }
    this.socket = socket;
    this.isWelcomed = false;
    socket.onopen = () => {
      this.armLiveness();
      this.send({ type: 'join', clientKey: this.options.clientKey, displayName: this.options.displayName, lastRevision: this.highestRevision });
    };
    socket.onmessage = (event: MessageEvent) => {
      this.armLiveness();
      if (typeof event.data !== 'string') return;
      const parsed = parseRelayMessage(event.data);
      if (parsed.ok) this.receive(parsed.message);
    };
    socket.onerror = () => {
      // The close event follows and decides what happens next.
    };
    socket.onclose = (event: CloseEvent) => {
      if (this.socket !== socket) return;
      this.socket = undefined;
      this.isWelcomed = false;
      if (event.code === CLOSE_SESSION_ENDED) this.end(event.reason || SESSION_ENDED_MESSAGE);
      else if (event.code === CLOSE_PROTOCOL_ERROR) this.end(`The live-session relay refused this viewer: ${event.reason || 'protocol error'}.`);
      else if (event.code === CLOSE_SESSION_FULL) this.end(event.reason || 'This live session is full.');
      // Any other close (a relay restarting, one that lost its session store, a dropped network)
      // is passing: try again, and say why when the relay said.
      else this.scheduleReconnect(event.reason || undefined);
    };
  }

  private receive(message: RelayMessage): void {
    switch (message.type) {
      case 'welcome': {
        this.isWelcomed = true;
        this.retries = 0;
        const isPresenter = message.selfPeerId === message.presenterPeerId;
        // One update: a listener never sees 'open' without the session's current view.
        this.update({ connection: 'open', message: undefined, selfPeerId: message.selfPeerId, isPresenter, peers: message.peers, ...this.resync(isPresenter, message.view, message.revision) });
        this.sendPublished();
        return;
      }
      case 'view':
        if (message.revision <= this.state.revision) return;
        this.highestRevision = Math.max(this.highestRevision, message.revision);
        this.update({ view: message.view, revision: message.revision });
        return;
      case 'pointer':
        this.update({ pointer: message.pointer ?? undefined });
        return;
      case 'peers':
        this.update({ peers: message.peers });
        return;
      case 'control': {
        // A former presenter's unsent view must not be replayed over the new presenter's.
        this.published = undefined;
        const peers = this.state.peers.map((peer) => ({ ...peer, isPresenter: peer.peerId === message.presenterPeerId }));
        this.update({ isPresenter: message.presenterPeerId === this.state.selfPeerId, peers, pointer: undefined, message: undefined });
        return;
      }
      case 'error':
        this.update({ message: message.message });
        return;
      case 'heartbeat':
        return;
    }
  }

  /**
   * After (re)joining, the view to show: the relay's if it is newer; as presenter, ours (to be
   * sent) if the relay is behind (it restarted and lost the last change) or if we published
   * while disconnected.
   */
  private resync(isPresenter: boolean, relayView: SharedSession | null, relayRevision: number): Partial<LiveSnapshot> {
    this.highestRevision = Math.max(this.highestRevision, relayRevision);
    if (!isPresenter) this.published = undefined;
    const published = this.published;
    if (published && (published.revision > relayRevision || !published.isSent)) {
      if (published.revision <= relayRevision) {
        published.revision = relayRevision + 1;
        this.highestRevision = published.revision;
      }
      published.isSent = false;
      return { view: published.view, revision: published.revision };
    }
    if (relayView && relayRevision >= this.state.revision) return { view: relayView, revision: relayRevision };
    return {};
  }

  private sendPublished(): void {
    const published = this.published;
    if (!published || !this.isWelcomed || published.isSent) return;
    published.isSent = this.send({ type: 'view', revision: published.revision, view: published.view });
  }

  private send(message: ClientMessage): boolean {
    const socket = this.socket;
    if (!socket || socket.readyState !== SOCKET_OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  }

  /** A relay or a network that went silent shows no close event for a long time: give up on the socket ourselves. */
  private armLiveness(): void {
    clearTimeout(this.livenessTimer);
    this.livenessTimer = setTimeout(() => {
      const socket = this.socket;
      if (!socket) return;
      this.socket = undefined;
      this.isWelcomed = false;
      socket.close();
      this.scheduleReconnect();
    }, this.options.livenessTimeoutMs ?? 25_000);
  }

  private scheduleReconnect(reason?: string): void {
    clearTimeout(this.livenessTimer);
    if (this.state.connection === 'ended') return;
    this.update({ connection: 'reconnecting', ...(reason ? { message: reason } : {}) });
    // 250 ms doubling to 2 s, ±25 % jitter so attendees of a restarted relay do not return in one burst.
    const delay = Math.min(LONGEST_RETRY_MS, FIRST_RETRY_MS * 2 ** this.retries) * (0.75 + Math.random() * 0.5);
    this.retries += 1;
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => this.open(), delay);
  }

  private end(message: string | undefined): void {
    clearTimeout(this.retryTimer);
    clearTimeout(this.livenessTimer);
    const socket = this.socket;
    this.socket = undefined;
    this.isWelcomed = false;
    if (socket) socket.close(CLOSE_NORMAL);
    if (this.state.connection !== 'ended') this.update({ connection: 'ended', message, pointer: undefined });
  }

  private update(change: Partial<LiveSnapshot>): void {
    this.state = { ...this.state, ...change };
    for (const listener of this.listeners) listener(this.state);
  }
}
