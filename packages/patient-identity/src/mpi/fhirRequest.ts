/**
 * One FHIR read against an identity source (PIXm, PDQm): a time limit, the bearer token when
 * the source needs one, and the answer's failure modes turned into IdentitySourceErrors that
 * carry the server's OperationOutcome text.
 */
import { IdentitySourceError } from './identitySource';

export interface FhirSourceOptions {
  /** The FHIR base, e.g. "https://mpi.example.org/fhir" (no trailing slash needed). */
  base: string;
  /** Display name used in messages. */
  name?: string | undefined;
  /** The bearer token to send (the SMART session's), or undefined to send none. */
  accessToken?: (() => string | undefined) | undefined;
  timeoutMs?: number | undefined;
  /** Injected for tests; the browser's fetch otherwise. */
  fetch?: typeof fetch | undefined;
}

const DEFAULT_TIMEOUT_MS = 10_000;
/** An answer about one patient is a few KiB; more is a broken or hostile server. */
const MAX_ANSWER_CHARS = 1024 * 1024;

export function sourceName(options: FhirSourceOptions): string {
  return options.name ?? 'The master patient index';
}

/** The diagnostics (or details text) of an OperationOutcome's issues, joined; undefined if none. */
export function operationOutcomeText(body: unknown): string | undefined {
  if (!isObject(body) || body.resourceType !== 'OperationOutcome' || !Array.isArray(body.issue)) return undefined;
  const texts = body.issue
    .map((issue: unknown) => {
      if (!isObject(issue)) return undefined;
      if (typeof issue.diagnostics === 'string' && issue.diagnostics.trim() !== '') return issue.diagnostics.trim();
      const details = issue.details;
      return isObject(details) && typeof details.text === 'string' && details.text.trim() !== '' ? details.text.trim() : undefined;
    })
    .filter((text): text is string => text !== undefined);
  return texts.length > 0 ? texts.join(' ') : undefined;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** GETs `path` (with its query) under the base and returns the parsed JSON body of a 200. */
/** The URL of a request to a FHIR source: its base (trailing slashes dropped), then the path and query. */
export function fhirUrlOf(base: string, pathAndQuery: string): string {
  return `${base.replace(/\/+$/, '')}/${pathAndQuery}`;
}

/** The Accept header of every request to a FHIR source. */
export const FHIR_JSON = 'application/fhir+json';

export async function getFhirJson(options: FhirSourceOptions, pathAndQuery: string, signal?: AbortSignal): Promise<unknown> {
  const name = sourceName(options);
  const url = fhirUrlOf(options.base, pathAndQuery);
  const headers: Record<string, string> = { accept: FHIR_JSON };
  const token = options.accessToken?.();
  if (token) headers.authorization = `Bearer ${token}`;
  const timeout = AbortSignal.timeout(options.timeoutMs ?? DEFAULT_TIMEOUT_MS);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await (options.fetch ?? fetch)(url, { headers, signal: combined });
  } catch (error) {
    // The caller's own cancellation is not a failure of the source: pass it on as it is.
    if (signal?.aborted) throw error;
    const timedOut = timeout.aborted;
    throw new IdentitySourceError('unavailable', timedOut ? `${name} did not answer in time.` : `${name} did not answer. It may be down or unreachable.`);
  }
  const text = await response.text();
  if (text.length > MAX_ANSWER_CHARS) throw new IdentitySourceError('malformed', `${name} sent an answer too large to use.`, response.status);
  let body: unknown;
  try {
    body = text === '' ? undefined : JSON.parse(text);
  } catch {
    body = undefined;
    if (response.ok) throw new IdentitySourceError('malformed', `${name} sent an answer that is not FHIR JSON.`, response.status);
  }
  if (response.ok) return body;
  const said = operationOutcomeText(body);
  const because = said ? `: ${said}` : '.';
  if (response.status === 401 || response.status === 403) {
    throw new IdentitySourceError('unauthorized', `${name} refused the request (HTTP ${response.status})${because}`, response.status);
  }
  if (response.status >= 500 || response.status === 429) {
    throw new IdentitySourceError('unavailable', `${name} is not answering (HTTP ${response.status})${because}`, response.status);
  }
  throw new IdentitySourceError('refused', `${name} refused the request (HTTP ${response.status})${because}`, response.status);
}

/** A FHIR Identifier as `system|value` for a token search parameter; `|` and `,` and `\` escaped. */
export function tokenParameter(system: string, value: string): string {
  const escape = (part: string) => part.replace(/[\\|,$]/g, (c) => `\\${c}`);
  return `${escape(system)}|${escape(value)}`;
}
