import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Download, Page } from '@playwright/test';
import { expect, test } from './support/test';
import { AUDIT_SINK_URL } from '../scripts/audit-sink/control.mjs';
import dcmjs, { type DcmjsDataset } from 'dcmjs';
import { unzipSync, unzlibSync } from 'fflate';
import { actionFor } from '../packages/deidentify/src/index';
import { CORPUS_DIR, findSeries } from './support/corpus';
import { readViewportImage, type Raster } from './support/pixels';
import { openSeries, settle } from './support/viewer';

const KEY = 'mr-knee-sagittal';

function readDicom(bytes: Uint8Array): { meta: DcmjsDataset; dict: DcmjsDataset } {
  return dcmjs.data.DicomMessage.readFile(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
}

function first(dataset: DcmjsDataset, tag: string): string | undefined {
  const value = dataset[tag]?.Value?.[0];
  if (value && typeof value === 'object' && 'Alphabetic' in value) return String(value.Alphabetic);
  return value === undefined ? undefined : String(value);
}

function isEmpty(dataset: DcmjsDataset, tag: string): boolean {
  return (dataset[tag]?.Value ?? []).every((v) => v === '' || v === null);
}

async function exportAndDownload(page: Page): Promise<Download> {
  const downloading = page.waitForEvent('download');
  await page.getByRole('dialog', { name: 'Export' }).getByRole('button', { name: 'Export', exact: true }).click();
  return downloading;
}

async function downloadedBytes(download: Download): Promise<Uint8Array> {
  return new Uint8Array(readFileSync(await download.path()));
}

/** Export audit events (DCM 110106) the sink holds for a study. */
async function exportEventsFor(studyUid: string): Promise<number> {
  const bundle = (await (await fetch(`${AUDIT_SINK_URL}/fhir/AuditEvent`)).json()) as {
    entry: Array<{ resource: { type: { code: string }; subtype: Array<{ system: string; code: string }>; entity: Array<{ what: { identifier: { value: string } } }> } }>;
  };
  return bundle.entry
    .map((e) => e.resource)
    .filter((event) => event.type.code === '110106' && event.subtype.some((c) => c.system === 'urn:longview:audit-event' && c.code === 'export'))
    .filter((event) => event.entity.some((entity) => entity.what.identifier.value.replace(/^urn:oid:/, '') === studyUid)).length;
}

test('a study exported de-identified has no identity left, new consistent UIDs and the same pixels', async ({ page }) => {
  const { patient, study, series } = findSeries(KEY);
  const exportsBefore = await exportEventsFor(study.studyInstanceUid);
  await openSeries(page, KEY);
  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  // The knee files do not state BurnedInAnnotation: the series is flagged before anything leaves.
  await expect(dialog.locator(`li[data-series-uid="${series.seriesInstanceUid}"]`)).toHaveAttribute('data-burned-in', 'may-remain');
  await expect(dialog.getByRole('alert')).toContainText('may remain');

  // The whole study (the knee MR study is this one series).
  expect(study.series).toHaveLength(1);
  await dialog.getByRole('radio', { name: /Whole study/ }).check();
  const download = await exportAndDownload(page);
  await expect(dialog.getByTestId('export-done')).toContainText(`Exported ${series.instances.length} images`);
  // The download is named without PHI.
  expect(download.suggestedFilename()).toMatch(/^longview-deidentified-study-\d{8}-\d{6}\.zip$/);

  const files = unzipSync(await downloadedBytes(download));
  const names = Object.keys(files).sort();
  expect(names).toHaveLength(series.instances.length);
  for (const name of names) expect(name).toMatch(/^series-01\/\d{4}\.dcm$/);

  const originals = new Map(
    series.instances.map((instance) => [instance.instanceNumber, readDicom(new Uint8Array(readFileSync(join(CORPUS_DIR, instance.file))))]),
  );
  const originalUids = new Set([study.studyInstanceUid, series.seriesInstanceUid, ...series.instances.map((i) => i.sopInstanceUid)]);
  const firstOriginal = originals.get(1)?.dict as DcmjsDataset;
  originalUids.add(first(firstOriginal, '00200052') as string);
  // Every identifying value of the originals, looked for as text anywhere in every exported file.
  const phi = [
    patient.patientName,
    ...patient.patientName.split('^'),
    patient.patientId,
    patient.birthDate,
    study.studyDate,
    study.accessionNumber,
    study.studyDescription,
    series.seriesDescription,
    first(firstOriginal, '00080080') as string, // InstitutionName
    first(firstOriginal, '00080090') as string, // ReferringPhysicianName
    ...originalUids,
  ].filter((text) => text.length >= 4);

  const studyUids = new Set<string>();
  const seriesUids = new Set<string>();
  const frameOfReferenceUids = new Set<string>();
  const sopUids = new Set<string>();
  for (const name of names) {
    const bytes = files[name] as Uint8Array;
    const text = new TextDecoder('latin1').decode(bytes);
    for (const value of phi) expect(text, `${name} still contains an identifying value`).not.toContain(value);

    const { meta, dict } = readDicom(bytes);
    const original = originals.get(Number(first(dict, '00200013')));
    expect(original, `${name}: InstanceNumber maps to an original`).toBeDefined();
    const source = (original as { dict: DcmjsDataset }).dict;

    // The profile's action, attribute by attribute, for everything the original carried.
    for (const tag of Object.keys(source)) {
      const action = actionFor(tag);
      if (action === 'X') expect(dict[tag], `${name} ${tag} removed`).toBeUndefined();
      if (action === 'Z') expect(isEmpty(dict, tag), `${name} ${tag} emptied`).toBe(true);
      if (action === 'U') {
        expect(first(dict, tag)).toMatch(/^2\.25\.\d+$/);
        expect(originalUids.has(first(dict, tag) as string)).toBe(false);
      }
      // Kept as it was (dcmjs's own _rawValue bookkeeping aside).
      if (action === 'K' && tag !== '7FE00010') expect(dict[tag]?.Value, `${name} ${tag} kept`).toEqual(source[tag]?.Value);
    }
    expect(first(meta, '00020003')).toBe(first(dict, '00080018'));
    expect(first(dict, '00120062')).toBe('YES');
    const [code] = (dict['00120064']?.Value ?? []) as DcmjsDataset[];
    expect(first(code as DcmjsDataset, '00080100')).toBe('113100');
    expect(first(code as DcmjsDataset, '00080102')).toBe('DCM');

    // Pixels: the very same bytes.
    const exportedPixels = new Uint8Array(dict['7FE00010']?.Value?.[0] as ArrayBuffer);
    const originalPixels = new Uint8Array(source['7FE00010']?.Value?.[0] as ArrayBuffer);
    expect(exportedPixels.byteLength).toBe(series.rows * series.columns * 2);
    expect(Buffer.compare(Buffer.from(exportedPixels), Buffer.from(originalPixels))).toBe(0);

    studyUids.add(first(dict, '0020000D') as string);
    seriesUids.add(first(dict, '0020000E') as string);
    frameOfReferenceUids.add(first(dict, '00200052') as string);
    sopUids.add(first(dict, '00080018') as string);
  }
  // One study, one series, one frame of reference across the export; every instance its own UID.
  expect(studyUids.size).toBe(1);
  expect(seriesUids.size).toBe(1);
  expect(frameOfReferenceUids.size).toBe(1);
  expect(sopUids.size).toBe(series.instances.length);
  // The export is on the audit trail, naming the original study.
  await expect.poll(() => exportEventsFor(study.studyInstanceUid), { timeout: 30_000 }).toBe(exportsBefore + 1);
});

/** Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what canvas.toBlob writes). */
function decodePng(bytes: Uint8Array): Raster & { channelsInFile: number } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let offset = 8;
  let width = 0;
  let height = 0;
  let colourType = 0;
  const idat: Uint8Array[] = [];
  while (offset < bytes.length) {
    const length = view.getUint32(offset);
    const type = new TextDecoder().decode(bytes.subarray(offset + 4, offset + 8));
    const data = bytes.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = view.getUint32(offset + 8);
      height = view.getUint32(offset + 12);
      expect(data[8], 'bit depth').toBe(8);
      colourType = data[9] as number;
      expect(data[12], 'interlace').toBe(0);
    } else if (type === 'IDAT') {
      idat.push(data);
    }
    offset += 12 + length;
  }
  const channelsInFile = colourType === 6 ? 4 : colourType === 2 ? 3 : colourType === 0 ? 1 : 0;
  expect(channelsInFile, `colour type ${colourType}`).toBeGreaterThan(0);
  const joined = new Uint8Array(idat.reduce((n, part) => n + part.length, 0));
  idat.reduce((at, part) => (joined.set(part, at), at + part.length), 0);
  const raw = unzlibSync(joined);
  const stride = width * channelsInFile;
  const out = new Uint8Array(width * height * 3);
  const previous = new Uint8Array(stride);
  const line = new Uint8Array(stride);
  for (let y = 0; y < height; y += 1) {
    const filter = raw[y * (stride + 1)] as number;
    const source = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let i = 0; i < stride; i += 1) {
      const a = i >= channelsInFile ? (line[i - channelsInFile] as number) : 0;
      const b = previous[i] as number;
      const c = i >= channelsInFile ? (previous[i - channelsInFile] as number) : 0;
      const x = source[i] as number;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c;
        const pa = Math.abs(p - a);
        const pb = Math.abs(p - b);
        const pc = Math.abs(p - c);
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      line[i] = (x + predicted) & 0xff;
    }
    for (let px = 0; px < width; px += 1) {
      for (let ch = 0; ch < 3; ch += 1) out[(y * width + px) * 3 + ch] = line[px * channelsInFile + (channelsInFile === 1 ? 0 : ch)] as number;
    }
    previous.set(line);
  }
  return { width, height, channels: 3, data: out, channelsInFile };
}

