// The audit sink under load, forwarding to a real audit record repository: Debian's rsyslog with
// TLS and mutual authentication (scripts/arr, its own port and folder), the sink in this process
// with a fresh spool. A bounded client posts EVENTS "study opened" AuditEvents in FHIR batches of
// BATCH, IN_FLIGHT batches at a time, as fast as the sink answers; the run ends when rsyslog's file
// holds every event. Reports: accepted/s (browser side), forwarded/s (until the last byte reached
// rsyslog's file), the backlog's peak (accepted, not yet handed to TLS), lost and duplicated ids.
// Prints JSON; asserts nothing.
// Usage: node bench/audit-arr.mjs [events=10000] [batch=100] [inFlight=4]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { arrService } from '../scripts/arr/rsyslog.mjs';
import { makePki } from '../scripts/arr/pki.mjs';
import { startAuditSink } from '../scripts/audit-sink/sink.mjs';

const [events = 10_000, batchSize = 100, inFlight = 4] = process.argv.slice(2).map(Number);
const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
/** A "study opened" event as packages/audit's buildAuditEvent writes it (plain Node cannot import its TypeScript). */
const eventOf = (n) => ({
  resourceType: 'AuditEvent',
  id: `bench-${n}`,
  type: { system: DCM, code: '110103', display: 'DICOM Instances Accessed' },
  subtype: [{ system: 'http://hl7.org/fhir/restful-interaction', code: 'read' }, { system: 'urn:longview:audit-event', code: 'study-opened' }],
  action: 'R',
  recorded: new Date().toISOString(),
  outcome: '0',
  agent: [
    { type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v3-ParticipationType', code: 'IRCP' }] }, who: { identifier: { system: 'urn:longview:browser-session', value: 'bench' }, display: 'bench' }, requestor: true },
    { type: { coding: [{ system: DCM, code: '110153', display: 'Source Role ID' }] }, who: { display: 'Longview viewer' }, requestor: false, network: { address: 'http://127.0.0.1:5173', type: '5' } },
    { type: { coding: [{ system: DCM, code: '110152', display: 'Destination Role ID' }] }, who: { identifier: { system: 'urn:longview:archive', value: 'radiology' }, display: 'Radiology PACS' }, requestor: false, network: { address: 'http://127.0.0.1:5173/dicomweb/radiology', type: '5' } },
  ],
  source: { site: 'Longview', observer: { display: 'Longview viewer' }, type: [{ system: 'http://terminology.hl7.org/CodeSystem/security-source-type', code: '1' }] },
  entity: [
    { what: { identifier: { system: 'urn:longview:issuer:LONGVIEW-RAD', value: `BENCH-${n % 50}`, assigner: { display: 'LONGVIEW-RAD' } } }, type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '1' }, role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '1' } },
    { what: { identifier: { system: 'urn:dicom:uid', value: `urn:oid:1.2.826.0.1.3680043.8.498.${n}`, type: { coding: [{ system: DCM, code: '110180' }] } } }, type: { system: 'http://terminology.hl7.org/CodeSystem/audit-entity-type', code: '2' }, role: { system: 'http://terminology.hl7.org/CodeSystem/object-role', code: '3' } },
  ],
});

const arr = arrService({ id: 'bench', port: 16534 });
await arr.stop();
rmSync(arr.messagesFile, { force: true });
await arr.start();
const pki = makePki();
const dir = mkdtempSync(join(tmpdir(), 'audit-bench-'));
const server = await startAuditSink({
  port: 0,
  file: join(dir, 'events.jsonl'),
  arr: { target: { host: '127.0.0.1', port: arr.port, ca: readFileSync(pki.ca), cert: readFileSync(pki.sinkCert), key: readFileSync(pki.sinkKey) } },
});
const base = `http://127.0.0.1:${server.address().port}`;
const health = async () => (await (await fetch(`${base}/health`)).json()).arr;

let backlogPeak = 0;
const sampler = setInterval(async () => (backlogPeak = Math.max(backlogPeak, (await health()).backlog)), 20);
const started = performance.now();
const batches = Array.from({ length: Math.ceil(events / batchSize) }, (_, b) => Array.from({ length: Math.min(batchSize, events - b * batchSize) }, (_, i) => eventOf(b * batchSize + i)));
let next = 0;
async function client() {
  while (next < batches.length) {
    const batch = batches[next++];
    const body = JSON.stringify({ resourceType: 'Bundle', type: 'batch', entry: batch.map((resource) => ({ resource, request: { method: 'PUT', url: `AuditEvent/${resource.id}` } })) });
    const response = await fetch(`${base}/fhir`, { method: 'POST', body });
    if (!response.ok) throw new Error(`the sink answered ${response.status}`);
    await response.arrayBuffer();
  }
}
await Promise.all(Array.from({ length: inFlight }, client));
const acceptedMs = performance.now() - started;
const idsAtArr = () => arr.messages().map((line) => /auditEventId="([^"]+)"/.exec(line)?.[1]);
while (idsAtArr().length < events && performance.now() - started < 120_000) await new Promise((r) => setTimeout(r, 50));
const forwardedMs = performance.now() - started;
clearInterval(sampler);
const final = await health();
const ids = idsAtArr();
const unique = new Set(ids);
await new Promise((resolve) => server.close(resolve));
await arr.stop();
rmSync(dir, { recursive: true, force: true });
console.log(
  JSON.stringify(
    {
      bench: 'audit-arr',
      events,
      batchSize,
      inFlight,
      acceptedPerSecond: Math.round(events / (acceptedMs / 1000)),
      forwardedPerSecond: Math.round(ids.length / (forwardedMs / 1000)),
      acceptedMs: Math.round(acceptedMs),
      forwardedMs: Math.round(forwardedMs),
      backlogPeak: Math.max(backlogPeak, final.backlogPeak),
      receivedAtArr: ids.length,
      lost: events - unique.size,
      duplicated: ids.length - unique.size,
    },
    null,
    2,
  ),
);
