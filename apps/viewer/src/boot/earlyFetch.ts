import { DICOM_JSON, MAX_ANSWER_BYTES } from '@longview/dicomweb/plain';

// How the boot script asks (earlyOpen.ts, earlyTimeline.ts, earlyStudyList.ts): plain fetch,
// before the app's DICOMweb client has loaded. The app adopts each answer, or asks again where
// one failed.

/** An answer nobody may take must not be reported as an unhandled rejection. */
export function kept<T>(promise: Promise<T>): Promise<T> {
  promise.catch(() => undefined);
  return promise;
}

/**
 * A DICOM JSON answer. One larger than the client would take (MAX_ANSWER_BYTES) is refused
 * here too, so that the app asks itself and says so, as it would have (an archive that ignores
 * `limit` can send a whole archive's studies). `signal` cancels the request with the time limit.
 */
export async function fetchJson(url: string, timeoutMs: number, signal?: AbortSignal, authHeaders: Readonly<Record<string, string>> = {}): Promise<unknown> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const response = await fetch(url, { headers: { ...authHeaders, Accept: DICOM_JSON }, signal: signal ? AbortSignal.any([signal, timeout]) : timeout });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  if (Number(response.headers.get('content-length') ?? 0) > MAX_ANSWER_BYTES) throw new Error('answer too large');
  if (!response.body) return response.json();
  const reader = response.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > MAX_ANSWER_BYTES) {
      await reader.cancel();
      throw new Error('answer too large');
    }
    parts.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    body.set(part, offset);
    offset += part.byteLength;
  }
  return JSON.parse(new TextDecoder().decode(body));
}

/** A request the boot script made, and how the app cancels it once it has taken it (the page it asked for is left). */
export interface EarlyRequest {
  answer: Promise<unknown>;
  controller: AbortController;
}

export function earlyRequest(ask: (signal: AbortSignal) => Promise<unknown>): EarlyRequest {
  const controller = new AbortController();
  return { answer: kept(ask(controller.signal)), controller };
}

/** The answer, handed over once, cancelled when the app's `signal` is. */
export function handOver(request: EarlyRequest | undefined, signal: AbortSignal | undefined): Promise<unknown> | undefined {
  if (request && signal) {
    if (signal.aborted) request.controller.abort();
    else signal.addEventListener('abort', () => request.controller.abort(), { once: true });
  }
  return request?.answer;
}
