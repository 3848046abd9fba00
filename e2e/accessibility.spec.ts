import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { findSeries, studiesOfPerson, timelineCardsOfPerson, viewerUrl } from './support/corpus';
import { SCREEN_SIZES, screenContext, type ScreenSize } from './support/devices';
import { launchFromEhr } from './support/ehr';
import { waitForImage } from './support/viewer';

/**
 * WCAG 2.2 AA (issue 29, "At the bedside"): axe-core, the field's standard rules engine, scans
 * every route once its real content is on screen (the image drawn, the slide settled, the
 * document's first page shown), at a laptop's size and at a phone's. A serious or critical
 * violation fails the route; the message names each rule and the elements it flagged.
 *
 * One browser context per size serves every route, so the spec costs the routes' own load
 * times and a scan each (1-3 s), not a cold start per route.
 */

const WCAG_22_AA_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'];
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);
const SIZES_SCANNED = ['laptop 1280×800', 'phone portrait 390×844'];

/** The newest study of carol's in `archive` (she has a record in every archive). */
function newestOfCarol(archive: string) {
  const study = studiesOfPerson('carol').filter((entry) => entry.study.archive === archive).at(-1)?.study;
  if (!study) throw new Error(`carol has no study in ${archive}`);
  return study;
}

/** carol's newest chest CT and the most recent earlier one of the same body part: what the timeline compares. */
function compareUrl(): string {
  const current = newestOfCarol('radiology');
  const prior = studiesOfPerson('carol')
    .map(({ study }) => study)
    .filter((study) => study.archive === 'radiology' && study.modalities.includes('CT') && study.bodyPart === current.bodyPart && study.studyDate < current.studyDate)
    .at(-1);
  if (!prior) throw new Error('carol has no prior CT to compare with');
  return `/compare/radiology/${current.studyInstanceUid}/radiology/${prior.studyInstanceUid}`;
}

/** Rules broken with serious or critical impact, one line each: rule, what it means, where. */
async function blockingViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page }).withTags(WCAG_22_AA_TAGS).analyze();
  return results.violations
    .filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ''))
    .map((violation) => {
      const targets = violation.nodes.slice(0, 6).map((node) => node.target.join(' ')).join(' | ');
      const more = violation.nodes.length > 6 ? ` (+${violation.nodes.length - 6} more)` : '';
      return `${violation.impact} ${violation.id}: ${violation.help} @ ${targets}${more}`;
    });
}

/** Scans the page as it is now; a failure is soft so that one run reports every route. */
async function expectAccessible(page: Page, size: ScreenSize, route: string): Promise<void> {
  const found = await blockingViolations(page);
  test.info().annotations.push({ type: 'axe', description: `${size.name} ${route}: ${found.length} serious or critical` });
  expect.soft(found, `${route} at ${size.name}: serious or critical WCAG 2.2 AA violations:\n${found.join('\n')}\n`).toEqual([]);
}

const stackViewport = (page: Page) => page.getByTestId('viewport').first();

/** Opens the share dialog: its header button on a laptop; on a phone, where it sits in a menu, its shortcut S. */
async function openShareDialog(page: Page): Promise<void> {
  const share = page.getByRole('button', { name: 'Share…' });
  if (await share.isVisible()) await share.click();
  else await page.keyboard.press('s');
  await expect(page.getByTestId('share-dialog')).toBeVisible();
}

