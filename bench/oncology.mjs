// The tumor board's PET/CT as an outside observer sees it (issue 27): carol's staging PET/CT in
// the token-protected oncology archive, hung as CT, PET, fusion and MIP, beside its floor measured
// in the same run and the same signed-in tab.
//
// Each iteration is a fresh browser context. The reader signs in through the test EHR (SMART EHR
// launch with the study in context); then the browser's HTTP cache is emptied, and in that tab
// the study link is opened as a new navigation. From that navigation's start the fusion viewport
// is watched on the screen (screenshots of it every POLL_MS):
// - firstFusedMs: the first screenshot whose pixels show colour (the PET's colour map over the
//   gray CT: at least 200 pixels whose channels differ by more than 40 levels);
// - fusedCompleteMs: the last change of the fusion viewport's pixels, once the viewer says both
//   volumes are in (data-loaded) and it stayed unchanged for STABLE_MS;
// - the viewer's own data-loaded moment, for reference only.
// The floor: from the start of a navigation to a bare page of the same origin, both series
// retrieved at once, each in one WADO-RS series request (multipart, every instance), with the
// tab's bearer token, until the last byte of both.
// Memory, at the end of each iteration: V8's heap and the ArrayBuffer backing stores (CDP
// Runtime.getHeapUsage; pixel data lives in backing stores, outside the JS heap), beside the
// decoded bytes of CT, PET and SEG (their rows × columns × frames × bytes per voxel, from the
// manifest); then the same after a forced garbage collection: what the viewer keeps, without
// the buffers it has let go of and V8 has not yet swept (which vary from run to run by tens of
// MiB). GPU textures are not counted by either.
// Prints JSON; asserts nothing.
//
// Needs: the viewer built, the corpus generated, the archives, the test EHR and its bearer gate up
// (scripts/demo.sh or the e2e global setup). Usage: node bench/oncology.mjs [iterations]
import { decodePng } from '../e2e/support/png.mjs';
import { fhirIdFor } from '../scripts/ehr/fhir-resources.mjs';
import { MiB, median, readManifest, startBench } from './lib.mjs';

const PORT = Number(process.env.LONGVIEW_BENCH_PORT ?? 5177);
const ITERATIONS = Number(process.argv[2] ?? 3);
const EHR = 'http://127.0.0.1:18100';
const POLL_MS = 150;
const STABLE_MS = 3_000;
const TIMEOUT_MS = 180_000;

/** Carol's oldest PET/CT in the oncology archive: its study, CT, PET and SEG. */
function stagingPetCt() {
  const studies = readManifest()
    .patients.filter((p) => p.person === 'carol' && p.archive === 'oncology')
    .flatMap((p) => p.studies)
    .filter((study) => study.series.some((s) => s.modality === 'PT' && s.pet))
    .sort((a, b) => a.studyDate.localeCompare(b.studyDate));
  const study = studies[0];
  if (!study) throw new Error('the corpus has no PET/CT study for carol (generator v17 or later)');
  const pt = study.series.find((s) => s.modality === 'PT' && s.pet);
  const ct = study.series.find((s) => s.key === pt.pet.ctSeriesKey);
  const seg = study.series.find((s) => s.segmentation);
  return { study, ct, pt, seg };
}

/** Decoded voxel bytes of a series as the manifest describes it (16-bit CT and PET; the SEG as one byte per voxel of its frames). */
function decodedBytesOf(series) {
  if (series.segmentation) {
    const { rows, columns, segments } = series.segmentation;
    return rows * columns * segments.reduce((n, segment) => n + segment.frames.length, 0);
  }
  return series.rows * series.columns * series.instances.length * series.numberOfFrames * (series.bitsAllocated / 8);
}

