import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { arr, arrMessages, arrMessagesFor, auditSchemaProblems, journeyOf, sinkEventsOfSession, sinkForwarding, studyUidsOfEvent, xpathOf, xpathValues } from './support/arr';
import { corpus, recordsOfPerson, studiesOfPerson, type CorpusStudy } from './support/corpus';
import { waitForImage } from './support/viewer';

// The audit trail's last leg (issue 32): the sink forwards every event to the hospital's audit
// record repository, a real rsyslog listening for TLS syslog with mutual authentication
// (scripts/arr), as DICOM audit messages (PS3.15 A.5). These tests read what rsyslog wrote to
// its file, as an auditor's tools would, and validate each message against the schema.

const DICOM_ID_TYPE = 'ParticipantObjectIDTypeCode';

/** The tab's audit session, once the app has started its trail (after config.json, not at `load`). */
async function sessionOf(page: Page): Promise<string> {
  let session: string | null = null;
  await expect
    .poll(async () => (session = await page.evaluate(() => sessionStorage.getItem('longview.audit.session'))), { timeout: 15_000 })
    .toMatch(/^[0-9a-f-]{36}$/);
  return session as unknown as string;
}

/** Radiology studies with images, each opened by its first image series. */
function imageStudies(count: number): CorpusStudy[] {
  const studies = corpus()
    .patients.filter((patient) => patient.archive === 'radiology' && !['hostile', 'large'].includes(patient.person))
    .flatMap((patient) => patient.studies)
    .filter((study) => study.series.some((series) => !series.mimeType && series.modality !== 'SR'));
  expect(studies.length).toBeGreaterThanOrEqual(count);
  return studies.slice(0, count);
}

async function openStudy(page: Page, study: CorpusStudy): Promise<void> {
  const series = study.series.find((s) => !s.mimeType && s.modality !== 'SR');
  await page.goto(`/viewer/${study.archive}/${study.studyInstanceUid}?series=${series?.seriesInstanceUid ?? ''}`);
  await waitForImage(page);
}

/** The sink's ids of this session's "study opened" events for `studyUid`, once they have all arrived. */
async function openedEventIds(session: string, studies: readonly CorpusStudy[]): Promise<string[]> {
  let ids: string[] = [];
  await expect
    .poll(async () => {
      const events = (await sinkEventsOfSession(session)).filter((e) => journeyOf(e) === 'study-opened');
      ids = studies.flatMap((study) => events.filter((e) => studyUidsOfEvent(e).includes(study.studyInstanceUid)).map((e) => e.id));
      return ids.length;
    }, { timeout: 30_000 })
    .toBe(studies.length);
  return ids;
}

