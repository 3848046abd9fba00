import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/test';
import { findSeries, viewerUrl, type CorpusSeries } from './support/corpus';
import { stackIndexOf, waitForImage } from './support/viewer';

/**
 * dana's documents and waveforms (scripts/corpus/series-documents.mjs): an encapsulated PDF, a
 * Comprehensive SR with measurements, a Key Object Selection of two CT images, a 12-lead ECG.
 * What the corpus wrote (texts, values, amplitudes) is read from the manifest.
 */
interface DocumentSeries extends CorpusSeries {
  pdf?: { pageCount: number; pages: Array<{ title: string; lines: string[] }> };
  report?: { title: string; findings: string[]; impression: string; nodule: { label: string; diameterMm: number; volumeMm3: number; attenuationHu: number } };
  keyObjects?: { title: string; description: string; referencedSopInstanceUids: string[]; referencedInstanceNumbers: number[] };
  ecg?: { leads: string[]; heartRateBpm: number; rPeakMv: Record<string, number> };
}

const documentSeries = (key: string) => findSeries(key).series as DocumentSeries;
const CT_KEY = 'dana-20250610-documents';
/** CSS pixels per mm: the ECG is drawn for 96 CSS px per inch. */
const PX_PER_MM = 96 / 25.4;

/**
 * The element's geometry as laid out (getBoundingClientRect). Not Playwright's boundingBox: for
 * SVG shapes that one adds the stroke, taken in user units (mm here) whatever vector-effect says.
 */
async function box(locator: Locator) {
  return locator.evaluate((element) => {
    const { x, y, width, height } = element.getBoundingClientRect();
    return { x, y, width, height };
  });
}

test.describe('encapsulated PDF', () => {
  test('shows the report inline with its text, page by page, and zooms', async ({ page }) => {
    const { pdf } = documentSeries('dana-outside-report-pdf');
    if (!pdf) throw new Error('manifest lacks the PDF pages');
    await page.goto(viewerUrl('dana-outside-report-pdf'));
    const textLayer = page.getByTestId('pdf-text-layer');
    // A sentence of page 1, in the text layer PDF.js lays over the drawn page.
    await expect(textLayer).toContainText(pdf.pages[0]!.lines[2]!);
    await expect(textLayer.getByText(pdf.pages[0]!.title, { exact: true })).toBeVisible();
    await expect(page.getByTestId('pdf-page')).toHaveText(`Page 1 of ${pdf.pageCount}`);
    await expect(page.getByTestId('overlay-patient-name')).toHaveText('LONGVIEW, DANA');

    // The page is drawn, not only its text laid out: dark text pixels on white paper.
    const darkPixels = await page.getByTestId('pdf-canvas').evaluate((canvas: HTMLCanvasElement) => {
      const { data } = (canvas.getContext('2d') as CanvasRenderingContext2D).getImageData(0, 0, canvas.width, canvas.height);
      let count = 0;
      for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) < 100 && (data[i + 3] ?? 0) > 200) count++;
      return count;
    });
    expect(darkPixels).toBeGreaterThan(500);

    await page.getByRole('button', { name: 'Next page' }).click();
    await expect(page.getByTestId('pdf-page')).toHaveText(`Page 2 of ${pdf.pageCount}`);
    await expect(textLayer).toContainText(pdf.pages[1]!.lines[0]!);
    await page.keyboard.press('ArrowUp');
    await expect(textLayer).toContainText(pdf.pages[0]!.lines[2]!);

    // Actual size: an A4 page (595 pt) is 793 CSS px wide; one zoom step makes it 1.25 times that.
    const canvas = page.getByTestId('pdf-canvas');
    expect((await box(canvas)).width).toBeCloseTo(595 * (96 / 72), -1);
    await page.getByRole('button', { name: 'Zoom in' }).click();
    await expect(page.getByTestId('pdf-zoom')).toHaveText('125 %');
    await expect.poll(async () => Math.round((await box(canvas)).width)).toBe(Math.floor(595 * (96 / 72) * 1.25));
    await expect(textLayer).toContainText(pdf.pages[0]!.lines[2]!);
  });
});

