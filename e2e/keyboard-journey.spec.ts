import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { findSeries, studiesOfPerson } from './support/corpus';
import { SCREEN_SIZES, screenContext } from './support/devices';
import { waitForImage } from './support/viewer';

/**
 * A reader with a keyboard and nothing else (WCAG 2.1.1 Keyboard, 2.4.7 Focus visible): from the
 * study list into a study, through its images, to a window preset, the patient's timeline and
 * the comparison with the prior. Only page.keyboard drives the pages; the DOM is read to check
 * where focus is and that each step did what it says.
 */

const laptop = SCREEN_SIZES.find((size) => size.name === 'laptop 1280×800');
if (!laptop) throw new Error('no laptop 1280×800 in e2e/support/devices.ts');
test.use(screenContext(laptop));

const ct = findSeries('ct-chest-axial');
/** Enough for every control before the target; a page that needs more has lost its Tab order. */
const MAX_TAB_PRESSES = 80;

interface FocusFacts {
  description: string;
  outlineWidth: number;
  outlineStyle: string;
  boxShadow: string;
}

/** What the focused element is and how its focus is drawn. */
async function focusFacts(page: Page): Promise<FocusFacts> {
  return page.evaluate(() => {
    const element = document.activeElement as HTMLElement | null;
    if (!element || element === document.body) return { description: 'body', outlineWidth: 0, outlineStyle: 'none', boxShadow: 'none' };
    // A date field's calendar button, in the browser's own shadow tree, is a Tab stop where the
    // field is the active element but not :focus; the browser draws that button's focus itself.
    if (!document.hasFocus() || !element.matches(':focus')) return { description: 'outside the page', outlineWidth: 0, outlineStyle: 'none', boxShadow: 'none' };
    const style = getComputedStyle(element);
    const name = element.getAttribute('aria-label') ?? element.textContent?.trim().slice(0, 40) ?? '';
    return {
      description: `${element.outerHTML.slice(0, 160)} "${name}"`,
      outlineWidth: parseFloat(style.outlineWidth) || 0,
      outlineStyle: style.outlineStyle,
      boxShadow: style.boxShadow,
    };
  });
}

/** The focused element shows it: an outline of some width, or a box shadow. */
async function expectFocusVisible(page: Page): Promise<void> {
  const facts = await focusFacts(page);
  const hasRing = (facts.outlineWidth > 0 && facts.outlineStyle !== 'none') || (facts.boxShadow !== 'none' && facts.boxShadow !== '');
  expect(hasRing, `focus is not visible on ${facts.description} (outline ${facts.outlineWidth}px ${facts.outlineStyle}, box-shadow ${facts.boxShadow})`).toBe(true);
}

/**
 * Presses Tab (or Shift+Tab) until the focused element matches `selector`, checking on the
 * way that every element the keyboard reaches shows its focus.
 */
async function tabTo(page: Page, selector: string, { backwards = false } = {}): Promise<void> {
  for (let presses = 0; presses < MAX_TAB_PRESSES; presses += 1) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    if (['body', 'outside the page'].includes((await focusFacts(page)).description)) continue;
    await expectFocusVisible(page);
    if (await page.evaluate((wanted) => document.activeElement?.matches(wanted) ?? false, selector)) return;
  }
  throw new Error(`${MAX_TAB_PRESSES} ${backwards ? 'Shift+Tab' : 'Tab'} presses did not reach ${selector}`);
}

const focusedViewport = (page: Page) => page.locator('[data-testid="viewport"]:focus');
/** The cell (toolbars, image, overlay) of the viewport that has focus now, pinned by position so it stays found when focus moves on. */
async function cellOfFocusedViewport(page: Page) {
  const index = await page.getByTestId('viewport').evaluateAll((elements) => elements.indexOf(document.activeElement as HTMLElement));
  expect(index, 'an image has focus').toBeGreaterThanOrEqual(0);
  return page.locator('.stack-viewport').filter({ has: page.getByTestId('viewport') }).nth(index);
}