test('opening a study puts a DICOM audit message in the ARR naming the event, study, patient and user', async ({ page }) => {
  const [study] = imageStudies(1) as [CorpusStudy];
  const record = corpus().patients.find((patient) => patient.studies.includes(study));
  await openStudy(page, study);
  const session = await sessionOf(page);
  const [id] = await openedEventIds(session, [study]);
  const [message] = await arrMessagesFor([id as string]);
  const xml = message?.xml ?? '';
  expect(auditSchemaProblems(xml)).toBe('');
  // RFC 5424: facility 10 (security), notice; IHE's MSGID; the XML is the whole MSG.
  expect(message?.line).toMatch(/^<85>1 \S+ \S+ Longview \d+ IHE\+RFC-3881 \[longview@32473 auditEventId="[^"]+"\] <\?xml/);
  // DICOM Instances Accessed (110103), read, success.
  expect(xpathOf(xml, '/AuditMessage/EventIdentification/EventID/@csd-code')).toBe('110103');
  expect(xpathOf(xml, '/AuditMessage/EventIdentification/EventID/@codeSystemName')).toBe('DCM');
  expect(xpathOf(xml, '/AuditMessage/EventIdentification/@EventActionCode')).toBe('R');
  expect(xpathOf(xml, '/AuditMessage/EventIdentification/@EventOutcomeIndicator')).toBe('0');
  // The study, by its UID.
  const studyUids = xpathValues(xml, `/AuditMessage/ParticipantObjectIdentification[${DICOM_ID_TYPE}/@csd-code="110180"]/@ParticipantObjectID`);
  expect(studyUids).toEqual([study.studyInstanceUid]);
  // The patient, by ID and issuer (HL7 CX: ID^^^issuer).
  const patientId = xpathOf(xml, '/AuditMessage/ParticipantObjectIdentification[@ParticipantObjectTypeCode="1" and @ParticipantObjectTypeCodeRole="1"]/@ParticipantObjectID');
  const issuer = record?.issuerOfPatientId ?? 'LONGVIEW-RAD';
  expect(patientId.split('^')[0]).toBe(record?.patientId);
  expect(patientId).toContain(issuer);
  // The user: the requestor, here the tab's session (no sign-in on this archive).
  expect(xpathOf(xml, '/AuditMessage/ActiveParticipant[@UserIsRequestor="true"]/@UserID')).toBe(session);
  // Nothing of the patient's demographics travels beyond the identifier (her family name here is
  // "LONGVIEW", which the issuer's name contains: the given name and birth date tell).
  const givenName = record?.patientName.split('^')[1];
  expect(givenName).toBeTruthy();
  expect(xml).not.toContain(givenName ?? '#');
  expect(xml).not.toContain(record?.birthDate ?? '#');
});

test('a timeline asks the MPI (PIXm) and the ARR receives that query as a patient query message', async ({ page }) => {
  const carol = studiesOfPerson('carol').map(({ study }) => study);
  const anchor = carol.filter((s) => s.archive === 'radiology').at(-1) as CorpusStudy;
  const radiology = recordsOfPerson('carol').find((r) => r.archive === 'radiology');
  await page.goto(`/timeline/radiology/${anchor.studyInstanceUid}`);
  await expect(page.getByTestId('timeline-entry')).toHaveCount(carol.length);
  const session = await sessionOf(page);
  let mpiIds: string[] = [];
  await expect
    .poll(async () => {
      mpiIds = (await sinkEventsOfSession(session)).filter((e) => journeyOf(e) === 'mpi-query').map((e) => e.id);
      return mpiIds.length;
    }, { timeout: 30_000 })
    .toBeGreaterThan(0);
  const messages = await arrMessagesFor(mpiIds);
  const pixm = messages.find((m) => xpathOf(m.xml, '/AuditMessage/EventIdentification/EventTypeCode/@csd-code') === 'ITI-83');
  expect(pixm, 'a message for the PIXm query').toBeDefined();
  const xml = pixm?.xml ?? '';
  expect(auditSchemaProblems(xml)).toBe('');
  expect(xpathOf(xml, '/AuditMessage/EventIdentification/EventID/@csd-code')).toBe('110112');
  expect(xpathOf(xml, '/AuditMessage/EventIdentification/@EventActionCode')).toBe('E');
  // The query as sent (base64 in ParticipantObjectQuery) names the patient the timeline asked about.
  const query = Buffer.from(xpathOf(xml, '/AuditMessage/ParticipantObjectIdentification[@ParticipantObjectTypeCodeRole="24"]/ParticipantObjectQuery'), 'base64').toString('utf8');
  expect(decodeURIComponent(query)).toContain(radiology?.patientId ?? '#');
  const patients = xpathValues(xml, '/AuditMessage/ParticipantObjectIdentification[@ParticipantObjectTypeCode="1"]/@ParticipantObjectID').map((cx) => cx.split('^')[0]);
  expect(patients).toContain(radiology?.patientId);
});

test('while the ARR is down the sink spools; once it is back every event arrives exactly once', async ({ page }) => {
  test.setTimeout(240_000);
  const studies = imageStudies(10);
  await page.goto('/');
  const session = await sessionOf(page);
  await arr.stop();
  try {
    await expect.poll(async () => (await sinkForwarding()).connection, { timeout: 15_000 }).toBe('retrying');
    for (const study of studies) await openStudy(page, study);
    const ids = await openedEventIds(session, studies);
    // Accepted from the browser, held back from the ARR, and the sink says so.
    const forwarding = await sinkForwarding();
    expect(forwarding.backlog).toBeGreaterThanOrEqual(ids.length);
    expect(forwarding.lastError).toMatch(/ECONNREFUSED|ECONNRESET/);
    expect(arrMessages().filter((m) => m.auditEventId && ids.includes(m.auditEventId))).toEqual([]);
  } finally {
    await arr.start();
  }
  const ids = await openedEventIds(session, studies);
  // The sink retries at least every 5 s (scripts/audit-sink/control.mjs).
  await arrMessagesFor(ids, 30_000);
  await expect.poll(async () => (await sinkForwarding()).backlog, { timeout: 30_000 }).toBe(0);
  const counts = ids.map((id) => arrMessages().filter((m) => m.auditEventId === id).length);
  expect(counts).toEqual(ids.map(() => 1));
});
