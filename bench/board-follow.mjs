// Live follow in the real viewer: a presenter and attendees in headless Chromium, joined through
// the live-session relay (apps/relay). The presenter steps through alice's CT with ↓; each step
// is timed from the presenter's keydown to the moment each attendee's viewport shows that slice
// (its data-image-index changes): capture (compared every 50 ms), relay, navigation-free apply
// and the attendee's render, all included. Both pages share the machine's clock
// (performance.timeOrigin + now). bench/relay.mjs measures the relay alone with 1 and 50
// simulated attendees. Prints JSON; asserts nothing.
//
// Needs: the viewer and relay built, the corpus generated, archives started and loaded
// (the relay is started if it is not running). Usage: node bench/board-follow.mjs [steps] [attendees]
/* global window, document, MutationObserver -- page.evaluate bodies run in the browser */
import { isRelayUp, startRelay } from '../scripts/relay/control.mjs';
import { findSeries, median, startBench, viewerPathOf } from './lib.mjs';

const PORT = Number(process.env.LONGVIEW_BENCH_PORT ?? 5179);
const STEPS = Number(process.argv[2] ?? 40);
const ATTENDEES = Number(process.argv[3] ?? 2);
const SERIES_KEY = 'ct-chest-axial';
const SIZE = { width: 1280, height: 860 };

function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function waitForLoadedSeries(page) {
  await page.waitForFunction(
    () => {
      const progress = document.querySelector('[data-testid="load-progress"]');
      if (!progress) return false;
      const total = Number(progress.getAttribute('data-total'));
      return total > 0 && Number(progress.getAttribute('data-loaded')) + Number(progress.getAttribute('data-failed')) === total;
    },
    null,
    { timeout: 120_000 },
  );
}

const wasRelayUp = await isRelayUp();
if (!wasRelayUp) await startRelay();
const { browser, origin, close } = await startBench(PORT);

const presenter = await (await browser.newContext({ viewport: SIZE })).newPage();
await presenter.goto(`${origin}${viewerPathOf(SERIES_KEY)}`);
await waitForLoadedSeries(presenter);
await presenter.getByRole('button', { name: 'Share…' }).click();
await presenter.getByRole('button', { name: 'Start live session' }).click();
await presenter.locator('[data-testid="live-panel"][data-connection="open"][data-role="presenter"]').waitFor();
const link = new URL(await presenter.getByTestId('live-link').inputValue());

const attendees = [];
for (let i = 0; i < ATTENDEES; i += 1) {
  const page = await (await browser.newContext({ viewport: SIZE })).newPage();
  await page.goto(`${origin}${link.pathname}`);
  await page.locator('[data-testid="viewport"][data-image-rect]').waitFor({ timeout: 60_000 });
  await waitForLoadedSeries(page);
  // Every change of the slice on screen, with its time on the shared clock.
  await page.evaluate(() => {
    const element = document.querySelector('[data-testid="viewport"]');
    window.__shown = [];
    new MutationObserver(() => window.__shown.push([Number(element.getAttribute('data-image-index')), performance.timeOrigin + performance.now()])).observe(element, {
      attributes: true,
      attributeFilter: ['data-image-index'],
    });
  });
  attendees.push(page);
}
await presenter.evaluate(() => {
  window.__keys = [];
  window.addEventListener('keydown', (event) => event.key === 'ArrowDown' && window.__keys.push(performance.timeOrigin + performance.now()), { capture: true });
});

await presenter.locator('[data-testid="viewport"]').click({ position: { x: 8, y: 8 } });
const latencies = [];
for (let step = 1; step <= STEPS; step += 1) {
  await presenter.keyboard.press('ArrowDown');
  for (const page of attendees) {
    await page.waitForFunction((index) => window.__shown.some(([shown]) => shown === index), step, { timeout: 10_000 });
  }
  await presenter.waitForTimeout(100);
}
const keys = await presenter.evaluate(() => window.__keys);
for (const page of attendees) {
  const shown = await page.evaluate(() => window.__shown);
  for (let step = 1; step <= STEPS; step += 1) {
    const at = shown.find(([index]) => index === step)?.[1];
    if (at !== undefined && keys[step - 1] !== undefined) latencies.push(at - keys[step - 1]);
  }
}
await close();

const { series } = findSeries(SERIES_KEY);
console.log(
  JSON.stringify(
    {
      benchmark: 'board-follow',
      series: { key: SERIES_KEY, images: series.instances.length },
      attendees: ATTENDEES,
      steps: STEPS,
      measured: latencies.length,
      presenterKeyToAttendeeSliceMs: {
        median: Math.round(median(latencies)),
        p95: Math.round(percentile(latencies, 95)),
        max: Math.round(Math.max(...latencies)),
      },
      note: 'headless Chromium with SwiftShader on this machine; includes the 50 ms capture interval and both renders',
    },
    null,
    2,
  ),
);
process.exit(0);
