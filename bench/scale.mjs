// The study list and the timeline at scale (issue 33): one patient with 2,000 and one with
// 10,000 tiny studies, and an archive of 50,000, each generated on demand with the corpus tools
// into an Orthanc of its own (scripts/archive/scale-archive.mjs; never the demo corpus). For
// each, in a fresh Chromium context, timed from navigation start as an outside observer:
//   - study list (that archive alone configured, the list's default limit, sorted by date):
//     first rows and complete, beside that archive's QIDO-RS time for the same page (one
//     request for limit + 1 studies from an already-loaded page); rows in the DOM and on screen;
//     JS heap; 50 ArrowDown presses; then a search from the loaded list (the studies up to a
//     date that leaves half of them older), from the submit to its newest study on the first
//     row, beside the archive's QIDO-RS time for that search's page;
//   - timeline of the patient (anchored on the newest study): complete (the performance mark
//     longview:timeline-complete) beside its floor (one QIDO-RS search for all the patient's
//     studies), marks in the DOM (cards, dots and bins), JS heap, 50 ArrowLeft presses.
// Each target's viewer is served as deployed: an nginx of its own proxies the scale archive at
// /dicomweb/<id> beside the local ones, and serves a copy of the built app (links to its files)
// whose config.json names that archive alone. The floors are fetched through the same nginx.
// Prints JSON; asserts nothing.
//
// Needs: the viewer built (LONGVIEW_DIST) and the audit sink (scripts/demo.sh or the e2e setup).
// Usage: node bench/scale.mjs [--patients 2000,10000] [--archive 50000] [--iterations 1] [--link local|slow]
//   --link slow: the viewer and the floors over a remote clinic's link (20 Mbit/s, 40 ms round trip).
//   --archive 0 leaves the archive out; loading 50,000 takes minutes (about 200 studies/s here).
import { parseArgs } from 'node:util';
import { mkdirSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { REPO, SLOW_LINK, emulateLink, median, startBench } from './lib.mjs';
import { startScaleArchive } from '../scripts/archive/scale-archive.mjs';
import { newestFirst } from '../scripts/corpus/scale-studies.mjs';

const PORT = Number(process.env.LONGVIEW_BENCH_PORT ?? 5176);
const BASE_ARCHIVE_PORT = 18070;
// What the viewer asks (packages/dicomweb/src/query.ts STUDY_INCLUDE_FIELDS).
const INCLUDE = '00080061,00201206,00201208,00100030,00100040,00100021,00081030,00180015,00080062,00101002';
const LIST_LIMIT = 200; // config.json studyList.limit's default
const KEY_PRESSES = 50;

const { values } = parseArgs({
  options: {
    patients: { type: 'string', default: '2000,10000' },
    archive: { type: 'string', default: '50000' },
    iterations: { type: 'string', default: '1' },
    link: { type: 'string', default: 'local' },
  },
});
const patientSizes = values.patients.split(',').filter(Boolean).map(Number);
const archiveSize = Number(values.archive);
const iterations = Number(values.iterations);
if (!['local', 'slow'].includes(values.link)) throw new Error(`--link ${values.link}: expected local or slow`);
// The viewer and its floors over the same link: loopback, or a remote clinic's (SLOW_LINK).
const link = values.link === 'slow' ? SLOW_LINK : undefined;
for (const n of [...patientSizes, archiveSize, iterations]) {
  if (!Number.isInteger(n) || n < 0) throw new Error(`sizes and iterations must be whole numbers, got ${n}`);
}

const log = (line) => console.error(line);

/** Every target: its scale archive (started and loaded if need be) and the patient it holds. */
async function prepare() {
  const targets = [];
  const specs = [...patientSizes.map((count) => ({ kind: 'patient', count })), ...(archiveSize > 0 ? [{ kind: 'archive', count: archiveSize }] : [])];
  for (const [i, { kind, count }] of specs.entries()) {
    const id = `scale-${kind === 'patient' ? 'p' : 'a'}${count}`;
    const started = Date.now();
    const { archive, patient, timings } = await startScaleArchive({ id, httpPort: BASE_ARCHIVE_PORT + i, patientId: kind === 'patient' ? `SCALE-${count}` : 'SCALE-ARCHIVE', count, log });
    log(`${id}: ready in ${Date.now() - started} ms`);
    targets.push({ kind, count, id, upstream: archive.dicomWebUrl, patient, newest: newestFirst(patient.studies)[0], preparation: timings });
  }
  return targets;
}

/**
 * The built viewer as served for `target`: links to LONGVIEW_DIST's files, and a config.json
 * whose only archive is the target's (.data/bench/scale/<id>).
 */
function distFor(target) {
  const source = resolve(process.env.LONGVIEW_DIST ?? join(REPO, 'apps/viewer/dist'));
  const dir = join(REPO, '.data/bench/scale', target.id);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const entry of readdirSync(source)) if (entry !== 'config.json') symlinkSync(join(source, entry), join(dir, entry));
  const config = JSON.parse(readFileSync(join(source, 'config.json'), 'utf8'));
  const archive = { id: target.id, name: `Scale ${target.count}`, qidoRoot: `/dicomweb/${target.id}`, wadoRoot: `/dicomweb/${target.id}`, auth: { kind: 'none' }, timeoutMs: 120_000, patientIdIssuer: 'LONGVIEW-SCALE' };
  writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...config, archives: [archive] }));
  return dir;
}

