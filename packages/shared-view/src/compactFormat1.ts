import type { MeasurementKind, SharedAnnotation, SharedCase, SharedCell, SharedMpr, SharedSession, SlabBlend, WorldPoint } from './types';
import { fail, fieldOf, readArray, readRecord, within } from './untrustedFields';
import { FUSION_COLORMAP_NAMES, MEASUREMENT_KINDS, SLAB_BLENDS } from './validate';

/**
 * Format 1's compact JSON: the model with one- and two-letter keys and positional arrays, so a
 * 3 × 3 board with its measurements fits a URL. Rounding happens here, on the way in, only.
 *
 *   session     [cases, activeCase]
 *   case        { a: archiveId, s: studyUid, p?: [priorArchiveId, priorStudyUid],
 *                 l: [rows, columns], c: [cell | null, ...], ac?: activeCell, mx?: maximisedCell,
 *                 y?: sync bits (1 scroll, 2 window, 4 zoom, 8 reference lines),
 *                 sg?: [[SEG or RTSTRUCT sopInstanceUid, opacity (0.01), [hidden segment, ...]], ...],
 *                 ss?: [selected segment's sopInstanceUid, segmentNumber] }
 *   cell        { p?: 1 (the prior study; absent = current), s: seriesUid, o?: sopInstanceUid,
 *                 i: image, w?: [center, width], v?: invert 0|1, z?: zoom, n?: [panX, panY],
 *                 r?: rotation, fh?: 0|1, fv?: 0|1, k?: [isPlaying 0|1, framesPerSecond],
 *                 m?: [centerX, centerY, centerZ (0.01 mm units), slab (0.01 mm units), blend],
 *                 sl?: [slide centre column, row (0.01 pixel), resolution],
 *                 fu?: [PET seriesUid, opacity (0.01), colour map], mi?: 0|1 (a MIP), a?: [annotation, ...] }
 *   annotation  [kind, image, points, label?]; points flattened in 0.01 mm integer units, the
 *               first point absolute and each next one as the difference from the one before
 *               (handles of one measurement lie close together, often on one slice: small numbers).
 *   kind codes  0 length, 1 angle, 2 ellipse, 3 rectangle, 4 probe, 5 arrow
 *   blend codes 0 mip, 1 minip, 2 average
 *   colour map codes 0 hot-iron, 1 rainbow, 2 inverted-gray
 *
 * Precision: world points and slab 0.01 mm, window 0.01, rotation 0.01°, zoom, pan and frame
 * rate 4 significant digits. Booleans keep false apart from absent (0 vs no key) so a round trip
 * gives back exactly the fields the sharer had. Codes are positions in the tables below: append
 * only; changing one is a new format.
 */

const KIND_CODES: readonly MeasurementKind[] = ['length', 'angle', 'ellipse', 'rectangle', 'probe', 'arrow'];
const BLEND_CODES: readonly SlabBlend[] = ['mip', 'minip', 'average'];
const SYNC_BITS = { scroll: 1, window: 2, zoom: 4, referenceLines: 8 } as const;

// The code tables must name every kind the validator knows, or a valid view could not be shared.
if (!MEASUREMENT_KINDS.every((kind) => KIND_CODES.includes(kind)) || !SLAB_BLENDS.every((blend) => BLEND_CODES.includes(blend))) {
  throw new Error('format 1 code tables are incomplete');
}

/** -0 would come back as 0 through JSON; normalising here keeps round trips exact. */
const noNegativeZero = (n: number) => n + 0;
const roundToHundredths = (n: number) => noNegativeZero(Math.round(n * 100) / 100);
const toHundredthsInteger = (n: number) => noNegativeZero(Math.round(n * 100));
const toSignificant4 = (n: number) => noNegativeZero(Number(n.toPrecision(4)));
const bit = (flag: boolean): 0 | 1 => (flag ? 1 : 0);

