import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, test } from './support/test';
import { CORPUS_DIR, corpus, type CorpusSeries, type CorpusStudy } from './support/corpus';
import { differenceFromReference } from './support/pixels';
import { goToImage, openSeries, setWindow, settle, stackIndexOf } from './support/viewer';

/**
 * The `clinics` archive is a static DICOMweb tree of files (scripts/static-archive), served by
 * the viewer's nginx (scripts/serve/nginx-config.mjs) with the query string ignored. These tests check it the way a user
 * and a client would: the study list, pixels on screen against dcmtk, and frame bytes against
 * the stored file.
 */
const ARCHIVE = 'clinics';
const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';
const NATIVE_SYNTAXES = new Set(['1.2.840.10008.1.2', EXPLICIT_VR_LITTLE_ENDIAN]);
const MAX_MEAN_ABSOLUTE_DIFFERENCE = 1;

interface ClinicsSeries {
  study: CorpusStudy;
  series: CorpusSeries & { samplesPerPixel?: number; bitsAllocated?: number; bitsStored?: number };
}

function clinicsSeries(): ClinicsSeries[] {
  return corpus().patients.flatMap((patient) =>
    patient.studies.filter((study) => study.archive === ARCHIVE).flatMap((study) => study.series.map((series) => ({ study, series }))),
  );
}

const isColour = (series: CorpusSeries) => !series.photometricInterpretation.startsWith('MONOCHROME');

/** One image series per (stored syntax, colour or gray): each frame encoding and rendering path once. */
function representativeSeries(): ClinicsSeries[] {
  const chosen = new Map<string, ClinicsSeries>();
  // Encapsulated documents have no pixels (and no photometric interpretation).
  for (const entry of clinicsSeries().filter(({ series }) => series.photometricInterpretation && !series.mimeType)) {
    const kind = `${entry.series.transferSyntaxUid} ${isColour(entry.series) ? 'colour' : 'gray'}`;
    if (!chosen.has(kind)) chosen.set(kind, entry);
  }
  return [...chosen.values()];
}

const frameUrl = ({ study, series }: ClinicsSeries, sopInstanceUid: string, frame: number) =>
  `/dicomweb/${ARCHIVE}/studies/${study.studyInstanceUid}/series/${series.seriesInstanceUid}/instances/${sopInstanceUid}/frames/${frame}`;

test('the study list of the static archive is the manifest\'s clinics studies, whatever the query', async ({ request }) => {
  const expected = [...new Set(clinicsSeries().map(({ study }) => study.studyInstanceUid))].sort();
  expect(expected.length).toBeGreaterThan(0);
  for (const query of ['', '?PatientID=NO-SUCH-PATIENT&limit=1&includefield=00081030']) {
    const response = await request.get(`/dicomweb/${ARCHIVE}/studies${query}`);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toBe('application/dicom+json');
    const studies = (await response.json()) as Array<Record<string, { Value?: unknown[] }>>;
    expect(studies.map((study) => study['0020000D']?.Value?.[0]).sort()).toEqual(expected);
  }
});

