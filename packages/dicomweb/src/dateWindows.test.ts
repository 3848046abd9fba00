import { describe, expect, it } from 'vitest';
import { addDays, addYears, clipWindow, collectNewestFirst, isDicomDate, olderWindows, splitWindow, WHOLE_WINDOW_FACTOR, type DateWindow } from './dateWindows';
import { byStudyDateDescending, type StudySummary } from './summaries';

const TODAY = '20261206';

function study(uid: string, studyDate: string | undefined, studyTime = '120000'): StudySummary {
  return {
    archiveId: 'radiology',
    studyInstanceUid: uid,
    patientName: 'SCALE^PATIENT',
    patientId: 'SCALE-1',
    issuerOfPatientId: undefined,
    patientBirthDate: undefined,
    patientSex: undefined,
    studyDate,
    studyTime,
    studyDescription: undefined,
    accessionNumber: undefined,
    modalities: ['CR'],
    bodyParts: [],
    sopClassUids: [],
    seriesCount: 1,
    instanceCount: 1,
    otherPatientIds: undefined,
  };
}

/** A deterministic pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` studies between `fromYear` and 2026, shuffled: the order an archive keeps them in. */
function archiveOf(count: number, seed: number, fromYear = 2000): StudySummary[] {
  const next = random(seed);
  const span = (2026 - fromYear) * 365;
  const studies = Array.from({ length: count }, (_, i) => {
    const date = addDays(`${fromYear}0101`, Math.floor(next() * span));
    const time = String(Math.floor(next() * 240000)).padStart(6, '0');
    return study(`2.25.${seed}.${i}`, date, time);
  });
  return studies.sort(() => next() - 0.5);
}

/**
 * A QIDO-RS archive over `studies` in its own order: range matching on StudyDate (an undated
 * study matches no range) and a cut page of at most `limit`, unless it ignores the limit.
 */
function fakeArchive(studies: StudySummary[], options: { ignoresLimit?: boolean } = {}) {
  const asked: Array<{ window: DateWindow; limit: number }> = [];
  const fetchWindow = async (window: DateWindow, limit: number) => {
    asked.push({ window, limit });
    const isRange = window.from !== undefined || window.to !== undefined;
    const matching = studies.filter((s) => !isRange || (s.studyDate !== undefined && (window.from === undefined || s.studyDate >= window.from) && (window.to === undefined || s.studyDate <= window.to)));
    return options.ignoresLimit ? matching : matching.slice(0, limit);
  };
  return { asked, fetchWindow };
}

const uids = (studies: StudySummary[]) => studies.map((s) => s.studyInstanceUid);
const newest = (studies: StudySummary[], n: number) => uids([...studies].sort(byStudyDateDescending).slice(0, n));

describe('date arithmetic on DICOM dates', () => {
  it('moves by days across months, years and leap days', () => {
    expect(addDays('20240228', 1)).toBe('20240229');
    expect(addDays('20240301', -1)).toBe('20240229');
    expect(addDays('20251231', 1)).toBe('20260101');
  });
  it('moves by years, 29 February becoming 28 February', () => {
    expect(addYears('20240229', -1)).toBe('20230228');
    expect(addYears('20261206', -2)).toBe('20241206');
  });
});

describe('clipWindow', () => {
  it('keeps a window inside the search range, open ends taking the range bounds', () => {
    expect(clipWindow({ from: '20200101' }, { to: '20221231' })).toEqual({ from: '20200101', to: '20221231' });
    expect(clipWindow({ from: '20200101', to: '20201231' }, { from: '20200601' })).toEqual({ from: '20200601', to: '20201231' });
    expect(clipWindow({ to: '20191231' }, {})).toEqual({ from: undefined, to: '20191231' });
  });
  it('answers undefined where they do not meet', () => {
    expect(clipWindow({ from: '20200101', to: '20201231' }, { from: '20210101' })).toBeUndefined();
  });
});

describe('olderWindows', () => {
  it('goes back a year, then in windows twice as long, until an open-ended window below the floor', () => {
    const windows = [...olderWindows('20261206', {})];
    expect(windows.slice(0, 3)).toEqual([
      { from: '20251206', to: '20261205' },
      { from: '20231206', to: '20251205' },
      { from: '20191206', to: '20231205' },
    ]);
    // Contiguous and descending, each older than the last.
    for (let i = 1; i < windows.length; i += 1) expect(windows[i]?.to).toBe(addDays(windows[i - 1]?.from ?? '', -1));
    expect(windows.at(-1)).toEqual({ from: undefined, to: expect.any(String) });
    // Few round trips to reach a century back.
    expect(windows.length).toBeLessThanOrEqual(8);
  });
  it('stops at the search range', () => {
    expect([...olderWindows('20261206', { from: '20240601' })]).toEqual([
      { from: '20251206', to: '20261205' },
      { from: '20240601', to: '20251205' },
    ]);
    expect([...olderWindows('20240601', { from: '20240601' })]).toEqual([]);
  });
});

