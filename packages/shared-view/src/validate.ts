import type { FusionColormapName, MeasurementKind, SharedAnnotation, SharedCase, SharedCell, SharedFusion, SharedMpr, SharedSegmentation, SharedSession, SharedSlideView, SlabBlend, WorldPoint } from './types';
import {
  InvalidField,
  fail,
  fieldOf,
  readArray,
  readBoolean,
  readChoice,
  readFinite,
  readInteger,
  readNumber,
  readRecord,
  within,
} from './untrustedFields';

/**
 * Validation of the plain (non-compact) model: what a decoded link expands to and what the relay
 * accepts as a live message. Strict on purpose: a view that passes names only UIDs, archive ids
 * and numbers in known ranges, so a link or a message cannot carry anything else (no names, no
 * patient IDs) and a viewer opening it never meets a shape it did not plan for.
 */

export type SharedSessionValidation = { ok: true; session: SharedSession } | { ok: false; message: string };
export type SharedCaseValidation = { ok: true; sharedCase: SharedCase } | { ok: false; message: string };

/** The limits a valid view keeps to (exported for tests and for callers that build views). */
export const SHARED_VIEW_LIMITS = {
  /** DICOM UIDs: digits and dots, at most 64 characters (PS3.5 9.1). */
  uidPattern: /^[0-9]+(\.[0-9]+)*$/,
  uidMaxLength: 64,
  archiveIdPattern: /^[A-Za-z0-9_-]{1,64}$/,
  /** Mirrors isValidLayout in @longview/hanging-protocols (MAX_GRID 4 × 4): every grid the viewer offers can be shared. */
  maxGridSide: 4,
  maxCases: 50,
  maxImageIndex: 99_999,
  maxAnnotationsPerCell: 100,
  /** Segmentations and structure sets of one study whose look is shared. */
  maxSegmentations: 16,
  /** Hidden segments (or ROIs) of one segmentation. */
  maxHiddenSegments: 255,
  /** Patient space fits in a metre or so; the bound keeps coordinates finite after rounding to 0.01 mm. */
  maxWorldCoordinateMm: 1_000_000,
  /** Stored pixel values (and so window centre/width) of any modality stay far below this. */
  maxWindowValue: 1_000_000_000,
  maxZoom: 100,
  maxFramesPerSecond: 240,
  maxSlabMm: 500,
  /** The largest slides are about 200,000 pixels a side; a base pixel coordinate stays below this. */
  maxSlidePixel: 10_000_000,
  /** Base pixels per screen pixel: far beyond a whole slide on one screen pixel row. */
  maxSlideResolution: 100_000,
  maxLabelLength: 64,
} as const;

export const MEASUREMENT_KINDS: readonly MeasurementKind[] = ['length', 'angle', 'ellipse', 'rectangle', 'probe', 'arrow'];
export const SLAB_BLENDS: readonly SlabBlend[] = ['mip', 'minip', 'average'];
export const FUSION_COLORMAP_NAMES: readonly FusionColormapName[] = ['hot-iron', 'rainbow', 'inverted-gray'];

/**
 * How many handles each kind has, as Cornerstone's tools store them (tools 5.14): Length and
 * ArrowAnnotate two, Angle three, Probe one, EllipticalROI four (the ends of both axes),
 * RectangleROI four corners, or two opposite corners from a writer that keeps only those.
 */
const POINT_COUNTS: Record<MeasurementKind, readonly number[]> = {
  length: [2],
  angle: [3],
  probe: [1],
  arrow: [2],
  rectangle: [2, 4],
  ellipse: [4],
};

/** Text a reader typed on an arrow: no control or invisible format characters, no lone surrogates. */
const PRINTABLE = /^[^\p{C}]*$/u;

/** 1-based, as a clinician counts. */
const nth = (noun: string, index: number) => `${noun} ${index + 1}`;

function readUid(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.length > SHARED_VIEW_LIMITS.uidMaxLength || !SHARED_VIEW_LIMITS.uidPattern.test(value)) {
    fail(where, 'must be a DICOM UID (digits and dots, at most 64 characters)');
  }
  return value;
}

function readArchiveId(value: unknown, where: string): string {
  if (typeof value !== 'string' || !SHARED_VIEW_LIMITS.archiveIdPattern.test(value)) fail(where, 'must be an archive id (letters, digits, - and _, at most 64)');
  return value;
}

function readWorldPoint(value: unknown, where: string): WorldPoint {
  const limit = SHARED_VIEW_LIMITS.maxWorldCoordinateMm;
  const [x, y, z] = readArray(value, where, 3, 3).map((coordinate, axis) => readNumber(coordinate, within(where, `coordinate ${axis + 1}`), { min: -limit, max: limit }));
  return [x as number, y as number, z as number];
}

