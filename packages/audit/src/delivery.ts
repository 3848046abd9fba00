import type { AuditEvent } from './event';
import type { DeliveryResult, Send } from './queue';

/**
 * The wire format: a FHIR R4 Bundle of type "batch" whose entries PUT `AuditEvent/<id>`.
 * PUT with a client-chosen id is FHIR's idempotent create, which is exactly what a resend
 * needs: the sink answers 201 for a new event and 200 for one it already holds.
 */
export function toBatchBundle(events: readonly AuditEvent[]) {
  return {
    resourceType: 'Bundle',
    type: 'batch',
    entry: events.map((event) => ({
      fullUrl: `urn:uuid:${event.id}`,
      resource: event,
      request: { method: 'PUT', url: `AuditEvent/${event.id}` },
    })),
  };
}

interface BatchResponse {
  resourceType?: unknown;
  entry?: Array<{ response?: { status?: unknown } }>;
}

/** Reads a batch-response: entries answer in request order (FHIR R4 3.1.0.11.1). */
export function readBatchResponse(events: readonly AuditEvent[], body: BatchResponse): DeliveryResult {
  if (body.resourceType !== 'Bundle' || !Array.isArray(body.entry) || body.entry.length !== events.length) {
    return { kind: 'unreachable', reason: 'unexpected answer' };
  }
  const accepted: string[] = [];
  const rejected: string[] = [];
  body.entry.forEach((entry, index) => {
    const status = Number.parseInt(String(entry.response?.status ?? ''), 10);
    const id = (events[index] as AuditEvent).id;
    if (status >= 200 && status < 300) accepted.push(id);
    else if (status >= 400 && status < 500) rejected.push(id);
  });
  return { kind: 'answered', accepted, rejected };
}

/** Sends batches to the FHIR base `endpoint` (POST [base]). */
export function httpSender(endpoint: string, fetchImpl: typeof fetch = (...args) => fetch(...args)): Send {
  return async (events, { keepalive }) => {
    let response: Response;
    try {
      response = await fetchImpl(endpoint, {
        method: 'POST',
        headers: { 'content-type': 'application/fhir+json' },
        body: JSON.stringify(toBatchBundle(events)),
        keepalive,
        credentials: 'same-origin',
      });
    } catch {
      return { kind: 'unreachable', reason: 'network' };
    }
    if (!response.ok) return { kind: 'unreachable', reason: `HTTP ${response.status}` };
    try {
      return readBatchResponse(events, (await response.json()) as BatchResponse);
    } catch {
      return { kind: 'unreachable', reason: 'unreadable answer' };
    }
  };
}
