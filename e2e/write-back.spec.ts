import type { Page } from '@playwright/test';
import { startArchive, stopArchive } from '../scripts/archive/orthanc-control.mjs';
import { AUDIT_SINK_URL } from '../scripts/audit-sink/control.mjs';
import { expect, test } from './support/test';
import { corpus, findSeries, studiesOfPerson, viewerUrl } from './support/corpus';
import { launchFromEhr } from './support/ehr';
import { drag, openCtAt, pointAt, zoomIn } from './support/measure';
import { chestFeature } from './support/phantom';
import { dsrdump, longviewResults, predecessorsOf, referencedImagesOf, removeLongviewResults, storedFile } from './support/results';
import { goToImage, settle, stackIndexOf } from './support/viewer';

/**
 * Results that last (issue 28): a reader's measurements written back to the study's own archive
 * as a TID 1500 report, and key images as a KOS, through STOW-RS into the real Orthanc; read
 * back from the archive by the test itself (QIDO-RS, metadata, dcmtk's dsrdump) and by a fresh
 * browser. The CT is in a study of its own, and what earlier runs saved there is removed first.
 */

/** A CT of the chest phantom in a study of its own (the corpus' "reader" patient), which no other spec reads. */
const CT = 'reports-ct-chest-axial';
const { study, series } = findSeries(CT);
const ARCHIVE = study.archive;
const STUDY_UID = study.studyInstanceUid;
const NODULE = chestFeature('solid-nodule-right-lung');
const NODULE_INSTANCE = series.features?.find((f) => f.name === NODULE.name)?.centerInstanceNumber as number;
const PIXEL_MM = series.pixelSpacing?.[0] as number;

interface AuditRecord {
  type: { code: string };
  action: string;
  outcome: string;
  entity: Array<{ what: { identifier?: { value: string } } }>;
}

interface PanelMeasurement {
  kind: string;
  sopInstanceUid: string;
  points: Array<[number, number]>;
  values: Record<string, number>;
  isReadOnly: boolean;
  reportUid: string | undefined;
}

/** The reader's own measurements in the panel (the study also holds another program's report, read-only). */
const mine = (page: Page) => page.locator('[data-testid="measurement"][data-read-only="false"]');

/** What the measurement panel lists, read from its data attributes (exactly what it shows). */
async function panelMeasurements(page: Page): Promise<PanelMeasurement[]> {
  return page.getByTestId('measurement').evaluateAll((elements) =>
    elements.map((element) => {
      const data = (element as HTMLElement).dataset;
      const values: Record<string, number> = {};
      for (const value of element.querySelectorAll<HTMLElement>('[data-testid="measurement-value"]')) values[value.dataset.name ?? ''] = Number(value.dataset.value);
      return {
        kind: data.kind ?? '',
        sopInstanceUid: data.sopInstanceUid ?? '',
        points: (data.points ?? '').split(' ').filter(Boolean).map((p) => p.split(',').map(Number) as [number, number]),
        values,
        isReadOnly: data.readOnly === 'true',
        reportUid: data.reportUid,
      };
    }),
  );
}

/**
 * Each measurement of `after` is one of `before` (same kind and image): each of its points
 * within 0.1 mm of where it was, with the same values. An arrow is saved as its tip (a POINT,
 * as issue 28 asks), so only the tip is compared; its tail is drawn again beside it.
 */
function expectSameMeasurements(after: PanelMeasurement[], before: PanelMeasurement[]): void {
  expect(after.map((m) => m.kind).sort()).toEqual(before.map((m) => m.kind).sort());
  for (const original of before) {
    const match = after.find((m) => m.kind === original.kind && m.sopInstanceUid === original.sopInstanceUid);
    expect(match, `${original.kind} came back`).toBeDefined();
    const reopened = match as PanelMeasurement;
    expect(reopened.points.length).toBe(original.points.length);
    const compared = original.kind === 'arrow' ? original.points.slice(0, 1) : original.points;
    for (const [c0, r0] of compared) {
      const nearest = Math.min(...reopened.points.map(([column, row]) => Math.hypot(column - c0, row - r0)));
      expect(nearest * PIXEL_MM, `${original.kind} point ${c0},${r0}`).toBeLessThan(0.1);
    }
    for (const [name, value] of Object.entries(original.values)) expect(reopened.values[name], `${original.kind} ${name}`).toBeCloseTo(value, 2);
  }
}

