import type { Browser, Page } from '@playwright/test';
import { expect, test } from './support/test';
import { findSeries, viewerUrl } from './support/corpus';
import { SCREEN_SIZES, ZOOMED_LAPTOP, screenContext, type ScreenSize } from './support/devices';
import { studyUrl, waitForCellImage } from './support/grid';
import { boxesOverlap, controlStates, hasLiveDockSettled, horizontalOverflow, isFullyVisible, overlappingTextBoxes } from './support/layout';
import { watchRequestsBesidesPixelData } from './support/requests.mjs';
import { encodeSharedSession } from '../packages/shared-view/src/index';
import { imageRectOf, waitForImage } from './support/viewer';

/**
 * Issue 29: every page fits every screen a clinician holds, from a phone either way up to a
 * laptop. Judged from bounding boxes: no text on text, nothing wider than the screen, every
 * toolbar control fully visible or in a menu that opens, the patient always named.
 */

const ct = findSeries('ct-chest-axial');
const prior = findSeries('ct-chest-prior-axial');

interface Route {
  name: string;
  url: string;
  /** Cells the viewer hangs (viewer routes only). */
  cells?: number;
  /** Whose toolbars the page has: the study viewer's (header, reading toolbar, cells) or the compare view's panes. */
  toolbars?: 'viewer' | 'compare';
  ready: (page: Page) => Promise<void>;
}

const sharedBoard = encodeSharedSession({
  cases: [
    {
      archiveId: ct.study.archive,
      studyUid: ct.study.studyInstanceUid,
      layout: { rows: 1, columns: 2 },
      cells: [
        { study: 'current', seriesUid: ct.series.seriesInstanceUid, image: 100, window: { center: 40, width: 400 } },
        { study: 'prior', seriesUid: prior.series.seriesInstanceUid, image: 30 },
      ],
      prior: { archiveId: prior.study.archive, studyUid: prior.study.studyInstanceUid },
    },
  ],
  activeCase: 0,
});

const ROUTES: Route[] = [
  { name: 'stack viewer (series link)', url: viewerUrl('ct-chest-axial'), cells: 1, ready: waitForImage },
  { name: '1×2 current/prior protocol', url: studyUrl('ct-chest-axial'), cells: 2, ready: async (page) => waitForCellImage(page, 1) },
  { name: '2×2 protocol', url: studyUrl('mr-brain-t2'), cells: 4, ready: async (page) => waitForCellImage(page, 3) },
  { name: 'shared board link', url: `/board#${sharedBoard}`, cells: 2, ready: async (page) => waitForCellImage(page, 1) },
  {
    name: 'compare',
    url: `/compare/${ct.study.archive}/${ct.study.studyInstanceUid}/${prior.study.archive}/${prior.study.studyInstanceUid}`,
    toolbars: 'compare',
    ready: async (page) => expect(page.getByTestId('viewport')).toHaveCount(2).then(() => expect(page.getByTestId('viewport').nth(1)).toHaveAttribute('data-image-rect', /\d/)),
  },
  {
    name: 'study list',
    url: '/',
    // Every archive has answered and rows (table on a laptop, cards on a phone) are drawn. The
    // list is newest first and draws only the rows on screen, so whose rows these are varies.
    ready: async (page) => {
      await expect(page.locator('[data-testid="study-table"] tbody tr[data-study-uid], [data-testid="study-card"]').first()).toBeVisible();
      await expect(page.getByTestId('study-list-status')).not.toContainText('Searching');
    },
  },
  { name: 'patient timeline', url: `/timeline/${ct.study.archive}/${ct.study.studyInstanceUid}`, ready: async (page) => expect(page.getByTestId('timeline-entry').first()).toBeVisible() },
  { name: 'IID launch error', url: '/IHEInvokeImageDisplay?requestType=STUDY', ready: async (page) => expect(page.getByTestId('iid-problems')).toBeVisible() },
  { name: 'live join (ended session)', url: '/live/no-such-session', ready: async (page) => expect(page.getByRole('alert').first()).toBeVisible() },
];