test('keyboard only: list → study → images → preset → timeline → compare, focus always visible', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('/');
  await expect(page.locator('[data-testid="study-table"] tbody tr').first()).toBeVisible();

  await test.step('study list: Tab to the studies, arrows to alice\'s CT, Enter opens it', async () => {
    await tabTo(page, '[data-testid="study-table"] tbody tr');
    for (let presses = 0; presses < 200; presses += 1) {
      if ((await page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.studyUid)) === ct.study.studyInstanceUid) break;
      await page.keyboard.press('ArrowDown');
    }
    await expect(page.locator(`[data-testid="study-table"] tbody tr[data-study-uid="${ct.study.studyInstanceUid}"]`)).toBeFocused();
    await expectFocusVisible(page);
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(new RegExp(`/viewer/${ct.study.archive}/${ct.study.studyInstanceUid.replaceAll('.', '\\.')}`));
    await waitForImage(page);
  });

  await test.step('viewer: Tab to the image, which is named by its text alternative; arrows scroll', async () => {
    await tabTo(page, '[data-testid="viewport"]');
    const viewport = focusedViewport(page);
    await expect(viewport).toHaveAttribute('data-image-rect', /\d/);
    const before = Number(await viewport.getAttribute('data-image-index'));
    const count = Number(/of (\d+)/.exec((await viewport.getAttribute('aria-label')) ?? '')?.[1]);
    expect(count, 'the image\'s text alternative says how many images there are').toBeGreaterThan(3);
    for (let i = 0; i < 3; i += 1) await page.keyboard.press('ArrowDown');
    await expect(viewport).toHaveAttribute('data-image-index', String(before + 3));
    await expectFocusVisible(page);
    await expect(viewport).toHaveAttribute('aria-label', new RegExp(`, image ${before + 4} of ${count}, window -?\\d+ level -?\\d+`));
    // The live region says it too, once the reader stops scrolling.
    const cell = await cellOfFocusedViewport(page);
    await expect(cell.getByTestId('viewport-announcement')).toContainText(`image ${before + 4} of ${count}`);
  });

  await test.step('window preset: Shift+Tab back to "Mediastinum" in the toolbar, Enter applies it', async () => {
    const cell = await cellOfFocusedViewport(page);
    const windowBefore = await cell.getByTestId('overlay-window').textContent();
    expect(windowBefore).not.toBe('W 350 L 50');
    await tabTo(page, '[data-preset="mediastinum"]', { backwards: true });
    await page.keyboard.press('Enter');
    await expect(cell.getByTestId('overlay-window')).toHaveText('W 350 L 50');
    await expect(cell.getByTestId('viewport')).toHaveAttribute('aria-label', /window 350 level 50/);
    await expectFocusVisible(page);
  });

  await test.step('timeline: T opens the patient\'s timeline; Tab reaches the study, focused', async () => {
    await page.keyboard.press('t');
    await expect(page).toHaveURL(new RegExp(`/timeline/${ct.study.archive}/${ct.study.studyInstanceUid.replaceAll('.', '\\.')}`));
    await expect(page.getByTestId('timeline-entry')).toHaveCount(studiesOfPerson(ct.patient.person).length);
    await tabTo(page, `[data-testid="timeline-entry"][data-study-uid="${ct.study.studyInstanceUid}"]`);
    await expect(page.getByTestId('comparable-prior')).toHaveAttribute('data-study-uid', /\d/);
  });

  await test.step('compare: C compares the study with its prior, side by side', async () => {
    const prior = await page.getByTestId('comparable-prior').getAttribute('data-study-uid');
    await page.keyboard.press('c');
    await expect(page).toHaveURL(new RegExp(`/compare/${ct.study.archive}/${ct.study.studyInstanceUid.replaceAll('.', '\\.')}/[a-z]+/${(prior ?? '').replaceAll('.', '\\.')}`));
    const panes = page.getByTestId('compare-pane');
    await expect(panes).toHaveCount(2);
    for (const pane of [panes.nth(0), panes.nth(1)]) await expect(pane.getByTestId('viewport')).toHaveAttribute('data-image-rect', /\d/);
    // The keyboard reaches the compared images too, focus drawn.
    await tabTo(page, '[data-testid="compare-pane"] [data-testid="viewport"]');
  });
});