async function contextFor(browser) {
  return browser.newContext({ viewport: { width: 1280, height: 860 } });
}

/** Runs in the page: one QIDO-RS study search, timed, and how many studies and bytes it answered. */
async function qidoInPage({ path }) {
  const started = performance.now();
  const response = await fetch(path, { headers: { Accept: 'application/dicom+json' } });
  const text = await response.text();
  return { ms: performance.now() - started, studies: JSON.parse(text).length, bytes: text.length };
}

async function floorOf(browser, path) {
  const context = await contextFor(browser);
  const page = await context.newPage();
  await emulateLink(context, page, link);
  await page.goto(`${originRef.origin}/config.json`);
  const result = await page.evaluate(qidoInPage, { path });
  await context.close();
  return result;
}

async function heapOf(page) {
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  await session.send('Performance.enable');
  const { metrics } = await session.send('Performance.getMetrics');
  return Math.round((metrics.find((m) => m.name === 'JSHeapUsedSize')?.value ?? 0) / 1024 / 1024);
}

/** Records, from navigation start, when the first study row shows and when the search is done. */
function watchStudyListInPage() {
  const marks = {};
  globalThis.__scaleMarks = marks;
  const check = () => {
    const rows = globalThis.document.querySelectorAll('[data-testid="study-table"] tbody tr[data-study-uid]').length;
    if (rows > 0 && marks.firstRowsMs === undefined) marks.firstRowsMs = performance.now();
    const status = globalThis.document.querySelector('[data-testid="study-list-status"]')?.textContent ?? '';
    if (rows > 0 && !status.startsWith('Searching') && marks.completeMs === undefined) marks.completeMs = performance.now();
    if (marks.completeMs === undefined) globalThis.requestAnimationFrame(check);
  };
  globalThis.requestAnimationFrame(check);
}

/**
 * Runs in the page: a search from the loaded list for the studies up to `to` (YYYY-MM-DD),
 * submitted as the reader submits it; the time from the submit until that search's newest study
 * is the first row and the list no longer says "Searching".
 */
function searchInLoadedList({ to, expectedUid }) {
  return new Promise((resolve, reject) => {
    const form = globalThis.document.querySelector('form.search-form');
    form.querySelector('input[name="to"]').value = to;
    const started = performance.now();
    const check = () => {
      const first = globalThis.document.querySelector('[data-testid="study-table"] tbody tr[data-study-uid]');
      const status = globalThis.document.querySelector('[data-testid="study-list-status"]')?.textContent ?? '';
      if (first?.getAttribute('data-study-uid') === expectedUid && !status.startsWith('Searching')) resolve(performance.now() - started);
      else if (performance.now() - started > 120_000) reject(new Error(`the search up to ${to} did not show ${expectedUid} first`));
      else globalThis.requestAnimationFrame(check);
    };
    form.requestSubmit();
    globalThis.requestAnimationFrame(check);
  });
}

