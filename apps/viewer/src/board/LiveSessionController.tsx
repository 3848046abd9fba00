import { useEffect } from 'react';
import { useNavigate } from 'react-router-dom';
import { LiveSessionClient, viewToFollow, type LiveSnapshot } from '@longview/live-session';
import type { SharedSession } from '@longview/shared-view';
import { useBoardStore } from './boardStore';
import { LivePanel } from './LivePanel';
import { useLiveStore } from './liveStore';
import { currentReading } from './readingHandle';
import { sessionWithCurrentCase } from './sharedCase';
import { navigationToCase } from './sharedNavigation';
import { useLatest } from '../react/useLatest';

/** How often the presenter's view is compared with what was last sent (a change is sent at once after). */
const PUBLISH_INTERVAL_MS = 50;

/** Makes this tab show the presenter's view: agenda, case (navigating if it is another), and every cell. */
function follow(view: SharedSession, navigate: (path: string, options: { replace: boolean; state: unknown }) => void): void {
  const shown = view.cases[view.activeCase];
  if (!shown) return;
  useBoardStore.getState().setAgenda(view.cases.length > 1 ? view : undefined);
  const next = navigationToCase(shown);
  if (`${window.location.pathname}${window.location.search}` !== next.path) navigate(next.path, { replace: true, state: next.state });
}

/**
 * One live session of this tab: the relay connection (reconnecting by itself), following the
 * presenter unless detached, and, while this tab presents, sending its view whenever it changes.
 */
export function LiveSessionController({ relayUrl, sessionId }: { relayUrl: string; sessionId: string }) {
  const navigate = useNavigate();
  const clientKey = useLiveStore((state) => state.clientKey);
  const displayNameRef = useLatest(useLiveStore((state) => state.displayName));
  const client = useLiveStore((state) => state.client);
  const snapshot = useLiveStore((state) => state.snapshot);
  const isDetached = useLiveStore((state) => state.isDetached);

  useEffect(() => {
    if (!clientKey) return undefined;
    // The display name is sent when joining; renaming does not reconnect.
    const created = new LiveSessionClient({ relayUrl, sessionId, clientKey, displayName: displayNameRef.current });
    const { setClient, setSnapshot } = useLiveStore.getState();
    setClient(created);
    const unsubscribe = created.subscribe((next: LiveSnapshot) => setSnapshot(next));
    created.connect();
    return () => {
      unsubscribe();
      created.close();
      setClient(undefined);
      setSnapshot(undefined);
    };
  }, [relayUrl, sessionId, clientKey, displayNameRef]);

  // Follow: every new revision from the presenter, unless this tab presents or has detached.
  const isPresenter = snapshot?.isPresenter ?? false;
  const revision = snapshot?.revision ?? 0;
  useEffect(() => {
    // The part and the view from one snapshot, the store's now. The render's isPresenter can be
    // older than the store's view: a welcome landing between a route change's render and this
    // effect once took a presenter's tab, just launched from the EHR for another patient, back
    // to the session's case.
    const { snapshot: current, isDetached: isDetachedNow } = useLiveStore.getState();
    const view = isDetachedNow ? undefined : viewToFollow(current);
    if (view) follow(view, navigate);
  }, [revision, isPresenter, isDetached, navigate]);

  // Present: send the view whenever it differs from what was sent last.
  useEffect(() => {
    if (!client || !isPresenter) return undefined;
    let lastSent = JSON.stringify(client.snapshot().view ?? null);
    const timer = setInterval(() => {
      const current = currentReading()?.capture();
      if (!current) return;
      const session = sessionWithCurrentCase(useBoardStore.getState().agenda, current);
      const text = JSON.stringify(session);
      if (text === lastSent) return;
      lastSent = text;
      client.publishView(session);
    }, PUBLISH_INTERVAL_MS);
    return () => clearInterval(timer);
  }, [client, isPresenter]);

  return <LivePanel sessionId={sessionId} />;
}
