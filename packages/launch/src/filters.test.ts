import { describe, expect, it } from 'vitest';
import { applyLaunchFilters, hasLaunchFilters } from './filters';

const study = (id: string, studyDate: string | undefined, studyTime: string | undefined, modalities: string[]) => ({ id, studyDate, studyTime, modalities });
const STUDIES = [
  study('a', '20190105', '093000', ['CT']),
  study('b', '20210304', '143000.123', ['MR', 'SR']),
  study('c', '20210304', '080000', ['US']),
  study('d', '20230101', undefined, ['CT']),
  study('e', undefined, undefined, ['XA']),
];
const ids = (list: { id: string }[]) => list.map((s) => s.id);

describe('applyLaunchFilters', () => {
  it('keeps everything without filters', () => {
    expect(ids(applyLaunchFilters(STUDIES, undefined))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(ids(applyLaunchFilters(STUDIES, {}))).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(hasLaunchFilters({})).toBe(false);
    expect(hasLaunchFilters({ modalities: [] })).toBe(false);
    expect(hasLaunchFilters({ mostRecent: 2 })).toBe(true);
  });

  it('treats date-only bounds as whole days, inclusive, and drops undated studies', () => {
    expect(ids(applyLaunchFilters(STUDIES, { lowerDate: '2021-03-04' }))).toEqual(['b', 'c', 'd']);
    expect(ids(applyLaunchFilters(STUDIES, { upperDate: '2021-03-04' }))).toEqual(['a', 'b', 'c']);
  });

  it('compares date-times with the study time, ignoring a zone offset', () => {
    expect(ids(applyLaunchFilters(STUDIES, { lowerDate: '2021-03-04T12:00:00+02:00' }))).toEqual(['b', 'd']);
    expect(ids(applyLaunchFilters(STUDIES, { upperDate: '2021-03-04T08:00' }))).toEqual(['a', 'c']);
  });

  it('keeps studies having any of the modalities', () => {
    expect(ids(applyLaunchFilters(STUDIES, { modalities: ['ct', 'SR'] }))).toEqual(['a', 'b', 'd']);
  });

  it('keeps the N most recent after the other filters, in the given order', () => {
    expect(ids(applyLaunchFilters(STUDIES, { mostRecent: 2 }))).toEqual(['b', 'd']);
    expect(ids(applyLaunchFilters(STUDIES, { mostRecent: 2, modalities: ['CT', 'US'] }))).toEqual(['c', 'd']);
  });
});
