import type { Page } from '@playwright/test';
import { expect, test } from './support/test';
import { findSeries, viewerUrl } from './support/corpus';

// dana's endoscopy videos (scripts/corpus/series-video.mjs): an H.264 MP4 the browser plays,
// and an MPEG-2 program stream it cannot. Each second of a clip is one flat colour field.
const H264 = 'es-video-h264';
const MPEG2 = 'es-video-mpeg2';
/** H.264 is lossy and the browser converts YUV to RGB itself: a few levels either way. */
const COLOUR_TOLERANCE = 10;

function videoOf(key: string) {
  const { patient, study, series } = findSeries(key);
  if (!series.video) throw new Error(`${key} is not a video series in the corpus manifest`);
  return { patient, study, series, video: series.video };
}

const viewport = (page: Page) => page.getByTestId('video-viewport');

async function openVideo(page: Page, key: string): Promise<void> {
  await page.goto(viewerUrl(key));
  await expect(viewport(page)).toHaveAttribute('data-has-frame', 'true');
}

async function currentTime(page: Page): Promise<number> {
  return Number(await viewport(page).getAttribute('data-current-time'));
}

/** Waits until the frame drawn is the one at `seconds` (the viewport reports the time of the frame it drew). */
async function expectTime(page: Page, seconds: number): Promise<void> {
  await expect.poll(() => currentTime(page)).toBeCloseTo(seconds, 2);
}

/** Mean RGB of a 9×9 patch at the centre of the viewport's canvas: what the reader sees of the frame. */
async function centreColour(page: Page): Promise<number[]> {
  return viewport(page).evaluate((element) => {
    const canvas = element.querySelector('canvas');
    const context = canvas?.getContext('2d');
    if (!canvas || !context) throw new Error('no video canvas');
    const half = 4;
    const { data } = context.getImageData(Math.floor(canvas.width / 2) - half, Math.floor(canvas.height / 2) - half, 2 * half + 1, 2 * half + 1);
    const sum = [0, 0, 0];
    for (let i = 0; i < data.length; i += 4) for (let c = 0; c < 3; c += 1) sum[c] = (sum[c] as number) + (data[i + c] as number);
    return sum.map((value) => Math.round(value / (data.length / 4)));
  });
}

function expectColour(actual: number[], expected: readonly number[]): void {
  for (let c = 0; c < 3; c += 1) {
    expect(Math.abs((actual[c] as number) - (expected[c] as number)), `channel ${c}: ${actual.join(',')} vs ${expected.join(',')}`).toBeLessThanOrEqual(COLOUR_TOLERANCE);
  }
}

/** Seeks with the position slider to frame `index` (0-based) and waits until it is drawn. */
async function seekToFrame(page: Page, index: number, fps: number): Promise<void> {
  await page.getByTestId('video-seek').fill(String(index));
  await expect(viewport(page)).toHaveAttribute('data-frame-index', String(index));
  await expectTime(page, (index + 0.25) / fps);
}

test('the H.264 video opens paused on its first frame with patient, study and codec in the overlay', async ({ page }) => {
  const { patient, study, series, video } = videoOf(H264);
  await openVideo(page, H264);
  await expect(page.getByTestId('overlay-patient-id')).toHaveText(patient.patientId);
  await expect(page.getByTestId('overlay-study-description')).toHaveText(study.studyDescription);
  await expect(page.getByTestId('overlay-series')).toContainText(series.seriesDescription);
  await expect(page.getByTestId('video-codec')).toHaveText('MPEG-4 AVC/H.264 High Profile / Level 4.1');
  const frames = video.framesPerSecond * video.durationSeconds;
  await expect(page.getByTestId('video-frame')).toHaveText(`Fr 1/${frames}`);
  await expect(viewport(page)).toHaveAttribute('data-playing', 'false');
  expectColour(await centreColour(page), video.fields[0]?.rgb ?? []);
});

test('Space plays the video (its time advances) and pauses it again', async ({ page }) => {
  await openVideo(page, H264);
  const before = await currentTime(page);
  await page.keyboard.press(' ');
  await expect(viewport(page)).toHaveAttribute('data-playing', 'true');
  await expect.poll(() => currentTime(page)).toBeGreaterThan(before + 0.5);
  await page.keyboard.press(' ');
  await expect(viewport(page)).toHaveAttribute('data-playing', 'false');
  // The frame drawn last may still be one behind where the element stopped: let it land.
  let previous = Number.NaN;
  await expect
    .poll(async () => {
      const now = await currentTime(page);
      const isStill = now === previous;
      previous = now;
      return isStill;
    }, { intervals: [250] })
    .toBe(true);
  await page.waitForTimeout(400);
  expect(await currentTime(page)).toBe(previous);
});

