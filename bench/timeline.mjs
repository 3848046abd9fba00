// Time to the first timeline entry and to the complete timeline of the large patient (160
// studies in four archives, three Orthancs and a static DICOMweb tree), in headless Chromium,
// next to the floor measured in the same run from the same browser: each archive's QIDO-RS
// study search for its local patient ID, all four sent at once; the floor is the slowest of
// them (the archives are searched in parallel, so it is not their sum). The viewer also has to
// learn the other archives' IDs first (OtherPatientIDs, read from one instance's metadata),
// which the floor leaves out; `linkLookupMs` measures that step on its own. With a master
// patient index configured (config.json identity.pixm), `mpiPixmMs` is one PIXm query for the
// anchor's record from the same page, and the aim is complete <= slowest archive + MPI + 150 ms.
// Each iteration uses a fresh browser context (cold HTTP cache). Prints JSON; asserts nothing.
//
// Needs: the viewer built, the corpus generated, the static tree built and the archives started
// and loaded (scripts/demo.sh or the e2e global setup).
// Usage: node bench/timeline.mjs [iterations] [--way link|iid]: the timeline link of the anchor's
// study (default), or an EHR's IHE IID PATIENT launch naming the anchor's record by ID and issuer.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { median, readManifest, startBench } from './lib.mjs';

const PORT = Number(process.env.LONGVIEW_BENCH_PORT ?? 5175);
const ITERATIONS = Number(process.argv[2] && !process.argv[2].startsWith('--') ? process.argv[2] : 5);
const WAY = process.argv.includes('--way') ? process.argv[process.argv.indexOf('--way') + 1] : 'link';
if (WAY !== 'link' && WAY !== 'iid') throw new Error(`--way must be link or iid, not ${WAY}`);
const PERSON = 'large';
// What the viewer asks each archive for (packages/dicomweb/src/query.ts STUDY_INCLUDE_FIELDS).
const INCLUDE = '00080061,00201206,00201208,00100030,00100040,00100021,00081030,00180015,00080062,00101002';

function recordsOf(person) {
  return readManifest().patients.filter((patient) => patient.person === person);
}

/** Runs in the page: one QIDO-RS study search per archive, all at once, each timed. */
async function measureFloorInPage({ searches, include }) {
  const started = performance.now();
  const timed = await Promise.all(
    searches.map(async ({ archive, patientId }) => {
      const response = await fetch(`/dicomweb/${archive}/studies?PatientID=${encodeURIComponent(patientId)}&includefield=${include}`, {
        headers: { Accept: 'application/dicom+json' },
      });
      const studies = await response.json();
      return { archive, ms: performance.now() - started, studies: studies.length };
    }),
  );
  return { perArchive: timed, slowestArchiveQidoMs: Math.max(...timed.map((t) => t.ms)) };
}

/** Runs in the page: what learning the other IDs costs (instance list + one instance's metadata). */
async function measureLinkLookupInPage({ archive, study }) {
  const started = performance.now();
  const [instance] = await (await fetch(`/dicomweb/${archive}/studies/${study}/instances?limit=1`, { headers: { Accept: 'application/dicom+json' } })).json();
  const series = instance['0020000E'].Value[0];
  const sop = instance['00080018'].Value[0];
  await (await fetch(`/dicomweb/${archive}/studies/${study}/series/${series}/instances/${sop}/metadata`, { headers: { Accept: 'application/dicom+json' } })).json();
  return performance.now() - started;
}

/** Runs in the page: one PIXm query (ITI-83) to the MPI for the anchor's record. */
async function measureMpiInPage({ base, sourceIdentifier }) {
  const started = performance.now();
  const response = await fetch(`${base}/Patient/$ihe-pix?sourceIdentifier=${encodeURIComponent(sourceIdentifier)}`, { headers: { Accept: 'application/fhir+json' } });
  await response.json();
  return performance.now() - started;
}

async function measureViewer(browser, url, expected) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => performance.getEntriesByName('longview:timeline-complete').length > 0, null, { timeout: 120_000 });
  const result = await page.evaluate(() => ({
    // Navigation start is time 0: these include loading the app itself.
    firstEntryMs: performance.getEntriesByName('longview:timeline-first-entry')[0].startTime,
    completeMs: performance.getEntriesByName('longview:timeline-complete')[0].startTime,
    entries: globalThis.document.querySelectorAll('[data-testid="timeline-entry"]').length,
  }));
  await context.close();
  if (result.entries !== expected) throw new Error(`timeline showed ${result.entries} studies, expected ${expected}`);
  return result;
}