describe('splitWindow', () => {
  it('halves a closed window, newer half first, without overlap or gap', () => {
    expect(splitWindow({ from: '20200101', to: '20200110' }, TODAY)).toEqual([
      { from: '20200106', to: '20200110' },
      { from: '20200101', to: '20200105' },
    ]);
    expect(splitWindow({ from: '20200101', to: '20200102' }, TODAY)).toEqual([
      { from: '20200102', to: '20200102' },
      { from: '20200101', to: '20200101' },
    ]);
  });
  it('splits a window open towards the future at today', () => {
    expect(splitWindow({ from: '20200101' }, TODAY)).toEqual([{ from: '20261207' }, { from: '20200101', to: TODAY }]);
  });
  it('cannot split one day, the open-ended floor, or the future alone', () => {
    expect(splitWindow({ from: '20200101', to: '20200101' }, TODAY)).toBeUndefined();
    expect(splitWindow({ to: '19000101' }, TODAY)).toBeUndefined();
    expect(splitWindow({ from: '20300101' }, TODAY)).toBeUndefined();
  });
});

describe('collectNewestFirst', () => {
  it('an empty archive costs one round trip', async () => {
    const archive = fakeArchive([]);
    const answer = await collectNewestFirst({ wanted: 30, today: TODAY, fetchWindow: archive.fetchWindow });
    expect(answer).toMatchObject({ studies: [], moreExist: false, sentMoreThanAsked: false, requests: 1 });
  });

  it('a search that fits costs one round trip and comes back sorted newest first', async () => {
    const studies = archiveOf(30, 1);
    const archive = fakeArchive(studies);
    const answer = await collectNewestFirst({ wanted: 30, today: TODAY, fetchWindow: archive.fetchWindow });
    expect(uids(answer.studies)).toEqual(newest(studies, 30));
    expect(answer.moreExist).toBe(false);
    expect(archive.asked).toEqual([{ window: {}, limit: 31 }]);
  });

  it('more than a page: the newest, exactly, although the archive cuts pages in its own order', async () => {
    const studies = archiveOf(250, 2);
    // The archive's own first page does not hold the newest study: the flaw this fixes.
    expect(uids(studies.slice(0, 31))).not.toContain(newest(studies, 1)[0]);
    const archive = fakeArchive(studies);
    const answer = await collectNewestFirst({ wanted: 30, today: TODAY, fetchWindow: archive.fetchWindow });
    expect(uids(answer.studies)).toEqual(newest(studies, 30));
    expect(answer.moreExist).toBe(true);
    expect(answer.requests).toBe(archive.asked.length);
    expect(answer.requests).toBeLessThanOrEqual(20);
    // Every study received is named for the audit, once.
    expect(new Set(uids(answer.received)).size).toBe(answer.received.length);
  });

  it('page after page ("load more") reaches every study, in order, and then says no more exist', async () => {
    const studies = archiveOf(250, 3);
    for (let pages = 1; pages <= 9; pages += 1) {
      const archive = fakeArchive(studies);
      const answer = await collectNewestFirst({ wanted: 30 * pages, today: TODAY, fetchWindow: archive.fetchWindow });
      expect(uids(answer.studies)).toEqual(newest(studies, 30 * pages));
      expect(answer.moreExist).toBe(30 * pages < 250);
      expect(answer.requests, `page ${pages}`).toBeLessThanOrEqual(30);
    }
  });

  it('ten thousand studies, two hundred wanted: the newest, in few round trips, asking at most twice the page', async () => {
    const studies = archiveOf(10_000, 4, 1990);
    const archive = fakeArchive(studies);
    const answer = await collectNewestFirst({ wanted: 200, today: TODAY, fetchWindow: archive.fetchWindow });
    expect(uids(answer.studies)).toEqual(newest(studies, 200));
    expect(answer.moreExist).toBe(true);
    // The busy last year comes whole (it holds fewer than twice the page) instead of being halved
    // round trip after round trip: 3 requests here, where halving took 14.
    expect(answer.requests).toBeLessThanOrEqual(4);
    // Never more than twice what the page still needed is asked for.
    expect(Math.max(...archive.asked.map((a) => a.limit))).toBeLessThanOrEqual(WHOLE_WINDOW_FACTOR * 201);
  });

  it('a page that ends inside one busy day takes that day\'s latest studies by time', async () => {
    const day = Array.from({ length: 12 }, (_, i) => study(`2.25.day.${i}`, '20260101', String(100000 + i * 100)));
    const older = Array.from({ length: 12 }, (_, i) => study(`2.25.old.${i}`, addDays('20250101', i)));
    const studies = [...older, ...day].reverse();
    const archive = fakeArchive(studies);
    const answer = await collectNewestFirst({ wanted: 5, today: TODAY, fetchWindow: archive.fetchWindow });
    expect(uids(answer.studies)).toEqual(newest(studies, 5));
    expect(answer.moreExist).toBe(true);
  });

  it('an archive that ignores limit: what it sent, sorted and cut, and it is named', async () => {
    const studies = archiveOf(100, 5);
    const archive = fakeArchive(studies, { ignoresLimit: true });
    const answer = await collectNewestFirst({ wanted: 30, today: TODAY, fetchWindow: archive.fetchWindow });
    expect(uids(answer.studies)).toEqual(newest(studies, 30));
    expect(answer).toMatchObject({ moreExist: true, sentMoreThanAsked: true, requests: 1 });
    expect(answer.received).toHaveLength(100);
  });

  it('keeps to the search\'s own date range', async () => {
    const studies = archiveOf(200, 6);
    const range = { from: '20100101', to: '20151231' };
    const inRange = studies.filter((s) => (s.studyDate ?? '') >= range.from && (s.studyDate ?? '') <= range.to);
    const archive = fakeArchive(inRange.length > 0 ? studies : []);
    const fetchWindow = async (window: DateWindow, limit: number) => archive.fetchWindow(clipWindow(window, range) ?? { from: '99991231' }, limit);
    const answer = await collectNewestFirst({ wanted: 10, range, today: TODAY, fetchWindow });
    expect(uids(answer.studies)).toEqual(newest(inRange, 10));
    for (const { window } of archive.asked) {
      if (window.from !== undefined) expect(window.from >= range.from).toBe(true);
    }
  });

  it('future-dated and undated studies: the future first, the undated last', async () => {
    const studies = [...archiveOf(40, 7), study('2.25.future', '20300101'), study('2.25.undated', undefined)];
    const archive = fakeArchive(studies.reverse());
    const first = await collectNewestFirst({ wanted: 5, today: TODAY, fetchWindow: archive.fetchWindow });
    expect(uids(first.studies)[0]).toBe('2.25.future');
    const all = await collectNewestFirst({ wanted: 50, today: TODAY, fetchWindow: fakeArchive(studies).fetchWindow });
    expect(all.studies).toHaveLength(42);
    expect(uids(all.studies).at(-1)).toBe('2.25.undated');
    expect(all.moreExist).toBe(false);
  });

  it('refuses nonsense with a clear message', async () => {
    const { fetchWindow } = fakeArchive([]);
    await expect(collectNewestFirst({ wanted: 0, today: TODAY, fetchWindow })).rejects.toThrow('wanted must be a whole number');
    await expect(collectNewestFirst({ wanted: 5, today: '2026-12-06', fetchWindow })).rejects.toThrow('today must be a DICOM date YYYYMMDD');
    await expect(collectNewestFirst({ wanted: 5, today: TODAY, range: { from: '20261341' }, fetchWindow })).rejects.toThrow('range.from must be a DICOM date');
  });
});

