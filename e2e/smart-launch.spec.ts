import type { APIRequestContext, Page } from '@playwright/test';
import { fhirIdFor } from '../scripts/ehr/fhir-resources.mjs';
import { expect, test } from './support/test';
import { corpus, isInOpenArchive, studiesOfPerson, timelineCardsOfPerson } from './support/corpus';
import { EHR, launchFromEhr } from './support/ehr';
import { listedStudyUids, rowOfStudy } from './support/studyList';
import { holdRequests, waitForImage } from './support/viewer';

// The test EHR of scripts/ehr (started by the global setup): chart picker, oidc-provider
// authorization server, FHIR endpoint, and the bearer gate of the "oncology" archive.
const PROTECTED = 'oncology';
const entries = (page: Page) => page.getByTestId('timeline-entry');
const chip = (page: Page, archive: string) => page.locator(`[data-testid="archive-status"][data-archive="${archive}"]`);

interface EhrStats {
  token: Record<string, number>;
  revocations: number;
  guard: { accepted: number; rejected: number; missing: number };
}

async function ehrStats(request: APIRequestContext): Promise<EhrStats> {
  return (await (await request.get(`${EHR}/ehr/stats`)).json()) as EhrStats;
}

async function shownStudies(page: Page) {
  return entries(page).evaluateAll((elements) => elements.map((e) => `${(e as HTMLElement).dataset.archive}/${(e as HTMLElement).dataset.studyUid}`).sort());
}

const expected = (studies: ReturnType<typeof studiesOfPerson>) => studies.map(({ study }) => `${study.archive}/${study.studyInstanceUid}`).sort();

test('an EHR launch lands on the patient timeline across every archive, the token-protected one included; a protected study opens with its first frame asked for at the click', async ({ page, baseURL }) => {
  const carol = timelineCardsOfPerson('carol', { withSignIn: true });
  const fromProtected = studiesOfPerson('carol', { withSignIn: true }).filter(({ study }) => study.archive === PROTECTED);
  // Two CT studies, the staging and restaging PET/CT and the AI's results study on the restaging
  // (issue 27): that one is a badge on the restaging's card, not a card (oncology-results-study.spec.ts).
  expect(fromProtected.length).toBe(5);
  expect(carol.length).toBe(studiesOfPerson('carol', { withSignIn: true }).length - 1);
  await launchFromEhr(page, baseURL as string);

  await expect(page).toHaveURL(/\/patient\/[0-9a-f]{32}$/);
  await expect(entries(page)).toHaveCount(carol.length);
  // The results study is a card until its references are read: wait for the cards to settle.
  await expect.poll(() => shownStudies(page)).toEqual(expected(carol));
  await expect(chip(page, PROTECTED)).toHaveAttribute('data-state', 'answered');
  await expect(chip(page, PROTECTED)).toContainText(`${fromProtected.length} studies`);
  await expect(page.getByTestId('smart-session')).toHaveAttribute('data-state', 'active');
  // Nothing identifying in the viewer's URL, and no token either.
  expect(page.url()).not.toMatch(/R-100234|O-4410|CAROL|code=|access_token/i);

  // A protected study opens: its pixels come through the gate with the token. The newest CT
  // study: the PET/CT ones are the tumor board's to open (e2e/tumor-board*.spec.ts), and the AI's
  // results study has no images (and no card).
  const ctOnly = fromProtected.filter(({ study: s }) => s.modalities.includes('CT') && !s.modalities.includes('PT'));
  const { study } = ctOnly[ctOnly.length - 1] as (typeof ctOnly)[number];
  // Its first frame is asked for at the click, with the token the app's client sends (issue 30):
  // neither the viewer page's chunk nor the engine's may load before it is.
  const releaseViewer = await holdRequests(page, /\/assets\/StudyViewer-[\w-]+\.js$/);
  const releaseEngine = await holdRequests(page, /\/assets\/render-[\w-]+\.js$/);
  const firstFrame = page.waitForRequest(new RegExp(`/studies/${study.studyInstanceUid.replaceAll('.', '\\.')}/series/[^/]+/instances/[^/]+/frames/1$`));
  await page.locator(`[data-testid="timeline-entry"][data-study-uid="${study.studyInstanceUid}"]`).dblclick();
  const frameRequest = await firstFrame;
  releaseViewer();
  releaseEngine();
  expect(frameRequest.headers().authorization).toMatch(/^Bearer \S+$/);
  await expect(page).toHaveURL(new RegExp(`/viewer/${PROTECTED}/${study.studyInstanceUid.replaceAll('.', '\\.')}`));
  await expect(page.getByTestId('banner-patient-id')).toHaveText('O-4410');
  await waitForImage(page);
  await expect(page.getByTestId('image-error')).toHaveCount(0);
  // The frame the early request brought is the one the viewer drew from: not asked for again.
  const frameAsks = await page.evaluate((url) => performance.getEntriesByType('resource').filter((entry) => entry.name === url).length, frameRequest.url());
  expect(frameAsks).toBe(1);
});