/** The clinician opens carol's chart in the test EHR with the study in context and allows access. */
async function signIn(page, origin, studyUid) {
  await page.goto(`${EHR}/ehr/?viewer=${encodeURIComponent(origin)}`);
  await page.getByLabel('Patient').selectOption(fhirIdFor('patient', 'carol'));
  await page.getByLabel('Study in context').selectOption(studyUid);
  await page.getByRole('button', { name: 'Open images' }).click();
  await page.getByRole('button', { name: 'Allow' }).click();
  // Signed in: the launch has landed on the patient's timeline, which names the study.
  await page.locator(`[data-testid="timeline-entry"][data-study-uid="${studyUid}"]`).waitFor({ state: 'attached', timeout: 60_000 });
}

/** Whether a PNG screenshot shows colour: enough coloured pixels that the corner text (its orientation letters) cannot be them. */
function showsColour(png) {
  const { width, height, channels, pixels } = decodePng(png);
  let coloured = 0;
  for (let at = 0; at < width * height * channels; at += channels) {
    if (Math.max(pixels[at], pixels[at + 1], pixels[at + 2]) - Math.min(pixels[at], pixels[at + 1], pixels[at + 2]) > 40) coloured += 1;
  }
  return coloured >= 200;
}

/** Watches the fusion viewport on the screen from the study link's navigation until it is complete. */
async function watchFusion(page, origin, studyUid) {
  const navigated = Date.now();
  await page.goto(`${origin}/viewer/oncology/${studyUid}`, { waitUntil: 'commit' });
  const fusion = page.locator('[data-testid="viewport-cell"][data-cell-index="2"]').getByTestId('fusion-viewport');
  let firstFusedMs;
  let lastChangeMs;
  let loadedMs;
  let previous;
  while (Date.now() - navigated < TIMEOUT_MS) {
    const at = Date.now() - navigated;
    const box = await fusion.boundingBox({ timeout: 50 }).catch(() => null);
    if (box) {
      const png = await page.screenshot({ clip: box, animations: 'disabled', caret: 'hide' });
      if (previous === undefined || !png.equals(previous)) lastChangeMs = at;
      previous = png;
      if (firstFusedMs === undefined && showsColour(png)) firstFusedMs = at;
      if (loadedMs === undefined && (await fusion.getAttribute('data-loaded', { timeout: 50 }).catch(() => null)) === 'true') loadedMs = at;
      if (firstFusedMs !== undefined && loadedMs !== undefined && at - lastChangeMs >= STABLE_MS) break;
    }
    await page.waitForTimeout(POLL_MS);
  }
  // The navigation's own start, as the page's clock counts it (the watch above began just before it).
  const offset = await page.evaluate(() => performance.timeOrigin).then((origin) => origin - navigated);
  const fromNavigation = (ms) => (ms === undefined ? null : Math.round(ms - offset));
  return { firstFusedMs: fromNavigation(firstFusedMs), fusedCompleteMs: fromNavigation(lastChangeMs), viewerLoadedMarkMs: fromNavigation(loadedMs) };
}

/** Runs in a bare page: both series at once, each in one series retrieve, to the last byte. */
async function measureFloorInPage({ studyUid, seriesUids }) {
  const state = JSON.parse(sessionStorage.getItem(JSON.parse(sessionStorage.getItem('SMART_KEY'))));
  const token = state.tokenResponse.access_token;
  const sizes = await Promise.all(
    seriesUids.map(async (seriesUid) => {
      const response = await fetch(`/dicomweb/oncology/studies/${studyUid}/series/${seriesUid}`, {
        headers: { Accept: 'multipart/related; type="application/dicom"; transfer-syntax=*', Authorization: `Bearer ${token}` },
      });
      if (!response.ok) throw new Error(`series retrieve answered ${response.status}`);
      return (await response.arrayBuffer()).byteLength;
    }),
  );
  return { floorMs: performance.now(), bytes: sizes };
}

async function heapNow(context, page) {
  const cdp = await context.newCDPSession(page);
  const usage = await cdp.send('Runtime.getHeapUsage');
  return { jsHeapUsedBytes: usage.usedSize, backingStorageBytes: usage.backingStorageSize ?? null };
}

