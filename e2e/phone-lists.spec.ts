import type { CDPSession, Locator, Page } from '@playwright/test';
import { expect, test } from './support/test';
import { corpus, isInOpenArchive, studiesOfPerson, type CorpusPerson, type CorpusStudy } from './support/corpus';
import { SCREEN_SIZES, screenContext, touchDevice, type ScreenSize } from './support/devices';
import { withoutMpi } from './support/mpi';

// The study list and the patient timeline at the bedside (issue 29): cards and a list by date
// on a phone, held either way; pinch and drag on a tablet's lanes. Asserted on boxes and DOM
// values, never on screenshots.

const PHONES = [SCREEN_SIZES[0], SCREEN_SIZES[1]].filter((size): size is ScreenSize => size !== undefined);
const PORTRAIT = PHONES[0] as ScreenSize;

/** Without a sign-in the token-protected archive shows nothing (as in e2e/study-list.spec.ts). */
const openStudies = () => corpus().patients.filter(isInOpenArchive).flatMap((patient) => patient.studies.map((study) => ({ patient, study })));
const isoDate = (da: string) => da.replace(/^(\d{4})(\d{2})(\d{2})$/, '$1-$2-$3');
const uidPattern = (uid: string) => uid.replaceAll('.', '\\.');

const newestOf = (person: CorpusPerson, archive: string): CorpusStudy => {
  const study = studiesOfPerson(person)
    .filter((s) => s.study.archive === archive)
    .at(-1)?.study;
  if (!study) throw new Error(`${person} has no study in ${archive}`);
  return study;
};

/** Whether the page scrolls sideways: a phone layout never should. */
async function horizontalOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.scrollingElement?.scrollWidth ?? Number.POSITIVE_INFINITY, innerWidth: window.innerWidth }));
}

async function expectNoHorizontalOverflow(page: Page): Promise<void> {
  const { scrollWidth, innerWidth } = await horizontalOverflow(page);
  expect(scrollWidth, 'the page scrolls sideways').toBeLessThanOrEqual(innerWidth);
}

/**
 * Every piece of visible text (each line box of each text node) and every form field under
 * `root`: pairs whose boxes overlap by more than 2 px both ways, and boxes that run past the
 * screen's right edge. Empty for a layout where nothing is drawn over anything.
 */
async function textCollisions(root: Locator): Promise<{ boxes: number; overlaps: string[]; offScreen: string[] }> {
  return root.evaluate((element) => {
    const boxes: Array<{ label: string; rect: DOMRect }> = [];
    const isShown = (node: Element) => {
      const style = getComputedStyle(node);
      return style.visibility !== 'hidden' && style.display !== 'none' && Number(style.opacity) > 0;
    };
    const walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.textContent?.trim() ?? '';
      const parent = node.parentElement;
      if (!text || !parent || parent.closest('option, select') || !isShown(parent)) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const rect of range.getClientRects()) if (rect.width > 1 && rect.height > 1) boxes.push({ label: text.slice(0, 40), rect });
    }
    for (const field of element.querySelectorAll('input, select')) {
      const rect = field.getBoundingClientRect();
      if (rect.width > 1 && rect.height > 1 && isShown(field)) boxes.push({ label: `<${field.tagName.toLowerCase()} ${field.getAttribute('name') ?? ''}>`, rect });
    }
    const overlaps: string[] = [];
    for (let i = 0; i < boxes.length; i += 1) {
      for (let j = i + 1; j < boxes.length; j += 1) {
        const a = (boxes[i] as (typeof boxes)[number]).rect;
        const b = (boxes[j] as (typeof boxes)[number]).rect;
        const overlapX = Math.min(a.right, b.right) - Math.max(a.left, b.left);
        const overlapY = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
        if (overlapX > 2 && overlapY > 2) overlaps.push(`"${boxes[i]?.label}" over "${boxes[j]?.label}"`);
      }
    }
    const offScreen = boxes.filter(({ rect }) => rect.left < -1 || rect.right > window.innerWidth + 1).map(({ label, rect }) => `"${label}" at ${Math.round(rect.left)}..${Math.round(rect.right)}`);
    return { boxes: boxes.length, overlaps, offScreen };
  });
}