/** Draws one of each tool on the nodule's slice; the arrow's text is typed at the tool's prompt. */
async function drawEveryTool(page: Page) {
  const geometry = await openCtAt(page, NODULE_INSTANCE, CT);
  await zoomIn(page, 3);
  const [cx, cy] = NODULE.center;
  // The probe first, on empty lung: a click on another measurement (or its text) would select that one.
  await page.keyboard.press('p');
  const probe = await pointAt(page, geometry, cx - 25, cy + 5);
  await page.mouse.click(probe.x, probe.y);
  await settle(page);
  await expect(mine(page)).toHaveCount(1);
  await page.keyboard.press('l');
  await drag(page, await pointAt(page, geometry, cx - NODULE.radiusMm, cy), await pointAt(page, geometry, cx + NODULE.radiusMm, cy));
  await page.keyboard.press('a');
  await drag(page, await pointAt(page, geometry, cx - 20, cy - 20), await pointAt(page, geometry, cx, cy - 30));
  const third = await pointAt(page, geometry, cx + 20, cy - 20);
  await page.mouse.click(third.x, third.y);
  await settle(page);
  await page.keyboard.press('e');
  await drag(page, await pointAt(page, geometry, cx, cy + 25), await pointAt(page, geometry, cx + 12, cy + 33));
  await page.keyboard.press('b');
  await drag(page, await pointAt(page, geometry, cx - 30, cy + 20), await pointAt(page, geometry, cx - 15, cy + 35));
  page.once('dialog', (dialog) => void dialog.accept('Nodule'));
  await page.keyboard.press('Shift+A');
  await drag(page, await pointAt(page, geometry, cx + 25, cy - 25), await pointAt(page, geometry, cx + 8, cy - 8));
  await expect(mine(page)).toHaveCount(6);
  return geometry;
}

async function save(page: Page) {
  await page.keyboard.press('Control+s');
  await expect(page.getByTestId('save-results')).toHaveAttribute('data-unsaved', 'false');
}

/** Waits until the outbox is empty: everything saved is in the archive. */
async function expectStored(page: Page, timeout = 15_000) {
  await expect(page.getByTestId('results-outbox-banner')).toHaveCount(0, { timeout });
}

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  await removeLongviewResults(ARCHIVE, STUDY_UID);
});