/** The controls a route's toolbars hold, and where the phone's menus keep them. */
async function expectToolbarControlsReachable(page: Page, size: ScreenSize, route: Route): Promise<void> {
  const activeToolbars = route.toolbars === 'compare' ? '.compare-pane.active .viewport-tools' : '.reading-toolbar, .viewport-cell.active .viewport-tools';
  const cutOff = (await controlStates(page.locator(`.app-header, ${activeToolbars}`))).filter((control) => control.state === 'cut-off');
  expect(cutOff, `controls cut off on ${route.name} at ${size.name}`).toEqual([]);
  // A tablet held upright and a phone keep the toolbars behind Tools (TOOLS_MENU_QUERY); wider screens show them all.
  const hasToolsMenu = size.isPhoneLayout || size.width < 1024;
  if (!hasToolsMenu) {
    const hidden = (await controlStates(page.locator(activeToolbars))).filter((control) => control.state !== 'fully-visible');
    expect(hidden.length + (await page.locator(activeToolbars).locator('button').count()), 'the toolbars have buttons').toBeGreaterThan(10);
    expect(hidden, `toolbar controls not shown on ${route.name} at ${size.name}`).toEqual([]);
    return;
  }
  // The toolbars open from Tools (and on a phone the header's actions from More); each opened menu shows every control.
  const tools = page.getByTestId('tools-toggle');
  expect(await isFullyVisible(tools), 'the Tools button is on screen').toBe(true);
  await tools.click();
  const sheet = await controlStates(page.locator(activeToolbars), { scrollMenusMatching: '.viewport-tools' });
  expect(sheet.length, 'the Tools sheet holds the toolbars').toBeGreaterThan(10);
  expect(sheet.filter((control) => control.state !== 'fully-visible'), `Tools sheet on ${route.name} at ${size.name}`).toEqual([]);
  await tools.click();
  await expect(page.locator(activeToolbars).locator('button').first()).toBeHidden();
  if (route.toolbars === 'compare' || !size.isPhoneLayout) return;
  const more = page.getByTestId('header-actions-toggle');
  expect(await isFullyVisible(more), 'the More button is on screen').toBe(true);
  await more.click();
  const actions = await controlStates(page.getByTestId('header-actions'), { scrollMenusMatching: '.header-actions' });
  expect(actions.map((control) => control.name)).toEqual(expect.arrayContaining(['Patient timeline', 'Share…', 'Export…']));
  expect(actions.filter((control) => control.state !== 'fully-visible'), `header actions on ${route.name} at ${size.name}`).toEqual([]);
  await more.click();
}

async function openAt(browser: Browser, size: ScreenSize): Promise<Page> {
  const context = await browser.newContext(screenContext(size));
  return context.newPage();
}

for (const size of [...SCREEN_SIZES, ZOOMED_LAPTOP]) {
  test(`every page fits ${size.name}`, async ({ browser }) => {
    test.setTimeout(240_000);
    const page = await openAt(browser, size);
    const requests = watchRequestsBesidesPixelData(page);
    for (const route of ROUTES) {
      await test.step(route.name, async () => {
        await page.goto(route.url);
        await route.ready(page);
        // Text settles once the series lists and thumbnails have answered; the pixels streaming on
        // (and the progress words they move) are not waited for.
        await requests.quiet();
        expect(await horizontalOverflow(page), `${route.name} is wider than ${size.name}`).toBe(0);
        expect(await overlappingTextBoxes(page), `text on text on ${route.name} at ${size.name}`).toEqual([]);
        const isViewerPage = route.cells !== undefined || route.toolbars === 'compare';
        if (!isViewerPage) return;
        for (const testId of ['banner-patient-name', 'banner-patient-id', 'banner-birth-date']) {
          expect(await isFullyVisible(page.getByTestId(testId)), `${testId} on ${route.name} at ${size.name}`).toBe(true);
        }
        await expect(page.getByTestId('banner-patient-id').first()).toHaveText(ct.patient.patientId);
        if (route.cells === undefined) {
          await expectToolbarControlsReachable(page, size, route);
          return;
        }
        if (size.isPhoneLayout) {
          // One viewport fills the reading area, and the cell switch names every cell.
          await expect(page.locator('.viewport-cell.active')).toHaveCount(1);
          const shown = await page.getByTestId('viewport-cell').evaluateAll((cells) => cells.filter((cell) => getComputedStyle(cell).visibility !== 'hidden').length);
          expect(shown).toBe(1);
          const grid = await page.getByTestId('viewport-grid').boundingBox();
          const active = await page.locator('.viewport-cell.active').boundingBox();
          expect(active?.width).toBeCloseTo(grid?.width ?? 0, 0);
          expect(active?.height).toBeCloseTo(grid?.height ?? 0, 0);
          if (route.cells > 1) await expect(page.getByTestId('cell-switch').getByRole('button')).toHaveCount(route.cells);
        }
        await expectToolbarControlsReachable(page, size, route);
      });
    }
    await page.context().close();
  });
}

