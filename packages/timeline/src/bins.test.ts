import { describe, expect, it } from 'vitest';
import { binByTime, binOfDay, binUnitFor, isInView } from './bins';
import { dicomDateToDay } from './entries';

const day = (da: string) => dicomDateToDay(da) as number;

describe('binOfDay', () => {
  it('puts the last and first day of a year in their own years and months', () => {
    expect(binOfDay(day('20231231'), 'year')).toMatchObject({ id: '2023', label: '2023', startDay: day('20230101'), endDay: day('20240101') });
    expect(binOfDay(day('20240101'), 'year').id).toBe('2024');
    expect(binOfDay(day('20231231'), 'month')).toMatchObject({ id: '2023-12', label: 'Dec 2023', startDay: day('20231201'), endDay: day('20240101') });
    expect(binOfDay(day('20240229'), 'month')).toMatchObject({ id: '2024-02', startDay: day('20240201'), endDay: day('20240301') });
  });
  it('handles days before 1970', () => {
    expect(binOfDay(day('19650715'), 'month')).toMatchObject({ id: '1965-07', label: 'Jul 1965' });
  });
  it('refuses a day that is not a number', () => {
    expect(() => binOfDay(Number.NaN, 'year')).toThrow('a bin needs a day as a finite number');
  });
});

describe('binByTime', () => {
  const studies = ['20240115', '20240131', '20240201', '20231231', '20240115', '20210610'].map((date, i) => ({ uid: `2.25.${i}`, date }));

  it('counts studies per month, oldest first, keeping each bin\'s studies in the order given', () => {
    const bins = binByTime(studies, (s) => day(s.date), 'month');
    expect(bins.map((b) => [b.id, b.items.length])).toEqual([
      ['2021-06', 1],
      ['2023-12', 1],
      ['2024-01', 3],
      ['2024-02', 1],
    ]);
    expect(bins[2]?.items.map((s) => s.uid)).toEqual(['2.25.0', '2.25.1', '2.25.4']);
  });

  it('counts per year, every study in exactly one bin', () => {
    const bins = binByTime(studies, (s) => day(s.date), 'year');
    expect(bins.map((b) => [b.id, b.items.length])).toEqual([
      ['2021', 1],
      ['2023', 1],
      ['2024', 4],
    ]);
    expect(bins.reduce((n, b) => n + b.items.length, 0)).toBe(studies.length);
  });

  it('ten thousand studies over thirty years: at most 30 year bins and 360 month bins', () => {
    const many = Array.from({ length: 10_000 }, (_, i) => day('19950101') + ((i * 7919) % (30 * 365)));
    expect(binByTime(many, (d) => d, 'year').length).toBeLessThanOrEqual(31);
    const months = binByTime(many, (d) => d, 'month');
    expect(months.length).toBeLessThanOrEqual(361);
    expect(months.reduce((n, b) => n + b.items.length, 0)).toBe(10_000);
  });

  it('no studies, no bins', () => {
    expect(binByTime([], (d: number) => d, 'year')).toEqual([]);
  });
});

describe('binUnitFor', () => {
  it('months where February is wide enough, else years', () => {
    expect(binUnitFor(2, 44)).toBe('month');
    expect(binUnitFor(1.5, 44)).toBe('year');
    expect(binUnitFor(44 / 28, 44)).toBe('month');
  });
  it('refuses a scale that is not positive', () => {
    expect(() => binUnitFor(0, 44)).toThrow('positive pixels per day');
  });
});

describe('isInView', () => {
  const view = { scrollLeft: 1000, viewportWidth: 800, overscanPx: 100 };
  it('draws what is on screen or within the overscan, not what is beyond', () => {
    expect(isInView(1200, 76, view)).toBe(true);
    expect(isInView(850, 76, view)).toBe(true); // ends inside the overscan on the left
    expect(isInView(1890, 76, view)).toBe(true);
    expect(isInView(700, 76, view)).toBe(false);
    expect(isInView(1901, 76, view)).toBe(false);
  });
});
