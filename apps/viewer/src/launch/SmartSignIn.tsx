/**
 * The sign-in path of archives that need a SMART access token: a "Sign in again" button where
 * such an archive refused (or was never given) a token, and the session bar with Sign out.
 */
import { useSyncExternalStore } from 'react';
import { ArchiveError } from '@longview/dicomweb';
import { loadSmartConfig } from './smartLaunchFlow';
import { signOutSmart, smartSessionState, subscribeSmartSession, type SmartSessionState } from '../archives/smartSession';

export function useSmartSession() {
  return useSyncExternalStore(subscribeSmartSession, smartSessionState);
}

/** Whether an archive error is cured by signing in (a bearer archive without a valid token). */
export function isSignInError(error: unknown): error is ArchiveError {
  return error instanceof ArchiveError && error.kind === 'unauthorized';
}

/**
 * Whether a bearer archive is only waiting for a first sign-in: this tab never held a token
 * (no SMART session) and the archive was not asked. That is a notice, not an error; a token
 * the archive refused (a status), an expired token or an ended session stay errors.
 */
export function isAwaitingSignIn(error: unknown, session: SmartSessionState): boolean {
  return isSignInError(error) && error.status === undefined && session.kind === 'none';
}

/**
 * Starts a standalone SMART launch at the session's FHIR server (else the first configured
 * one); the patient is confirmed at the authorization server and the timeline opens after.
 */
async function signInAgain(serverUrl: string | undefined): Promise<void> {
  let iss = serverUrl;
  if (!iss) {
    const config = await loadSmartConfig();
    if (typeof config === 'string') return;
    iss = config.issuers[0];
  }
  if (iss) window.location.assign(`/launch?${new URLSearchParams({ iss }).toString()}`);
}

export function SmartSignInButton({ isFirst = false }: { isFirst?: boolean }) {
  const session = useSmartSession();
  return (
    <button type="button" data-testid="smart-sign-in" onClick={() => void signInAgain(session.kind === 'none' ? undefined : session.serverUrl)}>
      {isFirst ? 'Sign in' : 'Sign in again'}
    </button>
  );
}

/**
 * A bearer archive that wants a sign-in, where the study list and the viewer show archive
 * states: a calm notice with Sign in when the reader has simply not signed in yet, the red
 * alert with Sign in again when a sign-in failed, expired or was refused.
 */
export function SmartSignInNotice({ error }: { error: ArchiveError }) {
  const session = useSmartSession();
  if (isAwaitingSignIn(error, session)) {
    return (
      <div className="notice-banner" role="status" data-testid="archive-sign-in" data-archive={error.archiveId} data-severity="notice">
        <span>{error.userMessage}</span>
        <SmartSignInButton isFirst />
      </div>
    );
  }
  return (
    <div className="error-banner" role="alert" data-testid="archive-sign-in" data-archive={error.archiveId} data-severity="error">
      <span>{error.userMessage}</span>
      <SmartSignInButton />
    </div>
  );
}

/** Shown while this tab holds a SMART session: who gave it, and Sign out (revokes the tokens). */
export function SmartSessionBar() {
  const session = useSmartSession();
  if (session.kind === 'none') return null;
  return (
    <div className="launch-scope" role="status" data-testid="smart-session" data-state={session.kind}>
      {session.kind === 'active' ? 'Signed in through the EHR. ' : 'Your EHR sign-in has ended; archives that need it show nothing more. '}
      {session.kind === 'ended' ? <SmartSignInButton /> : null}
      <button type="button" data-testid="smart-sign-out" onClick={() => void signOutSmart().then(() => window.location.assign('/'))}>
        Sign out
      </button>
    </div>
  );
}
