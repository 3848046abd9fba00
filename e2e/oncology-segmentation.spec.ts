import type { Locator, Page } from '@playwright/test';
import type { CorpusRoi, CorpusRoiContour, CorpusSegment } from './support/corpus';
import { cell, openPetCtStudy, pagePointOfSegmentCentre, pagePointOfWorld, petCtStudies, roiCentreZ, screenRgbAt, screenRgbsAround, tumorBoardSeries } from './support/oncology';
import { pagePointOfPixel } from './support/phantom';
import { stackIndexOf } from './support/viewer';
import { expect, test } from './support/test';

/**
 * The tumor board's segmentation (issue 27): carol's staging PET/CT carries a DICOM SEG on its CT
 * with a radiologist's "Tumor" and an AI's "Lymph node". The segment list shows what the file
 * says (names, colours, makers) and the volumes the generator counted; a click goes to the
 * segment's centre slice, where the CT is coloured in the segment's own colour, and only there.
 */

test.describe.configure({ timeout: 180_000 });
test.use({ viewport: { width: 1600, height: 1200 } });

/** How far a screen colour is from gray: the CT alone is gray, the labelmap tints it. */
const chroma = ([r, g, b]: readonly number[]) => Math.max(r as number, g as number, b as number) - Math.min(r as number, g as number, b as number);

/** Whether the tint leans towards the segment's colour: the screen colour minus its gray, against the segment's colour minus its own. */
function leansTowards(shown: readonly number[], colour: readonly number[]): boolean {
  const mean = (c: readonly number[]) => ((c[0] as number) + (c[1] as number) + (c[2] as number)) / 3;
  const a = shown.map((v) => v - mean(shown));
  const b = colour.map((v) => v - mean(colour));
  const dot = a.reduce((sum, v, i) => sum + v * (b[i] as number), 0);
  return dot / (Math.hypot(...a) * Math.hypot(...b)) > 0.8;
}