function compactPoints(points: readonly WorldPoint[]): number[] {
  const flat: number[] = [];
  let previous: readonly number[] = [0, 0, 0];
  for (const point of points) {
    const units = point.map(toHundredthsInteger);
    units.forEach((unit, axis) => flat.push(unit - (previous[axis] as number)));
    previous = units;
  }
  return flat;
}

function compactCell(cell: SharedCell): Record<string, unknown> {
  const compact: Record<string, unknown> = {};
  if (cell.study === 'prior') compact.p = 1;
  compact.s = cell.seriesUid;
  if (cell.sopInstanceUid !== undefined) compact.o = cell.sopInstanceUid;
  compact.i = cell.image;
  if (cell.window) {
    // A valid width keeps at least 0.01: rounding must not turn a narrow window into an invalid one.
    const width = cell.window.width > 0 ? Math.max(0.01, roundToHundredths(cell.window.width)) : cell.window.width;
    compact.w = [roundToHundredths(cell.window.center), width];
  }
  if (cell.invert !== undefined) compact.v = bit(cell.invert);
  if (cell.zoom !== undefined) compact.z = toSignificant4(cell.zoom);
  if (cell.pan) compact.n = cell.pan.map(toSignificant4);
  if (cell.rotation !== undefined) {
    const rotation = roundToHundredths(cell.rotation);
    compact.r = rotation >= 360 && cell.rotation < 360 ? 0 : rotation; // 359.999° is a full turn
  }
  if (cell.flipHorizontal !== undefined) compact.fh = bit(cell.flipHorizontal);
  if (cell.flipVertical !== undefined) compact.fv = bit(cell.flipVertical);
  if (cell.cine) compact.k = [bit(cell.cine.isPlaying), toSignificant4(cell.cine.framesPerSecond)];
  if (cell.mpr) compact.m = [...cell.mpr.center.map(toHundredthsInteger), toHundredthsInteger(cell.mpr.slabMm), BLEND_CODES.indexOf(cell.mpr.blend)];
  if (cell.slide) compact.sl = [...cell.slide.center.map(roundToHundredths), toSignificant4(cell.slide.resolution)];
  if (cell.fusion) compact.fu = [cell.fusion.petSeriesUid, roundToHundredths(cell.fusion.opacity), FUSION_COLORMAP_NAMES.indexOf(cell.fusion.colormap)];
  if (cell.mip !== undefined) compact.mi = bit(cell.mip);
  if (cell.annotations) {
    compact.a = cell.annotations.map((annotation) => [
      KIND_CODES.indexOf(annotation.kind),
      annotation.image,
      compactPoints(annotation.points),
      ...(annotation.label !== undefined ? [annotation.label] : []),
    ]);
  }
  return compact;
}

function compactCase(sharedCase: SharedCase): Record<string, unknown> {
  const compact: Record<string, unknown> = { a: sharedCase.archiveId, s: sharedCase.studyUid };
  if (sharedCase.prior) compact.p = [sharedCase.prior.archiveId, sharedCase.prior.studyUid];
  compact.l = [sharedCase.layout.rows, sharedCase.layout.columns];
  compact.c = sharedCase.cells.map((cell) => (cell ? compactCell(cell) : null));
  if (sharedCase.activeCell !== undefined) compact.ac = sharedCase.activeCell;
  if (sharedCase.maximisedCell !== undefined) compact.mx = sharedCase.maximisedCell;
  if (sharedCase.sync) {
    const sync = sharedCase.sync;
    compact.y = (Object.keys(SYNC_BITS) as (keyof typeof SYNC_BITS)[]).reduce((bits, key) => bits | (sync[key] ? SYNC_BITS[key] : 0), 0);
  }
  if (sharedCase.segmentations) compact.sg = sharedCase.segmentations.map((look) => [look.sopInstanceUid, roundToHundredths(look.opacity), [...look.hidden]]);
  if (sharedCase.selectedSegment) compact.ss = [sharedCase.selectedSegment.sopInstanceUid, sharedCase.selectedSegment.segmentNumber];
  return compact;
}

