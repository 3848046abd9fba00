import { lazy, Suspense } from 'react';
import { useLiveStore } from './liveStore';

const LiveSessionController = lazy(() => import('./LiveSessionController').then((m) => ({ default: m.LiveSessionController })));

/**
 * Mounted once for the whole app: while this tab takes part in a live session, runs it
 * (loaded only then, so other pages never pay for it).
 */
export function LiveSessionHost() {
  const sessionId = useLiveStore((state) => state.sessionId);
  const relayUrl = useLiveStore((state) => state.relayUrl);
  if (!sessionId || !relayUrl) return null;
  return (
    <Suspense fallback={null}>
      <LiveSessionController relayUrl={relayUrl} sessionId={sessionId} />
    </Suspense>
  );
}