test('on a phone the cell switch shows the prior, with its banner and its own image', async ({ browser }) => {
  const page = await openAt(browser, SCREEN_SIZES[0]!);
  await page.goto(studyUrl('ct-chest-axial'));
  await waitForCellImage(page, 1);
  const cells = page.getByTestId('viewport-cell');
  await expect(cells.nth(0)).toHaveAttribute('data-active', 'true');
  await page.getByTestId('cell-switch').getByRole('button', { name: /^Prior/ }).click();
  await expect(cells.nth(1)).toHaveAttribute('data-active', 'true');
  await expect(cells.nth(1)).toHaveCSS('visibility', 'visible');
  await expect(cells.nth(0)).toHaveCSS('visibility', 'hidden');
  await expect(cells.nth(1).getByTestId('prior-banner')).toHaveAttribute('data-study-uid', prior.study.studyInstanceUid);
  // The prior's image fills the screen's width now (the 4 mm prior has 80 images).
  const rect = (await cells.nth(1).getByTestId('viewport').getAttribute('data-image-rect'))?.split(',').map(Number) ?? [];
  expect(rect[2]).toBeGreaterThan(300);
  await expect(cells.nth(1).getByTestId('overlay-image-number')).toContainText('/80');
  expect(await overlappingTextBoxes(page)).toEqual([]);
  await page.context().close();
});

test('the live session bar covers no overlay text and no control at 1280×800', async ({ browser }) => {
  const page = await openAt(browser, SCREEN_SIZES.find((size) => size.width === 1280)!);
  await page.goto(studyUrl('ct-chest-axial'));
  await waitForCellImage(page, 1);
  await page.getByRole('button', { name: 'Share…' }).click();
  await page.getByRole('button', { name: 'Start live session' }).click();
  const panel = page.getByTestId('live-panel');
  await expect(panel).toHaveAttribute('data-connection', 'open');
  await expect(page.getByRole('button', { name: 'Start live session' })).toBeHidden();
  await expect.poll(() => hasLiveDockSettled(page)).toBe(true);
  const corners = page.locator('[data-testid=viewport-overlay] .corner');
  expect(await corners.count()).toBe(8);
  for (let i = 0; i < 8; i += 1) expect(await boxesOverlap(panel, corners.nth(i)), `overlay corner ${i}`).toBe(false);
  // The prior's W/L and zoom corner, which a floating panel used to cover, is whole on screen.
  expect(await isFullyVisible(page.getByTestId('viewport-cell').nth(1).getByTestId('overlay-window'))).toBe(true);
  expect(await isFullyVisible(page.getByTestId('viewport-cell').nth(1).getByTestId('overlay-zoom'))).toBe(true);
  const cut = (await controlStates(page.locator('.study-header, .reading-toolbar, .viewport-cell.active .viewport-tools'))).filter((control) => control.state === 'cut-off');
  expect(cut).toEqual([]);
  expect(await overlappingTextBoxes(page)).toEqual([]);
  await page.getByRole('button', { name: 'End for everyone' }).click();
  await page.context().close();
});

test('an IID study launch on a phone shows the first image and the banner without scrolling', async ({ browser }) => {
  const page = await openAt(browser, SCREEN_SIZES[0]!);
  await page.goto(`/IHEInvokeImageDisplay?${new URLSearchParams({ requestType: 'STUDY', studyUID: ct.study.studyInstanceUid }).toString()}`);
  await waitForImage(page);
  await expect(page.getByTestId('banner-patient-id')).toHaveText(ct.patient.patientId);
  for (const testId of ['banner-patient-name', 'banner-patient-id', 'banner-birth-date', 'banner-study-date']) {
    expect(await isFullyVisible(page.getByTestId(testId)), testId).toBe(true);
  }
  // The image itself lies inside the window: its drawn rectangle, offset by the viewport element's place.
  const element = await page.getByTestId('viewport').first().boundingBox();
  const { x, y, width, height } = await imageRectOf(page.getByTestId('viewport').first());
  expect(width).toBeGreaterThan(300);
  expect((element?.y ?? 0) + y).toBeGreaterThanOrEqual(0);
  expect((element?.y ?? 0) + y + height).toBeLessThanOrEqual(844);
  expect((element?.x ?? 0) + x + width).toBeLessThanOrEqual(390 + 0.5);
  const scroll = await page.evaluate(() => ({ height: (document.scrollingElement ?? document.documentElement).scrollHeight, top: window.scrollY }));
  expect(scroll.height).toBeLessThanOrEqual(844);
  expect(scroll.top).toBe(0);
  await page.context().close();
});
