/**
 * The relay's logs: JSON lines of events and counts. Session ids appear truncated to 6
 * characters; no view state, display name or clientKey is ever logged.
 */
export type RelayLog = (event: string, fields?: Record<string, unknown>) => void;

export function defaultLog(event: string, fields: Record<string, unknown> = {}): void {
  console.log(JSON.stringify({ time: new Date().toISOString(), event, ...fields }));
}

/** A session id as logs show it. */
export const shortId = (id: string) => id.slice(0, 6);

/** One message of a session could not be handled: the error's name only, never its text (it may quote the message). */
export function logMessageFailed(log: RelayLog, sessionId: string, error: unknown): void {
  log('message-failed', { session: shortId(sessionId), reason: error instanceof Error ? error.name : 'unknown' });
}
