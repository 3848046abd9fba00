import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { expect } from '@playwright/test';
import { arr } from '../../scripts/arr/control.mjs';
import { AUDIT_SINK_URL } from '../../scripts/audit-sink/control.mjs';
import { REPO_ROOT } from './corpus';

/** The DICOM audit message schema (RELAX NG, PS3.15 A.5.1) the sink's messages must satisfy. */
const AUDIT_SCHEMA = join(REPO_ROOT, 'scripts/audit-sink/schema/audit-message.rng');

/** One message the audit record repository (rsyslog) wrote: the AuditEvent id it carries and its DICOM audit XML. */
export interface ArrMessage {
  line: string;
  auditEventId: string | undefined;
  xml: string;
}

/** Everything rsyslog has written to its file, one message per line. */
export function arrMessages(): ArrMessage[] {
  return (arr.messages() as string[]).map((line) => ({
    line,
    auditEventId: /auditEventId="([^"]+)"/.exec(line)?.[1],
    xml: line.slice(line.indexOf('<?xml')),
  }));
}

/** Waits until rsyslog's file holds a message for every id; returns those messages. */
export async function arrMessagesFor(ids: readonly string[], timeout = 30_000): Promise<ArrMessage[]> {
  await expect.poll(() => ids.filter((id) => !arrMessages().some((m) => m.auditEventId === id)), { timeout, message: 'audit events missing at the ARR' }).toEqual([]);
  return arrMessages().filter((m) => m.auditEventId !== undefined && ids.includes(m.auditEventId));
}

/** xmllint's verdict on `xml` against the DICOM audit message schema: '' when valid, else its complaint. */
export function auditSchemaProblems(xml: string): string {
  const result = spawnSync('xmllint', ['--noout', '--relaxng', AUDIT_SCHEMA, '-'], { input: xml, encoding: 'utf8' });
  return result.status === 0 ? '' : result.stderr;
}

/** The string value of an XPath expression over the message (xmllint --xpath, as an auditor's tool would read it). */
export function xpathOf(xml: string, expression: string): string {
  const result = spawnSync('xmllint', ['--xpath', `string(${expression})`, '-'], { input: xml, encoding: 'utf8' });
  return result.stdout.trim();
}

/** All values an XPath expression selects (one per node), e.g. every study UID. */
export function xpathValues(xml: string, expression: string): string[] {
  const count = Number(xpathOf(xml, `count(${expression})`));
  return Array.from({ length: count }, (_, i) => xpathOf(xml, `(${expression})[${i + 1}]`));
}

interface SinkEvent {
  id: string;
  subtype: Array<{ system: string; code: string }>;
  agent: Array<{ requestor: boolean; who: { identifier?: { value: string } } }>;
  entity: Array<{ what: { identifier: { system?: string; value: string } } }>;
}

/** This browser tab's events as the sink holds them (the session is the "who" until a login). */
export async function sinkEventsOfSession(session: string): Promise<SinkEvent[]> {
  const bundle = (await sinkJson(`${AUDIT_SINK_URL}/fhir/AuditEvent`)) as { entry: Array<{ resource: SinkEvent }> };
  return bundle.entry.map((e) => e.resource).filter((event) => event.agent.some((a) => a.requestor && a.who.identifier?.value === session));
}

export const journeyOf = (event: SinkEvent) => event.subtype.find((c) => c.system === 'urn:longview:audit-event')?.code;
export const studyUidsOfEvent = (event: SinkEvent) =>
  event.entity.filter((e) => e.what.identifier.system === 'urn:dicom:uid').map((e) => e.what.identifier.value.replace(/^urn:oid:/, ''));

/**
 * A GET of the sink's JSON. Asked again, up to twice, when the connection fails: these tests poll
 * every few hundred ms over one kept-alive socket, and the sink may close that socket (its
 * keep-alive timeout) just as the next request goes out ("other side closed"), a race of the
 * test's client, not something the sink did wrong.
 */
async function sinkJson(url: string): Promise<unknown> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await (await fetch(url)).json();
    } catch (error) {
      if (attempt >= 3 || !(error instanceof TypeError)) throw error;
    }
  }
}

/** The sink's view of its forwarding (GET /health "arr"). */
export async function sinkForwarding(): Promise<{ connection: string; backlog: number; lastError?: string }> {
  return ((await sinkJson(`${AUDIT_SINK_URL}/health`)) as { arr: { connection: string; backlog: number; lastError?: string } }).arr;
}

export { arr };