/** The compact document of a session (expects a valid session; rounds). */
export function compactSession(session: SharedSession): unknown {
  return [session.cases.map(compactCase), session.activeCase];
}

// Expansion checks only the compact layout (lists, tuples, codes); the expanded model then goes
// through the full validation, which checks every value. Whatever a wrong type is, it arrives there.

const NOT_FORMAT_1 = 'is not laid out as a format 1 view';

function readFlag(value: unknown, where: string): boolean {
  if (value !== 0 && value !== 1) fail(where, NOT_FORMAT_1);
  return value === 1;
}

function readCode<T>(table: readonly T[], value: unknown, where: string): T {
  const entry = typeof value === 'number' && Number.isInteger(value) ? table[value] : undefined;
  if (entry === undefined) fail(where, NOT_FORMAT_1);
  return entry;
}

function readHundredths(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value)) fail(where, NOT_FORMAT_1);
  return value;
}

function expandPoints(value: unknown, where: string): WorldPoint[] {
  // 8 points at most (validation says so again, in words).
  const flat = readArray(value, where, 3, 24).map((unit) => readHundredths(unit, where));
  if (flat.length % 3 !== 0) fail(where, NOT_FORMAT_1);
  const points: WorldPoint[] = [];
  let previous = [0, 0, 0];
  for (let i = 0; i < flat.length; i += 3) {
    const units = [0, 1, 2].map((axis) => (previous[axis] as number) + (flat[i + axis] as number));
    points.push([(units[0] as number) / 100, (units[1] as number) / 100, (units[2] as number) / 100]);
    previous = units;
  }
  return points;
}

function expandAnnotation(value: unknown, where: string): SharedAnnotation {
  const tuple = readArray(value, where, 3, 4);
  const [kind, image, points, label] = tuple;
  return {
    kind: readCode(KIND_CODES, kind, where),
    image: image as number,
    points: expandPoints(points, where),
    ...(tuple.length === 4 ? { label: label as string } : {}),
  };
}

function expandMpr(value: unknown, where: string): SharedMpr {
  const [x, y, z, slab, blend] = readArray(value, where, 5, 5);
  return {
    center: [readHundredths(x, where) / 100, readHundredths(y, where) / 100, readHundredths(z, where) / 100],
    slabMm: readHundredths(slab, where) / 100,
    blend: readCode(BLEND_CODES, blend, where),
  };
}

function expandCell(value: unknown, where: string): SharedCell {
  const compact = readRecord(value, where, ['p', 's', 'o', 'i', 'w', 'v', 'z', 'n', 'r', 'fh', 'fv', 'k', 'm', 'sl', 'fu', 'mi', 'a'], ['s', 'i']);
  const has = (key: string) => fieldOf(compact, key) !== undefined;
  if (has('p') && compact.p !== 1) fail(where, NOT_FORMAT_1);
  // The model's field order, so an expanded cell reads like a hand-written one.
  const cell: Record<string, unknown> = { study: has('p') ? 'prior' : 'current', seriesUid: compact.s };
  if (has('o')) cell.sopInstanceUid = compact.o;
  cell.image = compact.i;
  if (has('w')) {
    const [center, width] = readArray(compact.w, where, 2, 2);
    cell.window = { center, width };
  }
  if (has('v')) cell.invert = readFlag(compact.v, where);
  if (has('z')) cell.zoom = compact.z;
  if (has('n')) cell.pan = [...readArray(compact.n, where, 2, 2)];
  if (has('r')) cell.rotation = compact.r;
  if (has('fh')) cell.flipHorizontal = readFlag(compact.fh, where);
  if (has('fv')) cell.flipVertical = readFlag(compact.fv, where);
  if (has('k')) {
    const [isPlaying, framesPerSecond] = readArray(compact.k, where, 2, 2);
    cell.cine = { isPlaying: readFlag(isPlaying, where), framesPerSecond };
  }
  if (has('m')) cell.mpr = expandMpr(compact.m, within(where, 'MPR'));
  if (has('sl')) {
    const [column, row, resolution] = readArray(compact.sl, where, 3, 3);
    cell.slide = { center: [column, row], resolution };
  }
  if (has('fu')) {
    const [petSeriesUid, opacity, colormap] = readArray(compact.fu, where, 3, 3);
    cell.fusion = { petSeriesUid, opacity, colormap: readCode(FUSION_COLORMAP_NAMES, colormap, where) };
  }
  if (has('mi')) cell.mip = readFlag(compact.mi, where);
  if (has('a')) {
    // One more than validation allows, so that the count is reported in words there.
    cell.annotations = readArray(compact.a, where, 0, 101).map((annotation, i) => expandAnnotation(annotation, within(where, `annotation ${i + 1}`)));
  }
  // Built field by field from checked parts; expandSession's caller validates the whole.
  return cell as unknown as SharedCell;
}

