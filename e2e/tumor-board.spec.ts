import { writeFileSync } from 'node:fs';
import type { Locator, Page } from '@playwright/test';
import { expect, test } from './support/test';
import { rowOfStudy } from './support/studyList';
import { findSeries, viewerUrl } from './support/corpus';
import { cell, waitForCellImage } from './support/grid';
import { encodeSharedSession, type SharedSession } from '../packages/shared-view/src/index';
import { activateCell, participantPage, setCellWindow } from './support/board';
import { pngDifference } from './support/png.mjs';
import { settle, waitForSeriesLoaded } from './support/viewer';

async function waitForAllLoaded(page: Page, cells: number): Promise<void> {
  for (let i = 0; i < cells; i += 1) {
    await waitForCellImage(page, i);
    await waitForSeriesLoaded(page, cell(page, i));
  }
}


/**
 * Tumor board, link half: a presenter arranges a non-trivial view (2×2, scrolled, windowed,
 * zoomed, panned, rotated, flipped, one measurement), shares it, and a second browser context
 * opening the link sees the same pixels, slices, windows and measurement value.
 */

const current = findSeries('ct-chest-axial');
const prior = findSeries('ct-chest-prior-axial');
/** alice's CT beside its prior, twice over: a 2×2 of the current and prior series. */
function twoByTwoUrl(): string {
  const c = current.series.seriesInstanceUid;
  const p = prior.series.seriesInstanceUid;
  const params = new URLSearchParams({ layout: '2x2', cells: [`c:${c}`, `p:${p}`, `c:${c}`, `p:${p}`].join(','), prior: `${prior.study.archive}:${prior.study.studyInstanceUid}` });
  return `/viewer/${current.study.archive}/${current.study.studyInstanceUid}?${params.toString()}`;
}

function frame(page: Page, index: number): Locator {
  return cell(page, index).locator('.viewport-frame');
}

async function lengthValue(page: Page): Promise<number> {
  const value = page.locator('[data-testid="measurement"][data-kind="length"] [data-testid="measurement-value"][data-name="Length"]').first();
  await expect(value).toHaveAttribute('data-value', /\d/);
  return Number(await value.getAttribute('data-value'));
}