async function inLoadedPage(browser, fn, arg) {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${origin}/config.json`);
  const result = await page.evaluate(fn, arg);
  await context.close();
  return result;
}

const records = recordsOf(PERSON);
const studyCount = records.reduce((n, r) => n + r.studies.length, 0);
const anchorRecord = records.find((r) => r.archive === 'radiology');
const anchor = anchorRecord.studies[anchorRecord.studies.length - 1];
const searches = records.map((r) => ({ archive: r.archive, patientId: r.patientId }));

// The MPI of the built app's config.json, and the system it asks about the anchor's issuer under.
const appConfig = JSON.parse(readFileSync(join(resolve(process.env.LONGVIEW_DIST ?? 'apps/viewer/dist'), 'config.json'), 'utf8'));
const mpiBase = appConfig.identity?.pixm?.base;
const anchorIssuer = anchorRecord.issuerOfPatientId ?? 'LONGVIEW-RAD';
const anchorSystem = Object.entries(appConfig.launch?.identifierSystems ?? {}).find(([, issuer]) => issuer === anchorIssuer)?.[0];
const mpiQuery = mpiBase && anchorSystem ? { base: mpiBase, sourceIdentifier: `${anchorSystem}|${anchorRecord.patientId}` } : undefined;

const { browser, origin, close } = await startBench(PORT);
const url =
  WAY === 'iid'
    ? `${origin}/IHEInvokeImageDisplay?${new URLSearchParams({ requestType: 'PATIENT', patientID: `${anchorRecord.patientId}^^^${anchorIssuer}` })}`
    : `${origin}/timeline/radiology/${anchor.studyInstanceUid}`;

// One warm-up of each so that the archives' caches are equally warm for both.
await inLoadedPage(browser, measureFloorInPage, { searches, include: INCLUDE });
await measureViewer(browser, url, studyCount);

const viewer = [];
const floor = [];
const linkLookup = [];
const mpi = [];
for (let i = 0; i < ITERATIONS; i += 1) {
  floor.push(await inLoadedPage(browser, measureFloorInPage, { searches, include: INCLUDE }));
  if (mpiQuery) mpi.push(await inLoadedPage(browser, measureMpiInPage, mpiQuery));
  linkLookup.push(await inLoadedPage(browser, measureLinkLookupInPage, { archive: 'radiology', study: anchor.studyInstanceUid }));
  viewer.push(await measureViewer(browser, url, studyCount));
}
await close();

const firstEntryMs = median(viewer.map((v) => v.firstEntryMs));
const completeMs = median(viewer.map((v) => v.completeMs));
const slowestArchiveQidoMs = median(floor.map((f) => f.slowestArchiveQidoMs));
const mpiPixmMs = mpi.length > 0 ? median(mpi) : undefined;
const targetMs = slowestArchiveQidoMs + (mpiPixmMs ?? 0) + 150;
const perArchiveMs = Object.fromEntries(
  searches.map(({ archive }) => [archive, Math.round(median(floor.map((f) => f.perArchive.find((p) => p.archive === archive).ms)))]),
);
console.log(
  JSON.stringify(
    {
      benchmark: 'timeline',
      way: WAY,
      patient: { person: PERSON, studies: studyCount, archives: searches.map((s) => s.archive) },
      iterations: ITERATIONS,
      medians: {
        firstEntryMs: Math.round(firstEntryMs),
        completeMs: Math.round(completeMs),
        slowestArchiveQidoMs: Math.round(slowestArchiveQidoMs),
        perArchiveQidoMs: perArchiveMs,
        linkLookupMs: Math.round(median(linkLookup)),
        completeOverFloor: Number((completeMs / slowestArchiveQidoMs).toFixed(2)),
        mpiPixmMs: mpiPixmMs === undefined ? null : Math.round(mpiPixmMs),
        aimMs: Math.round(targetMs),
        completeWithinAim: completeMs <= targetMs,
      },
      mpi: mpiQuery ? { base: mpiQuery.base } : null,
      runs: { viewer, floor: floor.map((f) => Math.round(f.slowestArchiveQidoMs)), linkLookup: linkLookup.map(Math.round) },
      note: 'Viewer times count from navigation start (app load included); floor times from the first request in an already-loaded page. aimMs = slowest archive + MPI + 150 ms.',
    },
    null,
    2,
  ),
);