test('an expired access token is refreshed, and the protected archive keeps answering', async ({ page, baseURL, request }) => {
  test.setTimeout(90_000);
  const before = await ehrStats(request);
  // Over the 10 s under which fhirclient refreshes before every FHIR request of its own.
  const lifetimeS = 15;
  await launchFromEhr(page, baseURL as string, { ttlS: lifetimeS });
  const launchedAt = Date.now();
  await expect(chip(page, PROTECTED)).toHaveAttribute('data-state', 'answered');

  // The viewer refreshes at two thirds of the remaining lifetime, again and again.
  await expect.poll(async () => (await ehrStats(request)).token['refresh_token:issued'] ?? 0, { timeout: 40_000 }).toBeGreaterThanOrEqual(
    (before.token['refresh_token:issued'] ?? 0) + 2,
  );
  // Well past the first token's expiry, the archive is asked again and lets the request through.
  await page.waitForTimeout(Math.max(0, launchedAt + (lifetimeS + 1) * 1000 - Date.now()));
  const acceptedBefore = (await ehrStats(request)).guard.accepted;
  await page.getByRole('button', { name: 'Refresh' }).click();
  await expect.poll(async () => (await ehrStats(request)).guard.accepted).toBeGreaterThan(acceptedBefore);
  await expect(chip(page, PROTECTED)).toHaveAttribute('data-state', 'answered');
  const protectedCount = studiesOfPerson('carol', { withSignIn: true }).filter(({ study }) => study.archive === PROTECTED).length;
  await expect(chip(page, PROTECTED)).toContainText(`${protectedCount} studies`);
  await expect(entries(page)).toHaveCount(timelineCardsOfPerson('carol', { withSignIn: true }).length);
});

test('a revoked token gets a clear sign-in message and nothing from that archive; the others still show', async ({ page, baseURL, request }) => {
  await launchFromEhr(page, baseURL as string);
  await expect(chip(page, PROTECTED)).toHaveAttribute('data-state', 'answered');
  // The EHR's administrator revokes every token.
  expect((await request.post(`${EHR}/ehr/admin/revoke-all`)).ok()).toBe(true);
  const rejectedBefore = (await ehrStats(request)).guard.rejected;

  await page.reload();
  await expect(chip(page, PROTECTED)).toHaveAttribute('data-state', 'failed');
  await expect(chip(page, PROTECTED).getByTestId('archive-status-error')).toContainText('did not accept your sign-in (HTTP 401)');
  await expect(chip(page, PROTECTED).getByRole('button', { name: 'Sign in again' })).toBeVisible();
  // A refused token is an alarm, not the calm notice of a reader who has not signed in yet (the
  // role is on the chip's message: a list item with a role of its own leaves the list).
  await expect(chip(page, PROTECTED).getByRole('alert')).toContainText('did not accept your sign-in (HTTP 401)');
  const open = studiesOfPerson('carol', { withSignIn: true }).filter(({ study }) => isInOpenArchive(study));
  await expect(entries(page)).toHaveCount(open.length);
  expect(await shownStudies(page)).toEqual(expected(open));
  expect((await ehrStats(request)).guard.rejected).toBeGreaterThan(rejectedBefore);
});

test('the mismatch guard refuses a launch whose study belongs to another patient', async ({ page, baseURL }) => {
  // David's study: his PatientID is carol's radiology ID string, issued by another hospital.
  const [david] = studiesOfPerson('david-outside');
  await launchFromEhr(page, baseURL as string, { studyUid: david?.study.studyInstanceUid });
  await expect(page.getByTestId('launch-error')).toContainText('This study is not shown');
  await expect(page.getByTestId('launch-error-reason')).toContainText('belongs to a different patient');
  await expect(entries(page)).toHaveCount(0);
  expect(page.url()).not.toContain('/patient/');
});

test('a study of the launch patient in context opens her timeline on that study', async ({ page, baseURL }) => {
  const [study] = studiesOfPerson('carol', { withSignIn: true }).filter(({ study: s }) => s.archive === PROTECTED);
  await launchFromEhr(page, baseURL as string, { studyUid: study?.study.studyInstanceUid });
  await expect(page).toHaveURL(/\/patient\/[0-9a-f]{32}$/);
  await expect(entries(page)).toHaveCount(1);
  await expect(entries(page).first()).toHaveAttribute('data-study-uid', study?.study.studyInstanceUid ?? '');
});