test('the segment list shows each segment of the SEG with its maker and volume; a click goes to its centre slice, coloured in its own colour until hidden', async ({ page, baseURL }) => {
  const [staging] = petCtStudies();
  if (!staging) throw new Error('the corpus has no PET/CT study');
  const { seg } = tumorBoardSeries(staging.study);
  const { segmentation } = seg;
  expect(segmentation.segments.map((s) => s.label)).toEqual(['Tumor', 'Lymph node']);

  await openPetCtStudy(page, baseURL as string, staging.study);
  // Back on her timeline: the study carries its results as a badge, not as studies of their own.
  await page.goBack();
  const card = page.locator(`[data-testid="timeline-entry"][data-study-uid="${staging.study.studyInstanceUid}"]`);
  await expect(card.getByTestId('timeline-results-badge')).toHaveAttribute('data-kinds', 'SEG,RTSTRUCT,SR');
  await expect(card).toHaveCount(1);
  await card.dblclick();

  const panel = page.getByTestId('segmentation-panel');
  await expect(panel.getByTestId('segmentation')).toHaveAttribute('data-sop-instance-uid', segmentation.sopInstanceUid);
  await expect(panel.getByTestId('segmentation')).toHaveAttribute('data-showable', 'true');
  await expect(panel.getByTestId('segment')).toHaveCount(segmentation.segments.length);
  for (const truth of segmentation.segments) {
    const row = panel.locator(`[data-testid="segment"][data-segment-number="${truth.segmentNumber}"]`);
    await expect(row.getByRole('button', { name: truth.label })).toBeVisible();
    await expect(row.getByTestId('segment-source')).toHaveText(
      truth.device ? `AI: ${truth.device.manufacturer} ${truth.device.manufacturerModelName}, ${truth.device.softwareVersions}` : /^manual/,
    );
    await expect(row).toHaveAttribute('data-source', truth.device ? 'ai' : 'manual');
    const volume = Number(await row.getAttribute('data-volume-ml'));
    expect(Math.abs(volume - truth.volumeMl), `${truth.label}: ${volume} ml vs ${truth.volumeMl} ml`).toBeLessThan(1e-3);
    await expect(row.getByTestId('segment-volume')).toHaveText(`${truth.volumeMl < 10 ? truth.volumeMl.toFixed(2) : truth.volumeMl.toFixed(1)} ml`);
    // SUVbw over the segment, from the PET's own voxels: the lesion is uniform, so its max is the
    // generator's; the mean also takes in PET voxels at the edge that are partly background.
    const suv = row.getByTestId('segment-suv');
    await expect(suv).toHaveAttribute('data-suv-max', /\d/, { timeout: 60_000 });
    const uptake = truth.uptake;
    if (!uptake) throw new Error(`${truth.label} has no uptake truth`);
    const [max, mean] = [Number(await suv.getAttribute('data-suv-max')), Number(await suv.getAttribute('data-suv-mean'))];
    expect(Math.abs(max - uptake.suvbwMax) / uptake.suvbwMax, `${truth.label} SUVmax ${max} vs ${uptake.suvbwMax}`).toBeLessThan(0.005);
    // Here 11.03 of 11.82 (Tumor) and 3.54 of 4.43 (Lymph node): above the soft-tissue background, below the max.
    const background = staging.pt.pet.probeVoxels.find((probe) => probe.region === 'soft tissue')?.suvbw ?? Number.NaN;
    expect(mean, `${truth.label} SUVmean`).toBeGreaterThan(background);
    expect(mean).toBeLessThanOrEqual(max);
    await expect(suv).toHaveText(`SUVmax ${max.toFixed(2)} · SUVmean ${mean.toFixed(2)} g/ml`);
    // The swatch is the SEG's recommended colour, converted from CIELab (within a level per channel).
    const swatch = await row.locator('.segment-swatch').evaluate((element) => getComputedStyle(element).backgroundColor);
    const rgb = (swatch.match(/\d+/g) ?? []).map(Number);
    rgb.forEach((v, i) => expect(Math.abs(v - (truth.rgb8[i] as number)), `${truth.label} swatch ${swatch}`).toBeLessThanOrEqual(1));
  }

  const ctViewport = cell(page, 0).getByTestId('viewport');
  await expect(cell(page, 0)).toHaveAttribute('data-series-uid', staging.ct.seriesInstanceUid);
  await expect(ctViewport).toHaveAttribute('data-segmentations', '1', { timeout: 60_000 });

  for (const truth of segmentation.segments) {
    const row = panel.locator(`[data-testid="segment"][data-segment-number="${truth.segmentNumber}"]`);
    await row.getByRole('button', { name: truth.label }).click();
    const index = stackIndexOf(staging.ct.key, truth.centerInstanceNumber);
    await expect(ctViewport).toHaveAttribute('data-shown-index', String(index), { timeout: 60_000 });
    const at = await pagePointOfSegmentCentre(page, ctViewport, segmentation, truth);
    await expect.poll(async () => chroma(await screenRgbAt(page, at)), { message: `${truth.label} tinted at its centre` }).toBeGreaterThan(30);
    expect(leansTowards(await screenRgbAt(page, at), truth.rgb8), `${truth.label}: ${await screenRgbAt(page, at)} vs ${truth.rgb8}`).toBe(true);

    // The fusion follows the CT to that slice and lays the segment over CT and PET alike.
    const fusion = cell(page, 2).getByTestId('fusion-viewport');
    await expect(fusion).toHaveAttribute('data-image-index', String(index), { timeout: 60_000 });
    await expect(cell(page, 2).getByTestId('fusion-labelmap')).toHaveAttribute('data-segmentations', '1');
    const fusedAt = await pagePointOfWorld(page, fusion, truth.sphere.center);

    // Hidden: the CT's own gray comes back at that point; shown again, the tint returns.
    await row.getByRole('checkbox', { name: `Show ${truth.label}` }).uncheck();
    await expect(row).toHaveAttribute('data-hidden', 'true');
    await expect.poll(async () => chroma(await screenRgbAt(page, at)), { message: `${truth.label} hidden` }).toBeLessThan(6);
    const fusedWithout = await screenRgbAt(page, fusedAt);
    await row.getByRole('checkbox', { name: `Show ${truth.label}` }).check();
    await expect.poll(async () => chroma(await screenRgbAt(page, at))).toBeGreaterThan(30);
    // On the fusion, the segment moves the fused colour towards its own by its opacity.
    const fusedWith = await screenRgbAt(page, fusedAt);
    const moved = fusedWith.map((v, i) => v - (fusedWithout[i] as number));
    const towards = truth.rgb8.map((v, i) => v - (fusedWithout[i] as number));
    const cosine = moved.reduce((sum, v, i) => sum + v * (towards[i] as number), 0) / (Math.hypot(...moved) * Math.hypot(...towards));
    expect(Math.hypot(...moved), `${truth.label} on the fusion: ${fusedWithout} → ${fusedWith}`).toBeGreaterThan(20);
    expect(cosine, `${truth.label} on the fusion moves towards ${truth.rgb8}`).toBeGreaterThan(0.9);
  }

  // A slice no segment reaches (the first): the CT alone where the Lymph node was just drawn on
  // its centre slice. Nothing of another slice's labelmap is left on screen.
  const lymphNode = segmentation.segments[1] as CorpusSegment;
  const segmentedSlices = new Set(segmentation.segments.flatMap((segment) => segment.frames.map((frame) => stackIndexOf(staging.ct.key, frame.instanceNumber))));
  expect(segmentedSlices.has(0)).toBe(false);
  const lymphNodeAt = await pagePointOfSegmentCentre(page, ctViewport, segmentation, lymphNode);
  expect(chroma(await screenRgbAt(page, lymphNodeAt)), 'the Lymph node tinted on its centre slice').toBeGreaterThan(30);
  await ctViewport.focus();
  await page.keyboard.press('Home');
  await expect(ctViewport).toHaveAttribute('data-shown-index', '0', { timeout: 60_000 });
  await expect.poll(async () => chroma(await screenRgbAt(page, lymphNodeAt)), { message: 'no labelmap on a slice without segments' }).toBeLessThan(6);

  // At the set opacity the segment's colour is laid over the CT's gray: (1 − α)·CT + α·colour,
  // the CT being what opacity 0 shows; outside every segment the pixels are the CT's alone.
  // The Tumor, large enough that its centre lies well inside its outline (drawn stronger than the fill).
  const last = segmentation.segments[0] as CorpusSegment;
  await panel.locator(`[data-testid="segment"][data-segment-number="${last.segmentNumber}"]`).getByRole('button', { name: last.label }).click();
  await expect(ctViewport).toHaveAttribute('data-shown-index', String(stackIndexOf(staging.ct.key, last.centerInstanceNumber)), { timeout: 60_000 });
  const at = await pagePointOfSegmentCentre(page, ctViewport, segmentation, last);
  await expect.poll(async () => chroma(await screenRgbAt(page, at))).toBeGreaterThan(30);
  const outside = { x: at.x, y: at.y - 40 };
  const [insideAtHalf, outsideAtHalf] = [await screenRgbAt(page, at), await screenRgbAt(page, outside)];
  await panel.getByLabel('Opacity').fill('0');
  await expect.poll(async () => chroma(await screenRgbAt(page, at)), { message: 'opacity 0' }).toBeLessThan(6);
  const [ctInside, ctOutside] = [await screenRgbAt(page, at), await screenRgbAt(page, outside)];
  const blended = ctInside.map((gray, i) => 0.5 * gray + 0.5 * (last.rgb8[i] as number));
  insideAtHalf.forEach((v, i) => expect(Math.abs(v - (blended[i] as number)), `${last.label} at 50 %: ${insideAtHalf} vs ${blended.map(Math.round)}`).toBeLessThanOrEqual(3));
  expect(outsideAtHalf, 'outside the segments: the CT alone').toEqual(ctOutside);
});