describe('isDicomDate', () => {
  it('takes real calendar dates as YYYYMMDD only', () => {
    expect(isDicomDate('20240229')).toBe(true);
    expect(isDicomDate('20230229')).toBe(false);
    expect(isDicomDate('20231341')).toBe(false);
    expect(isDicomDate('2023-01-01')).toBe(false);
  });
});

describe('collectNewestFirst, windows sized from the rate the walk has seen', () => {
  it('a steady patient searched up to a date: once the windows show a rate, one window of about the page, not doubling and halving', async () => {
    // 4,000 studies over 26 years (about 0.4 a day), searched up to mid-2012 (about half of them).
    const studies = archiveOf(4000, 7);
    const range = { to: '20120615' };
    const archive = fakeArchive(studies);
    const answer = await collectNewestFirst({ wanted: 200, range, today: TODAY, fetchWindow: archive.fetchWindow });
    const inRange = studies.filter((s) => (s.studyDate ?? '') <= range.to);
    expect(uids(answer.studies)).toEqual(newest(inRange, 200));
    expect(answer.moreExist).toBe(true);
    // The search, its newest date, a year, then one window from that year's rate. Widening by
    // doubling took 9 here: a 2-year window, halved four times, and the rest.
    expect(answer.requests).toBeLessThanOrEqual(4);
    expect(Math.max(...archive.asked.map((a) => a.limit))).toBeLessThanOrEqual(WHOLE_WINDOW_FACTOR * 201);
  });

  it('whatever the rate guesses, every study taken is newer than every one left (many archives)', async () => {
    for (let seed = 20; seed < 60; seed += 1) {
      const next = random(seed);
      const studies = archiveOf(100 + Math.floor(next() * 3000), seed, 1980 + Math.floor(next() * 40));
      const wanted = 1 + Math.floor(next() * 300);
      const archive = fakeArchive(studies);
      const answer = await collectNewestFirst({ wanted, today: TODAY, fetchWindow: archive.fetchWindow });
      expect(uids(answer.studies), `seed ${seed}`).toEqual(newest(studies, wanted));
      expect(answer.moreExist, `seed ${seed}`).toBe(studies.length > wanted);
    }
  });
});
