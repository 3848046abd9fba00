// The sink forwarding to a real audit record repository: Debian's rsyslog with TLS and mutual
// authentication (scripts/arr), on ports of these tests' own, so a running demo is left alone.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { buildAuditEvent } from '../../packages/audit/src/event.ts';
import { arrService } from '../arr/rsyslog.mjs';
import { makePki } from '../arr/pki.mjs';
import { startAuditSink } from './sink.mjs';

const SCHEMA = new URL('./schema/audit-message.rng', import.meta.url).pathname;
const trustedArr = arrService({ id: 'sink-test', port: 16524 });
const untrustedArr = arrService({ id: 'sink-test-untrusted', port: 16525, trusted: false });

const context = { sessionId: 'tab-1', user: { id: 'dr-who', display: 'Dr Who' }, clientAddress: 'http://127.0.0.1:5173' };
const archive = { id: 'radiology', name: 'Radiology PACS', url: 'http://127.0.0.1:5173/dicomweb/radiology' };
const PATIENT = { value: 'ARR-PAT-1', issuer: 'LONGVIEW-RAD' };
const studyUid = (n) => `1.2.826.0.1.3680043.8.498.${n}`;
/** A study opened, as the browser records it; `n` makes the event and its study unique. */
const opened = (n) => buildAuditEvent({ kind: 'study-opened', archive, studyUid: studyUid(n), patient: PATIENT, outcome: { kind: 'success' } }, context, `ev-${n}`, new Date());
const batch = (events) => ({ resourceType: 'Bundle', type: 'batch', entry: events.map((resource) => ({ resource, request: { method: 'PUT', url: `AuditEvent/${resource.id}` } })) });