/** The contour slice an ROI's list entry goes to: nearest the area-weighted centroid along z (computed from the vertices). */
/** The largest per-channel difference between two colours. */
const colourDistance = (a: readonly number[], b: readonly number[]) => Math.max(...a.map((v, i) => Math.abs(v - (b[i] as number))));

/**
 * Whether the screen near each page point shows `colour`: the nearest pixel within 1 px of it
 * (the outline is 2 px wide and anti-aliased over the CT) is within 24 levels of it.
 */
async function colourNear(page: Page, points: ReadonlyArray<{ x: number; y: number }>, colour: readonly number[]): Promise<boolean[]> {
  const found: boolean[] = [];
  for (const point of points) found.push(Math.min(...(await screenRgbsAround(page, point, 1)).map((rgb) => colourDistance(rgb, colour))) <= 24);
  return found;
}

/** Page points along a contour's edges on the CT viewport: every 8th vertex and the middle of the edge after it. */
async function pointsOnContourEdges(page: Page, viewport: Locator, grid: { rows: number; columns: number; x0: number; y0: number; rowSpacing: number; columnSpacing: number }, contour: CorpusRoiContour) {
  const points: Array<{ x: number; y: number }> = [];
  const toPage = ([x, y]: readonly number[]) => pagePointOfPixel(page, grid, { column: ((x as number) - grid.x0) / grid.columnSpacing, row: ((y as number) - grid.y0) / grid.rowSpacing }, viewport);
  for (const [i, vertex] of contour.points.entries()) {
    if (i % 8 !== 0) continue;
    const next = contour.points[(i + 1) % contour.points.length] as readonly number[];
    points.push(await toPage(vertex), await toPage(vertex.map((v, axis) => (v + (next[axis] as number)) / 2)));
  }
  return points;
}

