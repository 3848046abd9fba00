import { bodyRegion } from '@longview/dicom-meta';
import { FALLBACK_PROTOCOL } from './builtins';
import type { CellDisplay, CellRule, GridLayout, HangingProtocol, SeriesFacts, SeriesSelector, StudyFacts, StudyRole } from './protocol';

/** What one cell of the grid shows. */
export type HungCell =
  | {
      kind: 'series';
      study: StudyRole;
      archiveId: string;
      studyInstanceUid: string;
      seriesInstanceUid: string;
      /** Set when the rule picked one image of the series (a mammographic view). */
      sopInstanceUid: string | undefined;
      /** A fusion or MIP cell; absent for a plain stack. */
      display?: Exclude<CellDisplay, 'stack'>;
      /** A fusion's overlay series (the PET). */
      fusedSeriesInstanceUid?: string;
    }
  /** The rule wants the prior, which is still being looked for. */
  | { kind: 'awaiting-prior' }
  /** Nothing matched the rule (or the layout has more cells than rules). */
  | { kind: 'empty' };

export interface Hanging {
  protocolId: string;
  protocolName: string;
  layout: GridLayout;
  cells: HungCell[];
  syncScroll: boolean;
}

/** A case-insensitive test of stored text; a pattern that does not compile matches nothing. */
function matchesPattern(pattern: string | undefined, text: string | undefined): boolean {
  if (pattern === undefined) return true;
  try {
    return new RegExp(pattern, 'i').test(text ?? '');
  } catch {
    return false;
  }
}

function studyModalities(study: StudyFacts): Set<string> {
  return new Set(study.series.map((s) => (s.modality ?? '').toUpperCase()).filter(Boolean));
}

/** Whether the protocol applies to the study at all. */
export function protocolMatches(protocol: HangingProtocol, study: StudyFacts): boolean {
  const { match } = protocol;
  const modalities = studyModalities(study);
  if (![match.modality, ...(match.alsoModalities ?? [])].every((modality) => modalities.has(modality.toUpperCase()))) return false;
  if (match.bodyParts && match.bodyParts.length > 0) {
    const wanted = new Set(match.bodyParts.map(bodyRegion));
    if (!study.bodyParts.some((part) => wanted.has(bodyRegion(part)))) return false;
  }
  return matchesPattern(match.studyDescription, study.studyDescription);
}

/**
 * More conditions met is a better fit: a "CT chest" rule beats a "CT" rule, and a rule that
 * needs a second modality (PET and CT) beats a body-part rule for one of them.
 */
function specificity(protocol: HangingProtocol): number {
  return 1 + (protocol.match.bodyParts?.length ? 2 : 0) + (protocol.match.studyDescription ? 1 : 0) + 3 * (protocol.match.alsoModalities?.length ?? 0);
}

/**
 * The protocol for a study: the user's own protocols first (the reader said so), then the most
 * specific built-in, then the order given; the fallback shows the first series alone.
 */
export function chooseProtocol(study: StudyFacts, protocols: readonly HangingProtocol[]): HangingProtocol {
  const candidates = protocols
    .map((protocol, order) => ({ protocol, order }))
    .filter(({ protocol }) => protocolMatches(protocol, study))
    .sort(
      (a, b) =>
        Number(b.protocol.isUserDefined ?? false) - Number(a.protocol.isUserDefined ?? false) ||
        specificity(b.protocol) - specificity(a.protocol) ||
        a.order - b.order,
    );
  return candidates[0]?.protocol ?? FALLBACK_PROTOCOL;
}

/** Whether any rule picks single images, so the caller must supply per-image facts. */
export function needsImageFacts(protocol: HangingProtocol): boolean {
  return protocol.cells.some((cell) => cell.series.viewPosition !== undefined || cell.series.laterality !== undefined);
}

function seriesMatches(selector: SeriesSelector, series: SeriesFacts): boolean {
  if (selector.modality && (series.modality ?? '').toUpperCase() !== selector.modality.toUpperCase()) return false;
  if (!matchesPattern(selector.description, series.seriesDescription)) return false;
  if (selector.excludeDescription !== undefined && matchesPattern(selector.excludeDescription, series.seriesDescription)) return false;
  return true;
}

function bySeriesNumber(a: SeriesFacts, b: SeriesFacts): number {
  return (a.seriesNumber ?? Number.MAX_SAFE_INTEGER) - (b.seriesNumber ?? Number.MAX_SAFE_INTEGER);
}

/**
 * A fusion or MIP cell: another view of series other cells may show too (the CT and PET stacks
 * beside it), so it takes the first match whether hung already or not. Empty when the fusion's
 * overlay is missing.
 */
