import { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { createLiveSession, newClientKey } from '@longview/live-session';
import { encodeSharedSession } from '@longview/shared-view';
import { addCurrentToAgenda, removeCurrentFromAgenda } from './agenda';
import { useBoardStore } from './boardStore';
import { useLiveStore } from './liveStore';
import { currentReading } from './readingHandle';
import { isCaseOf, sessionWithCurrentCase } from './sharedCase';

/** The address of a shared view: the view in the fragment, which browsers never send to a server. */
export function sharedLinkOf(encoded: string): string {
  return `${window.location.origin}/board#${encoded}`;
}

/** The link that reproduces this view (and the agenda), what it holds, and copying it. */
function ShareLink({ link, agenda }: { link: string | undefined; agenda: ReturnType<typeof useBoardStore.getState>['agenda'] }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    if (!link) return;
    void navigator.clipboard?.writeText(link).then(
      () => setCopied(true),
      () => setCopied(false),
    );
  };

  return (
    <>
      {link ? (
        <>
          <label className="share-link">
            Link to this exact view{agenda && agenda.cases.length > 1 ? ` and the agenda (${agenda.cases.length} cases)` : ''}
            <input type="text" readOnly value={link} data-testid="share-link" data-length={link.length} onFocus={(event) => event.currentTarget.select()} />
          </label>
          <p className="share-note">
            {link.length} characters. It holds study and series UIDs and view settings only: no names, IDs or birth dates. Whoever opens it needs
            their own access to the same archives.
          </p>
          <button type="button" onClick={copy}>
            {copied ? 'Copied' : 'Copy link'}
          </button>
        </>
      ) : (
        <p>Nothing to share until the images are on screen.</p>
      )}
    </>
  );
}

/** Starting a live session others follow, when the viewer has a relay; sharing by link works without. */
function LiveSessionStart({ canStart, onStarted }: { canStart: boolean; onStarted: () => void }) {
  const relayUrl = useLiveStore((state) => state.relayUrl);
  const liveSessionId = useLiveStore((state) => state.sessionId);
  const [liveError, setLiveError] = useState<string | undefined>(undefined);
  const [isStarting, setIsStarting] = useState(false);
  const startLive = () => {
    if (!relayUrl) return;
    const clientKey = useLiveStore.getState().clientKey ?? newClientKey();
    setIsStarting(true);
    setLiveError(undefined);
    createLiveSession(relayUrl, clientKey).then(
      ({ sessionId }) => {
        useLiveStore.getState().join(sessionId, clientKey);
        onStarted();
      },
      (error: unknown) => {
        setIsStarting(false);
        const reason = error instanceof Error ? error.message : 'The live-session relay could not be reached.';
        setLiveError(`${reason} Sharing by link still works.`);
      },
    );
  };

  return (
    <>
      <h3>Live session</h3>
      {liveSessionId ? (
        <p>A live session is running (see the panel at the bottom right).</p>
      ) : relayUrl ? (
        <>
          <p>Everyone who opens the live link follows what you show: cases, slices, windowing, zoom, measurements and your pointer.</p>
          <button type="button" onClick={startLive} disabled={isStarting || !canStart}>
            {isStarting ? 'Starting…' : 'Start live session'}
          </button>
        </>
      ) : (
        <p>Live sessions are not configured for this viewer (config.json has no liveRelay).</p>
      )}
      {liveError ? (
        <p className="error" role="alert">
          {liveError}
        </p>
      ) : null}
    </>
  );
}

/**
 * Share: a link that reproduces this exact view (and the agenda, if there is one), the agenda
 * itself, and starting a live session others follow. Esc closes.
 */
export function ShareDialog({ archiveId, studyUid, onClose }: { archiveId: string; studyUid: string; onClose: () => void }) {
  const agenda = useBoardStore((state) => state.agenda);
  const isOnAgenda = agenda?.cases.some((c) => isCaseOf(c, archiveId, studyUid)) ?? false;

  // Captured when the dialog opens and whenever the agenda changes: what the link reproduces.
  const link = useMemo(() => {
    const current = currentReading()?.capture();
    return current ? sharedLinkOf(encodeSharedSession(sessionWithCurrentCase(agenda, current))) : undefined;
  }, [agenda]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  // On the document's body: the Share button may sit in the phone's More menu, which closes
  // (display: none) as the dialog opens.
  return createPortal(
    <div className="export-dialog-backdrop">
      <div className="export-dialog share-dialog" role="dialog" aria-modal="true" aria-labelledby="share-title" data-testid="share-dialog">
        <h2 id="share-title">Share this view</h2>
        <ShareLink link={link} agenda={agenda} />
        <h3>Agenda</h3>
        <p>{agenda ? `${agenda.cases.length} case${agenda.cases.length === 1 ? '' : 's'} on the agenda.` : 'No agenda yet: add cases to prepare a meeting.'}</p>
        <button type="button" onClick={addCurrentToAgenda}>
          {isOnAgenda ? 'Update this case on the agenda (its view as now)' : 'Add this study to the agenda'}
        </button>{' '}
        {isOnAgenda ? (
          <button type="button" onClick={removeCurrentFromAgenda}>
            Remove from the agenda
          </button>
        ) : null}
        <LiveSessionStart canStart={link !== undefined} onStarted={onClose} />
        <div className="dialog-actions">
          <button type="button" onClick={onClose}>
            Close
          </button>
        </div>
      </div>
    </div>,
    document.body,
  );
}
