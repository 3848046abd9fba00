import { byStudyDateDescending, type StudySummary } from './summaries';

/**
 * Newest first, truly (issue 33). QIDO-RS has no standard sort, and an archive cuts a page in
 * its own order: the first `limit` studies it sends need not hold the newest. So a list that
 * must start with the newest studies asks in descending StudyDate windows (range matching,
 * PS3.4 C.2.2.2.5) and only ever takes a window whole, splitting one that holds more than the
 * page still needs. Pure planning here; the archive call is passed in.
 */

/** Inclusive StudyDate bounds as DICOM DA (YYYYMMDD); a missing bound is open. */
export interface DateWindow {
  from?: string | undefined;
  to?: string | undefined;
}

/** One study search of the walk: the studies in `window`, at most `limit` unless the archive ignores it. */
export type FetchWindow = (window: DateWindow, limit: number) => Promise<StudySummary[]>;

export interface NewestFirstAnswer {
  /** At most `wanted` studies, newest first. */
  studies: StudySummary[];
  moreExist: boolean;
  /** Some answer held more studies than asked for (the archive ignores `limit`). */
  sentMoreThanAsked: boolean;
  /** Every study any answer carried, once each: what the walk disclosed. */
  received: StudySummary[];
  /** Round trips the walk took (searches asked of fetchWindow). */
  requests: number;
}

/** Windows reach back no further than this; what is older is asked as one open-ended window. */
export const DEFAULT_DATE_FLOOR = '19000101';
/**
 * A single day cannot be split by date: it is asked up to this many studies and sorted by time
 * here, so that a page that ends inside a day still holds that day's latest studies.
 */
export const SAME_DAY_LIMIT = 1000;

/**
 * A window is asked for up to this many times the studies the page still needs. One that holds
 * more than the page needs but no more than that comes whole, and is sorted here and cut: a busy
 * patient's last year is one request, where halving it until a half fits was one round trip per
 * halving (16 for a patient of 10,000 studies). The studies received beyond the page are at most
 * this factor's worth; a window that holds more is still halved.
 */
export const WHOLE_WINDOW_FACTOR = 2;

/**
 * Once the windows have covered at least RATE_DAYS days below the newest study, the next one is
 * as long as the studies taken so far (per day) say holds this many times what the page still
 * needs: short of WHOLE_WINDOW_FACTOR, so it mostly comes whole in one round trip. Widening by
 * doubling instead overshot a steady patient's history and paid a round trip per halving back
 * (a search of 2,000 studies up to a date: 8 requests).
 */
const RATE_WINDOW_FACTOR = 1.4;
const RATE_DAYS = 180;

const DA = /^\d{8}$/;

/** Whether `value` is a real calendar date written as DICOM DA (YYYYMMDD). */
export function isDicomDate(value: string): boolean {
  return DA.test(value) && fromUtc(toUtc(value)) === value;
}

function assertDa(value: string, what: string): void {
  if (!isDicomDate(value)) throw new RangeError(`${what} must be a DICOM date YYYYMMDD, got "${value}"`);
}

function toUtc(da: string): Date {
  return new Date(Date.UTC(Number(da.slice(0, 4)), Number(da.slice(4, 6)) - 1, Number(da.slice(6, 8))));
}