test('every tool is saved as a TID 1500 report that dcmtk reads, and comes back in a fresh browser at the same place with the same values', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await drawEveryTool(page);
  const drawn = (await panelMeasurements(page)).filter((m) => !m.isReadOnly);
  await expect(page.getByTestId('save-results')).toHaveAttribute('data-unsaved', 'true');

  // Leaving with unsaved work asks first; staying keeps everything.
  const asked: string[] = [];
  page.once('dialog', (dialog) => {
    asked.push(dialog.message());
    void dialog.dismiss();
  });
  await page.keyboard.press('Backspace');
  await expect.poll(() => asked.length).toBe(1);
  expect(asked[0]).toContain('not saved');
  await expect(page).toHaveURL(/\/viewer\//);

  await save(page);
  await expectStored(page);
  const [report, ...others] = await longviewResults(ARCHIVE, STUDY_UID, 'SR');
  expect(others).toHaveLength(0);
  const saved = report as NonNullable<typeof report>;
  await expect(page.getByTestId('save-results')).toHaveAttribute('data-report-uid', saved.sopInstanceUid);
  await expect(page.getByTestId('save-status')).toContainText('saved');
  await expect(page.getByTestId('save-status')).toContainText('Unknown reader');

  // The store is in the audit trail: DICOM Instances Transferred (110104), created (C), naming the report.
  await expect
    .poll(async () => {
      const bundle = (await (await fetch(`${AUDIT_SINK_URL}/fhir/AuditEvent`)).json()) as { entry: Array<{ resource: AuditRecord }> };
      return bundle.entry
        .map((e) => e.resource)
        .filter((event) => event.entity.some((entity) => entity.what.identifier?.value === `urn:oid:${saved.sopInstanceUid}`))
        .map((event) => `${event.type.code} ${event.action} ${event.outcome}`);
    })
    .toEqual(['110104 C 0']);

  // dcmtk reads the file as it is stored, strictly, and finds every value the viewer showed.
  const { status, dump, complaints } = dsrdump(await storedFile(ARCHIVE, saved.sopInstanceUid));
  expect(complaints).not.toMatch(/^E:/m);
  expect(status).toBe(0);
  expect(dump).toContain('Imaging Measurement Report');
  const dumpedNumbers = [...dump.matchAll(/NUM:.*?="([-\d.e+]+)" \(([^,]+),UCUM/g)].map((m) => ({ value: Number(m[1]), unit: m[2] }));
  for (const measurement of drawn) {
    for (const value of Object.values(measurement.values)) {
      expect(dumpedNumbers.some((n) => Math.abs(n.value - value) <= Math.max(1e-3, Math.abs(value) * 1e-6)), `${measurement.kind} ${value} in dsrdump`).toBe(true);
    }
  }
  expect(dumpedNumbers.map((n) => n.unit)).toEqual(expect.arrayContaining(['mm', 'deg', 'mm2', "[hnsf'U]"]));
  expect(dump).toContain('Nodule');

  // A fresh browser (no page state, no outbox) shows them again, the reader's own, editable.
  const fresh = await browser.newContext();
  const reader = await fresh.newPage();
  await openCtAt(reader, NODULE_INSTANCE, CT);
  await expect(mine(reader)).toHaveCount(6);
  // A region's statistics come once the viewer has measured its pixels; until then the panel
  // shows "—" (no data-value), never a number. Compared once every value is in.
  const reopenedMine = async () => (await panelMeasurements(reader)).filter((m) => !m.isReadOnly);
  await expect.poll(async () => (await reopenedMine()).every((m) => Object.values(m.values).every(Number.isFinite))).toBe(true);
  const reopened = await reopenedMine();
  expectSameMeasurements(reopened, drawn);
  for (const measurement of reopened) expect(measurement).toMatchObject({ isReadOnly: false, reportUid: saved.sopInstanceUid });
  await expect(reader.getByTestId('save-results')).toHaveAttribute('data-unsaved', 'false');
  await fresh.close();
});

test('a second save is a new version naming the first as its predecessor, and reopening shows the second', async ({ page, browser }) => {
  test.setTimeout(180_000);
  const [first] = await longviewResults(ARCHIVE, STUDY_UID, 'SR');
  expect(first).toBeDefined();
  const geometry = await openCtAt(page, NODULE_INSTANCE, CT);
  await expect(mine(page)).toHaveCount(6);
  await zoomIn(page, 3);
  const [cx, cy] = NODULE.center;
  // Drag the length's right end 6 mm further right.
  await page.locator('[data-mouse-tool="length"]').click();
  await drag(page, await pointAt(page, geometry, cx + NODULE.radiusMm, cy), await pointAt(page, geometry, cx + NODULE.radiusMm + 6, cy));
  await expect(page.getByTestId('save-results')).toHaveAttribute('data-unsaved', 'true');
  const edited = (await panelMeasurements(page)).find((m) => m.kind === 'length' && !m.isReadOnly) as PanelMeasurement;
  expect(edited.values.Length).toBeGreaterThan(2 * NODULE.radiusMm + 4);
  await save(page);
  await expectStored(page);

  const versions = await longviewResults(ARCHIVE, STUDY_UID, 'SR');
  expect(versions).toHaveLength(2);
  const second = versions.find((v) => v.sopInstanceUid !== first?.sopInstanceUid) as (typeof versions)[number];
  expect(predecessorsOf(second.metadata)).toEqual([first?.sopInstanceUid]);
  expect(second.seriesInstanceUid).toBe(first?.seriesInstanceUid);

  const fresh = await browser.newContext();
  const reader = await fresh.newPage();
  await openCtAt(reader, NODULE_INSTANCE, CT);
  await expect(mine(reader)).toHaveCount(6);
  await expect(reader.getByTestId('save-results')).toHaveAttribute('data-report-uid', second.sopInstanceUid);
  await expect(reader.getByTestId('save-status')).toContainText('1 earlier version');
  const reopened = (await panelMeasurements(reader)).filter((m) => !m.isReadOnly);
  expect(reopened.every((m) => m.reportUid === second.sopInstanceUid)).toBe(true);
  expect((reopened.find((m) => m.kind === 'length') as PanelMeasurement).values.Length).toBeCloseTo(edited.values.Length as number, 2);
  await fresh.close();
});

test('a save while the archive is down waits in the browser, survives a reload, and arrives once when the archive is back', async ({ page }) => {
  test.setTimeout(240_000);
  await removeLongviewResults(ARCHIVE, STUDY_UID);
  const geometry = await openCtAt(page, NODULE_INSTANCE, CT);
  const [cx, cy] = NODULE.center;
  await page.keyboard.press('l');
  await drag(page, await pointAt(page, geometry, cx - 40, cy + 40), await pointAt(page, geometry, cx - 10, cy + 40));
  await stopArchive(ARCHIVE);
  try {
    await save(page);
    const banner = page.getByTestId('results-outbox-banner');
    await expect(banner).toContainText(`Not saved to ${'Radiology PACS'} yet — retrying`);
    await page.reload();
    await expect(banner).toContainText('Not saved to Radiology PACS yet — retrying');
    await expect(banner).toHaveAttribute('data-pending', '1');
  } finally {
    await startArchive(ARCHIVE);
  }
  // Retries back off to at most 30 s.
  await expectStored(page, 60_000);
  const stored = await longviewResults(ARCHIVE, STUDY_UID, 'SR');
  expect(stored).toHaveLength(1);
});

for (const status of [409, 413]) {
  test(`an HTTP ${status} answer keeps the report queued and retried until the archive takes it, once`, async ({ page }) => {
    test.setTimeout(180_000);
    await removeLongviewResults(ARCHIVE, STUDY_UID);
    let refusals = 0;
    await page.route(`**/dicomweb/${ARCHIVE}/studies`, async (route) => {
      if (route.request().method() === 'POST' && refusals < 2) {
        refusals += 1;
        await route.fulfill({ status, contentType: 'text/plain', body: 'refused by the test' });
      } else await route.continue();
    });
    const geometry = await openCtAt(page, NODULE_INSTANCE, CT);
    const [cx, cy] = NODULE.center;
    await page.keyboard.press('l');
    await drag(page, await pointAt(page, geometry, cx - 40, cy + 45), await pointAt(page, geometry, cx - 10, cy + 45));
    await save(page);
    await expect(page.getByTestId('results-outbox-banner')).toContainText(`HTTP ${status}`);
    await expectStored(page, 30_000);
    expect(refusals).toBe(2);
    const stored = await longviewResults(ARCHIVE, STUDY_UID, 'SR');
    expect(stored).toHaveLength(1);
  });
}

test('K flags key images; Save writes a KOS referencing exactly those images, and a fresh browser shows the stars', async ({ page, browser }) => {
  test.setTimeout(180_000);
  await openCtAt(page, NODULE_INSTANCE, CT);
  const flagged = [NODULE_INSTANCE, NODULE_INSTANCE + 4];
  // One by the key, one by the toolbar's ★ Key.
  await goToImage(page, stackIndexOf(CT, flagged[0] as number));
  await page.keyboard.press('Shift+K');
  await expect(page.getByTestId('key-image-badge')).toBeVisible();
  await goToImage(page, stackIndexOf(CT, flagged[1] as number));
  await expect(page.getByTestId('key-image-toggle')).toHaveAttribute('aria-pressed', 'false');
  await page.getByTestId('key-image-toggle').click();
  await expect(page.getByTestId('key-image-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('key-image-badge')).toBeVisible();
  await save(page);
  await expectStored(page);
  const [kos, ...others] = await longviewResults(ARCHIVE, STUDY_UID, 'KO');
  expect(others).toHaveLength(0);
  const sopOf = (n: number) => series.instances.find((i) => i.instanceNumber === n)?.sopInstanceUid;
  expect(referencedImagesOf((kos as NonNullable<typeof kos>).metadata).sort()).toEqual(flagged.map(sopOf).sort());

  const fresh = await browser.newContext();
  const reader = await fresh.newPage();
  await openCtAt(reader, NODULE_INSTANCE, CT);
  await expect(reader.getByTestId('key-image-badge')).toBeVisible();
  await goToImage(reader, stackIndexOf(CT, NODULE_INSTANCE + 2));
  await expect(reader.getByTestId('key-image-badge')).toHaveCount(0);
  await goToImage(reader, stackIndexOf(CT, NODULE_INSTANCE + 4));
  await expect(reader.getByTestId('key-image-badge')).toBeVisible();

  // The patient's timeline marks the study as holding key images and structured reports.
  await reader.goto(`/timeline/${ARCHIVE}/${STUDY_UID}`);
  const card = reader.locator(`[data-testid="timeline-entry"][data-study-uid="${STUDY_UID}"]`);
  await expect(card.getByTestId('timeline-results-badge')).toHaveAttribute('data-kinds', 'SR,KO');
  await fresh.close();
});

test("another program's TID 1500 report is shown read-only at its coordinates with its values, and Copy to mine makes an editable one", async ({ page }) => {
  const outside = findSeries('reports-ct-outside-sr').series.measurementReport;
  if (!outside) throw new Error('the corpus has no report from elsewhere');
  await removeLongviewResults(ARCHIVE, STUDY_UID);
  const { referencedImage, pixelSpacing } = outside;
  await page.goto(viewerUrl(referencedImage.seriesKey));
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-mouse-tools', 'ready');
  await goToImage(page, stackIndexOf(referencedImage.seriesKey, referencedImage.instanceNumber));
  const fromReport = page.locator(`[data-testid="measurement"][data-report-uid="${outside.sopInstanceUid}"]`);
  await expect(fromReport).toHaveCount(outside.groups.length);
  await expect(page.locator(`[data-testid="saved-report"][data-report-uid="${outside.sopInstanceUid}"]`)).toHaveAttribute('data-read-only', 'true');
  await expect(page.locator(`[data-testid="saved-report"][data-report-uid="${outside.sopInstanceUid}"]`)).toContainText(outside.producer.manufacturer);

  const shown = (await panelMeasurements(page)).filter((m) => m.reportUid === outside.sopInstanceUid);
  for (const group of outside.groups) {
    const kind = group.graphicType === 'ELLIPSE' ? 'ellipse' : 'length';
    const match = shown.find((m) => m.kind === kind);
    expect(match, `${kind} of the outside report`).toBeDefined();
    const measurement = match as PanelMeasurement;
    expect(measurement.isReadOnly).toBe(true);
    expect(measurement.sopInstanceUid).toBe(referencedImage.sopInstanceUid);
    // Its points where the report puts them: SCOORD (first pixel's centre 0.5) on the page's pixel grid (centre 0).
    for (const [column, row] of group.points) {
      const nearest = Math.min(...measurement.points.map(([c, r]) => Math.hypot((c - (column - 0.5)) * pixelSpacing[1], (r - (row - 0.5)) * pixelSpacing[0])));
      expect(nearest).toBeLessThan(0.1);
    }
    // The values the report states, as it states them.
    const stated = Object.values(measurement.values);
    for (const value of group.values) expect(stated.some((v) => Math.abs(v - value.value) < 1e-6)).toBe(true);
  }
  await expect(fromReport.first().locator('.measurement-delete')).toHaveCount(0);
  await expect(fromReport.first().getByTestId('measurement-author')).toContainText(outside.producer.observerName.split('^')[0] as string);

  await fromReport.first().getByTestId('copy-to-mine').click();
  await expect(page.getByTestId('measurement')).toHaveCount(outside.groups.length + 1);
  const copies = (await panelMeasurements(page)).filter((m) => !m.isReadOnly);
  expect(copies).toHaveLength(1);
  await expect(page.getByTestId('save-results')).toHaveAttribute('data-unsaved', 'true');
});

test('an archive that cannot store results says why on Save, and nothing is sent', async ({ page }) => {
  const clinics = corpus().patients.flatMap((patient) => patient.studies.filter((s) => s.archive === 'clinics').flatMap((s) => s.series.map((series) => ({ study: s, series }))));
  // A still image series (the clinics' photographs): shown in a stack viewport, with the key image star.
  const image = clinics.find(({ series }) => series.photometricInterpretation && !series.mimeType && !series.video && series.numberOfFrames <= 1);
  if (!image) throw new Error('no image series in the static archive');
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/dicomweb/')) posts.push(request.url());
  });
  await page.goto(`/viewer/clinics/${image.study.studyInstanceUid}?series=${image.series.seriesInstanceUid}`);
  await expect(page.getByTestId('viewport')).toHaveAttribute('data-mouse-tools', 'ready');
  await page.keyboard.press('Shift+K');
  await expect(page.getByTestId('key-image-badge')).toBeVisible();
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('save-message')).toHaveText('Cannot save: Specialty Clinics is a static archive of files and cannot store results.');
  await expect(page.getByTestId('save-results')).toHaveAttribute('data-unsaved', 'true');
  expect(posts).toEqual([]);
});

