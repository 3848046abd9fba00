import { describe, expect, it } from 'vitest';
import type { TimelineEntry } from './entries';
import { yearGroupsNewestFirst } from './yearGroups';

function entry(key: string, studyDate: string | undefined, studyTime?: string): TimelineEntry {
  return {
    key,
    archiveId: 'radiology',
    studyInstanceUid: key,
    studyDate,
    studyTime,
    description: undefined,
    modalities: ['CT'],
    bodyParts: [],
    seriesCount: 1,
    instanceCount: 1,
    specialty: 'radiology',
  };
}

describe('yearGroupsNewestFirst', () => {
  it('groups by year, newest year and newest study first, whatever the input order', () => {
    const groups = yearGroupsNewestFirst([entry('a', '20190101'), entry('b', '20230412'), entry('c', '20191231'), entry('d', '20230101')]);
    expect(groups.map((g) => [g.year, g.entries.map((e) => e.key)])).toEqual([
      ['2023', ['b', 'd']],
      ['2019', ['c', 'a']],
    ]);
  });

  it('orders studies of the same day by time, then by key', () => {
    const groups = yearGroupsNewestFirst([entry('morning', '20220510', '0800'), entry('evening', '20220510', '193000'), entry('z', '20220510'), entry('y', '20220510')]);
    expect(groups[0]?.entries.map((e) => e.key)).toEqual(['evening', 'morning', 'y', 'z']);
  });

  it('keeps undated and malformed dates in a last group of their own', () => {
    const groups = yearGroupsNewestFirst([entry('undated', undefined), entry('bad', '2021-01-01'), entry('dated', '20210101')]);
    expect(groups.map((g) => [g.year, g.entries.map((e) => e.key).sort()])).toEqual([
      ['2021', ['dated']],
      [undefined, ['bad', 'undated']],
    ]);
  });

  it('is empty for no entries and does not change its input', () => {
    const input = [entry('a', '20190101'), entry('b', '20230412')];
    expect(yearGroupsNewestFirst([])).toEqual([]);
    yearGroupsNewestFirst(input);
    expect(input.map((e) => e.key)).toEqual(['a', 'b']);
  });
});