const pki = makePki();
const target = (port) => ({ host: '127.0.0.1', port, ca: readFileSync(pki.ca), cert: readFileSync(pki.sinkCert), key: readFileSync(pki.sinkKey) });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function until(check, what, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

let servers = [];
async function sink({ dir, port, logLines = [] }) {
  const server = await startAuditSink({ port: 0, file: join(dir, 'events.jsonl'), arr: { target: target(port), retry: { firstMs: 100, longestMs: 400 } }, log: (line) => logLines.push(line) });
  servers.push(server);
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    server,
    post: async (events) => (await fetch(`${base}/fhir`, { method: 'POST', body: JSON.stringify(batch(events)) })).json(),
    health: async () => (await fetch(`${base}/health`)).json(),
    close: () => {
      servers = servers.filter((other) => other !== server);
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

/** The ARR's lines, each with the AuditEvent id from its structured data and its XML. */
function received(arr) {
  return arr.messages().map((line) => {
    const id = /\[longview@32473 auditEventId="([^"]+)"\]/.exec(line)?.[1];
    return { line, id, xml: line.slice(line.indexOf('<?xml')) };
  });
}
const countsById = (messages) => messages.reduce((counts, m) => counts.set(m.id, (counts.get(m.id) ?? 0) + 1), new Map());

beforeAll(async () => {
  for (const arr of [trustedArr, untrustedArr]) {
    await arr.stop();
    rmSync(arr.messagesFile, { force: true });
    await arr.start();
  }
}, 30_000);
afterEach(async () => {
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  servers = [];
  await trustedArr.start(); // a test that stopped it leaves it running for the next
});
afterAll(async () => {
  await trustedArr.stop();
  await untrustedArr.stop();
});

describe('forwarding to the audit record repository (rsyslog, TLS syslog)', () => {
  it('sends each stored event once as an RFC 5424 message whose MSG is a valid DICOM audit message', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arr-'));
    const before = received(trustedArr).length;
    const audit = await sink({ dir, port: trustedArr.port });
    await audit.post([opened(1), opened(2)]);
    await audit.post([opened(1), opened(3)]); // a resend of 1: stored once, forwarded once
    const messages = await until(() => (received(trustedArr).length >= before + 3 ? received(trustedArr).slice(before) : undefined), 'three messages');
    await sleep(300);
    expect(received(trustedArr).slice(before).map((m) => m.id)).toEqual(['ev-1', 'ev-2', 'ev-3']);
    for (const message of messages) {
      // <PRI>VERSION TIMESTAMP HOST APP-NAME PROCID MSGID: facility 10, severity 5 (notice); IHE's MSGID.
      expect(message.line).toMatch(/^<85>1 \S+ \S+ Longview \d+ IHE\+RFC-3881 \[longview@32473 auditEventId="ev-\d"\] <\?xml/);
      const validation = spawnSync('xmllint', ['--noout', '--relaxng', SCHEMA, '-'], { input: message.xml, encoding: 'utf8' });
      expect(validation.status, validation.stderr).toBe(0);
    }
    expect(messages[0]?.xml).toContain(`ParticipantObjectID="${studyUid(1)}"`);
    expect(messages[0]?.xml).toContain('csd-code="110103"');
    expect(await audit.health()).toMatchObject({ stored: 3, arr: { connection: 'connected', backlog: 0, forwarded: 3 } });
  }, 30_000);

  it('spools while the ARR is down, says so on /health, and delivers each event once when it is back', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arr-'));
    const audit = await sink({ dir, port: trustedArr.port });
    await until(async () => (await audit.health()).arr.connection === 'connected', 'a connection');
    const before = received(trustedArr).length;
    await trustedArr.stop();
    await until(async () => (await audit.health()).arr.connection === 'retrying', 'the sink to notice');
    const events = Array.from({ length: 10 }, (_, i) => opened(100 + i));
    for (const event of events) await audit.post([event]);
    const down = await audit.health();
    expect(down.stored).toBe(10);
    expect(down.arr).toMatchObject({ connection: 'retrying', backlog: 10 });
    expect(down.arr.lastError).toMatch(/ECONNREFUSED|ECONNRESET/);
    await trustedArr.start();
    await until(async () => (await audit.health()).arr.backlog === 0, 'the backlog to drain');
    await sleep(300);
    const counts = countsById(received(trustedArr).slice(before));
    for (const event of events) expect(counts.get(event.id), event.id).toBe(1);
  }, 60_000);

  it('a restarted sink resends only what had not gone out', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arr-'));
    const before = received(trustedArr).length;
    let audit = await sink({ dir, port: trustedArr.port });
    await audit.post([opened(200), opened(201)]);
    await until(async () => (await audit.health()).arr.forwarded === 2, 'two forwarded');
    await audit.close();
    await trustedArr.stop();
    audit = await sink({ dir, port: trustedArr.port });
    await audit.post([opened(202)]);
    await audit.close();
    await trustedArr.start();
    audit = await sink({ dir, port: trustedArr.port });
    expect((await audit.health()).arr.backlog).toBe(1);
    await until(async () => (await audit.health()).arr.backlog === 0, 'the backlog to drain');
    await sleep(300);
    expect(received(trustedArr).slice(before).map((m) => m.id)).toEqual(['ev-200', 'ev-201', 'ev-202']);
  }, 60_000);

  it('sends nothing to an ARR whose certificate is from another CA, says why, and keeps the events', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arr-'));
    const audit = await sink({ dir, port: untrustedArr.port });
    await audit.post([opened(300), opened(301)]);
    const health = await until(async () => {
      const now = await audit.health();
      return now.arr.lastError ? now : undefined;
    }, 'a refusal');
    expect(health.arr).toMatchObject({ connection: 'retrying', backlog: 2, forwarded: 0 });
    expect(health.arr.lastError).toMatch(/does not chain to the configured CA/);
    await sleep(1000); // several retries
    expect(untrustedArr.messages()).toEqual([]);
    expect(readFileSync(join(dir, 'events.jsonl'), 'utf8').split('\n').filter(Boolean)).toHaveLength(2);
  }, 30_000);

  it('logs states and counts only: no patient, study or event ids', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arr-'));
    const logLines = [];
    const audit = await sink({ dir, port: trustedArr.port, logLines });
    await audit.post([opened(400)]);
    await trustedArr.stop();
    await until(async () => (await audit.health()).arr.connection === 'retrying', 'the sink to notice');
    await audit.post([opened(401)]);
    await trustedArr.start();
    await until(async () => (await audit.health()).arr.backlog === 0, 'the backlog to drain');
    const text = JSON.stringify(logLines);
    expect(logLines.some((line) => line.event === 'arr-connection')).toBe(true);
    for (const secret of [PATIENT.value, studyUid(400), studyUid(401), 'ev-400', 'dr-who', 'Dr Who']) expect(text).not.toContain(secret);
  }, 60_000);

  it('takes 10,000 events as fast as a bounded client sends them and forwards every one once', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'arr-'));
    const before = received(trustedArr).length;
    const audit = await sink({ dir, port: trustedArr.port });
    const total = 10_000;
    const batches = Array.from({ length: total / 100 }, (_, b) => Array.from({ length: 100 }, (_, i) => opened(10_000 + b * 100 + i)));
    const inFlight = 4;
    for (let start = 0; start < batches.length; start += inFlight) await Promise.all(batches.slice(start, start + inFlight).map((events) => audit.post(events)));
    await until(async () => (await audit.health()).arr.backlog === 0, 'the backlog to drain', 60_000);
    await until(() => received(trustedArr).length >= before + total, 'rsyslog to write them', 30_000);
    const counts = countsById(received(trustedArr).slice(before));
    expect(counts.size).toBe(total);
    expect([...counts.values()].every((count) => count === 1)).toBe(true);
  }, 120_000);
});