test('a shared link reproduces a 2×2 reading exactly: slices, windows, camera, measurement, pixels', async ({ browser }) => {
  const presenter = await participantPage(browser);
  await presenter.goto(twoByTwoUrl());
  await expect(presenter.getByTestId('viewport-grid')).toHaveAttribute('data-layout', '2x2');
  await waitForAllLoaded(presenter, 4);

  // Cell 0: scrolled, windowed, zoomed, panned, with a length measurement.
  await activateCell(presenter, 0);
  await cell(presenter, 0).getByTestId('stack-scrollbar').fill('120');
  await setCellWindow(presenter, 0, 350, 45);
  await presenter.keyboard.press('+');
  await presenter.keyboard.press('+');
  await presenter.keyboard.press('Shift+ArrowRight');
  await expect(cell(presenter, 0).getByTestId('viewport')).toHaveAttribute('data-mouse-tools', 'ready');
  await presenter.keyboard.press('l');
  const box = (await cell(presenter, 0).getByTestId('viewport').boundingBox()) as { x: number; y: number; width: number; height: number };
  await presenter.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.45);
  await presenter.mouse.down();
  await presenter.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 4 });
  await presenter.mouse.move(box.x + box.width * 0.62, box.y + box.height * 0.58, { steps: 4 });
  await presenter.mouse.up();
  const presenterLength = await lengthValue(presenter);
  expect(presenterLength).toBeGreaterThan(10);
  await presenter.keyboard.press('w');
  // Cell 1 (prior): scrolled and rotated; cell 2: its own window, scrolled, flipped; cell 3: inverted.
  await activateCell(presenter, 1);
  await cell(presenter, 1).getByTestId('stack-scrollbar').fill('30');
  await presenter.keyboard.press('r');
  await activateCell(presenter, 2);
  await setCellWindow(presenter, 2, 1000, -500);
  await cell(presenter, 2).getByTestId('stack-scrollbar').fill('200');
  await presenter.keyboard.press('h');
  await activateCell(presenter, 3);
  await presenter.keyboard.press('i');
  await activateCell(presenter, 0);
  await presenter.mouse.move(2, 2);

  await presenter.getByRole('button', { name: 'Share…' }).click();
  const linkField = presenter.getByTestId('share-link');
  const link = await linkField.inputValue();
  await presenter.getByRole('button', { name: 'Close', exact: true }).click();
  // UIDs and view state only: the link names no patient.
  const url = new URL(link);
  expect(url.pathname).toBe('/board');
  expect(url.search).toBe('');
  for (const phi of [current.patient.patientName, current.patient.patientId, current.patient.birthDate]) {
    expect(link).not.toContain(phi);
    expect(link).not.toContain(encodeURIComponent(phi));
  }

  const attendee = await participantPage(browser);
  await attendee.goto(link.replace(url.origin, ''));
  await expect(attendee.getByTestId('viewport-grid')).toHaveAttribute('data-layout', '2x2');
  await waitForAllLoaded(attendee, 4);
  for (let i = 0; i < 4; i += 1) {
    await expect(cell(attendee, i).getByTestId('viewport')).toHaveAttribute('data-shared-view-key', /\d/);
    await expect(cell(attendee, i)).toHaveAttribute('data-series-uid', (await cell(presenter, i).getAttribute('data-series-uid')) as string);
    await expect(cell(attendee, i).getByTestId('viewport')).toHaveAttribute('data-image-index', (await cell(presenter, i).getByTestId('viewport').getAttribute('data-image-index')) as string);
    await expect(cell(attendee, i).getByTestId('overlay-window')).toHaveText((await cell(presenter, i).getByTestId('overlay-window').textContent()) as string);
    // The zoom as the overlay of a single viewport writes it (a 2×2's short overlay leaves it out).
    await expect(cell(attendee, i).getByTestId('viewport')).toHaveAttribute('data-zoom', (await cell(presenter, i).getByTestId('viewport').getAttribute('data-zoom')) as string);
  }
  await expect(cell(attendee, 0).getByTestId('viewport')).toHaveAttribute('data-image-index', '120');
  await expect(cell(attendee, 0).getByTestId('overlay-window')).toHaveText('W 350 L 45');
  await expect(cell(attendee, 2).getByTestId('overlay-window')).toHaveText('W 1000 L -500');
  await expect(cell(attendee, 0)).toHaveAttribute('data-active', 'true');
  // The measurement is there, with the value computed again from the attendee's own pixels.
  expect(await lengthValue(attendee)).toBeCloseTo(presenterLength, 1);

  // Pixels: every cell's frame (image, measurement, overlay text) against the presenter's.
  await attendee.mouse.move(2, 2);
  await settle(presenter);
  await settle(attendee);
  for (let i = 0; i < 4; i += 1) {
    const [shared, opened] = [await frame(presenter, i).screenshot(), await frame(attendee, i).screenshot()];
    const difference = pngDifference(shared, opened);
    if (difference.mean > 0) {
      for (const [name, body] of [['shared', shared], ['opened', opened]] as const) {
        const path = test.info().outputPath(`cell-${i}-${name}.png`);
        writeFileSync(path, body);
        await test.info().attach(`cell ${i} ${name}`, { path, contentType: 'image/png' });
      }
    }
    expect(difference.width).toBeGreaterThan(200);
    test.info().annotations.push({ type: 'pixel difference', description: `cell ${i}: mean ${difference.mean.toFixed(4)}, max ${difference.max}` });
    expect(difference.mean, `cell ${i}: mean difference ${difference.mean.toFixed(3)}, max ${difference.max}`).toBeLessThanOrEqual(1);
  }
  await presenter.context().close();
  await attendee.context().close();
});

test('a damaged, tampered or newer-format link says so and shows nothing', async ({ page }) => {
  await page.goto('/board#1.not-a-real-view');
  await expect(page.getByTestId('shared-link-error')).toContainText('damaged');
  await page.goto('/board#7.eJwLycgsVgCi4vzcVABJ7AgY');
  await expect(page.getByTestId('shared-link-error')).toContainText('newer');
  await expect(page.getByTestId('viewport')).toHaveCount(0);
});

/** A value read from the page once it has stopped changing (two reads 200 ms apart agree). */
async function stableValue<T>(page: Page, read: () => Promise<T>): Promise<T> {
  let last = JSON.stringify(await read());
  await expect
    .poll(async () => {
      await page.waitForTimeout(200);
      const next = JSON.stringify(await read());
      const isStable = next === last;
      last = next;
      return isStable;
    })
    .toBe(true);
  return JSON.parse(last) as T;
}

function focalPoint(page: Page, plane: 'axial' | 'sagittal' | 'coronal'): Promise<number[]> {
  return page
    .getByTestId(`mpr-${plane}`)
    .getAttribute('data-focal-point')
    .then((text) => (text ?? '').split(',').map(Number));
}

