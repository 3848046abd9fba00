import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { AUDIT_SINK_URL, startAuditSink, stopAuditSink } from '../scripts/audit-sink/control.mjs';
import { REPO_ROOT, recordsOfPerson, studiesOfPerson, type CorpusStudy } from './support/corpus';
import { waitForImage, waitForSeriesLoaded } from './support/viewer';

interface Coding {
  system: string;
  code: string;
}
interface AuditEvent {
  id: string;
  type: Coding;
  subtype: Coding[];
  action: string;
  outcome: string;
  agent: Array<{ requestor: boolean; who: { identifier?: { system: string; value: string }; display: string } }>;
  entity: Array<{ what: { identifier: { system?: string; value: string } }; role: Coding; query?: string; detail?: Array<{ type: string; valueString: string }> }>;
}

const DCM = 'http://dicom.nema.org/resources/ontology/DCM';
const kindOf = (event: AuditEvent) => event.subtype.find((c) => c.system === 'urn:longview:audit-event')?.code;
const studyUidsOf = (event: AuditEvent) =>
  event.entity.filter((e) => e.what.identifier.system === 'urn:dicom:uid').map((e) => e.what.identifier.value.replace(/^urn:oid:/, ''));

/** The QIDO-RS query string a patient query event names (its query entity, role 24, base64). */
const queryStringOf = (event: AuditEvent) => Buffer.from(event.entity.find((e) => e.role.code === '24')?.query ?? '', 'base64').toString('utf8');

/** Everything the sink holds for one browser tab (its session is the "who" until a login exists). */
async function sinkEventsOf(session: string): Promise<AuditEvent[]> {
  const bundle = (await (await fetch(`${AUDIT_SINK_URL}/fhir/AuditEvent`)).json()) as { entry: Array<{ resource: AuditEvent }> };
  return bundle.entry.map((e) => e.resource).filter((event) => event.agent.some((a) => a.requestor && a.who.identifier?.value === session));
}

/** Ids of this session's events as written in the sink's durable file (a duplicate would show twice). */
function storedIdsOf(session: string): string[] {
  return readFileSync(join(REPO_ROOT, '.data/audit/events.jsonl'), 'utf8')
    .split('\n')
    .filter((line) => line.includes(session))
    .map((line) => (JSON.parse(line) as { resource: AuditEvent }).resource.id);
}

/** Events the page's IndexedDB still waits to deliver. */
function pendingInBrowser(page: Page): Promise<number> {
  return page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = indexedDB.open('longview-audit');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const count = open.result.transaction('pending').objectStore('pending').count();
          count.onsuccess = () => resolve(count.result);
        };
      }),
  );
}

/** A viewer URL for the study's first image series (documents have no pixels to retrieve). */
function viewerUrlOf(study: CorpusStudy): { url: string; seriesUid: string } {
  const series = study.series.find((s) => !s.mimeType);
  if (!series) throw new Error(`${study.studyDescription} has no image series`);
  return { url: `/viewer/${study.archive}/${study.studyInstanceUid}?series=${series.seriesInstanceUid}`, seriesUid: series.seriesInstanceUid };
}

async function openStudy(page: Page, study: CorpusStudy): Promise<void> {
  await page.goto(viewerUrlOf(study).url);
  await waitForImage(page);
  await waitForSeriesLoaded(page);
}

