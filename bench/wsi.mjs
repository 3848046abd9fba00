// Whole-slide microscopy (dana's H&E slide, scripts/corpus/series-wsi.mjs) in headless Chromium:
//   time to first view: navigation start → every tile of the first (whole-slide) view drawn
//     (the viewport's data-settled, OpenLayers' rendercomplete), app loading included;
//   per pan step at the base level (40×): tiles (WADO-RS frames) fetched, their bytes, and the
//     time from the drag to every new tile drawn. A step drags the slide by one view width.
// Each iteration uses a fresh browser context (cold HTTP cache). Prints JSON; asserts nothing.
//
// Needs: the viewer built, the corpus generated and the archives started and loaded.
// Usage: node bench/wsi.mjs [iterations] [pan steps]
import { median, startBench, viewerPathOf } from './lib.mjs';

const PORT = Number(process.env.LONGVIEW_BENCH_PORT ?? 5176);
const ITERATIONS = Number(process.argv[2] ?? 5);
const PAN_STEPS = Number(process.argv[3] ?? 4);
const SERIES_KEY = 'dana-wsi-he';
const SETTLED = '[data-testid="wsi-viewport"][data-settled="true"]';

async function counts(page) {
  return page.$eval('[data-testid="wsi-viewport"]', (element) => ({
    frames: Number(element.dataset.framesLoaded),
    bytes: Number(element.dataset.bytesLoaded),
    level: Number(element.dataset.level),
  }));
}

/** Waits for the view to settle after an action; the settle flag drops as the view moves. */
async function settleAfter(page, action) {
  const started = await page.evaluate(() => performance.now());
  await action();
  await page.waitForSelector('[data-testid="wsi-viewport"][data-settled="false"]', { timeout: 2_000 }).catch(() => undefined);
  await page.waitForSelector(SETTLED, { timeout: 60_000 });
  return (await page.evaluate(() => performance.now())) - started;
}

async function measure(browser, url) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForSelector(SETTLED, { timeout: 60_000 });
  const firstViewMs = await page.evaluate(() => performance.now());
  const first = await counts(page);
  for (let i = 0; i < 3; i++) await settleAfter(page, () => page.keyboard.press('+'));
  const box = await page.locator('[data-testid="wsi-viewport"]').boundingBox();
  const steps = [];
  for (let i = 0; i < PAN_STEPS; i++) {
    const before = await counts(page);
    const ms = await settleAfter(page, async () => {
      await page.mouse.move(box.x + box.width - 2, box.y + box.height / 2);
      await page.mouse.down();
      await page.mouse.move(box.x + 2, box.y + box.height / 2, { steps: 1 });
      await page.mouse.up();
    });
    const after = await counts(page);
    steps.push({ tiles: after.frames - before.frames, bytes: after.bytes - before.bytes, ms, level: after.level });
  }
  await context.close();
  return { firstViewMs, firstViewTiles: first.frames, firstViewBytes: first.bytes, steps };
}

const { browser, origin, close } = await startBench(PORT);
const runs = [];
try {
  for (let i = 0; i < ITERATIONS; i++) runs.push(await measure(browser, `${origin}${viewerPathOf(SERIES_KEY)}`));
} finally {
  await close();
}
const allSteps = runs.flatMap((run) => run.steps);
console.log(
  JSON.stringify(
    {
      series: SERIES_KEY,
      iterations: ITERATIONS,
      panStepsPerIteration: PAN_STEPS,
      firstViewMsMedian: Math.round(median(runs.map((run) => run.firstViewMs))),
      firstViewTilesMedian: median(runs.map((run) => run.firstViewTiles)),
      firstViewBytesMedian: median(runs.map((run) => run.firstViewBytes)),
      panStepTilesMedian: median(allSteps.map((step) => step.tiles)),
      panStepBytesMedian: median(allSteps.map((step) => step.bytes)),
      panStepMsMedian: Math.round(median(allSteps.map((step) => step.ms))),
      panStepLevels: [...new Set(allSteps.map((step) => step.level))],
      runs: runs.map((run) => ({ ...run, firstViewMs: Math.round(run.firstViewMs), steps: run.steps.map((step) => ({ ...step, ms: Math.round(step.ms) })) })),
    },
    null,
    2,
  ),
);
