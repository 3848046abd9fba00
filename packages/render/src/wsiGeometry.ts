import type { DicomJson, DicomJsonAttribute } from '@longview/dicom-meta';

/**
 * Pure geometry of a whole-slide pyramid (VL Whole Slide Microscopy, PS3.3 A.32.8): its levels
 * from the instances' metadata, which tiles a view needs, and the magnification a view shows.
 * Coordinates are base-level pixels (column x, row y), the unit the slide viewer's map uses.
 */

/** One resolution level: a VOLUME (or THUMBNAIL) instance tiled into frames. */
export interface WsiLevel {
  sopInstanceUid: string;
  imageFlavor: 'VOLUME' | 'THUMBNAIL';
  totalColumns: number;
  totalRows: number;
  tileColumns: number;
  tileRows: number;
  /** Base columns per column of this level (1 for the base). */
  downsample: number;
  /** Millimetres per pixel of this level (Pixel Measures), or undefined when uncalibrated. */
  pixelSpacingMm: number | undefined;
  frameCount: number;
  /** PS3.3 C.7.6.17: TILED_FULL implies positions; anything else lists them per frame. */
  dimensionOrganization: 'TILED_FULL' | 'TILED_SPARSE';
}

export interface WsiOpticalPath {
  identifier: string;
  description: string | undefined;
  illumination: string | undefined;
  illuminationColour: string | undefined;
  objectiveLensPower: number | undefined;
  hasIccProfile: boolean;
}

/** A single-frame LABEL or OVERVIEW image of the slide. */
export interface WsiAssociatedImage {
  sopInstanceUid: string;
  columns: number;
  rows: number;
}

export interface WsiPyramid {
  /** Finest first: levels[0] is the base. */
  levels: WsiLevel[];
  label: WsiAssociatedImage | undefined;
  overview: WsiAssociatedImage | undefined;
  opticalPaths: WsiOpticalPath[];
  /** Millimetres per base pixel, when the slide is calibrated. */
  baseSpacingMm: number | undefined;
}

/** A rectangle in base-level pixels: [x0, x1) × [y0, y1). */
export interface BaseRect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface TileRange {
  firstColumn: number;
  lastColumn: number;
  firstRow: number;
  lastRow: number;
  count: number;
}

const SOP_INSTANCE_UID = '00080018';
const IMAGE_TYPE = '00080008';
const ROWS = '00280010';
const COLUMNS = '00280011';
const NUMBER_OF_FRAMES = '00280008';
const TOTAL_COLUMNS = '00480006';
const TOTAL_ROWS = '00480007';
const DIMENSION_ORGANIZATION_TYPE = '00209311';
const SHARED_FUNCTIONAL_GROUPS = '52009229';
const PIXEL_MEASURES = '00289110';
const PIXEL_SPACING = '00280030';
const OPTICAL_PATH_SEQUENCE = '00480105';
const OPTICAL_PATH_IDENTIFIER = '00480106';
const OPTICAL_PATH_DESCRIPTION = '00480107';
const ILLUMINATION_TYPE_CODES = '00220016';
const ILLUMINATION_COLOUR_CODES = '00480108';
const OBJECTIVE_LENS_POWER = '00480112';
const ICC_PROFILE = '00282000';
const CODE_MEANING = '00080104';

const values = (attribute: DicomJsonAttribute | undefined): unknown[] => attribute?.Value ?? [];
const firstNumber = (attribute: DicomJsonAttribute | undefined): number | undefined => {
  const value = Number(values(attribute)[0]);
  return Number.isFinite(value) && values(attribute).length > 0 ? value : undefined;
};
const firstText = (attribute: DicomJsonAttribute | undefined): string | undefined => {
  const value = values(attribute)[0];
  return typeof value === 'string' && value !== '' ? value : undefined;
};
const firstItem = (attribute: DicomJsonAttribute | undefined): DicomJson | undefined => values(attribute)[0] as DicomJson | undefined;

/** ImageType values; some archives send a multi-valued CS as one backslash-joined string. */
function imageTypeOf(instance: DicomJson): string[] {
  return values(instance[IMAGE_TYPE]).flatMap((value) => String(value).split('\\'));
}

function pixelSpacingOf(instance: DicomJson): number | undefined {
  const measures = firstItem(firstItem(instance[SHARED_FUNCTIONAL_GROUPS])?.[PIXEL_MEASURES]);
  // Rows and columns are square on every scanner we know; the column spacing (second) is the
  // one along a screen row.
  const spacing = values(measures?.[PIXEL_SPACING] ?? instance[PIXEL_SPACING]).map(Number);
  const columnSpacing = spacing[1] ?? spacing[0];
  return columnSpacing !== undefined && columnSpacing > 0 ? columnSpacing : undefined;
}

function opticalPathsOf(instance: DicomJson): WsiOpticalPath[] {
  return values(instance[OPTICAL_PATH_SEQUENCE]).map((item) => {
    const path = item as DicomJson;
    return {
      identifier: firstText(path[OPTICAL_PATH_IDENTIFIER]) ?? '1',
      description: firstText(path[OPTICAL_PATH_DESCRIPTION]),
      illumination: firstText(firstItem(path[ILLUMINATION_TYPE_CODES])?.[CODE_MEANING]),
      illuminationColour: firstText(firstItem(path[ILLUMINATION_COLOUR_CODES])?.[CODE_MEANING]),
      objectiveLensPower: firstNumber(path[OBJECTIVE_LENS_POWER]),
      hasIccProfile: path[ICC_PROFILE] !== undefined,
    };
  });
}