test('a seek to each second shows that second’s colour field', async ({ page }) => {
  const { video } = videoOf(H264);
  await openVideo(page, H264);
  for (const field of video.fields) {
    // The middle of the second: half a second of frames after its first one.
    const frame = field.second * video.framesPerSecond + Math.floor(video.framesPerSecond / 2);
    await seekToFrame(page, frame, video.framesPerSecond);
    await expect(page.getByTestId('video-frame')).toHaveText(`Fr ${frame + 1}/${video.framesPerSecond * video.durationSeconds}`);
    expectColour(await centreColour(page), field.rgb);
  }
});

test('→ and ← step one frame duration, across the boundary between two colour fields', async ({ page }) => {
  const { video } = videoOf(H264);
  const fps = video.framesPerSecond;
  const [first, second] = video.fields;
  if (!first || !second) throw new Error('the clip needs two fields');
  await openVideo(page, H264);
  // The last frame of the first second, then the first of the next.
  const lastOfFirst = fps - 1;
  await seekToFrame(page, lastOfFirst, fps);
  expectColour(await centreColour(page), first.rgb);
  const before = await currentTime(page);

  await page.keyboard.press('ArrowRight');
  await expect(viewport(page)).toHaveAttribute('data-frame-index', String(lastOfFirst + 1));
  await expect.poll(async () => (await currentTime(page)) - before).toBeCloseTo(1 / fps, 3);
  expectColour(await centreColour(page), second.rgb);

  await page.keyboard.press('ArrowLeft');
  await expectTime(page, before);
  expectColour(await centreColour(page), first.rgb);

  await page.getByTestId('video-step-forward').click();
  await expectTime(page, before + 1 / fps);
  await expect(viewport(page)).toHaveAttribute('data-playing', 'false');
});

test('the play rate changes how fast the video time advances', async ({ page }) => {
  await openVideo(page, H264);
  /** Video seconds per wall-clock second, measured over 0.8 s of playback from the start. */
  const speedAt = async (rate: string): Promise<number> => {
    await page.getByTestId('video-rate').selectOption(rate);
    await expect(viewport(page)).toHaveAttribute('data-playback-rate', rate);
    // Home: the first frame (keys act when no form control holds the focus).
    await viewport(page).click();
    await page.keyboard.press('Home');
    await expectTime(page, 0.25 / 25);
    await page.getByTestId('video-play').click();
    await expect.poll(() => currentTime(page)).toBeGreaterThan(0.05);
    const start = { video: await currentTime(page), wall: Date.now() };
    await page.waitForTimeout(800);
    const end = { video: await currentTime(page), wall: Date.now() };
    await page.getByTestId('video-play').click();
    await expect(viewport(page)).toHaveAttribute('data-playing', 'false');
    return (end.video - start.video) / ((end.wall - start.wall) / 1000);
  };
  const slow = await speedAt('0.5');
  const fast = await speedAt('2');
  // 4× apart in theory; a busy test machine drops frames, not the clock the video follows.
  expect(fast / slow).toBeGreaterThan(2.5);
  expect(fast).toBeGreaterThan(1.2);
});

test('an MPEG-2 video the browser cannot play says so, naming the codec', async ({ page }) => {
  const { patient } = videoOf(MPEG2);
  await page.goto(viewerUrl(MPEG2));
  const message = page.getByTestId('video-unplayable');
  await expect(message).toBeVisible();
  await expect(message).toContainText('cannot play MPEG-2 Main Profile / Main Level video');
  await expect(page.getByTestId('video-codec')).toHaveText('MPEG-2 Main Profile / Main Level');
  await expect(page.getByTestId('overlay-patient-id')).toHaveText(patient.patientId);
  await expect(page.getByTestId('video-play')).toHaveCount(0);
});

test('a video file that is not the one asked for (another series’ file) is refused, not played under this study', async ({ page }) => {
  const asked = videoOf(H264);
  const other = findSeries(MPEG2);
  const otherUrl = `/dicomweb/${other.study.archive}/studies/${other.study.studyInstanceUid}/series/${other.series.seriesInstanceUid}/instances/${other.series.instances[0]?.sopInstanceUid}`;
  // The archive "mixes up" the stored instance: it answers with the other series' file.
  await page.route(new RegExp(`/instances/${asked.series.instances[0]?.sopInstanceUid}$`), async (route) => {
    const response = await route.fetch({ url: new URL(otherUrl, route.request().url()).toString() });
    await route.fulfill({ response });
  });
  await page.goto(viewerUrl(H264));
  await expect(page.getByTestId('series-error')).toContainText('another study or series than the one asked for');
  await expect(viewport(page)).not.toHaveAttribute('data-has-frame', 'true');
});