/** The mean of a contour's vertices, in patient mm: inside it, as the corpus' contours are convex. */
function centroidOf(contour: CorpusRoiContour): [number, number] {
  let [sumX, sumY] = [0, 0];
  for (const [x, y] of contour.points) [sumX, sumY] = [sumX + x, sumY + y];
  return [sumX / contour.points.length, sumY / contour.points.length];
}

function centreContourOf(roi: CorpusRoi): CorpusRoiContour {
  const z = roiCentreZ(roi);
  return roi.contours.reduce((best, c) => (Math.abs(c.z - z) < Math.abs(best.z - z) ? c : best));
}

test('the structure list shows each ROI of the RTSTRUCT; a click goes to its centre slice, where its contours are drawn at their coordinates in its colour until hidden', async ({ page, baseURL }) => {
  const [staging] = petCtStudies();
  if (!staging) throw new Error('the corpus has no PET/CT study');
  const { rtstruct, seg } = tumorBoardSeries(staging.study);
  const { structureSet } = rtstruct;
  expect(structureSet.rois.map((roi) => roi.name)).toEqual(['GTV', 'Liver']);
  // The CT's pixels are held until the first structure is picked: a reader may pick one as soon
  // as the list shows, and the jump must then wait for the stack rather than be lost.
  let releaseCtPixels = () => undefined as void;
  const ctPixelsHeld = new Promise<void>((resolve) => (releaseCtPixels = resolve));
  const ct = `/series/${staging.ct.seriesInstanceUid}`;
  await page.context().route(
    (url) => url.pathname.endsWith(ct) || (url.pathname.includes(`${ct}/`) && /\/(frames\/[\d,]+|rendered)$/.test(url.pathname)),
    async (route) => {
      await ctPixelsHeld;
      await route.continue();
    },
  );
  await openPetCtStudy(page, baseURL as string, staging.study);

  const panel = page.getByTestId('segmentation-panel');
  await expect(panel.getByTestId('structure-set')).toHaveAttribute('data-sop-instance-uid', structureSet.sopInstanceUid);
  await expect(panel.getByTestId('structure-set')).toHaveAttribute('data-showable', 'true');
  await expect(panel.getByTestId('roi')).toHaveCount(structureSet.rois.length);
  const ctViewport = cell(page, 0).getByTestId('viewport');
  const contours = cell(page, 0).getByTestId('roi-contours');
  // The CT grid: every slice shares its columns' and rows' origin and spacing (the SEG on it says them).
  const [rowSpacing, columnSpacing] = seg.segmentation.pixelSpacing;
  const [x0, y0] = (seg.segmentation.segments[0]?.frames[0]?.imagePositionPatient ?? [0, 0, 0]) as [number, number, number];

  for (const roi of structureSet.rois) {
    const row = panel.locator(`[data-testid="roi"][data-roi-number="${roi.roiNumber}"]`);
    await expect(row).toHaveAttribute('data-slice-count', String(roi.sliceCount));
    await expect(row).toContainText(roi.interpretedType);
    const swatch = await row.locator('.segment-swatch').evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(swatch).toBe(`rgb(${roi.displayColor.join(', ')})`);

    const centre = centreContourOf(roi);
    await row.getByRole('button', { name: roi.name }).click();
    if (roi === structureSet.rois[0]) {
      await expect(ctViewport).not.toHaveAttribute('data-shown-index', /.*/);
      releaseCtPixels();
    }
    await expect(ctViewport).toHaveAttribute('data-shown-index', String(stackIndexOf(staging.ct.key, centre.instanceNumber)), { timeout: 60_000 });
    const onSlice = structureSet.rois.flatMap((r) => r.contours.filter((c) => c.instanceNumber === centre.instanceNumber).map(() => r.roiNumber));
    await expect(contours).toHaveAttribute('data-contour-count', String(onSlice.length));
    const outline = contours.locator(`polygon[data-roi-number="${roi.roiNumber}"]`);
    await expect(outline).toHaveCount(1);
    await expect(outline).toHaveAttribute('stroke', `rgb(${roi.displayColor.join(', ')})`);
    // Each drawn vertex lies where the image pixel of its coordinates is on screen (within 2 px).
    const box = await contours.boundingBox();
    const drawn = ((await outline.getAttribute('points')) ?? '').split(' ').map((p) => p.split(',').map(Number) as [number, number]);
    expect(drawn).toHaveLength(centre.points.length);
    for (const [i, [x, y]] of centre.points.entries()) {
      if (i % 8 !== 0) continue;
      const expected = await pagePointOfPixel(page, { rows: seg.segmentation.rows, columns: seg.segmentation.columns }, { column: (x - x0) / columnSpacing, row: (y - y0) / rowSpacing }, ctViewport);
      const [dx, dy] = drawn[i] as [number, number];
      expect(Math.hypot((box?.x ?? 0) + dx - expected.x, (box?.y ?? 0) + dy - expected.y), `${roi.name} vertex ${i}`).toBeLessThan(2);
    }

    // On screen: the outline's pixels are the ROI's colour along the polygon's edges, and the CT
    // shows through inside (an outline, not a fill); hidden, the colour is gone from the edges.
    const grid = { rows: seg.segmentation.rows, columns: seg.segmentation.columns, x0, y0, rowSpacing, columnSpacing };
    const edges = await pointsOnContourEdges(page, ctViewport, grid, centre);
    expect(await colourNear(page, edges, roi.displayColor), `${roi.name} outline on screen`).toEqual(edges.map(() => true));
    const [insideX, insideY] = centroidOf(centre);
    const inside = await pagePointOfPixel(page, grid, { column: (insideX - x0) / columnSpacing, row: (insideY - y0) / rowSpacing }, ctViewport);
    expect(colourDistance(await screenRgbAt(page, inside), roi.displayColor), `${roi.name} inside`).toBeGreaterThan(24);

    await row.getByRole('checkbox', { name: `Show ${roi.name}` }).uncheck();
    await expect(outline).toHaveCount(0);
    expect(await colourNear(page, edges, roi.displayColor), `${roi.name} hidden`).toEqual(edges.map(() => false));
    await expect(contours).toHaveAttribute('data-contour-count', String(onSlice.length - 1));
    await row.getByRole('checkbox', { name: `Show ${roi.name}` }).check();
    await expect(outline).toHaveCount(1);
  }
});