async function heapAfterGarbageCollection(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const { jsHeapUsedBytes, backingStorageBytes } = await heapNow(context, page);
  return { retainedJsHeapBytes: jsHeapUsedBytes, retainedBackingStorageBytes: backingStorageBytes };
}

async function iteration(browser, origin, petCt) {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  const page = await context.newPage();
  await signIn(page, origin, petCt.study.studyInstanceUid);
  // Cold as a fresh context is: the sign-in's page loaded the app's code, which the study link must fetch again.
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.clearBrowserCache');
  const viewer = await watchFusion(page, origin, petCt.study.studyInstanceUid);
  const memory = { ...(await heapNow(context, page)), ...(await heapAfterGarbageCollection(context, page)) };
  await page.goto(`${origin}/robots.txt`);
  const floor = await page.evaluate(measureFloorInPage, { studyUid: petCt.study.studyInstanceUid, seriesUids: [petCt.ct.seriesInstanceUid, petCt.pt.seriesInstanceUid] });
  await context.close();
  return { ...viewer, floorMs: Math.round(floor.floorMs), floorBytes: floor.bytes, ...memory };
}

const petCt = stagingPetCt();
const decoded = { ct: decodedBytesOf(petCt.ct), pt: decodedBytesOf(petCt.pt), seg: petCt.seg ? decodedBytesOf(petCt.seg) : 0 };
const decodedBytes = decoded.ct + decoded.pt + decoded.seg;
const { browser, origin, close } = await startBench(PORT);
const runs = [];
for (let i = 0; i < ITERATIONS; i += 1) runs.push(await iteration(browser, origin, petCt));
await close();

const pick = (key) => median(runs.map((run) => run[key]).filter((v) => typeof v === 'number'));
const floorMs = pick('floorMs');
const heapBytes = median(runs.map((run) => run.jsHeapUsedBytes + (run.backingStorageBytes ?? 0)));
const retainedBytes = median(runs.map((run) => run.retainedJsHeapBytes + (run.retainedBackingStorageBytes ?? 0)));
console.log(
  JSON.stringify(
    {
      benchmark: 'oncology-petct',
      study: { ct: { slices: petCt.ct.instances.length, rows: petCt.ct.rows, transferSyntaxUid: petCt.ct.transferSyntaxUid }, pt: { slices: petCt.pt.instances.length, rows: petCt.pt.rows, transferSyntaxUid: petCt.pt.transferSyntaxUid }, segFrames: petCt.seg?.segmentation.segments.reduce((n, s) => n + s.frames.length, 0) },
      iterations: ITERATIONS,
      pollMs: POLL_MS,
      median: {
        firstFusedMs: pick('firstFusedMs'),
        fusedCompleteMs: pick('fusedCompleteMs'),
        viewerLoadedMarkMs: pick('viewerLoadedMarkMs'),
        floorMs,
        fusedCompleteOverFloor: Number((pick('fusedCompleteMs') / floorMs).toFixed(2)),
        heapMiB: Number((heapBytes / MiB).toFixed(1)),
        decodedMiB: Number((decodedBytes / MiB).toFixed(1)),
        heapOverDecoded: Number((heapBytes / decodedBytes).toFixed(2)),
        retainedHeapMiB: Number((retainedBytes / MiB).toFixed(1)),
        retainedHeapOverDecoded: Number((retainedBytes / decodedBytes).toFixed(2)),
      },
      aims: { fusedCompleteOverFloor: 1.5, heapOverDecoded: 1.3, retainedHeapOverDecoded: 1.3 },
      decodedMiBBySeries: Object.fromEntries(Object.entries(decoded).map(([k, v]) => [k, Number((v / MiB).toFixed(1))])),
      runs,
    },
    null,
    2,
  ),
);