function readAnnotation(value: unknown, where: string): SharedAnnotation {
  const record = readRecord(value, where, ['kind', 'image', 'points', 'label'], ['kind', 'image', 'points']);
  const kind = readChoice(record.kind, within(where, 'kind'), MEASUREMENT_KINDS);
  const image = readInteger(record.image, within(where, 'image'), 0, SHARED_VIEW_LIMITS.maxImageIndex);
  const points = readArray(record.points, within(where, 'points'), 1, 8).map((point, i) => readWorldPoint(point, within(where, nth('point', i))));
  const counts = POINT_COUNTS[kind];
  if (!counts.includes(points.length)) fail(within(where, 'points'), `must be ${counts.join(' or ')} for kind ${kind}`);
  const label = fieldOf(record, 'label');
  if (label === undefined) return { kind, image, points };
  if (kind !== 'arrow') fail(within(where, 'label'), 'only an arrow carries a label');
  if (typeof label !== 'string' || [...label].length > SHARED_VIEW_LIMITS.maxLabelLength || !PRINTABLE.test(label)) {
    fail(within(where, 'label'), `must be text of at most ${SHARED_VIEW_LIMITS.maxLabelLength} printable characters`);
  }
  return { kind, image, points, label };
}

function readSlide(value: unknown, where: string): SharedSlideView {
  const record = readRecord(value, where, ['center', 'resolution'], ['center', 'resolution']);
  const limit = SHARED_VIEW_LIMITS.maxSlidePixel;
  const [x, y] = readArray(record.center, within(where, 'centre'), 2, 2).map((n, axis) =>
    readNumber(n, within(where, `centre ${axis === 0 ? 'column' : 'row'}`), { min: -limit, max: limit }),
  );
  return {
    center: [x as number, y as number],
    resolution: readNumber(record.resolution, within(where, 'resolution'), { min: 0, isMinExcluded: true, max: SHARED_VIEW_LIMITS.maxSlideResolution }),
  };
}

function readMpr(value: unknown, where: string): SharedMpr {
  const record = readRecord(value, where, ['center', 'slabMm', 'blend'], ['center', 'slabMm', 'blend']);
  return {
    center: readWorldPoint(record.center, within(where, 'centre')),
    slabMm: readNumber(record.slabMm, within(where, 'slab thickness'), { min: 0, max: SHARED_VIEW_LIMITS.maxSlabMm }),
    blend: readChoice(record.blend, within(where, 'slab blend'), SLAB_BLENDS),
  };
}

const CELL_KEYS = [
  'study',
  'seriesUid',
  'sopInstanceUid',
  'image',
  'window',
  'invert',
  'zoom',
  'pan',
  'rotation',
  'flipHorizontal',
  'flipVertical',
  'cine',
  'mpr',
  'slide',
  'fusion',
  'mip',
  'annotations',
] as const satisfies readonly (keyof SharedCell)[];

function readFusion(value: unknown, where: string): SharedFusion {
  const record = readRecord(value, where, ['petSeriesUid', 'opacity', 'colormap'], ['petSeriesUid', 'opacity', 'colormap']);
  return {
    petSeriesUid: readUid(record.petSeriesUid, within(where, 'PET series UID')),
    opacity: readNumber(record.opacity, within(where, 'opacity'), { min: 0, max: 1 }),
    colormap: readChoice(record.colormap, within(where, 'colour map'), FUSION_COLORMAP_NAMES),
  };
}

