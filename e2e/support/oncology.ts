import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import {
  CORPUS_DIR, corpus, type CorpusAiReport, type CorpusPet, type CorpusRoi, type CorpusSegment, type CorpusSegmentation, type CorpusSeries, type CorpusStructureSet, type CorpusStudy,
} from './corpus';
import { launchFromEhr } from './ehr';
import { decodePng } from './png.mjs';
import { pagePointOfPixel } from './phantom';

/** Carol's PET/CT studies in the token-protected oncology archive, oldest first, with their CT and PET. */
export function petCtStudies(): Array<{ study: CorpusStudy; ct: CorpusSeries; pt: CorpusSeries & { pet: CorpusPet } }> {
  const carol = corpus().patients.filter((p) => p.person === 'carol' && p.archive === 'oncology');
  return carol
    .flatMap((patient) => patient.studies)
    .flatMap((study) => {
      const pt = study.series.find((s) => s.modality === 'PT' && s.pet);
      const ct = pt ? study.series.find((s) => s.key === pt.pet?.ctSeriesKey) : undefined;
      return pt && ct ? [{ study, ct, pt: pt as CorpusSeries & { pet: CorpusPet } }] : [];
    })
    .sort((a, b) => (a.study.studyDate ?? '').localeCompare(b.study.studyDate ?? ''));
}

/**
 * The tumor board's results on a PET/CT study (scripts/corpus/series-tumor-board.mjs): the SEG and
 * the RTSTRUCT on its CT, and the AI's TID 1500 report on the SEG, each with its truth.
 */
export function tumorBoardSeries(study: CorpusStudy): {
  seg: CorpusSeries & { segmentation: CorpusSegmentation };
  rtstruct: CorpusSeries & { structureSet: CorpusStructureSet };
  sr: CorpusSeries & { aiReport: CorpusAiReport };
} {
  const seg = study.series.find((s): s is CorpusSeries & { segmentation: CorpusSegmentation } => s.segmentation !== undefined);
  const rtstruct = study.series.find((s): s is CorpusSeries & { structureSet: CorpusStructureSet } => s.structureSet !== undefined);
  const sr = study.series.find((s): s is CorpusSeries & { aiReport: CorpusAiReport } => s.aiReport !== undefined);
  if (!seg || !rtstruct || !sr) throw new Error(`study ${study.studyInstanceUid} has no SEG, RTSTRUCT and AI report (a corpus older than generator v17?)`);
  return { seg, rtstruct, sr };
}

/** The clinician opens carol's chart in the test EHR with a study in context, then the study from her timeline. */
export async function openPetCtStudy(page: Page, baseURL: string, study: CorpusStudy): Promise<void> {
  await launchFromEhr(page, baseURL, { studyUid: study.studyInstanceUid });
  await page.locator(`[data-testid="timeline-entry"][data-study-uid="${study.studyInstanceUid}"]`).dblclick();
  await expect(page.getByTestId('banner-patient-id')).toHaveText('O-4410');
}

export function cell(page: Page, index: number): Locator {
  return page.locator(`[data-testid="viewport-cell"][data-cell-index="${index}"]`);
}

/** Reads DICOM attributes of a corpus file with dcmtk's dcmdump (as the file says, independent of the viewer). */
export function dicomAttributes(file: string, tags: readonly string[]): Record<string, string> {
  const out = execFileSync('dcmdump', [...tags.flatMap((tag) => ['--search', tag]), '-q', join(CORPUS_DIR, file)], { encoding: 'utf8' });
  const values: Record<string, string> = {};
  for (const line of out.split('\n')) {
    const match = /^\s*\(([0-9a-f]{4},[0-9a-f]{4})\)\s+\w\w\s+(?:\[([^\]]*)\]|(\S+))/.exec(line);
    if (match && match[1] && values[match[1]] === undefined) values[match[1]] = (match[2] ?? match[3] ?? '').trim();
  }
  return values;
}

const seconds = (tm: string) => Number(tm.slice(0, 2)) * 3600 + Number(tm.slice(2, 4)) * 60 + Number(tm.slice(4, 6));

/**
 * SUVbw of a PET voxel as a reader would compute it from the instance's own header: stored
 * value × RescaleSlope + RescaleIntercept (Bq/ml), × weight (g) / (injected dose decayed from the
 * injection to SeriesTime). Written out here, independent of the viewer and of the generator.
 */
export function suvFromHeader(file: string, storedValue: number): number {
  const header = dicomAttributes(file, ['0028,1053', '0028,1052', '0010,1030', '0008,0031', '0018,1072', '0018,1074', '0018,1075', '0054,1001', '0054,1102']);
  expect(header['0054,1001']).toBe('BQML');
  expect(header['0054,1102']).toBe('START');
  const bqml = storedValue * Number(header['0028,1053']) + Number(header['0028,1052'] ?? 0);
  const weightG = Number(header['0010,1030']) * 1000;
  const decaySeconds = seconds(header['0008,0031'] ?? '') - seconds(header['0018,1072'] ?? '');
  const dose = Number(header['0018,1074']) * 2 ** (-decaySeconds / Number(header['0018,1075']));
  return (bqml * weightG) / dose;
}