test('without a sign-in the protected archive asks for one and the others work; standalone launch and sign-out', async ({ page, request }) => {
  // The gate itself: no token, no images, and it says how to authenticate.
  const direct = await request.get(`/dicomweb/${PROTECTED}/studies`);
  expect(direct.status()).toBe(401);
  expect(direct.headers()['www-authenticate']).toMatch(/^Bearer realm="oncology"/);

  await page.goto('/');
  const notice = page.locator(`[data-testid="archive-sign-in"][data-archive="${PROTECTED}"]`);
  await expect(notice).toContainText('needs you to sign in');
  await expect(notice).toHaveAttribute('data-severity', 'notice');
  // The open archives answer (alice's CT is in radiology); nothing of the protected one is listed.
  const [alice] = studiesOfPerson('alice');
  // The list draws only the rows on screen: find alice's by scrolling, as a reader would.
  await expect(await rowOfStudy(page, alice?.study.studyInstanceUid ?? '')).toHaveCount(1);
  const protectedUids = new Set(corpus().patients.filter((p) => !isInOpenArchive(p)).flatMap((p) => p.studies.map((s) => s.studyInstanceUid)));
  const listed = await listedStudyUids(page);
  expect(listed.filter((uid) => protectedUids.has(uid ?? ''))).toEqual([]);

  // "Sign in again" is a standalone launch: the patient is picked at the authorization server.
  await notice.getByRole('button', { name: 'Sign in', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Sign in to the test EHR' })).toBeVisible();
  await page.getByLabel('Patient').selectOption(fhirIdFor('patient', 'carol'));
  await page.getByRole('button', { name: 'Allow' }).click();
  await expect(page).toHaveURL(/\/patient\/[0-9a-f]{32}$/);
  await expect(entries(page)).toHaveCount(timelineCardsOfPerson('carol', { withSignIn: true }).length);

  const revocationsBefore = (await ehrStats(request)).revocations;
  await page.getByTestId('smart-sign-out').click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.locator(`[data-testid="archive-sign-in"][data-archive="${PROTECTED}"]`)).toContainText('needs you to sign in');
  await expect.poll(async () => (await ehrStats(request)).revocations).toBeGreaterThan(revocationsBefore);
});

test('signed out, the study list and the timeline say calmly that oncology needs a sign-in; a refused token is an alert', async ({ page, baseURL, request }) => {
  const notice = 'Oncology needs you to sign in; its studies are not shown yet.';
  // The study list: a notice (role status) with Sign in, and no alert about the archive.
  await page.goto('/');
  const banner = page.locator(`[data-testid="archive-sign-in"][data-archive="${PROTECTED}"]`);
  await expect(banner).toHaveText(`${notice}Sign in`);
  await expect(banner).toHaveAttribute('role', 'status');
  await expect(banner.getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  const [alice] = studiesOfPerson('alice');
  await expect(await rowOfStudy(page, alice?.study.studyInstanceUid ?? '')).toHaveCount(1);
  await expect(page.getByRole('alert')).toHaveCount(0);

  // carol's timeline: the archive's chip is the same notice; no element has the alert role.
  const [carol] = studiesOfPerson('carol');
  await page.goto(`/timeline/${carol?.study.archive}/${carol?.study.studyInstanceUid}`);
  await expect(entries(page)).toHaveCount(studiesOfPerson('carol').length);
  await expect(chip(page, PROTECTED)).toHaveAttribute('data-state', 'needs-sign-in');
  await expect(chip(page, PROTECTED).getByRole('status')).toHaveText(notice);
  await expect(chip(page, PROTECTED).getByTestId('archive-sign-in-notice')).toHaveText(notice);
  await expect(chip(page, PROTECTED).getByRole('button', { name: 'Sign in', exact: true })).toBeVisible();
  await expect(page.getByRole('alert')).toHaveCount(0);

  // Signed in, then the token refused: the red alert, with Sign in again, as before.
  await launchFromEhr(page, baseURL as string);
  await expect(chip(page, PROTECTED)).toHaveAttribute('data-state', 'answered');
  expect((await request.post(`${EHR}/ehr/admin/revoke-all`)).ok()).toBe(true);
  await page.goto('/');
  const refused = page.locator(`[data-testid="archive-sign-in"][data-archive="${PROTECTED}"]`);
  await expect(refused).toHaveAttribute('role', 'alert');
  await expect(refused).toHaveAttribute('data-severity', 'error');
  await expect(refused).toContainText('did not accept your sign-in (HTTP 401)');
  await expect(refused.getByRole('button', { name: 'Sign in again' })).toBeVisible();
});