test('the current image exported as PNG is the canvas image only, without the overlay text', async ({ page }) => {
  const { series } = findSeries(KEY);
  await openSeries(page, KEY);
  // The overlay shows the patient's name over the image; it must not be in the PNG.
  await expect(page.getByTestId('overlay-patient-name')).not.toBeEmpty();
  await settle(page);
  const onScreen = await readViewportImage(page, 3);

  await page.getByRole('button', { name: 'Export…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Export' });
  await dialog.getByLabel('PNG of the current image, without overlay text').check();
  const download = await exportAndDownload(page);
  expect(download.suggestedFilename()).toMatch(/^longview-image-\d{8}-\d{6}\.png$/);
  await expect(dialog.getByTestId('export-done')).toContainText('Exported 1 image');

  const png = decodePng(await downloadedBytes(download));
  // The image area of the canvas, exactly: its size, and its pixels (no text drawn into them).
  // Both crops start at the image rectangle's rounded corner; the export ends at its rounded far
  // edge and support/pixels.ts at corner + rounded size, which differ by one pixel when the image
  // sits on a half pixel (an odd-sized viewport centring it).
  expect(Math.abs(png.width - onScreen.width)).toBeLessThanOrEqual(1);
  expect(Math.abs(png.height - onScreen.height)).toBeLessThanOrEqual(1);
  expect(png.width * png.height).toBeGreaterThan(series.columns);
  const [width, height] = [Math.min(png.width, onScreen.width), Math.min(png.height, onScreen.height)];
  let differing = 0;
  for (let y = 0; y < height; y += 1) {
    for (let x = 0; x < width; x += 1) {
      for (let ch = 0; ch < 3; ch += 1) if (png.data[(y * png.width + x) * 3 + ch] !== onScreen.data[(y * onScreen.width + x) * 3 + ch]) differing += 1;
    }
  }
  expect(differing).toBe(0);
});