test('every patient query and retrieval is audited once at the sink, even across a sink outage and a reload', async ({ page }) => {
  test.setTimeout(240_000);
  const carol = studiesOfPerson('carol').map(({ study }) => study);
  const anchor = carol.filter((s) => s.archive === 'radiology').at(-1) as CorpusStudy;
  const other = carol.filter((s) => s.archive === 'cardiology' && s.series.some((series) => !series.mimeType)).at(-1) as CorpusStudy;
  const radiologyRecord = recordsOfPerson('carol').find((r) => r.archive === 'radiology');
  expect(anchor && other && radiologyRecord).toBeTruthy();

  // 1. The patient's timeline, then one of her studies.
  await page.goto(`/timeline/radiology/${anchor.studyInstanceUid}`);
  await expect(page.getByTestId('timeline-entry')).toHaveCount(carol.length);
  const session = await page.evaluate(() => sessionStorage.getItem('longview.audit.session'));
  expect(session).toMatch(/^[0-9a-f-]{36}$/);
  await openStudy(page, anchor);

  // Delivery is asynchronous: wait until the retrieval and the query events of every archive
  // (the pathology record is found last, through the cardiology one) have reached the sink.
  const hasArrived = (events: AuditEvent[]) => {
    const disclosedSoFar = new Set(events.filter((e) => kindOf(e) === 'patient-query').flatMap(studyUidsOf));
    return events.filter((e) => kindOf(e) === 'series-retrieved').length === 1 && carol.every((study) => disclosedSoFar.has(study.studyInstanceUid));
  };
  await expect.poll(async () => hasArrived(await sinkEventsOf(session as string)), { timeout: 30_000 }).toBe(true);
  const first = await sinkEventsOf(session as string);

  // Patient queries (DCM 110112, action E) disclosed every study of hers, under her identifier.
  const queries = first.filter((e) => kindOf(e) === 'patient-query');
  expect(queries.every((e) => e.type.system === DCM && e.type.code === '110112' && e.action === 'E')).toBe(true);
  const disclosed = new Set(queries.flatMap(studyUidsOf));
  for (const study of carol) expect(disclosed.has(study.studyInstanceUid), study.studyDescription).toBe(true);
  // The banner's search for the opened study by its UID (timeline and viewer alike) is a query too: it names the patient.
  const byUid = queries.filter((e) => new URLSearchParams(queryStringOf(e)).get('StudyInstanceUID') === anchor.studyInstanceUid);
  expect(byUid.length, 'the study searched for by its UID').toBeGreaterThanOrEqual(1);
  for (const event of byUid) expect(studyUidsOf(event)).toEqual([anchor.studyInstanceUid]);
  const patientIds = queries.flatMap((e) => e.entity.filter((x) => x.role.code === '1').map((x) => `${x.what.identifier.system}|${x.what.identifier.value}`));
  const issuer = radiologyRecord?.issuerOfPatientId ?? 'LONGVIEW-RAD';
  expect(patientIds).toContain(`urn:longview:issuer:${issuer}|${radiologyRecord?.patientId}`);

  // The study opened and its series retrieved (DCM 110103, action R), each once, successful.
  const opened = first.filter((e) => kindOf(e) === 'study-opened');
  expect(opened.map(studyUidsOf)).toEqual([[anchor.studyInstanceUid]]);
  const retrieved = first.filter((e) => kindOf(e) === 'series-retrieved');
  expect(retrieved.map((e) => e.entity.flatMap((x) => x.detail ?? []).find((d) => d.type === 'SeriesInstanceUID')?.valueString)).toEqual([viewerUrlOf(anchor).seriesUid]);
  for (const event of [...opened, ...retrieved]) expect(event).toMatchObject({ type: { system: DCM, code: '110103' }, action: 'R', outcome: '0' });
  expect(first[0]?.agent[0]?.who.display).toBe('Unauthenticated browser session');

  // 2. The sink goes down; the reader opens another study, and reloads the page.
  await stopAuditSink();
  try {
    await openStudy(page, other);
    expect(await pendingInBrowser(page)).toBeGreaterThanOrEqual(2);
    await page.reload();
    await waitForImage(page);
    await waitForSeriesLoaded(page);
    expect(await page.evaluate(() => sessionStorage.getItem('longview.audit.session'))).toBe(session);
  } finally {
    // 3. The sink comes back: everything queued arrives, exactly once.
    await startAuditSink();
  }
  await expect.poll(() => pendingInBrowser(page), { timeout: 90_000 }).toBe(0);
  const all = await sinkEventsOf(session as string);
  const count = (kind: string, studyUid: string) => all.filter((e) => kindOf(e) === kind && studyUidsOf(e).includes(studyUid)).length;
  expect(count('study-opened', anchor.studyInstanceUid)).toBe(1);
  expect(count('study-opened', other.studyInstanceUid)).toBe(2); // before and after the reload
  expect(count('series-retrieved', other.studyInstanceUid)).toBe(2);
  expect(count('series-retrieved', anchor.studyInstanceUid)).toBe(1);
  // Nothing from before the outage was written twice, and the durable file holds each id once.
  expect(all.filter((e) => first.some((f) => f.id === e.id))).toHaveLength(first.length);
  const stored = storedIdsOf(session as string);
  expect(stored.length).toBe(all.length);
  expect(new Set(stored).size).toBe(stored.length);
});
