import { writeFileSync } from 'node:fs';
import type { Browser, Locator, Page } from '@playwright/test';
import type { CorpusSegment, CorpusSegmentation, CorpusStudy } from './support/corpus';
import { BOARD_VIEWPORT_SIZE, participantPage } from './support/board';
import { launchFromEhr } from './support/ehr';
import { cell, openPetCtStudy, pagePointOfSegmentCentre, pagePointOfWorld, petCtStudies, screenRgbAt, tumorBoardSeries } from './support/oncology';
import { pngDifference } from './support/png.mjs';
import { stackIndexOf } from './support/viewer';
import { expect, test } from './support/test';

/**
 * The tumor board live on carol's PET/CT (issue 27): the presenter and an attendee each signed in
 * by their own EHR launch (a live link grants nothing), the attendee following through the real
 * relay. The presenter's fusion opacity and colour map, the segments shown, and the finding
 * chosen reach the attendee: its controls say so and its screen shows the same pixels.
 */

test.describe.configure({ timeout: 240_000 });

type Rgb = readonly [number, number, number];

function livePanel(page: Page): Locator {
  return page.getByTestId('live-panel');
}

function fusionOf(page: Page): Locator {
  return cell(page, 2).getByTestId('fusion-viewport');
}

function ctOf(page: Page): Locator {
  return cell(page, 0).getByTestId('viewport');
}

function segmentRow(page: Page, segmentNumber: number): Locator {
  return page.getByTestId('segmentation-panel').locator(`[data-testid="segment"][data-segment-number="${segmentNumber}"]`);
}

/** How far a screen colour is from gray: the CT alone is gray, a segment's labelmap tints it. */
const chroma = ([r, g, b]: Rgb) => Math.max(r, g, b) - Math.min(r, g, b);

/** The CT and fused colours at a segment's centre, as each page itself places it on its screen. */
async function colourAtSegment(page: Page, segmentation: CorpusSegmentation, segment: CorpusSegment): Promise<{ ct: Rgb; fused: Rgb }> {
  const ct = await screenRgbAt(page, await pagePointOfSegmentCentre(page, ctOf(page), segmentation, segment));
  const fused = await screenRgbAt(page, await pagePointOfWorld(page, fusionOf(page), segment.sphere.center));
  return { ct, fused };
}

/** The presenter opens the study with the fusion drawn and the SEG laid over the CT, and goes live. */
async function presentLive(browser: Browser, baseURL: string, study: CorpusStudy): Promise<{ presenter: Page; link: string }> {
  const presenter = await participantPage(browser);
  await openPetCtStudy(presenter, baseURL, study);
  await expect(fusionOf(presenter)).toHaveAttribute('data-loaded', 'true', { timeout: 90_000 });
  await expect(ctOf(presenter)).toHaveAttribute('data-segmentations', '1', { timeout: 60_000 });
  await presenter.getByRole('button', { name: 'Share…' }).click();
  await presenter.getByRole('button', { name: 'Start live session' }).click();
  await expect(livePanel(presenter)).toHaveAttribute('data-role', 'presenter');
  await expect(livePanel(presenter)).toHaveAttribute('data-connection', 'open');
  const link = new URL(await presenter.getByTestId('live-link').inputValue());
  expect(link.search + link.hash).toBe('');
  return { presenter, link: link.pathname };
}

/** The attendee signs in by an EHR launch of their own in their own browser, then opens the live link in that tab. */
async function joinLive(browser: Browser, baseURL: string, study: CorpusStudy, link: string): Promise<Page> {
  const attendee = await participantPage(browser);
  await launchFromEhr(attendee, baseURL, { studyUid: study.studyInstanceUid });
  await expect(attendee.locator(`[data-testid="timeline-entry"][data-study-uid="${study.studyInstanceUid}"]`)).toBeVisible();
  await attendee.goto(link);
  await expect(livePanel(attendee)).toHaveAttribute('data-role', 'attendee');
  await expect(attendee.getByTestId('viewport-grid')).toHaveAttribute('data-layout', '2x2');
  await expect(attendee.getByTestId('banner-patient-id')).toHaveText('O-4410');
  await expect(fusionOf(attendee)).toHaveAttribute('data-loaded', 'true', { timeout: 90_000 });
  await expect(ctOf(attendee)).toHaveAttribute('data-segmentations', '1', { timeout: 60_000 });
  return attendee;
}

/**
 * A live link grants nothing: one who opens it without a sign-in of their own follows the
 * presenter to the study, and the token-protected archive keeps its images and patient closed.
 */
async function expectOutsiderSeesNothing(browser: Browser, study: CorpusStudy, link: string): Promise<void> {
  const outsider = await participantPage(browser);
  await outsider.goto(link);
  await expect(livePanel(outsider)).toHaveAttribute('data-role', 'attendee');
  await expect(outsider).toHaveURL(new RegExp(`/viewer/oncology/${study.studyInstanceUid}`));
  await expect(outsider.getByRole('alert').filter({ hasText: 'sign in' }).first()).toBeVisible();
  await expect(outsider.locator('[data-testid="viewport"][data-image-rect]')).toHaveCount(0);
  await expect(outsider.getByText('LONGVIEW, CAROL')).toHaveCount(0);
  await outsider.context().close();
}

