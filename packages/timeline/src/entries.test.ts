import { describe, expect, it } from 'vitest';
import { comparablePrior, dicomDateToDay, filterEntries, type TimelineEntry } from './entries';

function entry(key: string, studyDate: string | undefined, modalities: string[], bodyParts: string[], fields: Partial<TimelineEntry> = {}): TimelineEntry {
  return {
    key,
    archiveId: 'radiology',
    studyInstanceUid: key,
    studyDate,
    studyTime: undefined,
    description: undefined,
    modalities,
    bodyParts,
    seriesCount: 1,
    instanceCount: 1,
    specialty: 'radiology',
    ...fields,
  };
}

const ctChest2024 = entry('ct-2024', '20240205', ['CT'], ['CHEST']);
const ctChest2022 = entry('ct-2022', '20220510', ['CT'], ['CHEST']);
const ctChest2019 = entry('ct-2019', '20190101', ['CT'], ['THORAX']);
const ctHead2016 = entry('ct-head', '20160314', ['CT'], ['HEAD']);
const crChest2019 = entry('cr-chest', '20190802', ['CR'], ['CHEST']);
const mrCardiac = entry('mr-heart', '20230412', ['MR'], ['HEART'], { archiveId: 'cardiology', specialty: 'cardiology' });
const undated = entry('undated', undefined, ['CT'], ['CHEST']);
const all = [ctChest2024, ctChest2022, ctChest2019, ctHead2016, crChest2019, mrCardiac, undated];

describe('dicomDateToDay', () => {
  it('counts days since 1970 and refuses what is not a date', () => {
    expect(dicomDateToDay('19700101')).toBe(0);
    expect(dicomDateToDay('19700102')).toBe(1);
    expect(dicomDateToDay('20240229')! - dicomDateToDay('20240228')!).toBe(1);
    expect(dicomDateToDay('2024-02-29')).toBeUndefined();
    expect(dicomDateToDay(undefined)).toBeUndefined();
  });
});

describe('comparablePrior', () => {
  it('picks the most recent earlier study of the same modality and body part', () => {
    expect(comparablePrior(ctChest2024, all)?.key).toBe('ct-2022');
    expect(comparablePrior(ctChest2022, all)?.key).toBe('ct-2019'); // THORAX is CHEST
  });

  it('never offers another body part or modality, a later study or the study itself', () => {
    expect(comparablePrior(ctHead2016, all)).toBeUndefined();
    expect(comparablePrior(crChest2019, all)).toBeUndefined();
    expect(comparablePrior(ctChest2019, all)).toBeUndefined();
  });

  it('offers nothing when either body part is unknown', () => {
    expect(comparablePrior(entry('x', '20250101', ['CT'], []), all)).toBeUndefined();
    expect(comparablePrior(entry('y', '20250101', ['MR'], ['KNEE']), [entry('z', '20200101', ['MR'], [])])).toBeUndefined();
  });

  it('orders same-day studies by time', () => {
    const morning = entry('am', '20240205', ['CT'], ['CHEST'], { studyTime: '0800' });
    const evening = entry('pm', '20240205', ['CT'], ['CHEST'], { studyTime: '193000' });
    expect(comparablePrior(evening, [morning, evening, ctChest2022])?.key).toBe('am');
  });

  it('finds the same prior in any order of the history, among thousands', () => {
    const history = Array.from({ length: 3000 }, (_, i) => entry(`cr-${i}`, `${2000 + (i % 25)}0${1 + (i % 9)}1${i % 10}`, ['CT'], ['CHEST']));
    const current = entry('now', '20250601', ['CT'], ['CHEST']);
    const latest = comparablePrior(current, history);
    expect(latest?.studyDate).toBe('20240919');
    expect(comparablePrior(current, [...history].reverse())?.studyDate).toBe('20240919');
  });
});

describe('filterEntries', () => {
  it('filters by lane, modality, inclusive date range and archive', () => {
    const keys = (filtered: TimelineEntry[]) => filtered.map((e) => e.key);
    expect(keys(filterEntries(all, { specialties: new Set(['cardiology']) }))).toEqual(['mr-heart']);
    expect(keys(filterEntries(all, { specialties: new Set() }))).toHaveLength(all.length);
    expect(keys(filterEntries(all, { modality: 'cr' }))).toEqual(['cr-chest']);
    expect(keys(filterEntries(all, { from: '20220510', to: '20240205' }))).toEqual(['ct-2024', 'ct-2022', 'mr-heart']);
    expect(keys(filterEntries(all, { archiveIds: new Set(['cardiology']) }))).toEqual(['mr-heart']);
  });
});
