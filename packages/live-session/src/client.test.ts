import { afterEach, describe, expect, it } from 'vitest';
import type { SharedSession } from '@longview/shared-view';
import { demoSessionOf } from '@longview/shared-view/testing';
import { LiveSessionClient, viewToFollow, type LiveSnapshot } from './client';

/** A socket the test speaks for the relay through: open it, then hand it the relay's messages. */
class ScriptedSocket {
  static latest: ScriptedSocket | undefined;
  readyState = 0;
  onopen: (() => void) | undefined;
  onmessage: ((event: { data: string }) => void) | undefined;
  onclose: ((event: { code: number; reason: string }) => void) | undefined;
  onerror: (() => void) | undefined;

  constructor(readonly url: string) {
    ScriptedSocket.latest = this;
  }

  /** What the client sends (its join) needs no answer beyond what the test scripts. */
  send(): void {}

  close(): void {
    this.readyState = 3;
  }

  open(): void {
    this.readyState = 1;
    this.onopen?.();
  }

  relaySays(message: object): void {
    this.onmessage?.({ data: JSON.stringify(message) });
  }
}

const presenterView: SharedSession = demoSessionOf({ layout: { rows: 1, columns: 2 }, annotations: 0 });
const SELF = 'peer-self';
const OTHER = 'peer-other';

let client: LiveSessionClient | undefined;

afterEach(() => client?.close());

/** A client on a scripted socket, and every snapshot it showed its listeners. */
function connected(): { socket: ScriptedSocket; seen: LiveSnapshot[] } {
  client = new LiveSessionClient({
    relayUrl: 'http://relay.invalid',
    sessionId: 'AAAAAAAAAAAAAAAAAAAAAA',
    clientKey: 'k'.repeat(32),
    displayName: 'Reader',
    WebSocket: ScriptedSocket as unknown as typeof WebSocket,
  });
  const seen: LiveSnapshot[] = [];
  client.subscribe((snapshot) => seen.push(snapshot));
  client.connect();
  const socket = ScriptedSocket.latest as ScriptedSocket;
  socket.open();
  return { socket, seen };
}

function welcome(presenterPeerId: string, revision: number) {
  return { type: 'welcome', selfPeerId: SELF, presenterPeerId, peers: [], view: presenterView, revision };
}

describe('viewToFollow: only a participant the relay welcomed as an attendee follows', () => {
  it("a presenter's tab that a view reaches before its welcome is never given it to follow", () => {
    const { socket, seen } = connected();
    // The relay may pass on a view in the moment between taking the join and sending the welcome.
    socket.relaySays({ type: 'view', revision: 4, view: presenterView });
    expect(seen.at(-1)?.view).toEqual(presenterView);
    socket.relaySays(welcome(SELF, 4));
    expect(seen.at(-1)?.isPresenter).toBe(true);
    expect(seen.map(viewToFollow)).toEqual(seen.map(() => undefined));
  });

  it("an attendee follows the presenter's view from its welcome on, and not before", () => {
    const { socket, seen } = connected();
    socket.relaySays({ type: 'view', revision: 4, view: presenterView });
    expect(viewToFollow(seen.at(-1))).toBeUndefined();
    socket.relaySays(welcome(OTHER, 4));
    expect(viewToFollow(seen.at(-1))).toEqual(presenterView);
  });

  it('an attendee handed control stops following', () => {
    const { socket, seen } = connected();
    socket.relaySays(welcome(OTHER, 4));
    expect(viewToFollow(seen.at(-1))).toEqual(presenterView);
    socket.relaySays({ type: 'control', presenterPeerId: SELF });
    expect(viewToFollow(seen.at(-1))).toBeUndefined();
  });

  it('no snapshot, nothing to follow', () => {
    expect(viewToFollow(undefined)).toBeUndefined();
  });
});
