import { create } from 'zustand';
import { createJSONStorage, persist } from 'zustand/middleware';
import type { LivePointer, LiveSessionClient, LiveSnapshot } from '@longview/live-session';

/**
 * This tab's part in a live session: which session, its secret client key (the relay knows the
 * presenter by it), whether the reader has detached to look around, and the latest snapshot.
 * Kept in sessionStorage, so a reload rejoins as the same participant.
 */
interface LiveState {
  sessionId: string | undefined;
  clientKey: string | undefined;
  displayName: string;
  isDetached: boolean;
  snapshot: LiveSnapshot | undefined;
  client: LiveSessionClient | undefined;
  /** config.json's liveRelay.url; undefined: live sessions are not configured. */
  relayUrl: string | undefined;
  join: (sessionId: string, clientKey: string) => void;
  leave: () => void;
  setDetached: (isDetached: boolean) => void;
  setSnapshot: (snapshot: LiveSnapshot | undefined) => void;
  setClient: (client: LiveSessionClient | undefined) => void;
}

function defaultDisplayName(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(2));
  return `Reader ${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('').toUpperCase()}`;
}

export const useLiveStore = create<LiveState>()(
  persist(
    (set) => ({
      sessionId: undefined,
      clientKey: undefined,
      displayName: defaultDisplayName(),
      isDetached: false,
      snapshot: undefined,
      client: undefined,
      relayUrl: undefined,
      join: (sessionId, clientKey) => set({ sessionId, clientKey, isDetached: false, snapshot: undefined }),
      leave: () => set({ sessionId: undefined, isDetached: false, snapshot: undefined }),
      setDetached: (isDetached) => set({ isDetached }),
      setSnapshot: (snapshot) => set({ snapshot }),
      setClient: (client) => set({ client }),
    }),
    {
      name: 'longview.live',
      storage: createJSONStorage(() => sessionStorage),
      partialize: (state) => ({ sessionId: state.sessionId, clientKey: state.clientKey, displayName: state.displayName, isDetached: state.isDetached }),
    },
  ),
);

let lastPointerAt = 0;

/** The presenter's pointer over a cell, sent at most every 50 ms (x, y: 0..1 of the cell). */
export function publishLivePointer(pointer: LivePointer | undefined): void {
  const { client, snapshot } = useLiveStore.getState();
  if (!client || !snapshot?.isPresenter) return;
  const now = performance.now();
  if (pointer && now - lastPointerAt < 50) return;
  lastPointerAt = now;
  client.publishPointer(pointer);
}
