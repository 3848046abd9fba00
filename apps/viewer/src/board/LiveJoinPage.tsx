import { useEffect } from 'react';
import { useParams } from 'react-router-dom';
import { newClientKey } from '@longview/live-session';
import { useLiveStore } from './liveStore';

/**
 * `/live/<session>`: joins a live session as a follower. The session id in the link is the
 * only key (unguessable, expiring); the live-session host then connects and opens whatever
 * the presenter shows.
 */
export function LiveJoinPage() {
  const { sessionId = '' } = useParams();
  const relayUrl = useLiveStore((state) => state.relayUrl);
  const snapshot = useLiveStore((state) => state.snapshot);
  useEffect(() => {
    const { sessionId: joined, clientKey, join } = useLiveStore.getState();
    if (joined !== sessionId) join(sessionId, clientKey ?? newClientKey());
  }, [sessionId]);
  if (!relayUrl) {
    return (
      <div className="page-message" role="alert">
        Live sessions are not configured for this viewer (config.json has no liveRelay).
      </div>
    );
  }
  if (snapshot?.connection === 'ended') {
    return (
      <div className="page-message" role="alert" data-testid="live-ended">
        {snapshot.message ?? 'This live session has ended.'}
      </div>
    );
  }
  return (
    <div className="page-message" role="status">
      {snapshot?.connection === 'open' ? 'Waiting for the presenter to show a study…' : 'Joining the live session…'}
    </div>
  );
}
