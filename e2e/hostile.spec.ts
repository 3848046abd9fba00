import type { Page, Route } from '@playwright/test';
import { expect, test } from './support/test';
import { findSeries, viewerUrl } from './support/corpus';
import { waitForImage } from './support/viewer';

// Hostile and broken input (docs/decisions/0007-hostile-input.md): every case ends in its own
// message, the other series of the same study still render, and no payload ever runs.

/** Counts dialogs and any console call carrying the payloads' marker, before any app code runs. */
async function installPayloadHook(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const hits: string[] = [];
    (window as Window & { __payloadHits?: string[] }).__payloadHits = hits;
    for (const name of ['alert', 'confirm', 'prompt'] as const) {
      window[name] = ((...args: unknown[]) => {
        hits.push(`${name}:${String(args[0])}`);
        return null;
      }) as never;
    }
    for (const level of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      const original = console[level].bind(console);
      console[level] = (...args: unknown[]) => {
        if (args.some((arg) => String(arg).includes('PWNED'))) hits.push(`console.${level}`);
        original(...args);
      };
    }
  });
  page.on('dialog', (dialog) => void dialog.dismiss());
}

async function payloadHits(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const hits = (window as Window & { __payloadHits?: string[] }).__payloadHits;
    if (!hits) throw new Error('The payload watch was not installed on this page.');
    return hits;
  });
}

async function selectSeries(page: Page, key: string): Promise<void> {
  await page.locator(`.series-card[data-series-uid="${findSeries(key).series.seriesInstanceUid}"]`).click();
}

/** Each broken series and the message its first image ends in. */
const BROKEN: Array<{ key: string; message: RegExp }> = [
  // Compressed streams cut short or overwritten are refused before a decoder sees them.
  { key: 'hostile-truncated', message: /compressed stream does not end where it should/ },
  { key: 'hostile-corrupt-jpeg', message: /compressed stream does not end where it should/ },
  // Raw samples labelled JPEG have no JPEG end marker either.
  { key: 'hostile-native-as-jpeg', message: /compressed stream does not end where it should/ },
  { key: 'hostile-jpeg-as-native', message: /refused the image \(HTTP 400\)|does not fit the image/ },
  { key: 'hostile-absurd-dimensions', message: /refused the image \(HTTP 400\)|does not fit the image/ },
  { key: 'hostile-missing-tags', message: /refused the image \(HTTP 500\)|could not be decoded/ },
];

test('each broken series ends in its message and the others of the study still render', async ({ page }) => {
  test.setTimeout(90_000);
  await installPayloadHook(page);
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  await page.goto(viewerUrl('hostile-control'));
  await waitForImage(page);
  // UTF-8 text, accents and CJK, shown as text; the <img onerror> payload stays text.
  const { study } = findSeries('hostile-control');
  await expect(page.getByTestId('banner-study-description')).toHaveText(study.studyDescription);
  await expect(page.getByTestId('overlay-series')).toHaveText('Se 1 CONTROL Zoë Ångström 胸部 Ünïcödé');

  for (const { key, message } of BROKEN) {
    await selectSeries(page, key);
    await expect(page.getByTestId('overlay-series'), key).toContainText(findSeries(key).series.seriesDescription);
    await expect(page.getByTestId('image-error'), key).toContainText('Image 1 cannot be displayed');
    await expect(page.getByTestId('image-error'), key).toHaveText(message);
  }

  // Payloads in the series description, institution, station, protocol...: text, not markup.
  await selectSeries(page, 'hostile-html-text');
  await waitForImage(page);
  await expect(page.getByTestId('overlay-series')).toHaveText("Se 8 <script>console.error('PWNED')</script> SERIES");
  await expect(page.locator('.series-browser')).toContainText("<script>console.error('PWNED')</script> SERIES");

  // After all of that, the control series still renders.
  await selectSeries(page, 'hostile-control');
  await waitForImage(page);
  await expect(page.getByTestId('image-error')).toHaveCount(0);
  expect(await page.locator('img[src="x"], script:not([src]):not([type])').count()).toBe(0);
  expect(await payloadHits(page)).toEqual([]);
  expect(pageErrors).toEqual([]);
});

test('ISO 2022 IR 87 (Japanese) text is decoded in the banner and the overlay', async ({ page }) => {
  await installPayloadHook(page);
  await page.goto(viewerUrl('hostile-jis'));
  await waitForImage(page);
  await expect(page.getByTestId('banner-study-description')).toHaveText('胸部CT 山田');
  await expect(page.getByTestId('overlay-series')).toHaveText('Se 1 胸部 ＣＴ 山田');
  expect(await payloadHits(page)).toEqual([]);
});

/** Archive faults on the series query of the study, made with routes rather than corpus. */
const SERIES_QUERY = /\/studies\/[\d.]+\/series(\?|$)/;
const FAULTS: Array<{ name: string; answer: (route: Route) => Promise<void> }> = [
  { name: 'HTTP 500', answer: (route) => route.fulfill({ status: 500, body: 'boom' }) },
  { name: 'HTTP 404', answer: (route) => route.fulfill({ status: 404, body: '' }) },
  { name: 'a network failure (CORS-style)', answer: (route) => route.abort('failed') },
  { name: 'malformed JSON', answer: (route) => route.fulfill({ status: 200, contentType: 'application/dicom+json', body: '[{"0020000E": {"vr": "UI", "Value": [' }) },
];

for (const fault of FAULTS) {
  test(`a series query answered with ${fault.name} ends in a message with Retry`, async ({ page }) => {
    await installPayloadHook(page);
    // The fault lasts until Retry is pressed: a view that mounts later, or the query's own
    // automatic retry (500 and network failures are worth retrying), must meet the same fault,
    // or the banner could vanish before the click. Healing and clicking happen in one page task.
    let isHealed = false;
    await page.exposeFunction('longviewTestHealArchive', () => {
      isHealed = true;
    });
    await page.route(SERIES_QUERY, (route) => (isHealed ? route.continue() : fault.answer(route)));
    await page.goto(viewerUrl('hostile-control'));
    const banner = page.getByTestId('archive-error').first();
    await expect(banner).toBeVisible();
    await expect(banner).toContainText(/Radiology PACS|archive/i);
    const retry = banner.getByRole('button', { name: 'Retry' });
    await expect(retry).toBeVisible();
    await retry.evaluate(async (button: HTMLButtonElement) => {
      const heal = (window as Window & { longviewTestHealArchive?: () => Promise<void> }).longviewTestHealArchive;
      if (!heal) throw new Error('The failing archive was not installed on this page.');
      await heal();
      button.click();
    });
    await expect(page.locator(`.series-card[data-series-uid="${findSeries('hostile-control').series.seriesInstanceUid}"]`)).toBeVisible();
    expect(await payloadHits(page)).toEqual([]);
  });
}
