/**
 * The view a tumor board shares: what a session link carries and what a live session relays.
 * UIDs, archive ids, numbers and the reader's own annotation text only: never a patient's
 * name, ID or birth date (the viewer fetches those from the archive, with the opener's access).
 */

export type MeasurementKind = 'length' | 'angle' | 'ellipse' | 'rectangle' | 'probe' | 'arrow';
export type MprPlane = 'axial' | 'sagittal' | 'coronal';
export type SlabBlend = 'mip' | 'minip' | 'average';

/** A point in patient space (LPS, millimetres). */
export type WorldPoint = readonly [number, number, number];

/** One measurement or annotation, drawn on one image of its cell's stack. */
export interface SharedAnnotation {
  kind: MeasurementKind;
  /** Index of the image in the cell's stack (0-based). */
  image: number;
  /**
   * The tool's handles in patient space, in the tool's own order: length and arrow 2, angle 3,
   * probe 1, ellipse 4, rectangle 4 (or 2 opposite corners).
   */
  points: readonly WorldPoint[];
  /** An arrow's text (at most 64 printable characters; arrows only). */
  label?: string;
}

/** The MPR mode of a cell. */
export interface SharedMpr {
  /** The crosshair centre in patient space. */
  center: WorldPoint;
  /** Slab thickness in mm; 0 = thin. */
  slabMm: number;
  blend: SlabBlend;
}

/**
 * The view of a whole-slide image: the base-level pixel (column, row) at the centre of the
 * viewport and the resolution in base pixels per screen pixel. A screen of another size shows
 * the same point at the same magnification, more or less around it.
 */
export interface SharedSlideView {
  center: readonly [number, number];
  resolution: number;
}

/** The PET colour maps of a fusion (issue 27). */
export type FusionColormapName = 'hot-iron' | 'rainbow' | 'inverted-gray';

/** A PET/CT fusion cell: its series is the CT, this the PET laid over it, and how. */
export interface SharedFusion {
  petSeriesUid: string;
  /** 0–1. */
  opacity: number;
  colormap: FusionColormapName;
}

/** What one grid cell shows and how. */
export interface SharedCell {
  study: 'current' | 'prior';
  seriesUid: string;
  /** Only this instance of the series (a hanging protocol's single view). */
  sopInstanceUid?: string;
  /** Index of the image (slice, frame) on screen, 0-based. */
  image: number;
  window?: { center: number; width: number };
  invert?: boolean;
  /** Magnification relative to the image fitted to the cell (1 = fit). */
  zoom?: number;
  /** Cornerstone's normalised view-presentation pan (independent of the cell's pixel size). */
  pan?: readonly [number, number];
  /** Degrees clockwise, 0 ≤ rotation < 360. */
  rotation?: number;
  flipHorizontal?: boolean;
  flipVertical?: boolean;
  cine?: { isPlaying: boolean; framesPerSecond: number };
  mpr?: SharedMpr;
  /** A whole-slide image's view: where it is centred and how far it is zoomed. */
  slide?: SharedSlideView;
  /** The cell is a PET/CT fusion of its series (the CT) and this PET. */
  fusion?: SharedFusion;
  /** The cell is a maximum intensity projection of its series (a PET). */
  mip?: boolean;
  annotations?: readonly SharedAnnotation[];
}

/**
 * How one of the study's segmentations (a DICOM SEG) or structure sets (an RTSTRUCT) is shown
 * (issue 27): page-wide, over every viewport of the images it was drawn on.
 */
export interface SharedSegmentation {
  sopInstanceUid: string;
  /** The labelmap's fill, 0–1 (a structure set's outlines ignore it). */
  opacity: number;
  /** The segment (or ROI) numbers hidden. */
  hidden: readonly number[];
}

/** One case: a study (and maybe its prior) as the reader arranged it. */
export interface SharedCase {
  archiveId: string;
  studyUid: string;
  prior?: { archiveId: string; studyUid: string };
  /** 1 to 4 each, as the viewer's grid (isValidLayout in @longview/hanging-protocols). */
  layout: { rows: number; columns: number };
  /** Row-major, rows × columns entries; null = empty cell. */
  cells: ReadonlyArray<SharedCell | null>;
  /** The cell keyboard commands act on. */
  activeCell?: number;
  maximisedCell?: number;
  sync?: { scroll: boolean; window: boolean; zoom: boolean; referenceLines: boolean };
  /** The segmentations and structure sets whose look the reader changed. */
  segmentations?: readonly SharedSegmentation[];
  /** The segment (or ROI, or the AI finding's segment) last chosen in the list. */
  selectedSegment?: { sopInstanceUid: string; segmentNumber: number };
}

/** A tumor board's agenda: ordered cases, each with its prepared view, and the one on screen. */
export interface SharedSession {
  cases: readonly SharedCase[];
  activeCase: number;
}