/** Both screens as a reader sees them: no pointer over an image, the presenter's pointer gone from the attendee's. */
async function pointersAway(presenter: Page, attendee: Page): Promise<void> {
  await presenter.mouse.move(1, 1);
  await attendee.mouse.move(1, 1);
  await expect(attendee.getByTestId('live-pointer')).toHaveCount(0);
  // A frame for the last redraw of either page to reach the screen.
  await presenter.waitForTimeout(300);
}

/**
 * Makes the attendee's grid the presenter's size: the presenter's live bar takes two lines (the
 * attendee link, hand control) where the attendee's takes one, so the same window leaves the
 * attendee a taller grid, and a view fitted to a taller cell is drawn at another scale. The
 * attendee's window is made shorter by the difference; the same view then gives the same pixels.
 */
async function matchGridSize(presenter: Page, attendee: Page): Promise<void> {
  const heightOf = async (page: Page) => (await page.getByTestId('viewport-grid').boundingBox())?.height ?? 0;
  const [shown, followed] = [await heightOf(presenter), await heightOf(attendee)];
  await attendee.setViewportSize({ width: BOARD_VIEWPORT_SIZE.width, height: BOARD_VIEWPORT_SIZE.height - (followed - shown) });
  await expect.poll(() => heightOf(attendee)).toBe(shown);
  await expect(ctOf(attendee)).toHaveAttribute('data-image-rect', (await ctOf(presenter).getAttribute('data-image-rect')) as string);
  await expect(fusionOf(attendee)).toHaveAttribute('data-canvas-map', (await fusionOf(presenter).getAttribute('data-canvas-map')) as string);
}

/**
 * A cell's frame (image, labelmap, overlay text) as the screen shows it: the part above the live
 * bar, which lies over the bottom of the grid's lower row and differs between the two roles.
 */
async function visibleFrame(page: Page, index: number): Promise<Buffer> {
  const frame = await cell(page, index).locator('.viewport-frame').boundingBox();
  const bar = await livePanel(page).boundingBox();
  if (!frame || !bar) throw new Error(`cell ${index} has no frame on screen, or there is no live bar`);
  const height = Math.min(frame.y + frame.height, bar.y) - frame.y;
  return page.screenshot({ clip: { x: frame.x, y: frame.y, width: frame.width, height }, animations: 'disabled', caret: 'hide' });
}

/** A cell's frame on both screens, the same within a level on average (both attached for a person when not). */
async function expectSameFrame(presenter: Page, attendee: Page, index: number): Promise<void> {
  const [shown, followed] = [await visibleFrame(presenter, index), await visibleFrame(attendee, index)];
  const difference = pngDifference(shown, followed);
  test.info().annotations.push({ type: 'pixel difference', description: `cell ${index}: mean ${difference.mean.toFixed(4)}, max ${difference.max}` });
  if (difference.mean > 1) {
    for (const [name, body] of [['presenter', shown], ['attendee', followed]] as const) {
      const path = test.info().outputPath(`cell-${index}-${name}.png`);
      writeFileSync(path, body);
      await test.info().attach(`cell ${index} ${name}`, { path, contentType: 'image/png' });
    }
  }
  expect(difference.width, `cell ${index}: a frame of the image`).toBeGreaterThan(200);
  expect(difference.mean, `cell ${index}: mean difference ${difference.mean.toFixed(3)}, max ${difference.max}`).toBeLessThanOrEqual(1);
}

/** Two screen colours within a few levels per channel. */
function expectSameColour(a: Rgb, b: Rgb, what: string): void {
  a.forEach((v, i) => expect(Math.abs(v - (b[i] as number)), `${what}: ${a} vs ${b}`).toBeLessThanOrEqual(3));
}

/** The presenter shows the AI's finding on the lymph node: its segment chosen, its centre slice in view on both screens. */
async function showNodeFinding(presenter: Page, attendee: Page, ctKey: string, node: CorpusSegment): Promise<void> {
  const finding = presenter.locator(`[data-testid="finding"][data-segment-number="${node.segmentNumber}"]`);
  await finding.getByRole('button').click();
  await expect(finding).toHaveClass(/selected/);
  const index = String(stackIndexOf(ctKey, node.centerInstanceNumber));
  for (const page of [presenter, attendee]) {
    await expect(ctOf(page)).toHaveAttribute('data-shown-index', index, { timeout: 60_000 });
    await expect(fusionOf(page)).toHaveAttribute('data-image-index', index, { timeout: 60_000 });
  }
  await expect(attendee.locator(`[data-testid="finding"][data-segment-number="${node.segmentNumber}"]`)).toHaveClass(/selected/);
  await expect(segmentRow(attendee, node.segmentNumber)).toHaveClass(/selected/);
}