function fromUtc(date: Date): string {
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(date.getUTCFullYear(), 4)}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}`;
}

/** `da` moved by whole days (negative: earlier). */
export function addDays(da: string, days: number): string {
  const date = toUtc(da);
  date.setUTCDate(date.getUTCDate() + days);
  return fromUtc(date);
}

/** `da` moved by whole years, 29 February becoming 28 February in a common year. */
export function addYears(da: string, years: number): string {
  const date = toUtc(da);
  const target = new Date(Date.UTC(date.getUTCFullYear() + years, date.getUTCMonth(), 1));
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(date.getUTCDate(), lastDay));
  return fromUtc(target);
}

function daysBetween(from: string, to: string): number {
  return Math.round((toUtc(to).getTime() - toUtc(from).getTime()) / 86_400_000);
}

/** `window` within the search's own date range, or undefined where they do not meet. */
export function clipWindow(window: DateWindow, range: DateWindow): DateWindow | undefined {
  const from = window.from !== undefined && range.from !== undefined ? (window.from > range.from ? window.from : range.from) : (window.from ?? range.from);
  const to = window.to !== undefined && range.to !== undefined ? (window.to < range.to ? window.to : range.to) : (window.to ?? range.to);
  if (from !== undefined && to !== undefined && from > to) return undefined;
  return { from, to };
}

/**
 * The windows older than `newest` (exclusive), newest first and contiguous: one year, then each
 * twice as long as the one before, so a patient whose studies stop years ago costs a few round
 * trips, not one per year; the last reaches below `floor` open-ended. Clipped to `range`.
 * `startOf` may choose a window's first day instead, from the day it ends (asked as each window
 * is taken from the generator, so it may read what the windows before it answered).
 */
export function* olderWindows(newest: string, range: DateWindow, floor: string = DEFAULT_DATE_FLOOR, startOf: (to: string) => string | undefined = () => undefined): Generator<DateWindow> {
  let to = addDays(newest, -1);
  let years = 1;
  while (range.from === undefined || to >= range.from) {
    const from = startOf(to) ?? addDays(addYears(to, -years), 1);
    const isLast = from <= floor;
    const window = clipWindow(isLast ? { to } : { from, to }, range);
    if (!window) return;
    yield window;
    if (isLast || window.from === range.from) return;
    to = addDays(from, -1);
    years *= 2;
  }
}

/**
 * The two halves of a window that holds more studies than the page needs, newer first, or
 * undefined where it cannot be split by date: a single day, an open-ended floor, or dates
 * after `today` only. A window open towards the future splits at `today`.
 */
export function splitWindow(window: DateWindow, today: string): [DateWindow, DateWindow] | undefined {
  const { from, to } = window;
  if (from === undefined) return undefined;
  if (to === undefined) return from <= today ? [{ from: addDays(today, 1) }, { from, to: today }] : undefined;
  if (from >= to) return undefined;
  const older = addDays(from, Math.floor(daysBetween(from, to) / 2));
  return [{ from: addDays(older, 1), to }, { from, to: older }];
}

function isSingleDay(window: DateWindow): boolean {
  return window.from !== undefined && window.from === window.to;
}

function newestDateOf(studies: StudySummary[]): string | undefined {
  let newest: string | undefined;
  for (const study of studies) if (study.studyDate && DA.test(study.studyDate) && (newest === undefined || study.studyDate > newest)) newest = study.studyDate;
  return newest;
}

/**
 * The `wanted` newest studies of a search and whether more exist, asked of an archive in
 * descending StudyDate windows.
 *
 * First the search itself with `wanted + 1`: an archive that holds no more than `wanted`
 * (empty, or one patient's few studies) answers in one round trip, sorted here. Otherwise the
 * walk starts at the newest date that answer showed (the window from it onwards, which splits
 * at `today` if full) and goes back in windows sized from the rate of studies seen so far
 * (widening ones until there is one). A window whose answer reaches what the
 * page still needs is split in two and the newer half asked first, so every study taken is
 * newer than every one left. An archive that ignores `limit` sent everything it matched:
 * sorted here and cut. Studies without a date match no range; those the first answer carried
 * close the list once the windows are done.
 */
export async function collectNewestFirst(options: {
  wanted: number;
  /** The search's own StudyDate range, DA, if it has one. */
  range?: DateWindow;
  fetchWindow: FetchWindow;
  /** DA; a window open towards the future splits here. */
  today: string;
  floor?: string;
}): Promise<NewestFirstAnswer> {
  const { wanted, fetchWindow, today } = options;
  const range = options.range ?? {};
  const floor = options.floor ?? DEFAULT_DATE_FLOOR;
  if (!Number.isInteger(wanted) || wanted < 1) throw new RangeError(`wanted must be a whole number of studies from 1, got ${wanted}`);
  assertDa(today, 'today');
  assertDa(floor, 'floor');
  if (range.from !== undefined) assertDa(range.from, 'range.from');
  if (range.to !== undefined) assertDa(range.to, 'range.to');

  const received = new Map<string, StudySummary>();
  let requests = 0;
  let sentMoreThanAsked = false;
  const ask = async (window: DateWindow, limit: number) => {
    requests += 1;
    const answer = await fetchWindow(window, limit);
    for (const study of answer) received.set(study.studyInstanceUid, study);
    if (answer.length > limit) sentMoreThanAsked = true;
    return answer;
  };
  const done = (studies: StudySummary[], moreExist: boolean): NewestFirstAnswer => ({ studies, moreExist, sentMoreThanAsked, received: [...received.values()], requests });

  const probe = await ask(range, wanted + 1);
  const newest = newestDateOf(probe);
  // All of it fits, or the archive ignored the limit and sent everything it matched.
  if (probe.length <= wanted || probe.length > wanted + 1 || newest === undefined) {
    return done([...probe].sort(byStudyDateDescending).slice(0, wanted), probe.length > wanted);
  }

  const taken: StudySummary[] = [];
  const split: DateWindow[] = [];
  // The first window: the newest date that answer showed, and anything newer. Not the year below
  // it too: for a busy archive that year comes back full and must be halved back.
  const top = clipWindow({ from: newest }, range);
  if (top) split.push(top);
  // Below it: a year, then twice as long, until the studies taken give a rate
  // (RATE_WINDOW_FACTOR); each window's start is chosen as the walk reaches it.
  const older = olderWindows(newest, range, floor, (to) => {
    const coveredDays = daysBetween(to, newest);
    const need = wanted - taken.length;
    if (coveredDays < RATE_DAYS || taken.length === 0 || need <= 0) return undefined;
    return addDays(to, 1 - Math.ceil((RATE_WINDOW_FACTOR * (need + 1) * coveredDays) / taken.length));
  });
  const nextWindow = (): DateWindow | undefined => split.pop() ?? older.next().value ?? undefined;

  let wasEmpty = false;
  for (let window = nextWindow(); window !== undefined; window = nextWindow()) {
    const need = wanted - taken.length;
    // Past the studies (an empty window) or the page full: one open-ended question about all the
    // rest instead of a round trip per remaining window. Every window still to ask is older than this one.
    if ((wasEmpty || need === 0) && window.to !== undefined && !isSingleDay(window)) {
      const rest = clipWindow({ to: window.to }, range) ?? window;
      const answer = await ask(rest, need + 1);
      if (answer.length <= need || answer.length > need + 1) {
        taken.push(...[...answer].sort(byStudyDateDescending).slice(0, need));
        return finish(answer.length > need);
      }
      if (need === 0) return finish(true);
      wasEmpty = false;
    }
    const limit = isSingleDay(window) ? Math.max(need + 1, SAME_DAY_LIMIT) : WHOLE_WINDOW_FACTOR * (need + 1);
    const answer = await ask(window, limit);
    if (answer.length <= need) {
      taken.push(...answer);
      // An empty future (a full first window split at today) says nothing of what is older.
      wasEmpty = answer.length === 0 && window.to !== undefined;
      continue;
    }
    // The window holds more than the page needs.
    if (need === 0) return finish(true);
    // Not all of it came (the answer is exactly the limit): halved, the newer half first.
    const halves = answer.length === limit ? splitWindow(window, today) : undefined;
    if (halves) {
      split.push(halves[1], halves[0]);
      continue;
    }
    // A whole window (fewer than asked, or an archive that ignores the limit), or one that cannot be split: sorted here.
    taken.push(...[...answer].sort(byStudyDateDescending).slice(0, need));
    return finish(true);
  }
  return finish(false);

  /** The page: what the windows gave, newest first, then the undated studies the first answer carried. */
  function finish(isCut: boolean): NewestFirstAnswer {
    const undated = probe.filter((study) => !study.studyDate);
    const all = [...taken.sort(byStudyDateDescending), ...undated];
    return done(all.slice(0, wanted), isCut || all.length > wanted);
  }
}