/**
 * Carol's last CT-only study in the token-protected archive, opened from her timeline after an
 * EHR launch: not a PET/CT, whose tumor board tests must meet no report of this one, nor the AI's
 * results study (no images, and no card of its own: a badge on the restaging PET/CT).
 */
async function openProtectedStudy(page: Page, baseURL: string, mayStoreResults: boolean) {
  const protectedStudies = studiesOfPerson('carol', { withSignIn: true }).filter(({ study: s }) => s.archive === 'oncology' && s.modalities.includes('CT') && !s.modalities.includes('PT'));
  const { study: target } = protectedStudies[protectedStudies.length - 1] as (typeof protectedStudies)[number];
  await removeLongviewResults('oncology', target.studyInstanceUid);
  await launchFromEhr(page, baseURL, { mayStoreResults });
  await page.locator(`[data-testid="timeline-entry"][data-study-uid="${target.studyInstanceUid}"]`).dblclick();
  await expect(page.getByTestId('banner-patient-id')).toHaveText('O-4410');
  const viewport = page.getByTestId('viewport').first();
  await expect(viewport).toHaveAttribute('data-mouse-tools', 'ready');
  await page.keyboard.press('l');
  const box = await viewport.boundingBox();
  if (!box) throw new Error('no viewport');
  const centre = { x: Math.round(box.x + box.width / 2), y: Math.round(box.y + box.height / 2) };
  await drag(page, { x: centre.x - 40, y: centre.y }, { x: centre.x + 40, y: centre.y });
  await expect(page.getByTestId('measurement')).toHaveCount(1);
  return target;
}

