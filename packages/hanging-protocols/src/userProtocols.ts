import { BUILT_IN_PROTOCOLS } from './builtins';
import { isValidLayout, type CellRule, type GridLayout, type HangingProtocol, type SeriesSelector, type StudyRole } from './protocol';

/** Where a browser keeps the reader's own protocols (localStorage, this origin only). */
export const USER_PROTOCOLS_KEY = 'longview.hanging-protocols.v1';

/** The part of Web Storage used here, so tests can hand in a plain object. */
export type ProtocolStorage = Pick<Storage, 'getItem' | 'setItem'>;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const isOptionalString = (value: unknown) => value === undefined || typeof value === 'string';

function compiles(pattern: unknown): boolean {
  if (pattern === undefined) return true;
  if (typeof pattern !== 'string') return false;
  try {
    new RegExp(pattern, 'i');
    return true;
  } catch {
    return false;
  }
}

function readSelector(value: unknown): SeriesSelector | undefined {
  if (!isRecord(value)) return undefined;
  const { modality, description, excludeDescription, viewPosition, laterality } = value;
  if (![modality, viewPosition].every(isOptionalString) || !compiles(description) || !compiles(excludeDescription)) return undefined;
  if (laterality !== undefined && laterality !== 'R' && laterality !== 'L') return undefined;
  return {
    ...(modality !== undefined ? { modality: modality as string } : {}),
    ...(description !== undefined ? { description: description as string } : {}),
    ...(excludeDescription !== undefined ? { excludeDescription: excludeDescription as string } : {}),
    ...(viewPosition !== undefined ? { viewPosition: viewPosition as string } : {}),
    ...(laterality !== undefined ? { laterality } : {}),
  };
}

function readCell(value: unknown): CellRule | undefined {
  if (!isRecord(value) || (value.study !== 'current' && value.study !== 'prior')) return undefined;
  const series = readSelector(value.series);
  return series ? { study: value.study, series } : undefined;
}

/**
 * One stored protocol, checked field by field: storage is outside our control (another
 * version of the viewer, a hand edit), and a malformed entry must be skipped, never hung.
 */
export function readUserProtocol(value: unknown): HangingProtocol | undefined {
  if (!isRecord(value) || typeof value.id !== 'string' || typeof value.name !== 'string') return undefined;
  const { match, layout, cells, priors, syncScroll } = value;
  if (!isRecord(match) || typeof match.modality !== 'string' || match.modality === '' || !compiles(match.studyDescription)) return undefined;
  if (match.bodyParts !== undefined && !(Array.isArray(match.bodyParts) && match.bodyParts.every((p) => typeof p === 'string'))) return undefined;
  if (!isRecord(layout) || typeof layout.rows !== 'number' || typeof layout.columns !== 'number') return undefined;
  const grid: GridLayout = { rows: layout.rows, columns: layout.columns };
  if (!isValidLayout(grid)) return undefined;
  if (priors !== 0 && priors !== 1) return undefined;
  if (typeof syncScroll !== 'boolean' || !Array.isArray(cells)) return undefined;
  const rules = cells.map(readCell);
  if (rules.some((rule) => rule === undefined) || rules.length > grid.rows * grid.columns) return undefined;
  return {
    id: value.id,
    name: value.name,
    match: {
      modality: match.modality,
      ...(match.bodyParts !== undefined ? { bodyParts: match.bodyParts as string[] } : {}),
      ...(match.studyDescription !== undefined ? { studyDescription: match.studyDescription as string } : {}),
    },
    priors,
    layout: grid,
    cells: rules as CellRule[],
    syncScroll,
    isUserDefined: true,
  };
}

/** The reader's saved protocols; anything unreadable is left out. */
export function loadUserProtocols(storage: ProtocolStorage): HangingProtocol[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage.getItem(USER_PROTOCOLS_KEY) ?? '[]');
  } catch {
    return [];
  }
  if (!Array.isArray(parsed)) return [];
  return parsed.map(readUserProtocol).filter((p): p is HangingProtocol => p !== undefined);
}

/**
 * Every protocol this reader's page chooses from: the built-in ones, then the reader's own from
 * `storage` (none where storage is switched off, as privacy settings can). The app and the
 * page's boot script both hang a study by this list, so both pick the same first series.
 */
export function readerProtocols(storage: () => ProtocolStorage): HangingProtocol[] {
  let mine: HangingProtocol[] = [];
  try {
    mine = loadUserProtocols(storage());
  } catch {
    // Reading localStorage throws where it is switched off: the built-in protocols still apply.
  }
  return [...BUILT_IN_PROTOCOLS, ...mine];
}

/** Saves a protocol, replacing an earlier one with the same id. */
export function saveUserProtocol(storage: ProtocolStorage, protocol: HangingProtocol): void {
  const others = loadUserProtocols(storage).filter((p) => p.id !== protocol.id);
  storage.setItem(USER_PROTOCOLS_KEY, JSON.stringify([...others, { ...protocol, isUserDefined: true }]));
}

/** One cell of the grid the reader arranged, described by what can be matched again later. */
export interface ArrangedCell {
  study: StudyRole;
  modality: string | undefined;
  seriesDescription: string | undefined;
  viewPosition?: string | undefined;
  laterality?: string | undefined;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A protocol that hangs studies of this modality and body part the way the reader has arranged
 * this one: each cell asks for a series with the same description (exactly), modality and,
 * for a single image, the same view and side. An empty cell stays empty.
 */
export function protocolFromArrangement(input: {
  modality: string;
  bodyPart: string | undefined;
  layout: GridLayout;
  cells: ReadonlyArray<ArrangedCell | undefined>;
  syncScroll: boolean;
}): HangingProtocol {
  const cells = input.cells.map((cell): CellRule => {
    if (!cell) return { study: 'current', series: { description: '^(?!)' } }; // matches nothing: an empty cell
    const laterality = cell.laterality === 'R' || cell.laterality === 'L' ? cell.laterality : undefined;
    return {
      study: cell.study,
      series: {
        ...(cell.modality ? { modality: cell.modality } : {}),
        ...(cell.seriesDescription ? { description: `^${escapeRegExp(cell.seriesDescription.trim())}$` } : {}),
        ...(cell.viewPosition ? { viewPosition: cell.viewPosition } : {}),
        ...(laterality ? { laterality } : {}),
      },
    };
  });
  const region = input.bodyPart?.toUpperCase();
  return {
    id: `user-${input.modality.toLowerCase()}-${(region ?? 'any').toLowerCase()}`,
    name: `My ${input.modality}${region ? ` ${region}` : ''} layout`,
    match: { modality: input.modality, ...(region ? { bodyParts: [region] } : {}) },
    priors: cells.some((cell) => cell.study === 'prior') ? 1 : 0,
    layout: input.layout,
    cells,
    syncScroll: input.syncScroll,
    isUserDefined: true,
  };
}
