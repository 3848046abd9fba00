/**
 * The time axis: a linear scale from days to pixels, and the ticks to label it with. The unit
 * of the ticks follows the zoom, from decades down to single days.
 */
export interface TimeScale {
  /** Day (since 1970-01-01) at x = 0. */
  startDay: number;
  pxPerDay: number;
}

export interface AxisTick {
  day: number;
  x: number;
  label: string;
  /** Year boundaries are drawn stronger than months, months than days. */
  isMajor: boolean;
}

const MS_PER_DAY = 86_400_000;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
/** Labels closer than this collide. */
const MIN_LABEL_SPACING_PX = 56;

/** A scale showing every day from firstDay to lastDay in widthPx, with some air at both ends. */
export function fitScale(firstDay: number, lastDay: number, widthPx: number): TimeScale {
  const span = Math.max(lastDay - firstDay, 30);
  const margin = span * 0.04 + 15;
  return { startDay: firstDay - margin, pxPerDay: widthPx / (span + 2 * margin) };
}

export function zoomLevelName(pxPerDay: number): 'decades' | 'years' | 'months' | 'days' {
  if (pxPerDay * 365 < MIN_LABEL_SPACING_PX) return 'decades';
  if (pxPerDay * 30 < MIN_LABEL_SPACING_PX) return 'years';
  if (pxPerDay < MIN_LABEL_SPACING_PX) return 'months';
  return 'days';
}

function dayOf(year: number, month: number, date = 1): number {
  return Math.round(Date.UTC(year, month, date) / MS_PER_DAY);
}

function dateOf(day: number): Date {
  return new Date(day * MS_PER_DAY);
}

/** Ticks for the visible days [scale.startDay, scale.startDay + widthPx / pxPerDay]. */
export function axisTicks(scale: TimeScale, widthPx: number): AxisTick[] {
  const first = dateOf(Math.floor(scale.startDay));
  const lastDay = scale.startDay + widthPx / scale.pxPerDay;
  const level = zoomLevelName(scale.pxPerDay);
  const ticks: AxisTick[] = [];
  const push = (day: number, label: string, isMajor: boolean) => {
    if (day >= scale.startDay && day <= lastDay) ticks.push({ day, x: (day - scale.startDay) * scale.pxPerDay, label, isMajor });
  };
  if (level === 'decades' || level === 'years') {
    const yearsPerLabel = MIN_LABEL_SPACING_PX / (scale.pxPerDay * 365);
    const step = level === 'decades' ? ([2, 5, 10, 20, 50, 100].find((s) => s >= yearsPerLabel) ?? 100) : 1;
    const startYear = Math.ceil(first.getUTCFullYear() / step) * step;
    for (let year = startYear; dayOf(year, 0) <= lastDay; year += step) push(dayOf(year, 0), String(year), true);
  } else if (level === 'months') {
    for (let year = first.getUTCFullYear(), month = first.getUTCMonth(); dayOf(year, month) <= lastDay; month += 1) {
      if (month === 12) {
        month = 0;
        year += 1;
      }
      push(dayOf(year, month), month === 0 ? String(year) : MONTHS[month] ?? '', month === 0);
    }
  } else {
    for (let day = Math.ceil(scale.startDay); day <= lastDay; day += 1) {
      const date = dateOf(day);
      const isMonthStart = date.getUTCDate() === 1;
      push(day, isMonthStart ? `${MONTHS[date.getUTCMonth()]} ${date.getUTCFullYear()}` : String(date.getUTCDate()), isMonthStart);
    }
  }
  return ticks;
}