function expandCase(value: unknown, where: string): SharedCase {
  const compact = readRecord(value, where, ['a', 's', 'p', 'l', 'c', 'ac', 'mx', 'y', 'sg', 'ss'], ['a', 's', 'l', 'c']);
  const [rows, columns] = readArray(compact.l, where, 2, 2);
  const cells = readArray(compact.c, where, 0, 17).map((cell, i) => (cell === null ? null : expandCell(cell, within(where, `cell ${i + 1}`))));
  const sharedCase: Record<string, unknown> = { archiveId: compact.a, studyUid: compact.s };
  if (fieldOf(compact, 'p') !== undefined) {
    const [archiveId, studyUid] = readArray(compact.p, where, 2, 2);
    sharedCase.prior = { archiveId, studyUid };
  }
  sharedCase.layout = { rows, columns };
  sharedCase.cells = cells;
  if (fieldOf(compact, 'ac') !== undefined) sharedCase.activeCell = compact.ac;
  if (fieldOf(compact, 'mx') !== undefined) sharedCase.maximisedCell = compact.mx;
  if (fieldOf(compact, 'y') !== undefined) {
    const bits = compact.y;
    if (typeof bits !== 'number' || !Number.isInteger(bits) || bits < 0 || bits > 15) fail(where, NOT_FORMAT_1);
    sharedCase.sync = { scroll: (bits & SYNC_BITS.scroll) !== 0, window: (bits & SYNC_BITS.window) !== 0, zoom: (bits & SYNC_BITS.zoom) !== 0, referenceLines: (bits & SYNC_BITS.referenceLines) !== 0 };
  }
  if (fieldOf(compact, 'sg') !== undefined) {
    // One more than validation allows, so that the count is reported in words there.
    sharedCase.segmentations = readArray(compact.sg, where, 0, 17).map((look) => {
      const [sopInstanceUid, opacity, hidden] = readArray(look, where, 3, 3);
      return { sopInstanceUid, opacity, hidden };
    });
  }
  if (fieldOf(compact, 'ss') !== undefined) {
    const [sopInstanceUid, segmentNumber] = readArray(compact.ss, where, 2, 2);
    sharedCase.selectedSegment = { sopInstanceUid, segmentNumber };
  }
  // As expandCell: the caller runs validateSharedSession over the expanded document.
  return sharedCase as unknown as SharedCase;
}

/**
 * The plain model of a compact document, not yet validated: the caller runs validateSharedSession
 * on it. Throws InvalidField when the document's own layout is wrong.
 */
export function expandSession(document: unknown): unknown {
  const [cases, activeCase] = readArray(document, 'the link', 2, 2);
  return { cases: readArray(cases, 'the case list', 0, 51).map((sharedCase, i) => expandCase(sharedCase, `case ${i + 1}`)), activeCase };
}