/** A canvas point of a volume viewport (fusion, MIP), from the affine map it publishes, in CSS pixels of the page. */
export async function pagePointOfWorld(page: Page, viewport: Locator, world: readonly [number, number, number]): Promise<{ x: number; y: number }> {
  const map = JSON.parse((await viewport.getAttribute('data-canvas-map')) ?? 'null') as {
    focal: [number, number, number];
    origin: [number, number];
    perMm: [[number, number], [number, number], [number, number]];
  } | null;
  if (!map) throw new Error('the viewport publishes no canvas map');
  const box = await viewport.locator('canvas').first().boundingBox();
  if (!box) throw new Error('no canvas');
  let [x, y] = map.origin;
  for (let axis = 0; axis < 3; axis += 1) {
    const delta = (world[axis] as number) - (map.focal[axis] as number);
    x += (map.perMm[axis] as [number, number])[0] * delta;
    y += (map.perMm[axis] as [number, number])[1] * delta;
  }
  return { x: box.x + x, y: box.y + y };
}

/**
 * The RGB the screen shows at a page point (a 3 × 3 screenshot, its centre pixel): what a reader
 * sees, after the browser has composited stacked layers (the fusion's PET layer over its CT).
 */
export async function screenRgbAt(page: Page, point: { x: number; y: number }): Promise<[number, number, number]> {
  const png = await page.screenshot({ clip: { x: Math.floor(point.x) - 1, y: Math.floor(point.y) - 1, width: 3, height: 3 }, animations: 'disabled', caret: 'hide' });
  const { width, channels, pixels } = decodePng(png);
  const at = (1 * width + 1) * channels;
  return [pixels[at] as number, pixels[at + 1] as number, pixels[at + 2] as number];
}

/**
 * The RGB of every screen pixel within `radius` of a page point (a square screenshot): where a
 * thin outline is drawn, anti-aliasing puts its colour on one of the pixels around the exact point.
 */
export async function screenRgbsAround(page: Page, point: { x: number; y: number }, radius: number): Promise<Array<[number, number, number]>> {
  const side = 2 * radius + 1;
  const png = await page.screenshot({ clip: { x: Math.floor(point.x) - radius, y: Math.floor(point.y) - radius, width: side, height: side }, animations: 'disabled', caret: 'hide' });
  const { width, height, channels, pixels } = decodePng(png);
  const rgbs: Array<[number, number, number]> = [];
  for (let at = 0; at < width * height * channels; at += channels) rgbs.push([pixels[at] as number, pixels[at + 1] as number, pixels[at + 2] as number]);
  return rgbs;
}


/** The colour a colour map gives at t in [0, 1]: linear interpolation of its RGB points (x, r, g, b), written out here. */
export function colourAt(rgbPoints: readonly number[], t: number): [number, number, number] {
  const clamped = Math.max(0, Math.min(1, t));
  const points: Array<[number, number, number, number]> = [];
  for (let i = 0; i < rgbPoints.length; i += 4) points.push(rgbPoints.slice(i, i + 4) as [number, number, number, number]);
  for (let i = 1; i < points.length; i += 1) {
    const [x0, ...c0] = points[i - 1] as [number, number, number, number];
    const [x1, ...c1] = points[i] as [number, number, number, number];
    if (clamped <= x1) {
      const f = x1 === x0 ? 0 : (clamped - x0) / (x1 - x0);
      return c0.map((c, k) => 255 * (c + f * ((c1[k] as number) - c))) as [number, number, number];
    }
  }
  const last = points[points.length - 1] as [number, number, number, number];
  return [255 * last[1], 255 * last[2], 255 * last[3]];
}

/** An ROI's area-weighted centroid along z, from its contours' vertices (the shoelace area of each): where its list entry goes. */
export function roiCentreZ(roi: CorpusRoi): number {
  const area = (points: ReadonlyArray<readonly number[]>) =>
    Math.abs(points.reduce((sum, p, i) => {
      const q = points[(i + 1) % points.length] as readonly number[];
      return sum + (p[0] as number) * (q[1] as number) - (q[0] as number) * (p[1] as number);
    }, 0)) / 2;
  const weights = roi.contours.map((c) => area(c.points));
  const total = weights.reduce((a, b) => a + b, 0);
  return roi.contours.reduce((sum, c, i) => sum + c.z * (weights[i] as number), 0) / total;
}

/** The page point of a segment's sphere centre on the CT viewport, on its centre slice. */
export async function pagePointOfSegmentCentre(page: Page, viewport: Locator, segmentation: CorpusSegmentation, segment: CorpusSegment) {
  const frame = segment.frames.find((f) => f.instanceNumber === segment.centerInstanceNumber);
  if (!frame) throw new Error(`segment ${segment.label} has no frame on its centre slice`);
  const [rowSpacing, columnSpacing] = segmentation.pixelSpacing;
  const [x0, y0] = frame.imagePositionPatient;
  const [cx, cy] = segment.sphere.center;
  const pixel = { column: Math.round((cx - x0) / columnSpacing), row: Math.round((cy - y0) / rowSpacing) };
  return pagePointOfPixel(page, { rows: segmentation.rows, columns: segmentation.columns }, pixel, viewport);
}