/** The pyramid of a series from its instances' metadata (any order), finest level first. */
export function wsiPyramidOf(instances: DicomJson[]): WsiPyramid {
  const tiled: Omit<WsiLevel, 'downsample'>[] = [];
  let label: WsiAssociatedImage | undefined;
  let overview: WsiAssociatedImage | undefined;
  for (const instance of instances) {
    const uid = firstText(instance[SOP_INSTANCE_UID]);
    const flavor = imageTypeOf(instance)[2];
    const tileColumns = firstNumber(instance[COLUMNS]);
    const tileRows = firstNumber(instance[ROWS]);
    if (!uid || !tileColumns || !tileRows) continue;
    if (flavor === 'LABEL') label ??= { sopInstanceUid: uid, columns: tileColumns, rows: tileRows };
    if (flavor === 'OVERVIEW') overview ??= { sopInstanceUid: uid, columns: tileColumns, rows: tileRows };
    if (flavor !== 'VOLUME' && flavor !== 'THUMBNAIL') continue;
    const totalColumns = firstNumber(instance[TOTAL_COLUMNS]) ?? tileColumns;
    const totalRows = firstNumber(instance[TOTAL_ROWS]) ?? tileRows;
    if (!totalColumns || !totalRows) continue;
    tiled.push({
      sopInstanceUid: uid, imageFlavor: flavor, totalColumns, totalRows, tileColumns, tileRows,
      pixelSpacingMm: pixelSpacingOf(instance),
      frameCount: firstNumber(instance[NUMBER_OF_FRAMES]) ?? 1,
      dimensionOrganization: firstText(instance[DIMENSION_ORGANIZATION_TYPE]) === 'TILED_FULL' ? 'TILED_FULL' : 'TILED_SPARSE',
    });
  }
  tiled.sort((a, b) => b.totalColumns - a.totalColumns);
  const base = tiled[0];
  const levels = tiled.map((level) => ({ ...level, downsample: base ? base.totalColumns / level.totalColumns : 1 }));
  const withPaths = instances.find((instance) => instance[OPTICAL_PATH_SEQUENCE] && firstText(instance[SOP_INSTANCE_UID]) === base?.sopInstanceUid) ?? instances[0];
  return {
    levels, label, overview,
    opticalPaths: withPaths ? opticalPathsOf(withPaths) : [],
    baseSpacingMm: base?.pixelSpacingMm,
  };
}

/** The tiles of `level` a base-pixel rectangle touches (clipped to the level's grid). */
export function tilesIntersecting(level: Pick<WsiLevel, 'totalColumns' | 'totalRows' | 'tileColumns' | 'tileRows' | 'downsample'>, rect: BaseRect): TileRange {
  const across = Math.ceil(level.totalColumns / level.tileColumns);
  const down = Math.ceil(level.totalRows / level.tileRows);
  const tileWidth = level.tileColumns * level.downsample;
  const tileHeight = level.tileRows * level.downsample;
  const firstColumn = Math.max(0, Math.floor(rect.x0 / tileWidth));
  const lastColumn = Math.min(across - 1, Math.ceil(rect.x1 / tileWidth) - 1);
  const firstRow = Math.max(0, Math.floor(rect.y0 / tileHeight));
  const lastRow = Math.min(down - 1, Math.ceil(rect.y1 / tileHeight) - 1);
  const count = lastColumn >= firstColumn && lastRow >= firstRow ? (lastColumn - firstColumn + 1) * (lastRow - firstRow + 1) : 0;
  return { firstColumn, lastColumn, firstRow, lastRow, count };
}

/**
 * The level a view at `resolution` (base pixels per screen pixel) draws from, as OpenLayers
 * picks it for the slide viewer's tile grid (TileGrid.getZForResolution, zDirection 0): the
 * level whose downsample is nearest, measured linearly, ties to the finer one.
 * Returns an index into `levels` (finest first).
 */
export function levelForResolution(levels: Pick<WsiLevel, 'downsample'>[], resolution: number): number {
  if (levels.length === 0) return -1;
  const coarsest = levels.length - 1;
  if (resolution >= (levels[coarsest]?.downsample ?? 1)) return coarsest;
  if (resolution <= (levels[0]?.downsample ?? 1)) return 0;
  for (let i = coarsest; i > 0; i--) {
    const coarser = levels[i]?.downsample ?? 1;
    const finer = levels[i - 1]?.downsample ?? 1;
    if (resolution <= coarser && resolution >= finer) return coarser - resolution < resolution - finer ? i : i - 1;
  }
  return 0;
}

/**
 * Conventional microscope magnification of a view: a 40× objective images about 0.25 µm per
 * camera pixel, 10× about 1 µm, so magnification ≈ 10 µm ÷ (µm shown per screen pixel).
 */
export function magnificationOf(mmPerScreenPixel: number): number | undefined {
  if (!(mmPerScreenPixel > 0)) return undefined;
  return 0.01 / mmPerScreenPixel;
}

/** "40×", "10×", "2.5×", "0.63×": whole numbers from 10× up, two significant digits below. */
export function formatMagnification(magnification: number): string {
  const shown = magnification >= 10 ? Math.round(magnification) : Number(magnification.toPrecision(2));
  return `${shown}×`;
}