/** The in-app search's date bound (half the target's studies are older) and its newest study. */
function searchBoundOf(target) {
  const sorted = newestFirst(target.patient.studies);
  const bound = sorted[Math.floor(sorted.length / 2)].studyDate;
  const expected = sorted.find((study) => study.studyDate <= bound);
  return { to: `${bound.slice(0, 4)}-${bound.slice(4, 6)}-${bound.slice(6, 8)}`, da: bound, expectedUid: expected.studyInstanceUid };
}

async function measureStudyList(browser, target) {
  const context = await contextFor(browser);
  await context.addInitScript(watchStudyListInPage);
  const page = await context.newPage();
  await emulateLink(context, page, link);
  await page.goto(originRef.origin);
  await page.waitForFunction(() => globalThis.__scaleMarks?.completeMs !== undefined, null, { timeout: 300_000 });
  const marks = await page.evaluate(() => globalThis.__scaleMarks);
  const dom = await page.evaluate(() => {
    const rows = [...globalThis.document.querySelectorAll('[data-testid="study-table"] tbody tr[data-study-uid]')];
    return {
      listed: Number(globalThis.document.querySelector('[data-testid="study-table"]')?.getAttribute('aria-rowcount') ?? 1) - 1,
      rowsInDom: rows.length,
      rowsVisible: rows.filter((tr) => {
        const box = tr.getBoundingClientRect();
        return box.bottom > 0 && box.top < globalThis.innerHeight;
      }).length,
      firstRowUid: rows[0]?.getAttribute('data-study-uid'),
      notice: globalThis.document.querySelector('[data-testid="more-exist-notice"]')?.textContent ?? null,
    };
  });
  const heapMb = await heapOf(page);
  await page.locator('[data-testid="study-table"] tbody tr[data-study-uid]').first().focus();
  const started = performance.now();
  for (let i = 0; i < KEY_PRESSES; i += 1) await page.keyboard.press('ArrowDown');
  await page.waitForFunction((index) => globalThis.document.activeElement?.getAttribute('data-index') === String(index), KEY_PRESSES);
  const keysMs = performance.now() - started;
  const searchMs = await page.evaluate(searchInLoadedList, searchBoundOf(target));
  await context.close();
  return { firstRowsMs: marks.firstRowsMs, completeMs: marks.completeMs, ...dom, isNewestFirst: dom.firstRowUid === target.newest.studyInstanceUid, heapMb, keysMs, searchMs };
}

async function measureTimeline(browser, target) {
  const context = await contextFor(browser);
  const page = await context.newPage();
  await emulateLink(context, page, link);
  await page.goto(`${originRef.origin}/timeline/${target.id}/${target.newest.studyInstanceUid}`);
  await page.waitForFunction(() => performance.getEntriesByName('longview:timeline-complete').length > 0, null, { timeout: 600_000 });
  const marks = await page.evaluate(() => ({
    firstEntryMs: performance.getEntriesByName('longview:timeline-first-entry')[0]?.startTime,
    completeMs: performance.getEntriesByName('longview:timeline-complete')[0].startTime,
    entriesInDom: globalThis.document.querySelectorAll('[data-testid="timeline-entry"]').length,
    binsInDom: globalThis.document.querySelectorAll('[data-testid="timeline-bin"]').length,
    studiesInBins: [...globalThis.document.querySelectorAll('[data-testid="timeline-bin"]')].reduce((n, b) => n + Number(b.getAttribute('data-count')), 0),
    display: globalThis.document.querySelector('[data-testid="timeline-lanes"]')?.getAttribute('data-display'),
    binUnit: globalThis.document.querySelector('[data-testid="timeline-lanes"]')?.getAttribute('data-bin-unit'),
    laneCounts: [...globalThis.document.querySelectorAll('[data-testid="timeline-lane"] .lane-label .muted')].map((e) => Number(e.textContent)),
  }));
  const heapMb = await heapOf(page);
  const focusable = page.locator('.timeline-lanes [tabindex="0"]').first();
  let keysMs = null;
  if ((await focusable.count()) > 0) {
    await focusable.focus();
    const started = performance.now();
    for (let i = 0; i < KEY_PRESSES; i += 1) await page.keyboard.press('ArrowLeft');
    await page.evaluate(() => new Promise((resolve) => globalThis.requestAnimationFrame(() => globalThis.requestAnimationFrame(resolve))));
    keysMs = performance.now() - started;
  }
  await context.close();
  return { ...marks, heapMb, keysMs };
}