function readCell(value: unknown, where: string): SharedCell {
  const record = readRecord(value, where, CELL_KEYS, ['study', 'seriesUid', 'image']);
  // Optional fields are copied only when present, so a decoded cell has exactly the sharer's fields.
  const has = (key: (typeof CELL_KEYS)[number]) => fieldOf(record, key) !== undefined;
  const study = readChoice(record.study, within(where, 'study'), ['current', 'prior'] as const);
  const seriesUid = readUid(record.seriesUid, within(where, 'series UID'));
  const sopInstanceUid = has('sopInstanceUid') ? readUid(record.sopInstanceUid, within(where, 'instance UID')) : undefined;
  const image = readInteger(record.image, within(where, 'image'), 0, SHARED_VIEW_LIMITS.maxImageIndex);
  const cell: SharedCell = { study, seriesUid, ...(sopInstanceUid !== undefined ? { sopInstanceUid } : {}), image };
  if (has('window')) {
    const windowWhere = within(where, 'window');
    const window = readRecord(record.window, windowWhere, ['center', 'width'], ['center', 'width']);
    const limit = SHARED_VIEW_LIMITS.maxWindowValue;
    cell.window = {
      center: readNumber(window.center, within(windowWhere, 'centre'), { min: -limit, max: limit }),
      width: readNumber(window.width, within(windowWhere, 'width'), { min: 0, isMinExcluded: true, max: limit }),
    };
  }
  if (has('invert')) cell.invert = readBoolean(record.invert, within(where, 'invert'));
  if (has('zoom')) cell.zoom = readNumber(record.zoom, within(where, 'zoom'), { min: 0, isMinExcluded: true, max: SHARED_VIEW_LIMITS.maxZoom });
  if (has('pan')) {
    const [x, y] = readArray(record.pan, within(where, 'pan'), 2, 2).map((n, axis) => readFinite(n, within(where, `pan ${axis === 0 ? 'x' : 'y'}`)));
    cell.pan = [x as number, y as number];
  }
  if (has('rotation')) cell.rotation = readNumber(record.rotation, within(where, 'rotation'), { min: 0, max: 360, isMaxExcluded: true });
  if (has('flipHorizontal')) cell.flipHorizontal = readBoolean(record.flipHorizontal, within(where, 'horizontal flip'));
  if (has('flipVertical')) cell.flipVertical = readBoolean(record.flipVertical, within(where, 'vertical flip'));
  if (has('cine')) {
    const cineWhere = within(where, 'cine');
    const cine = readRecord(record.cine, cineWhere, ['isPlaying', 'framesPerSecond'], ['isPlaying', 'framesPerSecond']);
    cell.cine = {
      isPlaying: readBoolean(cine.isPlaying, within(cineWhere, 'playing')),
      framesPerSecond: readNumber(cine.framesPerSecond, within(cineWhere, 'frames per second'), {
        min: 0,
        isMinExcluded: true,
        max: SHARED_VIEW_LIMITS.maxFramesPerSecond,
      }),
    };
  }
  if (has('mpr')) cell.mpr = readMpr(record.mpr, within(where, 'MPR'));
  if (has('slide')) cell.slide = readSlide(record.slide, within(where, 'slide view'));
  if (has('fusion')) cell.fusion = readFusion(record.fusion, within(where, 'fusion'));
  if (has('mip')) cell.mip = readBoolean(record.mip, within(where, 'MIP'));
  if (has('annotations')) {
    cell.annotations = readArray(record.annotations, within(where, 'annotations'), 0, SHARED_VIEW_LIMITS.maxAnnotationsPerCell).map((annotation, i) =>
      readAnnotation(annotation, within(where, nth('annotation', i))),
    );
  }
  return cell;
}

function readStudyRef(value: unknown, where: string): { archiveId: string; studyUid: string } {
  const record = readRecord(value, where, ['archiveId', 'studyUid'], ['archiveId', 'studyUid']);
  return { archiveId: readArchiveId(record.archiveId, within(where, 'archive id')), studyUid: readUid(record.studyUid, within(where, 'study UID')) };
}

const CASE_KEYS = ['archiveId', 'studyUid', 'prior', 'layout', 'cells', 'activeCell', 'maximisedCell', 'sync', 'segmentations', 'selectedSegment'] as const satisfies readonly (keyof SharedCase)[];

/** DICOM segment numbers are 1–65535 (US); ROI numbers are IS, in practice far below. */
const MAX_SEGMENT_NUMBER = 65_535;

function readSegmentationLook(value: unknown, where: string): SharedSegmentation {
  const record = readRecord(value, where, ['sopInstanceUid', 'opacity', 'hidden'], ['sopInstanceUid', 'opacity', 'hidden']);
  return {
    sopInstanceUid: readUid(record.sopInstanceUid, within(where, 'SOP instance UID')),
    opacity: readNumber(record.opacity, within(where, 'opacity'), { min: 0, max: 1 }),
    hidden: readArray(record.hidden, within(where, 'hidden segments'), 0, SHARED_VIEW_LIMITS.maxHiddenSegments).map((n, i) => readInteger(n, within(where, nth('hidden segment', i)), 1, MAX_SEGMENT_NUMBER)),
  };
}

/** The segmentation looks and the selected segment of a case, onto `sharedCase`. */
function readSegmentationFields(record: Record<string, unknown>, where: string, sharedCase: SharedCase): void {
  if (fieldOf(record, 'segmentations') !== undefined) {
    sharedCase.segmentations = readArray(record.segmentations, within(where, 'segmentations'), 0, SHARED_VIEW_LIMITS.maxSegmentations).map((look, i) => readSegmentationLook(look, within(where, nth('segmentation', i))));
  }
  if (fieldOf(record, 'selectedSegment') !== undefined) {
    const selectedWhere = within(where, 'selected segment');
    const selected = readRecord(record.selectedSegment, selectedWhere, ['sopInstanceUid', 'segmentNumber'], ['sopInstanceUid', 'segmentNumber']);
    sharedCase.selectedSegment = {
      sopInstanceUid: readUid(selected.sopInstanceUid, within(selectedWhere, 'SOP instance UID')),
      segmentNumber: readInteger(selected.segmentNumber, within(selectedWhere, 'segment number'), 1, MAX_SEGMENT_NUMBER),
    };
  }
}

