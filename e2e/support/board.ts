import { expect, type Browser, type Page } from '@playwright/test';
import { cell } from './grid';

/** Both sides of a shared view use the same window size, so the same view gives the same pixels. */
export const BOARD_VIEWPORT_SIZE = { width: 1400, height: 900 };

/** A page in a browser context of its own: another participant, with its own storage. */
export async function participantPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ viewport: BOARD_VIEWPORT_SIZE, deviceScaleFactor: 1 });
  return context.newPage();
}

/** Makes a grid cell the active one, as a click into it does. */
export async function activateCell(page: Page, index: number): Promise<void> {
  await cell(page, index).getByTestId('viewport').click({ position: { x: 8, y: 8 } });
  await expect(cell(page, index)).toHaveAttribute('data-active', 'true');
}

/** Types an exact window into a cell's W/L entry. */
export async function setCellWindow(page: Page, index: number, width: number, center: number): Promise<void> {
  await cell(page, index).getByLabel('Window width', { exact: true }).fill(String(width));
  await cell(page, index).getByLabel('Window level', { exact: true }).fill(String(center));
  await cell(page, index).getByRole('button', { name: 'Apply' }).click();
  await expect(cell(page, index).getByTestId('overlay-window')).toHaveText(`W ${width} L ${center}`);
}