const originRef = { origin: '' };
const targets = await prepare();
const results = [];
for (const [index, target] of targets.entries()) {
  const { browser, origin, close } = await startBench(PORT + index, { dist: distFor(target), extraArchives: [{ id: target.id, upstream: target.upstream }] });
  originRef.origin = origin;
  try {
    const listPath = `/dicomweb/${target.id}/studies?includefield=${INCLUDE}&limit=${LIST_LIMIT + 1}`;
    const searchPath = `/dicomweb/${target.id}/studies?StudyDate=-${searchBoundOf(target).da}&includefield=${INCLUDE}&limit=${LIST_LIMIT + 1}`;
    const patientPath = `/dicomweb/${target.id}/studies?PatientID=${target.patient.patientId}&includefield=${INCLUDE}`;
    // One warm-up of each, so the archive's caches are as warm for the viewer as for the floor.
    await floorOf(browser, listPath);
    await measureStudyList(browser, target);
    const list = [];
    const listFloor = [];
    const searchFloor = [];
    const timeline = [];
    const timelineFloor = [];
    for (let i = 0; i < iterations; i += 1) {
      listFloor.push(await floorOf(browser, listPath));
      searchFloor.push(await floorOf(browser, searchPath));
      list.push(await measureStudyList(browser, target));
      if (target.kind === 'patient') {
        timelineFloor.push(await floorOf(browser, patientPath));
        timeline.push(await measureTimeline(browser, target));
      }
      log(`${target.id}: iteration ${i + 1} done`);
    }
    const m = (runs, key) => Math.round(median(runs.map((r) => r[key])));
    const listQidoMs = m(listFloor, 'ms');
    results.push({
      target: { kind: target.kind, studies: target.count, archive: target.id, patientId: target.patient.patientId, preparation: target.preparation },
      studyList: {
        firstRowsMs: m(list, 'firstRowsMs'),
        completeMs: m(list, 'completeMs'),
        archiveQidoMsForPage: listQidoMs,
        firstRowsOverQido: Number((median(list.map((r) => r.firstRowsMs)) / listQidoMs).toFixed(2)),
        listed: list[0].listed,
        isNewestFirst: list.every((r) => r.isNewestFirst),
        rowsInDom: list[0].rowsInDom,
        rowsVisible: list[0].rowsVisible,
        heapMb: m(list, 'heapMb'),
        arrowDown50Ms: m(list, 'keysMs'),
        // A search from the loaded list (studies up to a date, half of them older): from the
        // submit to its newest study on the first row, beside the archive's QIDO for that page.
        searchInApp: {
          firstRowsMs: m(list, 'searchMs'),
          archiveQidoMsForPage: m(searchFloor, 'ms'),
          firstRowsOverQido: Number((median(list.map((r) => r.searchMs)) / median(searchFloor.map((r) => r.ms))).toFixed(2)),
        },
        notice: list[0].notice,
      },
      timeline:
        timeline.length === 0
          ? null
          : {
              completeMs: m(timeline, 'completeMs'),
              floorMs: m(timelineFloor, 'ms'),
              floorBytes: timelineFloor[0].bytes,
              completeOverFloor: Number((median(timeline.map((r) => r.completeMs)) / median(timelineFloor.map((r) => r.ms))).toFixed(2)),
              display: timeline[0].display,
              binUnit: timeline[0].binUnit,
              entriesInDom: timeline[0].entriesInDom,
              binsInDom: timeline[0].binsInDom,
              studiesCounted: timeline[0].laneCounts.reduce((n, c) => n + c, 0),
              heapMb: m(timeline, 'heapMb'),
              arrowLeft50Ms: timeline[0].keysMs === null ? null : m(timeline, 'keysMs'),
            },
    });
  } finally {
    await close();
  }
}

console.log(
  JSON.stringify(
    {
      benchmark: 'scale',
      iterations,
      link: values.link,
      results,
      aims: { firstRowsOverQido: 1.3, timelineCompleteOverFloor: 1.5, heapMbAt10000: 150, domRowsOverVisible: 2 },
      note: 'Times from navigation start (app load included) in a fresh context; QIDO floors from an already-loaded page, through the same nginx as the viewer. The study list shows the archive\'s newest 200 (descending date windows); the archive target is one patient of that many studies searched without a patient.',
    },
    null,
    2,
  ),
);
