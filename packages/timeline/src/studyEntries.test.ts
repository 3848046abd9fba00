import { describe, expect, it } from 'vitest';
import { timelineEntriesOf, type SearchedStudy } from './studyEntries';

function study(archiveId: string, studyInstanceUid: string, fields: Partial<SearchedStudy> = {}): SearchedStudy {
  return {
    archiveId,
    studyInstanceUid,
    patientId: 'R-100234',
    studyDate: '20240205',
    studyTime: '101500',
    studyDescription: 'CT CHEST',
    modalities: ['CT'],
    bodyParts: ['CHEST'],
    sopClassUids: [],
    seriesCount: 3,
    instanceCount: 120,
    ...fields,
  };
}

const departments: Record<string, string> = { radiology: 'radiology', cardiology: 'cardiology' };
const departmentOf = (archiveId: string) => departments[archiveId];

describe('timelineEntriesOf', () => {
  it('makes one entry of a study, whatever searches found it, keyed by archive and study UID', () => {
    const ct = study('radiology', '1.2.3');
    const entries = timelineEntriesOf([ct, study('radiology', '1.2.3'), study('cardiology', '1.2.3', { patientId: 'C-55012' })], new Set(), departmentOf);
    expect(entries.map((entry) => entry.key)).toEqual(['radiology/1.2.3', 'cardiology/1.2.3']);
    expect(entries[0]).toEqual({
      key: 'radiology/1.2.3',
      archiveId: 'radiology',
      studyInstanceUid: '1.2.3',
      studyDate: '20240205',
      studyTime: '101500',
      description: 'CT CHEST',
      modalities: ['CT'],
      bodyParts: ['CHEST'],
      seriesCount: 3,
      instanceCount: 120,
      specialty: 'radiology',
      patientId: 'R-100234',
      isStale: false,
    });
    expect(entries[1]?.patientId).toBe('C-55012');
  });

  it("keeps a failed archive's studies on screen, marked stale", () => {
    const entries = timelineEntriesOf([study('radiology', '1'), study('cardiology', '2')], new Set(['cardiology']), departmentOf);
    expect(entries.map((entry) => [entry.key, entry.isStale])).toEqual([
      ['radiology/1', false],
      ['cardiology/2', true],
    ]);
  });

  it("puts each study in its specialty's lane, reading the department of its own archive", () => {
    const angiography = { modalities: ['XA'], bodyParts: [] };
    const entries = timelineEntriesOf(
      [study('cardiology', 'xa-card', angiography), study('radiology', 'xa-rad', angiography), study('radiology', 'ecg', { modalities: ['ECG'] }), study('cardiology', 'sr', { modalities: ['SR'] })],
      new Set(),
      departmentOf,
    );
    expect(entries.map((entry) => [entry.studyInstanceUid, entry.specialty])).toEqual([
      ['xa-card', 'cardiology'],
      ['xa-rad', 'radiology'],
      ['ecg', 'cardiology'],
      ['sr', 'documents'],
    ]);
  });

  it('keeps an undated study (the axis leaves it out; the list still shows it)', () => {
    expect(timelineEntriesOf([study('radiology', 'undated', { studyDate: undefined, studyTime: undefined })], new Set(), departmentOf)[0]?.studyDate).toBeUndefined();
  });
});