test.describe('structured report', () => {
  test('reads as an indented report with its measurements and units', async ({ page }) => {
    const { report } = documentSeries('dana-ct-report-sr');
    if (!report) throw new Error('manifest lacks the report');
    await page.goto(viewerUrl('dana-ct-report-sr'));
    await expect(page.getByTestId('sr-title')).toHaveText('Diagnostic Imaging Report');
    await expect(page.getByTestId('sr-status')).toContainText('Verified by RADIOLOGIST, RITA');
    for (const finding of report.findings) await expect(page.getByTestId('sr-items')).toContainText(finding);
    await expect(page.getByTestId('sr-items')).toContainText(report.impression);

    const item = (label: string) => page.getByTestId('sr-item').filter({ has: page.locator('.sr-label, :scope', { hasText: label }) }).filter({ hasText: label }).first();
    const diameter = item('Diameter');
    await expect(diameter.getByTestId('sr-measurement')).toHaveText(`${report.nodule.diameterMm} mm`);
    await expect(item('Volume').getByTestId('sr-measurement')).toHaveText(`${report.nodule.volumeMm3} mm³`);
    await expect(item('Attenuation Coefficient').getByTestId('sr-measurement')).toHaveText(`${report.nodule.attenuationHu} HU`);

    // Findings ⊃ measurement group ⊃ diameter: depth 1, 2, 3, each indented further on screen.
    const findings = page.getByTestId('sr-item').filter({ hasText: /^Findings$/ });
    const group = page.getByTestId('sr-item').filter({ hasText: /^Measurement Group$/ });
    await expect(findings).toHaveAttribute('data-depth', '1');
    await expect(group).toHaveAttribute('data-depth', '2');
    await expect(diameter).toHaveAttribute('data-depth', '3');
    const textStart = async (locator: Locator) => locator.evaluate((element) => element.getBoundingClientRect().left + Number.parseFloat(getComputedStyle(element).paddingLeft));
    const [x1, x2, x3] = [await textStart(findings), await textStart(group), await textStart(diameter)];
    expect(x2 - x1).toBeGreaterThan(10);
    expect(x3 - x2).toBeCloseTo(x2 - x1, 0);

    // The image the diameter was measured on opens beside the report.
    const ct = findSeries(CT_KEY).series;
    const link = page.getByTestId('sr-reference').first();
    const sop = await link.getAttribute('data-sop-instance-uid');
    expect(ct.instances.map((instance) => instance.sopInstanceUid)).toContain(sop);
    await link.click();
    await expect(page).toHaveURL(new RegExp(`layout=1x2&cells=c%3A${findSeries('dana-ct-report-sr').series.seriesInstanceUid}%2Cc%3A${ct.seriesInstanceUid}%3A${sop}|layout=1x2&cells=c:${findSeries('dana-ct-report-sr').series.seriesInstanceUid},c:${ct.seriesInstanceUid}:${sop}`));
    await expect(page.getByTestId('sr-viewport')).toBeVisible();
    await waitForImage(page);
  });
});

test.describe('key object selection', () => {
  test('lists its images, and the study viewer flags them as key images', async ({ page }) => {
    const { keyObjects } = documentSeries('dana-ct-key-objects');
    if (!keyObjects) throw new Error('manifest lacks the key objects');
    await page.goto(viewerUrl('dana-ct-key-objects'));
    await expect(page.getByTestId('sr-title')).toHaveText(keyObjects.title);
    await expect(page.getByTestId('kos-description')).toHaveText(keyObjects.description);
    const references = page.getByTestId('kos-reference');
    await expect(references).toHaveCount(2);
    expect(await page.getByTestId('sr-reference').evaluateAll((links) => links.map((link) => link.getAttribute('data-sop-instance-uid')))).toEqual(keyObjects.referencedSopInstanceUids);

    // The CT series: its card counts two key images; images 1 and 3 carry the flag, 2 does not.
    const ct = findSeries(CT_KEY).series;
    await page.goto(viewerUrl(CT_KEY));
    await waitForImage(page);
    await expect(page.locator(`.series-card[data-series-uid="${ct.seriesInstanceUid}"]`).getByTestId('key-image-count')).toHaveText('★ 2');
    const scrollbar = page.getByTestId('stack-scrollbar');
    for (const instance of ct.instances) {
      const index = stackIndexOf(CT_KEY, instance.instanceNumber);
      await scrollbar.fill(String(index));
      await expect(page.getByTestId('viewport')).toHaveAttribute('data-image-index', String(index));
      const badge = page.getByTestId('key-image-badge');
      if (keyObjects.referencedInstanceNumbers.includes(instance.instanceNumber)) await expect(badge).toHaveText('★ Key image');
      else await expect(badge).toHaveCount(0);
    }
  });
});

