import { appendFileSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAuditSink } from './sink.mjs';

const event = (id) => ({
  resourceType: 'AuditEvent',
  id,
  type: { system: 'http://dicom.nema.org/resources/ontology/DCM', code: '110112' },
  action: 'E',
  recorded: '2024-01-01T00:00:00Z',
  outcome: '0',
  agent: [{ requestor: true, who: { display: 'x' } }],
  source: { observer: { display: 'Longview viewer' } },
});
const batch = (...resources) => ({ resourceType: 'Bundle', type: 'batch', entry: resources.map((resource) => ({ resource, request: { method: 'PUT', url: `AuditEvent/${resource.id}` } })) });

let server;
afterEach(() => new Promise((resolve) => (server ? server.close(resolve) : resolve())));

async function start(file, log) {
  server = await startAuditSink({ port: 0, file, log });
  const base = `http://127.0.0.1:${server.address().port}`;
  return {
    post: async (body) => (await fetch(`${base}/fhir`, { method: 'POST', body: JSON.stringify(body) })).json(),
    held: async () => (await (await fetch(`${base}/fhir/AuditEvent`)).json()).entry.map((e) => e.resource.id),
  };
}

describe('audit sink', () => {
  it('stores each id once, answers 201 then 200, rejects invalid entries on their own, and survives a restart', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'audit-')), 'events.jsonl');
    const lines = [];
    let sink = await start(file, (line) => lines.push(line));
    const first = await sink.post(batch(event('a'), event('b'), { ...event('c'), outcome: 'fine' }));
    expect(first.entry.map((e) => e.response.status)).toEqual(['201 Created', '201 Created', '400 Bad Request']);
    const again = await sink.post(batch(event('a'), event('d'), event('d')));
    expect(again.entry.map((e) => e.response.status)).toEqual(['200 OK', '201 Created', '200 OK']);
    expect(await sink.held()).toEqual(['a', 'b', 'd']);
    // Logs carry counts only.
    expect(lines).toEqual([
      { event: 'audit-batch', received: 3, stored: 2, duplicates: 0, rejected: 1 },
      { event: 'audit-batch', received: 3, stored: 1, duplicates: 2, rejected: 0 },
    ]);

    await new Promise((resolve) => server.close(resolve));
    // A crash cut the last write short: the fragment is skipped, the next line starts clean.
    appendFileSync(file, '{"receivedAt":"x","resource":{"resourceType":"Audi');
    sink = await start(file);
    expect(await sink.held()).toEqual(['a', 'b', 'd']);
    const resent = await sink.post(batch(event('b'), event('e')));
    expect(resent.entry.map((e) => e.response.status)).toEqual(['200 OK', '201 Created']);
    const ids = readFileSync(file, 'utf8').split('\n').flatMap((line) => {
      try {
        return [JSON.parse(line).resource.id];
      } catch {
        return [];
      }
    });
    expect(ids).toEqual(['a', 'b', 'd', 'e']);
  });

  it('refuses what is not a batch Bundle', async () => {
    const sink = await start(join(mkdtempSync(join(tmpdir(), 'audit-')), 'events.jsonl'));
    expect((await sink.post({ resourceType: 'AuditEvent' })).resourceType).toBe('OperationOutcome');
  });
});