/** The presenter sets the fusion's PET opacity to 70 % and its colour map to rainbow, and hides the lymph node. */
async function changeLook(presenter: Page, node: CorpusSegment): Promise<void> {
  await cell(presenter, 2).click({ position: { x: 5, y: 60 } });
  await cell(presenter, 2).getByTestId('fusion-opacity').fill('70');
  await cell(presenter, 2).getByTestId('fusion-colormap').selectOption('rainbow');
  await expect(fusionOf(presenter)).toHaveAttribute('data-opacity', '0.7');
  await expect(fusionOf(presenter)).toHaveAttribute('data-colormap', 'rainbow');
  await segmentRow(presenter, node.segmentNumber).getByRole('checkbox', { name: `Show ${node.label}` }).uncheck();
  await expect(segmentRow(presenter, node.segmentNumber)).toHaveAttribute('data-hidden', 'true');
}

/** The attendee's own controls and viewports say what the presenter chose. */
async function expectFollowedLook(attendee: Page, tumor: CorpusSegment, node: CorpusSegment): Promise<void> {
  await expect(fusionOf(attendee)).toHaveAttribute('data-opacity', '0.7');
  await expect(fusionOf(attendee)).toHaveAttribute('data-colormap', 'rainbow');
  await expect(cell(attendee, 2).getByTestId('fusion-opacity')).toHaveValue('70');
  await expect(cell(attendee, 2).getByTestId('fusion-colormap')).toHaveValue('rainbow');
  await expect(segmentRow(attendee, node.segmentNumber)).toHaveAttribute('data-hidden', 'true');
  await expect(segmentRow(attendee, node.segmentNumber).getByRole('checkbox', { name: `Show ${node.label}` })).not.toBeChecked();
  await expect(segmentRow(attendee, tumor.segmentNumber)).toHaveAttribute('data-hidden', 'false');
  await expect(segmentRow(attendee, node.segmentNumber)).toHaveClass(/selected/);
  await expect(cell(attendee, 2)).toHaveAttribute('data-active', 'true');
}

test('an attendee of a live session on a PET/CT sees the presenter’s fusion opacity, colour map, segments shown and finding chosen, in the same pixels', async ({ browser, baseURL }) => {
  const [staging] = petCtStudies();
  if (!staging) throw new Error('the corpus has no PET/CT study');
  const { segmentation } = tumorBoardSeries(staging.study).seg;
  const [tumor, node] = segmentation.segments as [CorpusSegment, CorpusSegment];
  expect([tumor.label, node.label]).toEqual(['Tumor', 'Lymph node']);

  const { presenter, link } = await presentLive(browser, baseURL as string, staging.study);
  const attendee = await joinLive(browser, baseURL as string, staging.study, link);
  await expect(cell(attendee, 0)).toHaveAttribute('data-series-uid', staging.ct.seriesInstanceUid);
  await expect(cell(attendee, 1)).toHaveAttribute('data-series-uid', staging.pt.seriesInstanceUid);
  await expect(fusionOf(attendee)).toHaveAttribute('data-colormap', 'hot-iron');
  await expectOutsiderSeesNothing(browser, staging.study, link);

  // The lymph node's finding, shown: on both screens the node tints the CT at its centre.
  await showNodeFinding(presenter, attendee, staging.ct.key, node);
  await pointersAway(presenter, attendee);
  for (const page of [presenter, attendee]) {
    await expect.poll(async () => chroma((await colourAtSegment(page, segmentation, node)).ct), { message: `${node.label} tinted` }).toBeGreaterThan(30);
  }
  const before = await colourAtSegment(attendee, segmentation, node);

  await changeLook(presenter, node);
  await expectFollowedLook(attendee, tumor, node);
  await pointersAway(presenter, attendee);

  // Hidden on both: the CT's own gray at the node's centre; the fused colour there is the same on
  // both screens and not what the attendee showed before (hot iron at 50 % with the node drawn).
  for (const page of [presenter, attendee]) {
    await expect.poll(async () => chroma((await colourAtSegment(page, segmentation, node)).ct), { message: `${node.label} hidden` }).toBeLessThan(6);
  }
  const [shown, followed] = [await colourAtSegment(presenter, segmentation, node), await colourAtSegment(attendee, segmentation, node)];
  expectSameColour(followed.ct, shown.ct, 'CT at the node');
  expectSameColour(followed.fused, shown.fused, 'fusion at the node');
  const moved = Math.hypot(...followed.fused.map((v, i) => v - (before.fused[i] as number)));
  expect(moved, `fusion at the node: ${before.fused} → ${followed.fused}`).toBeGreaterThan(20);

  // Whole frames: the CT (with its labelmap) and the fusion, the same on both screens.
  await matchGridSize(presenter, attendee);
  await pointersAway(presenter, attendee);
  await expectSameFrame(presenter, attendee, 0);
  await expectSameFrame(presenter, attendee, 2);

  await presenter.context().close();
  await attendee.context().close();
});
