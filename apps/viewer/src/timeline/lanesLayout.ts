import {
  binByTime,
  binUnitFor,
  dicomDateToDay,
  isInView,
  packIntoRows,
  type BinUnit,
  type Specialty,
  type TimeBin,
  type TimelineStudy,
} from '@longview/timeline';

// Where each study of the lanes goes: as a card, a dot or counted in a bin, in which row.

const CARD = { width: 76, height: 74 };
const DOT = { width: 14, height: 18 };
/** Beyond this many stacked rows in a lane, cards give way to dots until the reader zooms in. */
const MAX_CARD_ROWS = 3;
/** Beyond this many rows of dots, a lane's studies are counted in month or year bins (issue 33)... */
const MAX_DOT_ROWS = 6;
/** ...once the record holds this many dated studies: a 17-study record at a laptop's width binned and showed no study at all. */
const BIN_FROM_STUDIES = 200;
/** A bin is at least this wide: months where February is this wide, else years. */
const BIN = { minWidth: 44, height: 34 };
/**
 * From this many marks on, only those on screen (and half a screen either side) are drawn; below
 * it every mark is: a few hundred buttons cost nothing measurable (the 160-study patient of
 * bench/timeline.mjs), and every study stays in the page for find-in-page and assistive tools.
 */
const DRAW_ONLY_IN_VIEW_FROM = 500;

interface PlacedEntry {
  kind: 'entry';
  entry: TimelineStudy;
  x: number;
  row: number;
}

interface PlacedBin {
  kind: 'bin';
  bin: TimeBin<TimelineStudy>;
  x: number;
  width: number;
  row: number;
}

export type PlacedMark = PlacedEntry | PlacedBin;

export interface LanesLayout {
  mode: 'cards' | 'dots' | 'bins';
  binUnit: BinUnit | undefined;
  placed: Map<Specialty, PlacedMark[]>;
  size: { height: number };
  /** The bin each study is counted in (bins mode): its element gets the focus for the study's. */
  binOfKey: Map<string, string>;
}

export const binDomId = (specialty: Specialty, bin: { unit: BinUnit; id: string }) => `${specialty}:${bin.unit}:${bin.id}`;

/**
 * Cards where they fit in MAX_CARD_ROWS rows in every lane, else dots where they fit in
 * MAX_DOT_ROWS, else month or year bins with their counts: each mark's lane, x and row.
 */
export function placeEntries(lanes: readonly Specialty[], dated: readonly TimelineStudy[], xOf: (day: number) => number, pxPerDay: number): LanesLayout {
  const byLane = new Map<Specialty, TimelineStudy[]>(lanes.map((specialty) => [specialty, dated.filter((e) => e.specialty === specialty)]));
  const place = (size: { width: number }) =>
    new Map<Specialty, PlacedMark[]>(
      lanes.map((specialty) => {
        const inLane = byLane.get(specialty) ?? [];
        const xs = inLane.map((e) => xOf(dicomDateToDay(e.studyDate) as number) - size.width / 2);
        const rows = packIntoRows(xs.map((x) => ({ x, width: size.width })));
        return [specialty, inLane.map((entry, i) => ({ kind: 'entry' as const, entry, x: xs[i] as number, row: rows[i] as number }))];
      }),
    );
  const crowdedBeyond = (placed: Map<Specialty, PlacedMark[]>, maxRows: number) => [...placed.values()].some((marks) => marks.some((p) => p.row >= maxRows));
  const none = new Map<string, string>();
  const asCards = place(CARD);
  if (!crowdedBeyond(asCards, MAX_CARD_ROWS)) return { mode: 'cards', binUnit: undefined, placed: asCards, size: CARD, binOfKey: none };
  const asDots = place(DOT);
  // A record of a few dozen studies is never counted in bins: each study stays a mark of its own.
  if (dated.length < BIN_FROM_STUDIES || !crowdedBeyond(asDots, MAX_DOT_ROWS)) return { mode: 'dots', binUnit: undefined, placed: asDots, size: DOT, binOfKey: none };
  const unit = binUnitFor(pxPerDay, BIN.minWidth);
  const binOfKey = new Map<string, string>();
  const placed = new Map<Specialty, PlacedMark[]>(
    lanes.map((specialty) => {
      const bins = binByTime(byLane.get(specialty) ?? [], (e) => dicomDateToDay(e.studyDate) as number, unit);
      const boxes = bins.map((bin) => ({ x: xOf(bin.startDay) + 1, width: Math.max(xOf(bin.endDay) - xOf(bin.startDay) - 2, 30) }));
      const rows = packIntoRows(boxes, 2);
      for (const bin of bins) for (const entry of bin.items) binOfKey.set(entry.key, binDomId(specialty, bin));
      return [specialty, bins.map((bin, i) => ({ kind: 'bin' as const, bin, x: boxes[i]?.x ?? 0, width: boxes[i]?.width ?? 30, row: rows[i] ?? 0 }))];
    }),
  );
  return { mode: 'bins', binUnit: unit, placed, size: BIN, binOfKey };
}

/** The bin (bins mode) that counts the study `key`, if any. */
export function binOf(layout: LanesLayout, key: string): TimeBin<TimelineStudy> | undefined {
  const id = layout.binOfKey.get(key);
  if (!id) return undefined;
  for (const marks of layout.placed.values()) for (const mark of marks) if (mark.kind === 'bin' && binDomId(mark.bin.items[0]?.specialty ?? 'other', mark.bin) === id) return mark.bin;
  return undefined;
}

/**
 * Which marks are drawn: every one below DRAW_ONLY_IN_VIEW_FROM marks; beyond, the focused
 * study's (or its bin) and those on screen or within half a screen of it.
 */
export function drawnMarks(layout: LanesLayout, focusedKey: string | undefined, view: { scrollLeft: number; viewportWidth: number }): (mark: PlacedMark) => boolean {
  const markCount = [...layout.placed.values()].reduce((n, marks) => n + marks.length, 0);
  return (mark) =>
    markCount < DRAW_ONLY_IN_VIEW_FROM ||
    (mark.kind === 'entry' && mark.entry.key === focusedKey) ||
    (mark.kind === 'bin' && focusedKey !== undefined && layout.binOfKey.get(focusedKey) === binDomId(mark.bin.items[0]?.specialty ?? 'other', mark.bin)) ||
    isInView(mark.x, mark.kind === 'bin' ? mark.width : layout.mode === 'cards' ? CARD.width : DOT.width, { scrollLeft: view.scrollLeft, viewportWidth: view.viewportWidth, overscanPx: view.viewportWidth / 2 });
}
