/**
 * Time bins for a timeline zoomed out too far for one mark per study (issue 33: a chronic ICU
 * patient has thousands of portable chest films): the studies of one lane grouped by calendar
 * month or year, each bin drawn once with its count and opened by zooming in on it.
 */

export type BinUnit = 'month' | 'year';

export interface TimeBin<T> {
  unit: BinUnit;
  /** "2024" or "2024-03": unique within a lane and unit. */
  id: string;
  /** First day of the bin (days since 1970-01-01, UTC). */
  startDay: number;
  /** First day after the bin. */
  endDay: number;
  /** What a reader sees: "2024", "Mar 2024". */
  label: string;
  items: T[];
}

const MS_PER_DAY = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function dayOf(year: number, month: number): number {
  return Math.round(Date.UTC(year, month, 1) / MS_PER_DAY);
}

/** The bin of `unit` that holds `day`: its id, bounds and label. */
export function binOfDay(day: number, unit: BinUnit): Omit<TimeBin<never>, 'items'> {
  if (!Number.isFinite(day)) throw new RangeError(`a bin needs a day as a finite number, got ${day}`);
  const date = new Date(Math.floor(day) * MS_PER_DAY);
  const year = date.getUTCFullYear();
  if (unit === 'year') return { unit, id: String(year), startDay: dayOf(year, 0), endDay: dayOf(year + 1, 0), label: String(year) };
  const month = date.getUTCMonth();
  return { unit, id: `${year}-${String(month + 1).padStart(2, '0')}`, startDay: dayOf(year, month), endDay: dayOf(year, month + 1), label: `${MONTHS[month]} ${year}` };
}

/** `items` grouped into bins of `unit` by `dayOf`, oldest bin first, each bin's items in the order given. */
export function binByTime<T>(items: readonly T[], dayOfItem: (item: T) => number, unit: BinUnit): TimeBin<T>[] {
  const bins = new Map<string, TimeBin<T>>();
  for (const item of items) {
    const bounds = binOfDay(dayOfItem(item), unit);
    const bin = bins.get(bounds.id) ?? { ...bounds, items: [] };
    bin.items.push(item);
    bins.set(bounds.id, bin);
  }
  return [...bins.values()].sort((a, b) => a.startDay - b.startDay);
}

/**
 * The finest unit whose bins are at least `minWidthPx` wide at `pxPerDay` (February, the
 * shortest month, decides for months); years otherwise, however narrow (they stack in rows).
 */
export function binUnitFor(pxPerDay: number, minWidthPx: number): BinUnit {
  if (!(pxPerDay > 0) || !(minWidthPx > 0)) throw new RangeError(`binUnitFor needs positive pixels per day and width, got ${pxPerDay} and ${minWidthPx}`);
  return pxPerDay * 28 >= minWidthPx ? 'month' : 'year';
}

/**
 * Whether a mark from x to x + width (track pixels) is drawn when the track is scrolled to
 * `scrollLeft` and `viewportWidth` wide: on screen, or within `overscanPx` of it, so a short
 * scroll never shows a gap before the next frame draws.
 */
export function isInView(x: number, width: number, view: { scrollLeft: number; viewportWidth: number; overscanPx: number }): boolean {
  return x + width >= view.scrollLeft - view.overscanPx && x <= view.scrollLeft + view.viewportWidth + view.overscanPx;
}