for (const entry of representativeSeries()) {
  const { series } = entry;
  const label = `${series.key} (${series.photometricInterpretation}, ${series.transferSyntaxUid})`;

  test(`renders ${label} from the static tree like dcmtk`, async ({ page }) => {
    // The middle image of a single-frame series (so the stack is scrolled); frame 1 of the
    // first instance of a multi-frame one.
    const isMultiFrame = series.numberOfFrames > 1;
    const instance = isMultiFrame
      ? series.instances.find((candidate) => stackIndexOf(series.key, candidate.instanceNumber) === 0)
      : series.instances[Math.floor(series.instances.length / 2)];
    if (!instance) throw new Error(`${series.key} has no instances`);
    // A gray image is compared at its stored window (or its full range), typed into the viewer.
    const bitsStored = series.bitsStored ?? 8;
    const window = isColour(series)
      ? undefined
      : { center: series.windowCenter?.[0] ?? 2 ** (bitsStored - 1), width: series.windowWidth?.[0] ?? 2 ** bitsStored };
    const referenceFile = test.info().outputPath(`dcmtk.${window ? 'pgm' : 'ppm'}`);
    const windowArgs = window ? ['+Ww', String(window.center), String(window.width)] : [];
    execFileSync('dcmj2pnm', ['+op', '+F', '1', ...windowArgs, join(CORPUS_DIR, instance.file), referenceFile]);

    await openSeries(page, series.key);
    const index = isMultiFrame ? 0 : stackIndexOf(series.key, instance.instanceNumber);
    if (index > 0) await goToImage(page, index);
    if (window) await setWindow(page, window.width, window.center);
    await page.keyboard.press('n');
    await expect(page.getByTestId('overlay-true-pixels')).toBeVisible();
    await settle(page);

    const difference = await differenceFromReference(page, referenceFile, MAX_MEAN_ABSOLUTE_DIFFERENCE);
    expect(difference).toBeLessThanOrEqual(MAX_MEAN_ABSOLUTE_DIFFERENCE);
  });

  test(`serves frame 1 of ${label} byte for byte, labelled with its syntax`, async ({ request }) => {
    const instance = series.instances[0];
    if (!instance) throw new Error(`${series.key} has no instances`);
    const response = await request.get(frameUrl(entry, instance.sopInstanceUid, 1), {
      headers: { Accept: 'multipart/related; type="application/octet-stream"; transfer-syntax=*' },
    });
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toMatch(/^multipart\/related;/);
    const part = firstPart(await response.body());

    const isNative = NATIVE_SYNTAXES.has(series.transferSyntaxUid);
    expect(part.contentType).toBe(
      `${isNative ? 'application/octet-stream' : 'image/jpeg'}; transfer-syntax=${isNative ? EXPLICIT_VR_LITTLE_ENDIAN : series.transferSyntaxUid}`,
    );
    const items = pixelItems(join(CORPUS_DIR, instance.file), test.info().outputPath('pixel-items'));
    // Native: the first frame's bytes of the one value (an odd length is padded). Encapsulated:
    // the items after the Basic Offset Table, all of them for a single frame, else the first
    // (the corpus writes one fragment per frame).
    const frameLength = series.rows * series.columns * (series.samplesPerPixel ?? 1) * ((series.bitsAllocated ?? 8) / 8);
    const fragments = items.slice(1);
    const expected = isNative ? items[0]?.subarray(0, frameLength) : Buffer.concat(series.numberOfFrames === 1 ? fragments : fragments.slice(0, 1));
    expect(expected?.length).toBeGreaterThan(0);
    expect(part.body.equals(expected ?? Buffer.alloc(0))).toBe(true);
  });
}

test('a thumbnail is served for the viewer\'s rendered request, its viewport parameter ignored', async ({ request }) => {
  const [entry] = representativeSeries();
  const instance = entry?.series.instances[0];
  if (!entry || !instance) throw new Error('no clinics series');
  const url = frameUrl(entry, instance.sopInstanceUid, 1).replace(/\/frames\/1$/, '/rendered?viewport=128,128');
  const response = await request.get(url, { headers: { Accept: 'image/jpeg' } });
  expect(response.status()).toBe(200);
  expect(response.headers()['content-type']).toBe('image/jpeg');
  const body = await response.body();
  expect([...body.subarray(0, 2)]).toEqual([0xff, 0xd8]); // JPEG Start Of Image
});

/** The first part of a multipart/related body: its Content-Type and its bytes. */
function firstPart(body: Buffer): { contentType: string | undefined; body: Buffer } {
  const lineEnd = body.indexOf('\r\n');
  const delimiter = body.subarray(0, lineEnd).toString('latin1');
  expect(delimiter.startsWith('--')).toBe(true);
  const headersEnd = body.indexOf('\r\n\r\n', lineEnd);
  const headers = body.subarray(lineEnd + 2, headersEnd).toString('latin1').split('\r\n');
  const contentType = headers.find((line) => /^content-type:/i.test(line))?.replace(/^content-type:\s*/i, '');
  const bodyEnd = body.indexOf(`\r\n${delimiter}`, headersEnd + 4);
  return { contentType, body: body.subarray(headersEnd + 4, bodyEnd) };
}

/**
 * The pixel data items of a Part-10 file as dcmtk reads them (`dcmdump +W` writes each to a
 * file): independent of the tree builder, which uses dcmjs.
 */
function pixelItems(file: string, directory: string): Buffer[] {
  mkdirSync(directory, { recursive: true });
  execFileSync('dcmdump', ['+W', directory, file], { stdio: 'ignore' });
  const itemNumber = (name: string) => Number(/\.(\d+)\.raw$/.exec(name)?.[1]);
  return readdirSync(directory)
    .filter((name) => name.endsWith('.raw'))
    .sort((a, b) => itemNumber(a) - itemNumber(b))
    .map((name) => readFileSync(join(directory, name)));
}