function placeDisplay(rule: CellRule & { display: 'fusion' | 'mip' }, study: StudyFacts): HungCell {
  const ordered = [...study.series].sort(bySeriesNumber);
  const series = ordered.find((candidate) => seriesMatches(rule.series, candidate));
  if (!series) return { kind: 'empty' };
  const base = { kind: 'series', study: rule.study, archiveId: study.archiveId, studyInstanceUid: study.studyInstanceUid, seriesInstanceUid: series.seriesInstanceUid, sopInstanceUid: undefined } as const;
  if (rule.display === 'mip') return { ...base, display: 'mip' };
  const fused = rule.fusedWith ? ordered.find((candidate) => candidate !== series && seriesMatches(rule.fusedWith as SeriesSelector, candidate)) : undefined;
  return fused ? { ...base, display: 'fusion', fusedSeriesInstanceUid: fused.seriesInstanceUid } : { kind: 'empty' };
}

/** Picks the series (and image) for one rule, never one already hung. */
function place(rule: CellRule, study: StudyFacts, used: Set<string>): HungCell {
  if (rule.display === 'fusion' || rule.display === 'mip') return placeDisplay({ ...rule, display: rule.display }, study);
  const wantsImage = rule.series.viewPosition !== undefined || rule.series.laterality !== undefined;
  for (const series of [...study.series].sort(bySeriesNumber)) {
    if (!seriesMatches(rule.series, series)) continue;
    if (!wantsImage) {
      if (used.has(series.seriesInstanceUid)) continue;
      used.add(series.seriesInstanceUid);
      return { kind: 'series', study: rule.study, archiveId: study.archiveId, studyInstanceUid: study.studyInstanceUid, seriesInstanceUid: series.seriesInstanceUid, sopInstanceUid: undefined };
    }
    const image = (series.images ?? []).find(
      (candidate) =>
        !used.has(candidate.sopInstanceUid) &&
        (rule.series.viewPosition === undefined || candidate.viewPosition?.toUpperCase() === rule.series.viewPosition.toUpperCase()) &&
        (rule.series.laterality === undefined || candidate.laterality?.toUpperCase() === rule.series.laterality),
    );
    if (image) {
      used.add(image.sopInstanceUid);
      return { kind: 'series', study: rule.study, archiveId: study.archiveId, studyInstanceUid: study.studyInstanceUid, seriesInstanceUid: series.seriesInstanceUid, sopInstanceUid: image.sopInstanceUid };
    }
  }
  return { kind: 'empty' };
}

/**
 * Hangs a study by a protocol. `prior` is the comparison study, `undefined` while it is still
 * being looked for, or `null` when there is none (then the prior's cells are dropped and the
 * grid shrinks to what is left, so a first CT opens alone rather than beside a hole).
 */
export function hangStudy(protocol: HangingProtocol, current: StudyFacts, prior: StudyFacts | null | undefined): Hanging {
  const used = new Set<string>();
  const rules = prior === null ? protocol.cells.filter((cell) => cell.study === 'current') : protocol.cells;
  const cells = rules.map((rule): HungCell => {
    if (rule.study === 'current') return place(rule, current, used);
    return prior ? place(rule, prior, used) : { kind: 'awaiting-prior' };
  });
  const layout = prior === null && rules.length < protocol.cells.length ? layoutFor(rules.length, protocol.layout) : protocol.layout;
  // The fallback's one cell takes the first series whatever its kind.
  return {
    protocolId: protocol.id,
    protocolName: protocol.name,
    layout,
    cells: [...cells, ...Array.from({ length: Math.max(0, layout.rows * layout.columns - cells.length) }, (): HungCell => ({ kind: 'empty' }))].slice(0, layout.rows * layout.columns),
    syncScroll: protocol.syncScroll,
  };
}

/** The smallest grid of the protocol's shape that holds `count` cells (at least one). */
function layoutFor(count: number, original: GridLayout): GridLayout {
  const cells = Math.max(1, count);
  if (original.rows === 1) return { rows: 1, columns: Math.min(original.columns, cells) };
  const columns = Math.min(original.columns, cells);
  return { rows: Math.ceil(cells / columns), columns };
}

/**
 * The series of the first plain image cell (no fusion, no MIP) the protocol hangs for the study,
 * worked out from the study's attributes and series list alone: what a page can start fetching
 * before the app has loaded. Undefined when the protocol picks single images (it needs each
 * image's attributes first) or hangs no plain cell. The current study's cells do not depend on
 * the prior, so the answer is the app's whether a prior is found or not.
 */
export function firstStackSeriesOf(protocols: readonly HangingProtocol[], study: StudyFacts): string | undefined {
  const protocol = chooseProtocol(study, protocols);
  if (needsImageFacts(protocol)) return undefined;
  const first = hangStudy(protocol, study, undefined).cells.find((cell) => cell.kind === 'series' && cell.display === undefined);
  return first?.kind === 'series' ? first.seriesInstanceUid : undefined;
}
