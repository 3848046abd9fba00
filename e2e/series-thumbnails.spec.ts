import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { findSeries, viewerUrl } from './support/corpus';

// dana's studies of every content kind: each series card shows a picture of the series or its
// kind drawn and named, never "No preview" alone.

const card = (page: Page, key: string) => page.locator(`.series-card[data-series-uid="${findSeries(key).series.seriesInstanceUid}"]`);
const thumbnailOf = (page: Page, key: string) => card(page, key).getByTestId('series-thumbnail');

/** The drawn kind and its label, once the card has them. */
async function expectIcon(page: Page, key: string, kind: string, label: string): Promise<void> {
  const thumbnail = thumbnailOf(page, key);
  await expect(thumbnail).toHaveAttribute('data-thumbnail', 'icon');
  await expect(thumbnail).toHaveAttribute('data-content-kind', kind);
  await expect(thumbnail.locator('svg.content-kind-icon')).toHaveCount(1);
  await expect(thumbnail.getByTestId('series-thumbnail-label')).toHaveText(label);
}

test('the H.264 video’s thumbnail is its first decoded frame, as the player shows it', async ({ page }) => {
  await page.goto(viewerUrl('es-video-h264'));
  const player = page.getByTestId('video-viewport');
  await expect(player).toHaveAttribute('data-has-frame', 'true');
  await expect(player).toHaveAttribute('data-frame-index', '0');
  const thumbnail = thumbnailOf(page, 'es-video-h264');
  await expect(thumbnail).toHaveAttribute('data-thumbnail', 'image');
  await expect(thumbnail).toHaveAttribute('data-content-kind', 'video');
  await expect(thumbnail).toHaveAttribute('data-label', 'Video · H.264');
  await expect(thumbnail).toContainText('▶ H.264');
  await expect.poll(() => thumbnail.locator('img').evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);

  // Reference: the player's own first frame on its canvas (the drawn area: everything not
  // black), brought to the thumbnail's size; both compared as gray levels.
  const comparison = await page.evaluate(() => {
    const img = document.querySelector<HTMLImageElement>('[data-testid="series-thumbnail"][data-content-kind="video"] img');
    const playerCanvas = document.querySelector<HTMLCanvasElement>('[data-testid="video-viewport"] canvas');
    if (!img || !playerCanvas) throw new Error('thumbnail or player canvas missing');
    const { naturalWidth: width, naturalHeight: height } = img;
    const source = playerCanvas.getContext('2d')?.getImageData(0, 0, playerCanvas.width, playerCanvas.height);
    if (!source) throw new Error('player canvas unreadable');
    let left = source.width;
    let top = source.height;
    let right = -1;
    let bottom = -1;
    for (let y = 0; y < source.height; y += 1) {
      for (let x = 0; x < source.width; x += 1) {
        const i = (y * source.width + x) * 4;
        if ((source.data[i] ?? 0) + (source.data[i + 1] ?? 0) + (source.data[i + 2] ?? 0) > 30) {
          left = Math.min(left, x);
          right = Math.max(right, x);
          top = Math.min(top, y);
          bottom = Math.max(bottom, y);
        }
      }
    }
    const gray = (draw: (context: CanvasRenderingContext2D) => void) => {
      const canvas = document.createElement('canvas');
      canvas.width = width;
      canvas.height = height;
      const context = canvas.getContext('2d') as CanvasRenderingContext2D;
      context.imageSmoothingQuality = 'high';
      draw(context);
      const { data } = context.getImageData(0, 0, width, height);
      const values: number[] = [];
      for (let i = 0; i < data.length; i += 4) values.push(0.299 * (data[i] ?? 0) + 0.587 * (data[i + 1] ?? 0) + 0.114 * (data[i + 2] ?? 0));
      return values;
    };
    const shown = gray((context) => context.drawImage(img, 0, 0, width, height));
    const reference = gray((context) => context.drawImage(playerCanvas, left, top, right - left + 1, bottom - top + 1, 0, 0, width, height));
    const meanDifference = shown.reduce((sum, value, i) => sum + Math.abs(value - (reference[i] ?? 0)), 0) / shown.length;
    const meanGray = shown.reduce((sum, value) => sum + value, 0) / shown.length;
    return { width, height, meanDifference, meanGray, drawn: { left, top, right, bottom } };
  });
  expect(comparison.width).toBeGreaterThan(0);
  expect(comparison.drawn.right).toBeGreaterThan(comparison.drawn.left);
  // Lit: the first field is a saturated colour, not a black frame.
  expect(comparison.meanGray, JSON.stringify(comparison)).toBeGreaterThan(40);
  expect(comparison.meanDifference, JSON.stringify(comparison)).toBeLessThanOrEqual(2);

  // The MPEG-2 clip, which this browser cannot decode, is drawn and named, not left blank.
  await expectIcon(page, 'es-video-mpeg2', 'video', 'Video · MPEG-2');
});

test('SR, key objects, PDF and ECG series show their kind drawn and labelled', async ({ page }) => {
  const keyObjects = findSeries('dana-ct-key-objects').series as { keyObjects?: { referencedSopInstanceUids: string[] } };
  await page.goto(viewerUrl('dana-20250610-documents'));
  await expectIcon(page, 'dana-ct-report-sr', 'sr', 'SR report');
  await expectIcon(page, 'dana-ct-key-objects', 'sr', `Key images (${keyObjects.keyObjects?.referencedSopInstanceUids.length})`);
  // The CT beside them keeps its rendered picture.
  await expect(thumbnailOf(page, 'dana-20250610-documents')).toHaveAttribute('data-thumbnail', 'image');

  await page.goto(viewerUrl('dana-outside-report-pdf'));
  await expectIcon(page, 'dana-outside-report-pdf', 'pdf', 'PDF');

  await page.goto(viewerUrl('dana-resting-ecg'));
  await expectIcon(page, 'dana-resting-ecg', 'ecg', 'ECG 12-lead');

  // A series no viewport shows is named by what it is.
  await page.goto(viewerUrl('dana-xa-cine'));
  await expectIcon(page, 'dana-xa-raw', 'unsupported', 'Raw Data');
  await expect(thumbnailOf(page, 'dana-xa-cine')).toHaveAttribute('data-thumbnail', 'image');
});

test('the whole slide’s thumbnail is its overview image, not a tile of the pyramid', async ({ page }) => {
  const { study, series } = findSeries('dana-wsi-he');
  const overview = (series as { wsi?: { overview: { sopInstanceUid: string } } }).wsi?.overview.sopInstanceUid;
  expect(overview).toBeDefined();
  // dana's timeline: the slide's entry, chosen, shows its study's picture in the details panel.
  await page.goto(`/timeline/${study.archive}/${study.studyInstanceUid}`);
  await page.locator(`[data-testid="timeline-entry"][data-study-uid="${study.studyInstanceUid}"]`).click();
  const thumbnail = page.getByTestId('details-thumbnail');
  await expect(thumbnail).toHaveAttribute('data-sop-instance-uid', overview as string);
  await expect.poll(() => thumbnail.evaluate((img: HTMLImageElement) => img.naturalWidth)).toBeGreaterThan(0);
});
