import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { studyRows } from './support/studyList';

// Only config.json fails; the app, its chunks and the archives are the real ones.
const CONFIG = '**/config.json';

/** The start-up error page: what failed, in words an administrator can act on, and a Retry. */
async function expectStartupError(page: Page, problem: string): Promise<void> {
  const alert = page.getByRole('alert');
  await expect(alert.getByRole('heading')).toHaveText('Longview could not start');
  await expect(alert.getByRole('listitem')).toHaveText([problem]);
  await expect(alert.getByRole('button', { name: 'Retry' })).toBeVisible();
  await expect(page.getByText('Starting Longview…')).toHaveCount(0);
}

test('a config.json that answers with an error says so, and Retry starts the app once it is back', async ({ page }) => {
  await page.route(CONFIG, (route) => route.fulfill({ status: 500, contentType: 'text/plain', body: 'Internal Server Error' }));
  await page.goto('/');
  await expectStartupError(page, 'Longview could not read its configuration (/config.json): HTTP 500');

  await page.unroute(CONFIG);
  await page.getByRole('button', { name: 'Retry' }).click();
  await expect(page.getByRole('heading', { name: 'Longview could not start' })).toHaveCount(0);
  await expect(studyRows(page).first()).toBeVisible();
});

test('a config.json the web server never answers says so', async ({ page }) => {
  await page.route(CONFIG, (route) => route.abort('connectionrefused'));
  await page.goto('/');
  await expectStartupError(page, 'Longview could not read its configuration (/config.json): the web server did not answer');
});
