// The audit sink Longview runs: a small FHIR-ish endpoint on loopback that validates
// AuditEvents and appends them to a durable store, ignoring any it already holds (by id),
// so that the viewer's at-least-once delivery becomes exactly once here.
//   POST /fhir                      Bundle (batch) of PUT AuditEvent/<id> -> batch-response
//   PUT  /fhir/AuditEvent/<id>      one event -> 201 (new) or 200 (already held)
//   GET  /fhir/AuditEvent           searchset Bundle of everything held
//   GET  /health                    {"status":"ok","stored":N,"arr":{...}}: "arr" says where events
//                                   are forwarded, the backlog, and why they are not going
// With an ARR configured (LONGVIEW_ARR and its certificates, arrForwarder.mjs), every stored event
// is forwarded there as a DICOM audit message over TLS syslog; the JSONL store is the spool.
// Its log lines carry counts and states and nothing else: no ids, no patient data.
import http from 'node:http';
import { dirname, join, resolve } from 'node:path';
import { arrTargetFromEnvironment, startArrForwarder } from './arrForwarder.mjs';
import { openAuditStore } from './store.mjs';
import { auditEventProblem } from './validate.mjs';

export const AUDIT_SINK_PORT = 18090;
const MAX_BODY = 8 * 1024 * 1024;

const json = (response, status, body) => {
  response.writeHead(status, { 'content-type': 'application/fhir+json; charset=utf-8', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
};
const outcome = (text) => ({ resourceType: 'OperationOutcome', issue: [{ severity: 'error', code: 'invalid', diagnostics: text }] });

function readBody(request) {
  return new Promise((resolveBody, reject) => {
    const chunks = [];
    let size = 0;
    request.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        reject(new Error('too large'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolveBody(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

/** Stores a batch's valid events and answers each entry in order (FHIR batch-response). */
export function acceptBatch(store, bundle) {
  if (bundle?.resourceType !== 'Bundle' || !['batch', 'transaction'].includes(bundle.type) || !Array.isArray(bundle.entry)) {
    return { status: 400, body: outcome('expected a Bundle of type batch') };
  }
  const verdicts = bundle.entry.map((entry) => {
    const resource = entry?.resource;
    const problem = auditEventProblem(resource);
    if (problem) return { status: '400 Bad Request', problem };
    if (entry.request?.url && entry.request.url !== `AuditEvent/${resource.id}`) return { status: '400 Bad Request', problem: 'request.url must be AuditEvent/<id>' };
    return { status: undefined, resource };
  });
  const valid = verdicts.filter((v) => v.resource).map((v) => v.resource);
  const addedEvents = store.append(valid);
  const added = new Set(addedEvents.map((r) => r.id));
  const reported = new Set();
  const entry = verdicts.map((v) => {
    if (!v.resource) return { response: { status: v.status, outcome: outcome(v.problem) } };
    // The first occurrence of a new id is "created"; later ones (and resends) are "OK".
    const isNew = added.has(v.resource.id) && !reported.has(v.resource.id);
    reported.add(v.resource.id);
    return { response: { status: isNew ? '201 Created' : '200 OK', location: `AuditEvent/${v.resource.id}` } };
  });
  const counts = {
    received: verdicts.length,
    stored: added.size,
    duplicates: valid.length - added.size,
    rejected: verdicts.length - valid.length,
  };
  return { status: 200, body: { resourceType: 'Bundle', type: 'batch-response', entry }, counts, added: addedEvents };
}

/**
 * `arr`, when given: { target: { host, port, ca, cert, key }, retry?: { firstMs, longestMs }, sdId? }
 * (see arrForwarder.mjs); the ids forwarded are kept beside `file`.
 */
export function startAuditSink({ port = AUDIT_SINK_PORT, host = '127.0.0.1', file, arr, log = () => undefined }) {
  const store = openAuditStore(file);
  const forwarder = arr ? startArrForwarder({ ...arr, events: store.all(), forwardedFile: join(dirname(file), 'forwarded-to-arr.ids'), log }) : undefined;
  const accept = (bundle) => {
    const result = acceptBatch(store, bundle);
    if (result.added?.length) forwarder?.enqueue(result.added);
    return result;
  };
  const server = http.createServer(async (request, response) => {
    const { pathname } = new URL(request.url ?? '/', 'http://sink');
    try {
      if (request.method === 'GET' && pathname === '/health') return json(response, 200, { status: 'ok', stored: store.all().length, arr: forwarder?.health() ?? null });
      if (request.method === 'GET' && pathname === '/fhir/AuditEvent') {
        const all = store.all();
        return json(response, 200, { resourceType: 'Bundle', type: 'searchset', total: all.length, entry: all.map((resource) => ({ resource })) });
      }
      if (request.method === 'POST' && pathname === '/fhir') {
        const result = accept(JSON.parse(await readBody(request)));
        if (result.counts) log({ event: 'audit-batch', ...result.counts });
        return json(response, result.status, result.body);
      }
      const single = /^\/fhir\/AuditEvent\/([^/]+)$/.exec(pathname);
      if (request.method === 'PUT' && single) {
        const resource = JSON.parse(await readBody(request));
        const result = accept({ resourceType: 'Bundle', type: 'batch', entry: [{ resource, request: { url: `AuditEvent/${single[1]}` } }] });
        const answer = result.body.entry?.[0]?.response;
        return json(response, Number.parseInt(answer?.status ?? '400', 10), answer?.outcome ?? resource);
      }
      return json(response, 404, outcome('not found'));
    } catch {
      return json(response, 400, outcome('unreadable request'));
    }
  });
  return new Promise((resolveListening, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.on('close', () => {
        forwarder?.stop();
        store.close();
      });
      resolveListening(server);
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const repoRoot = resolve(new URL('../..', import.meta.url).pathname);
  const port = Number(process.env.LONGVIEW_AUDIT_PORT ?? AUDIT_SINK_PORT);
  const file = process.env.LONGVIEW_AUDIT_FILE ?? join(repoRoot, '.data/audit/events.jsonl');
  const target = arrTargetFromEnvironment();
  const longestMs = Number(process.env.LONGVIEW_ARR_RETRY_MAX_MS ?? 30_000);
  const arr = target ? { target, retry: { firstMs: Math.min(500, longestMs), longestMs }, sdId: process.env.LONGVIEW_ARR_SD_ID } : undefined;
  const server = await startAuditSink({ port, file, arr, log: (line) => console.log(JSON.stringify(line)) });
  console.log(JSON.stringify({ event: 'audit-sink-listening', port }));
  const stop = () => server.close(() => process.exit(0));
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
