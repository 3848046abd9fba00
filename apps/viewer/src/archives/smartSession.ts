/**
 * The SMART session of this tab: the fhirclient Client after a launch, its access token for
 * archives configured `auth.kind = "bearer"` (and only those: see ArchivesProvider), refreshed
 * before it expires, and sign-out (revocation). fhirclient keeps its state in sessionStorage,
 * so a reload of the tab keeps the session and another tab has none. Tokens never go into a
 * URL, a log line or the console. It lives with the archives because ArchivesProvider signs their
 * requests with it; launch/ only starts and ends it.
 */
import type FHIR from 'fhirclient';
import { refreshDelayMs } from '@longview/launch';

type SmartClient = Awaited<ReturnType<typeof FHIR.oauth2.ready>>;

let fhirClientLoading: Promise<typeof FHIR> | undefined;

/**
 * fhirclient, loaded on demand: most pages are opened without a SMART launch, and the library
 * (with its polyfills) is a large share of the first chunk's weight otherwise.
 */
export function loadFhirClient(): Promise<typeof FHIR> {
  fhirClientLoading ??= import('fhirclient').then(({ default: loaded }) => {
    // The viewer is a public client: a refresh request identifies it by client_id (RFC 6749 §6
    // with §3.2.1), which fhirclient leaves out unless told.
    loaded.oauth2.settings.refreshTokenWithClientId = true;
    return loaded;
  });
  fhirClientLoading.catch(() => {
    fhirClientLoading = undefined; // a failed chunk download may succeed on the next attempt
  });
  return fhirClientLoading;
}

export type SmartSessionState =
  | { kind: 'none' }
  | { kind: 'active'; serverUrl: string }
  /** The token could not be refreshed (revoked, or the sign-in has ended): sign in again. */
  | { kind: 'ended'; serverUrl: string };

/** fhirclient's sessionStorage key naming the current state (fhirclient/lib/settings SMART_KEY). */
const FHIRCLIENT_STATE_KEY = 'SMART_KEY';

let client: SmartClient | undefined;
let state: SmartSessionState = { kind: 'none' };
let refreshTimer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function setState(next: SmartSessionState): void {
  state = next;
  for (const listener of listeners) listener();
}

export function subscribeSmartSession(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function smartSessionState(): SmartSessionState {
  return state;
}

function expiresAtOf(c: SmartClient): number | undefined {
  const expiresAt = (c.state as { expiresAt?: unknown }).expiresAt;
  return typeof expiresAt === 'number' ? expiresAt : undefined;
}

/**
 * The TokenSource of bearer archives: the current access token while it is valid. An expired
 * one is withheld rather than sent (the archive would only refuse it), so the archive shows
 * "sign in" at once.
 */
export function smartAccessToken(): string | undefined {
  if (!client || state.kind !== 'active') return undefined;
  const token = client.state.tokenResponse?.access_token;
  const expiresAt = expiresAtOf(client);
  if (!token || (expiresAt !== undefined && expiresAt * 1000 <= Date.now())) return undefined;
  return token;
}

function scheduleRefresh(): void {
  clearTimeout(refreshTimer);
  if (!client?.state.tokenResponse?.refresh_token) return;
  const delay = refreshDelayMs(expiresAtOf(client), Date.now());
  if (delay === undefined) return;
  refreshTimer = setTimeout(() => void refreshNow(), delay);
}

async function refreshNow(): Promise<void> {
  const current = client;
  if (!current) return;
  try {
    await current.refresh();
    if (client !== current) return;
    setState({ kind: 'active', serverUrl: current.state.serverUrl });
    scheduleRefresh();
  } catch {
    // Revoked or ended at the authorization server: nothing more to send to the archives.
    if (client === current) setState({ kind: 'ended', serverUrl: current.state.serverUrl });
  }
}

/** Takes over the client of a completed authorization (the launch callback). */
export function adoptSmartClient(next: SmartClient): void {
  client = next;
  setState({ kind: 'active', serverUrl: next.state.serverUrl });
  scheduleRefresh();
}

export function currentSmartClient(): SmartClient | undefined {
  return client;
}

/**
 * Picks up this tab's session after a reload (fhirclient's state in sessionStorage), refreshing
 * an access token that expired meanwhile. Resolves once the archives can be given a token, or
 * there is none to give.
 */
export async function restoreSmartSession(): Promise<void> {
  // The launch pages run the authorization themselves: restoring there would spend its code.
  if (window.location.pathname.startsWith('/launch')) return;
  if (client || !sessionStorage.getItem(FHIRCLIENT_STATE_KEY)) return;
  let restored: SmartClient;
  try {
    restored = await (await loadFhirClient()).oauth2.ready();
  } catch {
    return; // an unfinished or broken authorization: no session
  }
  if (!restored.state.tokenResponse?.access_token) return;
  client = restored;
  setState({ kind: 'active', serverUrl: restored.state.serverUrl });
  const expiresAt = expiresAtOf(restored);
  if (expiresAt !== undefined && expiresAt * 1000 <= Date.now() + 5000) await refreshNow();
  else scheduleRefresh();
}

/** The revocation endpoint of the session's server (SMART discovery), if it has one. */
async function revocationEndpoint(serverUrl: string): Promise<string | undefined> {
  try {
    const response = await fetch(`${serverUrl.replace(/\/$/, '')}/.well-known/smart-configuration`, { headers: { accept: 'application/json' } });
    const discovery = (await response.json()) as { revocation_endpoint?: unknown };
    return typeof discovery.revocation_endpoint === 'string' ? discovery.revocation_endpoint : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Signs out: revokes the refresh and access tokens (RFC 7009) at the authorization server,
 * then forgets them here whatever the server said, so nothing more reaches the archives.
 */
export async function signOutSmart(): Promise<void> {
  const current = client;
  clearTimeout(refreshTimer);
  client = undefined;
  setState({ kind: 'none' });
  if (current) {
    const { tokenResponse, serverUrl, clientId } = current.state;
    const endpoint = await revocationEndpoint(serverUrl);
    const tokens = [tokenResponse?.refresh_token, tokenResponse?.access_token].filter((t): t is string => typeof t === 'string');
    if (endpoint && clientId) {
      for (const token of tokens) {
        await fetch(endpoint, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ token, client_id: clientId }),
        }).catch(() => undefined);
      }
    }
  }
  const key = sessionStorage.getItem(FHIRCLIENT_STATE_KEY);
  if (key) sessionStorage.removeItem(JSON.parse(key) as string);
  sessionStorage.removeItem(FHIRCLIENT_STATE_KEY);
}
