import type { Locator, Page } from '@playwright/test';
import { expect } from './test';

/**
 * The study table is virtualised (apps/viewer/src/studyList/StudyTable.tsx): only the rows on
 * screen and a few beyond are in the DOM. These read it as a user would, by scrolling the page.
 */

/** The study rows now in the DOM (never the spacer rows that stand in for the others). */
export const studyRows = (page: Page): Locator => page.locator('[data-testid="study-table"] tbody tr[data-study-uid]');

/** Waits until the table says it lists `count` studies (its aria-rowcount counts the header row too). */
export async function expectListedCount(page: Page, count: number): Promise<void> {
  await expect(page.getByTestId('study-table')).toHaveAttribute('aria-rowcount', String(count + 1));
}

/** The rows in the DOM, each with its place in the whole list (0-based) and its study UID. */
async function rowsInDom(page: Page): Promise<Array<{ index: number; uid: string }>> {
  return studyRows(page).evaluateAll((trs) => trs.map((tr) => ({ index: Number(tr.getAttribute('aria-rowindex')) - 2, uid: tr.getAttribute('data-study-uid') ?? '' })));
}

/**
 * Every study UID of the list in its order, read by scrolling the page from the top to the end
 * half a screen at a time; fails if a place in the list was never drawn. Leaves the page at the top.
 */
export async function listedStudyUids(page: Page): Promise<string[]> {
  const count = Number(await page.getByTestId('study-table').getAttribute('aria-rowcount')) - 1;
  const byIndex = new Map<number, string>();
  await page.evaluate(() => window.scrollTo(0, 0));
  for (let step = 0; step < 10_000 && byIndex.size < count; step += 1) {
    // The virtualiser draws on the scroll event's next frame.
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    for (const { index, uid } of await rowsInDom(page)) byIndex.set(index, uid);
    const isAtEnd = await page.evaluate(() => {
      const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1;
      window.scrollBy(0, window.innerHeight / 2);
      return atEnd;
    });
    if (isAtEnd && byIndex.size < count) {
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      for (const { index, uid } of await rowsInDom(page)) byIndex.set(index, uid);
      break;
    }
  }
  await page.evaluate(() => window.scrollTo(0, 0));
  const uids = Array.from({ length: count }, (_, index) => byIndex.get(index));
  const missing = uids.flatMap((uid, index) => (uid === undefined ? [index] : []));
  expect(missing, 'places in the list never drawn while scrolling').toEqual([]);
  return uids as string[];
}

/** The row of `uid`, scrolled into the DOM (and onto the screen) by scrolling the page to it. */
export async function rowOfStudy(page: Page, uid: string): Promise<Locator> {
  const row = page.locator(`[data-testid="study-table"] tbody tr[data-study-uid="${uid}"]`);
  // Every archive has answered: a row that arrives after the sweep passed its place is never seen.
  await expect(page.getByTestId('study-list-status')).not.toContainText('Searching');
  await page.evaluate(() => window.scrollTo(0, 0));
  for (let step = 0; step < 2_000 && (await row.count()) === 0; step += 1) {
    const isAtEnd = await page.evaluate(() => {
      const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 1;
      window.scrollBy(0, window.innerHeight / 2);
      return atEnd;
    });
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    if (isAtEnd) break;
  }
  await expect(row, `study ${uid} is in the list`).toHaveCount(1);
  await row.scrollIntoViewIfNeeded();
  return row;
}

/** How many study rows the DOM holds, and how many of them are on screen now. */
export async function rowsInDomAndVisible(page: Page): Promise<{ inDom: number; visible: number }> {
  return studyRows(page).evaluateAll((trs) => ({
    inDom: trs.length,
    visible: trs.filter((tr) => {
      const box = tr.getBoundingClientRect();
      return box.bottom > 0 && box.top < window.innerHeight && box.height > 0;
    }).length,
  }));
}
