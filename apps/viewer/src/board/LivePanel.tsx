import { useEffect, useRef, useState } from 'react';
import { useLiveStore } from './liveStore';

function connectionText(connection: string | undefined, isPresenter: boolean, isDetached: boolean, presenterName: string | undefined): string {
  switch (connection) {
    case 'open':
      if (isPresenter) return 'Live · you are presenting';
      return isDetached ? 'Live · detached (looking around)' : `Live · following ${presenterName ?? 'the presenter'}`;
    case 'reconnecting':
      return 'Live · connection lost, reconnecting…';
    case 'ended':
      return 'Live session ended';
    default:
      return 'Live · connecting…';
  }
}

/**
 * The live session's panel: state of the connection, the attendee link (presenter), who is
 * there, hand control, detach/re-attach (attendee) and leave.
 */
/**
 * The panel docks along the bottom of the window; the page above it gives up its height
 * (styles.css, --live-dock-height) so no image or overlay text lies under the panel.
 */
function useDockHeight() {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const panel = ref.current;
    if (!panel) return undefined;
    const root = document.documentElement;
    const observer = new ResizeObserver(() => root.style.setProperty('--live-dock-height', `${Math.ceil(panel.getBoundingClientRect().height)}px`));
    observer.observe(panel);
    return () => {
      observer.disconnect();
      root.style.removeProperty('--live-dock-height');
    };
  }, []);
  return ref;
}

export function LivePanel({ sessionId }: { sessionId: string }) {
  const snapshot = useLiveStore((state) => state.snapshot);
  const client = useLiveStore((state) => state.client);
  const isDetached = useLiveStore((state) => state.isDetached);
  const [isCopied, setIsCopied] = useState(false);
  const isPresenter = snapshot?.isPresenter ?? false;
  const presenter = snapshot?.peers.find((peer) => peer.isPresenter);
  const attendeeLink = `${window.location.origin}/live/${sessionId}`;
  const others = snapshot?.peers.filter((peer) => peer.peerId !== snapshot.selfPeerId) ?? [];
  const panelRef = useDockHeight();
  return (
    <aside
      ref={panelRef}
      className="live-panel"
      aria-label="Live session"
      data-testid="live-panel"
      data-connection={snapshot?.connection ?? 'connecting'}
      data-role={isPresenter ? 'presenter' : 'attendee'}
      data-detached={isDetached}
      data-revision={snapshot?.revision ?? 0}
    >
      <p className="live-status" role="status">
        {connectionText(snapshot?.connection, isPresenter, isDetached, presenter?.displayName)}
      </p>
      {snapshot?.message ? <p className="live-message">{snapshot.message}</p> : null}
      {isPresenter ? (
        <label className="live-link">
          Attendee link
          <input type="text" readOnly value={attendeeLink} data-testid="live-link" onFocus={(event) => event.currentTarget.select()} />
          <button type="button" onClick={() => void navigator.clipboard?.writeText(attendeeLink).then(() => setIsCopied(true), () => setIsCopied(false))}>
            {isCopied ? 'Copied' : 'Copy'}
          </button>
        </label>
      ) : null}
      <ul className="live-peers" aria-label="Participants">
        {snapshot?.peers.map((peer) => (
          <li key={peer.peerId} data-peer-id={peer.peerId} data-presenter={peer.isPresenter}>
            {peer.displayName}
            {peer.peerId === snapshot.selfPeerId ? ' (you)' : ''}
            {peer.isPresenter ? ' · presenting' : ''}
            {isPresenter && !peer.isPresenter ? (
              <button type="button" onClick={() => client?.handControl(peer.peerId)} title={`Let ${peer.displayName} present`}>
                Hand control
              </button>
            ) : null}
          </li>
        ))}
      </ul>
      {isPresenter && others.length === 0 ? <p className="live-hint">Nobody has joined yet: send them the attendee link.</p> : null}
      <div className="live-actions">
        {!isPresenter ? (
          <button type="button" onClick={() => useLiveStore.getState().setDetached(!isDetached)} title="Look around on your own, then follow the presenter again">
            {isDetached ? 'Re-attach' : 'Detach'}
          </button>
        ) : null}
        {isPresenter && snapshot?.connection === 'open' ? (
          <button type="button" onClick={() => client?.endForEveryone()} title="End the session for everyone: the attendee link stops working">
            End for everyone
          </button>
        ) : null}
        <button type="button" onClick={() => useLiveStore.getState().leave()}>
          {snapshot?.connection === 'ended' ? 'Close' : 'Leave'}
        </button>
      </div>
    </aside>
  );
}