function readCase(value: unknown, where: string): SharedCase {
  const record = readRecord(value, where, CASE_KEYS, ['archiveId', 'studyUid', 'layout', 'cells']);
  const { archiveId, studyUid } = readStudyRef({ archiveId: record.archiveId, studyUid: record.studyUid }, where);
  const layoutWhere = within(where, 'layout');
  const layoutRecord = readRecord(record.layout, layoutWhere, ['rows', 'columns'], ['rows', 'columns']);
  const side = SHARED_VIEW_LIMITS.maxGridSide;
  const layout = { rows: readInteger(layoutRecord.rows, within(layoutWhere, 'rows'), 1, side), columns: readInteger(layoutRecord.columns, within(layoutWhere, 'columns'), 1, side) };
  const cellCount = layout.rows * layout.columns;
  if (!Array.isArray(record.cells) || record.cells.length !== cellCount) fail(within(where, 'cells'), `must list exactly ${cellCount} cells for a ${layout.rows} × ${layout.columns} layout`);
  const cells = record.cells.map((cell: unknown, i) => (cell === null ? null : readCell(cell, within(where, nth('cell', i)))));
  const sharedCase: SharedCase = { archiveId, studyUid, layout, cells };
  if (fieldOf(record, 'prior') !== undefined) sharedCase.prior = readStudyRef(record.prior, within(where, 'prior'));
  const priorCell = cells.findIndex((cell) => cell?.study === 'prior');
  if (priorCell >= 0 && !sharedCase.prior) fail(within(where, nth('cell', priorCell)), 'shows the prior study, but the case names no prior');
  if (fieldOf(record, 'activeCell') !== undefined) sharedCase.activeCell = readInteger(record.activeCell, within(where, 'active cell'), 0, cellCount - 1);
  if (fieldOf(record, 'maximisedCell') !== undefined) sharedCase.maximisedCell = readInteger(record.maximisedCell, within(where, 'maximised cell'), 0, cellCount - 1);
  if (fieldOf(record, 'sync') !== undefined) {
    const syncWhere = within(where, 'sync');
    const sync = readRecord(record.sync, syncWhere, ['scroll', 'window', 'zoom', 'referenceLines'], ['scroll', 'window', 'zoom', 'referenceLines']);
    sharedCase.sync = {
      scroll: readBoolean(sync.scroll, within(syncWhere, 'scroll')),
      window: readBoolean(sync.window, within(syncWhere, 'window')),
      zoom: readBoolean(sync.zoom, within(syncWhere, 'zoom')),
      referenceLines: readBoolean(sync.referenceLines, within(syncWhere, 'reference lines')),
    };
  }
  readSegmentationFields(record, where, sharedCase);
  return sharedCase;
}

function readSession(value: unknown): SharedSession {
  const record = readRecord(value, 'the session', ['cases', 'activeCase'], ['cases', 'activeCase']);
  const cases = readArray(record.cases, 'the case list', 1, SHARED_VIEW_LIMITS.maxCases).map((sharedCase, i) => readCase(sharedCase, nth('case', i)));
  const activeCase = readInteger(record.activeCase, 'the active case', 0, cases.length - 1);
  return { cases, activeCase };
}

/** Runs a reader; InvalidField becomes a message, anything else is a bug and is rethrown. */
function attempt<T>(read: () => T): { ok: true; value: T } | { ok: false; message: string } {
  try {
    return { ok: true, value: read() };
  } catch (error) {
    if (error instanceof InvalidField) return { ok: false, message: error.message };
    throw error;
  }
}

/**
 * A session exactly as the model allows it, rebuilt field by field from the value (so the
 * result holds nothing but the model's fields), or a sentence saying what is wrong and where.
 */
export function validateSharedSession(value: unknown): SharedSessionValidation {
  const result = attempt(() => readSession(value));
  return result.ok ? { ok: true, session: result.value } : result;
}

/** One case of an agenda (for a live message that changes a single case). */
export function validateSharedCase(value: unknown): SharedCaseValidation {
  const result = attempt(() => readCase(value, 'the case'));
  return result.ok ? { ok: true, sharedCase: result.value } : result;
}