test('an agenda of two cases travels in the link; previous and next case open each as prepared, MPR and slab included', async ({ browser }) => {
  const coordinator = await participantPage(browser);
  // Case 1: the CT in MPR, crosshair moved 30 mm to the patient's left, 10 mm MIP slab.
  const ct = findSeries('ct-chest-axial');
  await coordinator.goto(`/viewer/${ct.study.archive}/${ct.study.studyInstanceUid}?series=${ct.series.seriesInstanceUid}`);
  await waitForAllLoaded(coordinator, 1);
  await coordinator.keyboard.press('m');
  const mpr = coordinator.getByTestId('mpr');
  await expect(mpr).toHaveAttribute('data-status', 'showing');
  await expect.poll(async () => Number(await mpr.getAttribute('data-loaded'))).toBe(Number(await mpr.getAttribute('data-total')));
  const axial = coordinator.getByTestId('mpr-axial');
  const axialBox = (await axial.boundingBox()) as { x: number; y: number; width: number; height: number };
  const perMm = ((await axial.getAttribute('data-canvas-per-mm')) ?? '').split(',').map(Number);
  const [u, v] = ((await axial.getAttribute('data-canvas-of-focal-point')) ?? '').split(',').map(Number) as [number, number];
  const startX = (await focalPoint(coordinator, 'sagittal'))[0] as number;
  await coordinator.mouse.move(axialBox.x + u, axialBox.y + v);
  await coordinator.mouse.down();
  await coordinator.mouse.move(axialBox.x + u + 15 * (perMm[0] as number), axialBox.y + v, { steps: 5 });
  await coordinator.mouse.move(axialBox.x + u + 30 * (perMm[0] as number), axialBox.y + v, { steps: 5 });
  await coordinator.mouse.up();
  await expect.poll(async () => ((await focalPoint(coordinator, 'sagittal'))[0] as number) - startX).toBeGreaterThan(20);
  const sharedX = await stableValue(coordinator, async () => (await focalPoint(coordinator, 'sagittal'))[0] as number);
  await mpr.getByLabel('Slab thickness').selectOption('10');
  await mpr.getByRole('button', { name: 'MIP' }).click();
  await coordinator.getByRole('button', { name: 'Share…' }).click();
  await coordinator.getByRole('button', { name: 'Add this study to the agenda' }).click();
  await coordinator.getByRole('button', { name: 'Close', exact: true }).click();

  // Case 2: the MR brain T2 at its 4th image.
  const mr = findSeries('mr-brain-t2');
  await coordinator.goto(`/viewer/${mr.study.archive}/${mr.study.studyInstanceUid}?series=${mr.series.seriesInstanceUid}`);
  await waitForAllLoaded(coordinator, 1);
  await cell(coordinator, 0).getByTestId('stack-scrollbar').fill('3');
  await coordinator.keyboard.press('s');
  await coordinator.getByRole('button', { name: 'Add this study to the agenda' }).click();
  const link = new URL(await coordinator.getByTestId('share-link').inputValue());
  await expect(coordinator.getByTestId('share-dialog')).toContainText('2 cases on the agenda');
  await coordinator.context().close();

  const member = await participantPage(browser);
  await member.goto(link.pathname + link.hash);
  await expect(member.getByTestId('agenda-bar')).toHaveAttribute('data-case-index', '1');
  await expect(member.getByTestId('agenda-bar')).toContainText('Case 2 of 2');
  await expect(cell(member, 0)).toHaveAttribute('data-series-uid', mr.series.seriesInstanceUid);
  await expect(cell(member, 0).getByTestId('viewport')).toHaveAttribute('data-image-index', '3');

  await member.getByRole('button', { name: '‹ Previous case' }).click();
  await expect(member.getByTestId('agenda-bar')).toContainText('Case 1 of 2');
  await expect(cell(member, 0)).toHaveAttribute('data-series-uid', ct.series.seriesInstanceUid);
  const memberMpr = member.getByTestId('mpr');
  await expect(memberMpr).toHaveAttribute('data-status', 'showing');
  await expect(memberMpr.getByLabel('Slab thickness')).toHaveValue('10');
  await expect(memberMpr.getByRole('button', { name: 'MIP' })).toHaveAttribute('aria-pressed', 'true');
  await expect.poll(async () => Math.abs(((await focalPoint(member, 'sagittal'))[0] as number) - sharedX)).toBeLessThan(0.5);

  await member.keyboard.press('}');
  await expect(member.getByTestId('agenda-bar')).toContainText('Case 2 of 2');
  await expect(cell(member, 0).getByTestId('viewport')).toHaveAttribute('data-image-index', '3');

  // Left and opened again from the study list, the study opens anew (its hanging protocol), not as shared.
  await member.keyboard.press('Backspace');
  // The list draws only the rows on screen: the reader scrolls to the study's row.
  await (await rowOfStudy(member, mr.study.studyInstanceUid)).click();
  await expect(member.getByTestId('viewport-grid')).toHaveAttribute('data-layout', '2x2');
  await waitForCellImage(member, 0);
  await expect(cell(member, 0).getByTestId('viewport')).toHaveAttribute('data-image-index', '0');
  await member.context().close();
});