for (const sizeName of SIZES_SCANNED) {
  const size = SCREEN_SIZES.find((candidate) => candidate.name === sizeName);
  if (!size) throw new Error(`no screen size "${sizeName}" in e2e/support/devices.ts`);

  test(`every route meets WCAG 2.2 AA (no serious or critical axe violation) at ${size.name}`, async ({ browser, baseURL }) => {
    // Fourteen scans behind real loads (CT stacks, a slide, a video, a live session) on two cores.
    test.setTimeout(480_000);
    const context = await browser.newContext(screenContext(size));
    const page = await context.newPage();

    await test.step('study list', async () => {
      await page.goto('/');
      // A table on a laptop, cards on a phone.
      await expect(page.locator('[data-testid="study-table"] tbody tr, [data-testid="study-card"]').first()).toBeVisible();
      await expectAccessible(page, size, 'study list');
    });

    await test.step('stack viewer', async () => {
      await page.goto(viewerUrl('ct-chest-axial'));
      await waitForImage(page);
      await expectAccessible(page, size, 'stack viewer');
    });

    await test.step('video', async () => {
      await page.goto(viewerUrl('es-video-h264'));
      await expect(page.getByTestId('video-viewport')).toHaveAttribute('data-has-frame', 'true');
      await expectAccessible(page, size, 'video');
    });

    await test.step('whole slide', async () => {
      await page.goto(viewerUrl('dana-wsi-he'));
      await expect(page.getByTestId('wsi-viewport')).toHaveAttribute('data-settled', 'true', { timeout: 30_000 });
      await expectAccessible(page, size, 'whole slide');
    });

    await test.step('PDF', async () => {
      await page.goto(viewerUrl('dana-outside-report-pdf'));
      await expect(page.getByTestId('pdf-page')).toHaveText(/^Page 1 of \d+$/);
      await expect(page.getByTestId('pdf-text-layer')).not.toBeEmpty();
      await expectAccessible(page, size, 'PDF');
    });

    await test.step('ECG', async () => {
      await page.goto(viewerUrl('dana-resting-ecg'));
      await expect(page.getByTestId('ecg-lead-label').first()).toBeVisible();
      await expectAccessible(page, size, 'ECG');
    });

    await test.step('patient timeline', async () => {
      const anchor = newestOfCarol('radiology');
      await page.goto(`/timeline/radiology/${anchor.studyInstanceUid}`);
      await expect(page.getByTestId('entry-details')).toHaveAttribute('data-study-uid', anchor.studyInstanceUid);
      await expect(page.getByTestId('timeline-entry')).toHaveCount(studiesOfPerson('carol').length);
      await expectAccessible(page, size, 'patient timeline');
    });

    await test.step('compare', async () => {
      await page.goto(compareUrl());
      const panes = page.getByTestId('compare-pane');
      await expect(panes).toHaveCount(2);
      for (const pane of [panes.nth(0), panes.nth(1)]) await expect(pane.getByTestId('viewport')).toHaveAttribute('data-image-rect', /\d/);
      await expectAccessible(page, size, 'compare');
    });

    await test.step('IID error', async () => {
      await page.goto('/IHEInvokeImageDisplay?requestType=SERIES');
      await expect(page.getByTestId('iid-problem')).toBeVisible();
      await expectAccessible(page, size, 'IID error');
    });

    await test.step('shared link, and the share dialog', async () => {
      const ct = findSeries('ct-chest-axial');
      await page.goto(viewerUrl('ct-chest-axial'));
      await waitForImage(page);
      await openShareDialog(page);
      const link = new URL(await page.getByTestId('share-link').inputValue());
      await expectAccessible(page, size, 'share dialog');
      await page.goto(link.pathname + link.hash);
      await expect(page).toHaveURL(new RegExp(`/viewer/${ct.study.archive}/${ct.study.studyInstanceUid.replaceAll('.', '\\.')}`));
      await expect(stackViewport(page)).toHaveAttribute('data-shared-view-key', /\d/);
      await waitForImage(page);
      await expectAccessible(page, size, 'shared link');
    });

    await test.step('live session: presenter and the join page', async () => {
      await openShareDialog(page);
      await page.getByRole('button', { name: 'Start live session' }).click();
      const panel = page.getByTestId('live-panel');
      await expect(panel).toHaveAttribute('data-connection', 'open');
      const link = new URL(await page.getByTestId('live-link').inputValue());
      await expectAccessible(page, size, 'live session, presenter');
      // An attendee in another tab: sessionStorage (the live client's identity) is per tab.
      const attendee = await context.newPage();
      await attendee.goto(link.pathname);
      await expect(attendee.getByTestId('live-panel')).toHaveAttribute('data-role', 'attendee');
      await waitForImage(attendee);
      await expectAccessible(attendee, size, 'live session, attendee');
      await attendee.close();
    });

    await test.step('SMART launch from the EHR', async () => {
      await launchFromEhr(page, baseURL as string);
      await expect(page).toHaveURL(/\/patient\/[0-9a-f]{32}$/);
      await expect(page.getByTestId('smart-session')).toHaveAttribute('data-state', 'active');
      // This tab still presents the live session of the step before. Twice in CI the rejoin's
      // welcome took it back to the session's case (tumor-board-live.spec.ts now pins that); a
      // failure here carries what the page said, and where.
      await expect(page.getByTestId('timeline-entry'))
        .toHaveCount(timelineCardsOfPerson('carol', { withSignIn: true }).length)
        .catch(async (error: Error) => {
          const said = await page.locator('body').innerText().catch(() => '(page text unreadable)');
          throw new Error(`${error.message}\nThe page said, at ${page.url()}:\n${said.slice(0, 2000)}`);
        });
      await expectAccessible(page, size, 'SMART launch');
    });

    await context.close();
  });
}