/** Reads the boxes of the locator's elements (in DOM order). */
async function boxesOf(locator: Locator) {
  return locator.evaluateAll((elements) => elements.map((element) => element.getBoundingClientRect().toJSON() as { left: number; right: number; top: number; bottom: number }));
}

for (const size of PHONES) {
  test.describe(`study list, ${size.name}`, () => {
    test.use(screenContext(size));

    test('every study is a card with its patient ID and date, nothing overlaps or scrolls sideways, a tap opens it', async ({ page }) => {
      await page.goto('/');
      const cards = page.getByTestId('study-card');
      const all = openStudies();
      await expect(cards).toHaveCount(all.length);
      await expect(page.getByTestId('study-table')).toHaveCount(0);

      // Every study of the search, each card with its own patient's ID and the study's date.
      const shown = await cards.evaluateAll((elements) => elements.map((element) => ({ uid: element.getAttribute('data-study-uid') ?? '', text: element.textContent ?? '' })));
      expect(shown.map((card) => card.uid).sort()).toEqual(all.map(({ study }) => study.studyInstanceUid).sort());
      for (const { patient, study } of all) {
        const card = shown.find((c) => c.uid === study.studyInstanceUid);
        expect(card?.text, study.studyDescription).toContain(patient.patientId);
        expect(card?.text, study.studyDescription).toContain(isoDate(study.studyDate));
      }

      // The cards and the search form within the screen's width, and not drawn over each other.
      await expectNoHorizontalOverflow(page);
      const layout = await textCollisions(page.locator('.study-list'));
      expect(layout.boxes).toBeGreaterThan(all.length * 5);
      expect(layout.overlaps, 'text drawn over other text').toEqual([]);
      expect(layout.offScreen, 'text past the screen edge').toEqual([]);
      for (const box of await boxesOf(page.getByRole('form', { name: 'Search studies' }).locator('input, select, button'))) {
        expect(box.left).toBeGreaterThanOrEqual(0);
        expect(box.right).toBeLessThanOrEqual(size.width);
      }
      const cardBoxes = await boxesOf(cards);
      for (const box of cardBoxes) expect(box.right).toBeLessThanOrEqual(size.width);

      // The search form works at this width: a name search leaves that patient's cards only.
      await page.getByLabel('Patient name').fill('longview^al');
      await page.getByRole('button', { name: 'Search' }).tap();
      const alice = corpus().patients.find((p) => p.patientId === 'LV-0001');
      if (!alice) throw new Error('corpus lacks LV-0001');
      await expect(cards).toHaveCount(alice.studies.length);
      expect((await cards.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-study-uid') ?? ''))).sort()).toEqual(alice.studies.map((s) => s.studyInstanceUid).sort());
      await expectNoHorizontalOverflow(page);

      // A tap on a card opens that study in the viewer.
      const target = alice.studies[alice.studies.length - 1] as CorpusStudy;
      await page.locator(`[data-testid="study-card"][data-study-uid="${target.studyInstanceUid}"]`).tap();
      await expect(page).toHaveURL(new RegExp(`/viewer/${target.archive}/${uidPattern(target.studyInstanceUid)}`));
    });
  });
}

test.describe('study list cards keep the keyboard', () => {
  test.use(screenContext(PORTRAIT));

  test('arrows move between cards, Enter opens the focused one; the sort choice replaces the column headers', async ({ page }) => {
    await page.goto('/');
    const cards = page.getByTestId('study-card');
    const newestFirst = [...openStudies()].sort((a, b) => b.study.studyDate.localeCompare(a.study.studyDate));
    await expect(cards).toHaveCount(newestFirst.length);
    expect(await cards.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-study-uid')))).toEqual(newestFirst.map(({ study }) => study.studyInstanceUid));

    await page.getByLabel('Sort by').selectOption('studyDate:asc');
    await expect(cards.first()).toHaveAttribute('data-study-uid', newestFirst.at(-1)?.study.studyInstanceUid ?? '');

    await cards.first().focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowUp');
    await expect(cards.nth(1)).toBeFocused();
    await page.keyboard.press('Enter');
    const secondOldest = newestFirst.at(-2)?.study as CorpusStudy;
    await expect(page).toHaveURL(new RegExp(`/viewer/${secondOldest.archive}/${uidPattern(secondOldest.studyInstanceUid)}`));
  });
});

test.describe(`timeline, ${PORTRAIT.name}`, () => {
  test.use(screenContext(PORTRAIT));
  // Links in the data only, as e2e/timeline.spec.ts: the manifest says who is carol.
  test.beforeEach(async ({ page }) => {
    await withoutMpi(page);
  });

  test('a vertical list by date, newest first; the lane and archive filters hide their entries; an entry opens', async ({ page }) => {
    const studies = studiesOfPerson('carol');
    const anchor = newestOf('carol', 'radiology');
    await page.goto(`/timeline/radiology/${anchor.studyInstanceUid}`);
    const entries = page.getByTestId('timeline-entry');
    await expect(entries).toHaveCount(studies.length);
    await expect(page.getByTestId('archive-status').and(page.locator('[data-state="answered"]'))).toHaveCount(4);
    await expect(page.getByTestId('timeline-list')).toBeVisible();
    await expect(page.getByTestId('timeline-lanes')).toHaveCount(0);

    // Newest first: the dates the page shows, in the order it shows them, are the manifest's.
    const newestFirst = [...studies].sort((a, b) => b.study.studyDate.localeCompare(a.study.studyDate));
    const shownDates = await entries.locator('.list-entry-date').allTextContents();
    expect(shownDates).toEqual(newestFirst.map(({ study }) => isoDate(study.studyDate)));
    expect(await entries.evaluateAll((elements) => elements.map((e) => e.getAttribute('data-study-uid')))).toEqual(newestFirst.map(({ study }) => study.studyInstanceUid));
    // Grouped by year, newest year first.
    const years = [...new Set(newestFirst.map(({ study }) => study.studyDate.slice(0, 4)))];
    expect((await page.locator('.timeline-year-heading').allTextContents()).map((heading) => heading.slice(0, 4))).toEqual(years);
    // Each entry says its lane and archive, and the list runs down the screen, one entry under the other.
    const archiveNames: Record<string, string> = { radiology: 'Radiology PACS', cardiology: 'Cardiology CVIS', pathology: 'Pathology & Clinical Photos', clinics: 'Specialty Clinics' };
    const texts = await entries.allTextContents();
    newestFirst.forEach(({ study }, i) => expect(texts[i]).toContain(archiveNames[study.archive] ?? study.archive));
    const boxes = await boxesOf(entries);
    boxes.forEach((box, i) => {
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(PORTRAIT.width);
      if (i > 0) expect(box.top).toBeGreaterThanOrEqual((boxes[i - 1]?.bottom ?? 0) - 1);
    });

    // The identity banner and the archive chips fit the width; so does the whole page.
    for (const box of await boxesOf(page.locator('[data-testid="timeline-banner"], [data-testid="banner-identifier"], [data-testid="archive-status"], .archive-status-bar'))) {
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(PORTRAIT.width);
    }
    await expectNoHorizontalOverflow(page);

    // The lane filter hides that lane's entries, the archive filter that archive's.
    const count = (predicate: (study: CorpusStudy) => boolean) => studies.filter(({ study }) => predicate(study)).length;
    expect(count((s) => s.specialty === 'cardiology')).toBeGreaterThan(0);
    await page.getByRole('group', { name: 'Specialties' }).getByRole('button', { name: /^Cardiology/ }).tap();
    await expect(entries).toHaveCount(count((s) => s.specialty !== 'cardiology'));
    await expect(page.locator('[data-testid="timeline-entry"][data-specialty="cardiology"]')).toHaveCount(0);
    await page.getByRole('button', { name: 'Show all' }).tap();
    await expect(entries).toHaveCount(studies.length);
    expect(count((s) => s.archive === 'clinics')).toBeGreaterThan(0);
    await page.getByRole('checkbox', { name: 'Specialty Clinics' }).uncheck();
    await expect(entries).toHaveCount(count((s) => s.archive !== 'clinics'));
    await expect(page.locator('[data-testid="timeline-entry"][data-archive="clinics"]')).toHaveCount(0);
    await expectNoHorizontalOverflow(page);
    await page.getByRole('button', { name: 'Show all' }).tap();
    await expect(entries).toHaveCount(studies.length);

    // A tap selects an entry and shows its details under it; Open opens it in the viewer.
    const chosen = newestFirst.find(({ study }) => study.archive === 'cardiology')?.study as CorpusStudy;
    const entry = page.locator(`[data-testid="timeline-entry"][data-study-uid="${chosen.studyInstanceUid}"]`);
    await entry.tap();
    const details = page.getByTestId('entry-details');
    await expect(details).toHaveAttribute('data-study-uid', chosen.studyInstanceUid);
    await expect(details.getByTestId('details-archive')).toHaveText('Cardiology CVIS');
    const [entryBox, detailsBox] = [await entry.boundingBox(), await details.boundingBox()];
    expect(detailsBox?.y ?? 0).toBeGreaterThanOrEqual((entryBox?.y ?? 0) + (entryBox?.height ?? 0) - 3);
    expect((detailsBox?.x ?? -1) + (detailsBox?.width ?? Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(PORTRAIT.width);
    await expectNoHorizontalOverflow(page);
    await details.getByRole('button', { name: 'Open' }).tap();
    await expect(page).toHaveURL(new RegExp(`/viewer/cardiology/${uidPattern(chosen.studyInstanceUid)}`));
  });
});

test.describe(`timeline, ${PHONES[1]?.name}`, () => {
  test.use(screenContext(PHONES[1] as ScreenSize));
  test.beforeEach(async ({ page }) => {
    await withoutMpi(page);
  });

  test('the list by date, the banner and the archive chips fit a phone held sideways', async ({ page }) => {
    const studies = studiesOfPerson('carol');
    await page.goto(`/timeline/radiology/${newestOf('carol', 'radiology').studyInstanceUid}`);
    const entries = page.getByTestId('timeline-entry');
    await expect(entries).toHaveCount(studies.length);
    await expect(page.getByTestId('archive-status').and(page.locator('[data-state="answered"]'))).toHaveCount(4);
    await expect(page.getByTestId('timeline-list')).toBeVisible();
    const width = (PHONES[1] as ScreenSize).width;
    for (const box of await boxesOf(page.locator('[data-testid="timeline-banner"], [data-testid="archive-status"], [data-testid="timeline-entry"], [data-testid="entry-details"]'))) {
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(width);
    }
    await expectNoHorizontalOverflow(page);
  });
});

/** One finger or two on the touch screen, through the DevTools protocol (Playwright has no multi-touch). */
async function touch(cdp: CDPSession, type: 'touchStart' | 'touchMove' | 'touchEnd', fingers: ReadonlyArray<{ x: number; y: number }>): Promise<void> {
  await cdp.send('Input.dispatchTouchEvent', { type, touchPoints: fingers.map(({ x, y }, id) => ({ x, y, id, radiusX: 4, radiusY: 4, force: 1 })) });
}

/** What the lanes publish about their axis, and where they are on the page. */
async function lanesAxis(lanes: Locator) {
  return lanes.evaluate((element) => {
    const rect = element.getBoundingClientRect();
    const data = (element as HTMLElement).dataset;
    return {
      zoom: Number(data.zoom),
      startDay: Number(data.startDay),
      pxPerDay: Number(data.pxPerDay),
      scrollLeft: element.scrollLeft,
      left: rect.left,
      top: rect.top,
      width: rect.width,
      pageScale: window.visualViewport?.scale ?? 1,
    };
  });
}

/** The lane labels' width (timeline/useTimelineZoom.ts LABEL_WIDTH_PX): the track starts right of them. */
const LABEL_WIDTH_PX = 150;

test.describe('timeline lanes on a tablet', () => {
  test.use(touchDevice('iPad Pro 11'));
  test.beforeEach(async ({ page }) => {
    await withoutMpi(page);
  });

  test('a pinch zooms the lanes about the day between the fingers; one finger pans them', async ({ page }) => {
    const studies = studiesOfPerson('carol');
    await page.goto(`/timeline/radiology/${newestOf('carol', 'radiology').studyInstanceUid}`);
    const lanes = page.getByTestId('timeline-lanes');
    await expect(page.getByTestId('timeline-entry')).toHaveCount(studies.length);
    await expect(lanes).toHaveAttribute('data-zoom', '1');

    // Two fingers 80 px apart in the middle of the first lane spread to 320 px: four times the zoom.
    const before = await lanesAxis(lanes);
    const centre = { x: before.left + LABEL_WIDTH_PX + (before.width - LABEL_WIDTH_PX) * 0.55, y: before.top + 24 + 40 };
    const dayUnderCentre = before.startDay + (before.scrollLeft + centre.x - before.left - LABEL_WIDTH_PX) / before.pxPerDay;
    const cdp = await page.context().newCDPSession(page);
    await touch(cdp, 'touchStart', [{ x: centre.x - 40, y: centre.y }, { x: centre.x + 40, y: centre.y }]);
    for (let step = 1; step <= 12; step += 1) {
      const half = 40 + (120 * step) / 12;
      await touch(cdp, 'touchMove', [{ x: centre.x - half, y: centre.y }, { x: centre.x + half, y: centre.y }]);
    }
    await touch(cdp, 'touchEnd', []);
    await expect.poll(async () => (await lanesAxis(lanes)).zoom).toBeGreaterThan(3.5);
    const after = await lanesAxis(lanes);
    expect(after.zoom).toBeLessThan(4.5);
    expect(after.pxPerDay / before.pxPerDay).toBeCloseTo(after.zoom, 3);
    // The day that was under the fingers' centre is still under it, within a few pixels.
    const dayX = after.left + LABEL_WIDTH_PX + (dayUnderCentre - after.startDay) * after.pxPerDay - after.scrollLeft;
    expect(Math.abs(dayX - centre.x)).toBeLessThanOrEqual(6);
    // The lanes zoomed, not the page.
    expect(after.pageScale).toBe(1);

    // One finger on the lanes: past the browser's touch slop (15 px, which starts a pan without
    // moving anything), then 200 px further to the left, held still and lifted. The lanes
    // follow the finger 1:1 and stop where it stopped.
    const start = { x: centre.x + 150, y: centre.y };
    const dragTo = async (from: number, to: number, steps: number) => {
      for (let step = 1; step <= steps; step += 1) {
        await touch(cdp, 'touchMove', [{ x: from + ((to - from) * step) / steps, y: start.y }]);
        await page.waitForTimeout(16);
      }
    };
    await touch(cdp, 'touchStart', [start]);
    await dragTo(start.x, start.x - 30, 3);
    await page.waitForTimeout(100);
    const panStart = (await lanesAxis(lanes)).scrollLeft;
    expect(panStart, 'the pan started').toBeGreaterThan(after.scrollLeft);
    await dragTo(start.x - 30, start.x - 230, 20);
    // Held still before lifting, so that no fling carries the lanes further.
    await page.waitForTimeout(300);
    const held = (await lanesAxis(lanes)).scrollLeft;
    await touch(cdp, 'touchEnd', []);
    await page.waitForTimeout(300);
    const panned = await lanesAxis(lanes);
    expect(panned.zoom).toBe(after.zoom);
    expect(held - panStart, 'the lanes follow the finger').toBeGreaterThanOrEqual(195);
    expect(held - panStart, 'the lanes follow the finger').toBeLessThanOrEqual(205);
    expect(Math.abs(panned.scrollLeft - held), 'the lanes stop where the finger stopped').toBeLessThanOrEqual(5);
  });
});