test('a sign-in without write access gets the reason on Save, and the token-protected archive receives nothing', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const posts: string[] = [];
  page.on('request', (request) => {
    if (request.method() === 'POST' && request.url().includes('/dicomweb/')) posts.push(request.url());
  });
  const target = await openProtectedStudy(page, baseURL as string, false);
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(page.getByTestId('save-message')).toContainText('Your sign-in does not allow storing results in Oncology');
  await expect(page.getByTestId('save-results')).toHaveAttribute('data-unsaved', 'true');
  await expect(page.getByTestId('results-outbox-banner')).toHaveCount(0);
  expect(posts).toEqual([]);
  expect(await longviewResults('oncology', target.studyInstanceUid, 'SR')).toHaveLength(0);
});

test('a sign-in with write access stores the report through the gate, with the signed-in reader as its observer', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const target = await openProtectedStudy(page, baseURL as string, true);
  await save(page);
  await expectStored(page);
  await expect(page.getByTestId('save-status')).toContainText('Okafor, Dr Ngozi');
  const [report] = await longviewResults('oncology', target.studyInstanceUid, 'SR');
  expect(report).toBeDefined();
  const { dump } = dsrdump(await storedFile('oncology', (report as NonNullable<typeof report>).sopInstanceUid));
  expect(dump).toMatch(/Person Observer Name.*Okafor\^Ngozi/);
  // The name stays in the report: never in the viewer's URL.
  expect(page.url()).not.toMatch(/Okafor|Ngozi/i);
});
