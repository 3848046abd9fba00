/**
 * Hanging protocols: declarative rules that say, for a kind of study, how many viewports to
 * show and which series (of the current study or of its prior) goes into which. Plain data,
 * so that a user's own protocol can be stored and read back like the built-in ones.
 */

/** Rows × columns of the viewport grid. */
export interface GridLayout {
  rows: number;
  columns: number;
}

/** Which series (and, for projection images, which image) a cell wants. */
export interface SeriesSelector {
  modality?: string;
  /** Case-insensitive regular expression (source text) the SeriesDescription must match. */
  description?: string;
  /** Case-insensitive regular expression the SeriesDescription must NOT match ("T2" but not "T2 FLAIR"). */
  excludeDescription?: string;
  /** ViewPosition (0018,5101) of the image, e.g. CC or MLO: selects one image of the series. */
  viewPosition?: string;
  /** ImageLaterality (0020,0062) of the image: R or L. */
  laterality?: 'R' | 'L';
}

export type StudyRole = 'current' | 'prior';

/**
 * How a cell shows its series: as a stack (the default), as a PET/CT fusion (the series, a CT,
 * under the PET `fusedWith` picks from the same study), or as a PET maximum intensity projection.
 */
export type CellDisplay = 'stack' | 'fusion' | 'mip';

export interface CellRule {
  study: StudyRole;
  series: SeriesSelector;
  display?: CellDisplay;
  /** For a fusion: the series laid over this one (the PET over the CT). */
  fusedWith?: SeriesSelector;
}

export interface HangingProtocol {
  id: string;
  name: string;
  match: {
    /** The study must contain a series of this modality. */
    modality: string;
    /** Any of these regions (BodyPartExamined, synonyms folded); absent: any body part. */
    bodyParts?: readonly string[];
    /** Case-insensitive regular expression the StudyDescription must match. */
    studyDescription?: string;
    /** Modalities the study must hold as well (a PET/CT needs its CT). */
    alsoModalities?: readonly string[];
  };
  /** How many prior studies the protocol wants looked up (0 or 1). */
  priors: number;
  layout: GridLayout;
  /** Row-major; fewer cells than rows × columns leaves the rest empty. */
  cells: readonly CellRule[];
  /** Scroll the cells together by patient position from the start. */
  syncScroll: boolean;
  /** Saved by the user (wins over a built-in protocol that matches as well). */
  isUserDefined?: boolean;
}

/** What a protocol is matched against: one study, as the archive describes it. */
export interface StudyFacts {
  archiveId: string;
  studyInstanceUid: string;
  studyDate: string | undefined;
  studyDescription: string | undefined;
  bodyParts: readonly string[];
  series: readonly SeriesFacts[];
}

export interface SeriesFacts {
  seriesInstanceUid: string;
  seriesNumber: number | undefined;
  seriesDescription: string | undefined;
  modality: string | undefined;
  /** Per-image attributes, only when a selector needs them (ViewPosition, laterality). */
  images?: readonly ImageFacts[];
}

export interface ImageFacts {
  sopInstanceUid: string;
  instanceNumber: number | undefined;
  viewPosition: string | undefined;
  laterality: string | undefined;
}

/** The biggest grid the viewer offers; custom layouts are clamped to it. */
export const MAX_GRID = { rows: 4, columns: 4 } as const;

export function isValidLayout(layout: GridLayout): boolean {
  return (
    Number.isInteger(layout.rows) &&
    Number.isInteger(layout.columns) &&
    layout.rows >= 1 &&
    layout.columns >= 1 &&
    layout.rows <= MAX_GRID.rows &&
    layout.columns <= MAX_GRID.columns
  );
}

/**
 * A study's facts from its QIDO-RS study answer (undefined when the archive did not find it) and
 * its series list: what every protocol but an image-picking one needs.
 */
export function studyFactsOf(
  archiveId: string,
  studyInstanceUid: string,
  study: { studyDate?: string | undefined; studyDescription?: string | undefined; bodyParts?: readonly string[] } | undefined,
  series: ReadonlyArray<Omit<SeriesFacts, 'images'>>,
): StudyFacts {
  return {
    archiveId,
    studyInstanceUid,
    studyDate: study?.studyDate,
    studyDescription: study?.studyDescription,
    bodyParts: study?.bodyParts ?? [],
    series: series.map((s) => ({ seriesInstanceUid: s.seriesInstanceUid, seriesNumber: s.seriesNumber, seriesDescription: s.seriesDescription, modality: s.modality })),
  };
}