test('a shared link carries which segments are shown, the opacity and the segment chosen; the opener sees the same', async ({ page, baseURL }) => {
  const [staging] = petCtStudies();
  if (!staging) throw new Error('the corpus has no PET/CT study');
  const { seg, rtstruct } = tumorBoardSeries(staging.study);
  await openPetCtStudy(page, baseURL as string, staging.study);
  const panel = page.getByTestId('segmentation-panel');
  const segment = (n: number) => panel.locator(`[data-testid="segment"][data-segment-number="${n}"]`);
  const [tumor, node] = seg.segmentation.segments as [CorpusSegment, CorpusSegment];
  await expect(page.getByTestId('viewport').first()).toHaveAttribute('data-segmentations', '1', { timeout: 60_000 });

  await segment(node.segmentNumber).getByRole('checkbox').uncheck();
  await panel.getByTestId('segmentation').getByLabel('Opacity').fill('25');
  await panel.locator(`[data-testid="roi"][data-roi-number="${rtstruct.structureSet.rois[1]?.roiNumber}"]`).getByRole('checkbox').uncheck();
  await segment(tumor.segmentNumber).getByRole('button', { name: tumor.label }).click();
  await expect(segment(tumor.segmentNumber)).toHaveClass(/selected/);

  await page.getByRole('button', { name: 'Share…' }).click();
  const link = await page.getByTestId('share-link').inputValue();
  await page.getByRole('button', { name: 'Close', exact: true }).click();
  // UIDs and numbers only: no segment's or structure's name travels in the link.
  for (const name of [tumor.label, node.label, 'GTV', 'Liver']) expect(decodeURIComponent(link)).not.toContain(name);

  // Opened in the same signed-in tab, as a new page: the app starts afresh and knows only the link.
  await page.goto(link.replace(new URL(link).origin, ''));
  await expect(page.getByTestId('viewport').first()).toHaveAttribute('data-shared-view-key', /\d/, { timeout: 60_000 });
  await expect(segment(node.segmentNumber)).toHaveAttribute('data-hidden', 'true');
  await expect(segment(tumor.segmentNumber)).toHaveAttribute('data-hidden', 'false');
  await expect(segment(tumor.segmentNumber)).toHaveClass(/selected/);
  await expect(panel.getByTestId('segmentation').getByLabel('Opacity')).toHaveValue('25');
  await expect(panel.locator(`[data-testid="roi"][data-roi-number="${rtstruct.structureSet.rois[1]?.roiNumber}"]`)).toHaveAttribute('data-hidden', 'true');
  await expect(panel.locator(`[data-testid="roi"][data-roi-number="${rtstruct.structureSet.rois[0]?.roiNumber}"]`)).toHaveAttribute('data-hidden', 'false');
});