test.describe('12-lead ECG', () => {
  /** Height in CSS px of lead II's R peak above its baseline (the calibration pulse's foot) on the rhythm strip. */
  async function leadTwoRPeakPx(page: Page): Promise<{ rPeak: number; calibration: number }> {
    const trace = await box(page.locator('[data-testid="ecg-trace"][data-lead="II"][data-rhythm="true"]'));
    const pulses = page.getByTestId('ecg-calibration');
    const rhythmPulse = await box(pulses.nth((await pulses.count()) - 1));
    const baseline = rhythmPulse.y + rhythmPulse.height;
    return { rPeak: baseline - trace.y, calibration: rhythmPulse.height };
  }

  test('draws 12 labelled leads on calibrated paper, with gain and speed', async ({ page }) => {
    const { ecg } = documentSeries('dana-resting-ecg');
    if (!ecg) throw new Error('manifest lacks the ECG');
    await page.goto(viewerUrl('dana-resting-ecg'));
    await expect(page.getByTestId('ecg-paper')).toBeVisible();
    await expect(page.getByTestId('overlay-patient-id')).toHaveText('C-66020');

    const labels = await page.getByTestId('ecg-lead-label').allTextContents();
    expect(new Set(labels)).toEqual(new Set(['I', 'II', 'III', 'aVR', 'aVL', 'aVF', 'V1', 'V2', 'V3', 'V4', 'V5', 'V6']));
    expect(labels).toHaveLength(13); // 3 × 4 and the lead II rhythm strip
    await expect(page.getByTestId('ecg-heart-rate')).toContainText(`HR ${ecg.heartRateBpm} /min`);

    // 10 mm/mV: the 1 mV pulse is 10 mm, lead II's R peak (mV from the corpus) is R × 10 mm.
    const atTen = await leadTwoRPeakPx(page);
    expect(Math.abs(atTen.calibration - 10 * PX_PER_MM)).toBeLessThanOrEqual(1);
    expect(Math.abs(atTen.rPeak - ecg.rPeakMv.II! * 10 * PX_PER_MM)).toBeLessThanOrEqual(1);

    await page.getByTestId('ecg-gain-20').click();
    await expect(page.getByTestId('ecg-scale')).toHaveText('25 mm/s · 20 mm/mV');
    const atTwenty = await leadTwoRPeakPx(page);
    expect(Math.abs(atTwenty.rPeak - ecg.rPeakMv.II! * 20 * PX_PER_MM)).toBeLessThanOrEqual(1);
    expect(Math.abs(atTwenty.rPeak - 2 * atTen.rPeak)).toBeLessThanOrEqual(1);

    // 50 mm/s: the 10 s rhythm strip is twice as long.
    const stripAt25 = (await box(page.locator('[data-testid="ecg-trace"][data-lead="II"][data-rhythm="true"]'))).width;
    await page.getByTestId('ecg-speed-50').click();
    const stripAt50 = (await box(page.locator('[data-testid="ecg-trace"][data-lead="II"][data-rhythm="true"]'))).width;
    expect(Math.abs(stripAt25 - 250 * PX_PER_MM)).toBeLessThanOrEqual(2);
    expect(Math.abs(stripAt50 - 2 * stripAt25)).toBeLessThanOrEqual(2);
  });
});