test('a shared link also carries a video’s frame and speed and a slide’s centre and magnification', async ({ browser }) => {
  const sharer = await participantPage(browser);
  const opener = await participantPage(browser);
  const share = async (): Promise<string> => {
    await sharer.getByRole('button', { name: 'Share…' }).click();
    const link = new URL(await sharer.getByTestId('share-link').inputValue());
    await sharer.getByRole('button', { name: 'Close', exact: true }).click();
    return link.pathname + link.hash;
  };

  // Video: paused at frame 40, half speed.
  await sharer.goto(viewerUrl('es-video-h264'));
  const video = (page: Page) => page.getByTestId('video-viewport');
  await expect(video(sharer)).toHaveAttribute('data-has-frame', 'true');
  await sharer.getByTestId('video-seek').fill('40');
  await expect(video(sharer)).toHaveAttribute('data-frame-index', '40');
  await sharer.getByTestId('video-rate').selectOption('0.5');
  await opener.goto(await share());
  await expect(video(opener)).toHaveAttribute('data-shared-view-key', /\d/);
  await expect(video(opener)).toHaveAttribute('data-frame-index', '40');
  await expect(video(opener)).toHaveAttribute('data-playback-rate', '0.5');
  await expect(video(opener)).toHaveAttribute('data-playing', 'false');

  // Slide: zoomed in three steps and panned.
  await sharer.goto(viewerUrl('dana-wsi-he'));
  const slide = (page: Page) => page.getByTestId('wsi-viewport');
  await expect(slide(sharer)).toHaveAttribute('data-settled', 'true', { timeout: 20_000 });
  const viewOf = async (page: Page) => {
    const [x0 = 0, y0 = 0, x1 = 0, y1 = 0] = ((await slide(page).getAttribute('data-view-rect')) ?? '').split(',').map(Number);
    return { x: (x0 + x1) / 2, y: (y0 + y1) / 2, resolution: Number(await slide(page).getAttribute('data-resolution')) };
  };
  const fitResolution = Number(await slide(sharer).getAttribute('data-resolution'));
  for (const key of ['+', '+', '+', 'ArrowRight', 'ArrowDown']) await sharer.keyboard.press(key);
  await expect.poll(async () => Number(await slide(sharer).getAttribute('data-resolution'))).toBeLessThan(fitResolution / 2);
  // The keys' last pan has been drawn once the slide settles and its view stops changing.
  await expect(slide(sharer)).toHaveAttribute('data-settled', 'true', { timeout: 20_000 });
  const shared = await stableValue(sharer, () => viewOf(sharer));
  await opener.goto(await share());
  await expect(slide(opener)).toHaveAttribute('data-shared-view-key', /\d/);
  // The view reports itself as it redraws; once settled at the shared magnification it stays.
  await expect.poll(async () => (await viewOf(opener)).resolution / shared.resolution).toBeCloseTo(1, 3);
  await expect(slide(opener)).toHaveAttribute('data-settled', 'true', { timeout: 20_000 });
  const opened = await viewOf(opener);
  expect(opened.resolution / shared.resolution).toBeCloseTo(1, 3);
  expect(Math.abs(opened.x - shared.x)).toBeLessThan(1);
  expect(Math.abs(opened.y - shared.y)).toBeLessThan(1);
  await sharer.context().close();
  await opener.context().close();
});

test('a shared link grants nothing: a study of the token-protected archive stays closed to an opener who is not signed in', async ({ page }) => {
  const protectedCt = findSeries('carol-oncology-20230118-ct');
  const session: SharedSession = {
    cases: [
      {
        archiveId: protectedCt.study.archive,
        studyUid: protectedCt.study.studyInstanceUid,
        layout: { rows: 1, columns: 1 },
        cells: [{ study: 'current', seriesUid: protectedCt.series.seriesInstanceUid, image: 2, window: { center: 40, width: 400 } }],
      },
    ],
    activeCase: 0,
  };
  expect(protectedCt.study.archive).toBe('oncology');
  await page.goto(`/board#${encodeSharedSession(session)}`);
  await expect(page).toHaveURL(new RegExp(`/viewer/oncology/${protectedCt.study.studyInstanceUid}`));
  await expect(page.getByRole('alert').filter({ hasText: 'sign in' }).first()).toBeVisible();
  await expect(page.locator('[data-testid="viewport"][data-image-rect]')).toHaveCount(0);
  await expect(page.getByText(protectedCt.patient.patientName, { exact: false })).toHaveCount(0);
});
