import { describe, expect, it } from 'vitest';
import { byStudyDateDescending, MalformedResponse, normaliseDicomDate, toInstanceSummaries, toSeriesSummaries, toStudySummaries } from './summaries';

// Shaped like Orthanc's QIDO-RS answer (numbers for IS, strings for DS, PN as objects).
const orthancStudy = {
  '00080020': { vr: 'DA', Value: ['20240115'] },
  '00080050': { vr: 'SH', Value: ['ACC-CT-0001'] },
  '00080061': { vr: 'CS', Value: ['CT'] },
  '00081030': { vr: 'LO', Value: ['CT CHEST W/O CONTRAST'] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'LONGVIEW^ALICE' }] },
  '00100020': { vr: 'LO', Value: ['LV-0001'] },
  '0020000D': { vr: 'UI', Value: ['2.25.1'] },
  '00201206': { vr: 'IS', Value: [1] },
  '00201208': { vr: 'IS', Value: ['256'] },
};

describe('QIDO normalisation', () => {
  it('maps a study, keeping the archive it came from', () => {
    const [study] = toStudySummaries('radiology', [orthancStudy]);
    expect(study).toMatchObject({
      archiveId: 'radiology',
      studyInstanceUid: '2.25.1',
      patientName: 'LONGVIEW^ALICE',
      patientId: 'LV-0001',
      studyDate: '20240115',
      modalities: ['CT'],
      seriesCount: 1,
      instanceCount: 256,
      studyDescription: 'CT CHEST W/O CONTRAST',
    });
    expect(study?.patientBirthDate).toBeUndefined();
  });

  it('reads body parts, SOP classes and the linked identifiers of OtherPatientIDsSequence', () => {
    const [study] = toStudySummaries('radiology', [
      {
        ...orthancStudy,
        '00180015': { vr: 'CS', Value: ['chest'] },
        '00080062': { vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.2'] },
        '00101002': {
          vr: 'SQ',
          Value: [
            { '00100020': { vr: 'LO', Value: ['C-55012'] }, '00100021': { vr: 'LO', Value: ['LONGVIEW-CARD'] } },
            { '00100020': { vr: 'LO', Value: ['X-1'] } },
            { '00100021': { vr: 'LO', Value: ['NO-ID'] } },
          ],
        },
      },
    ]);
    expect(study?.bodyParts).toEqual(['CHEST']);
    expect(study?.sopClassUids).toEqual(['1.2.840.10008.5.1.4.1.1.2']);
    expect(study?.otherPatientIds).toEqual([
      { patientId: 'C-55012', issuerOfPatientId: 'LONGVIEW-CARD' },
      { patientId: 'X-1', issuerOfPatientId: undefined },
    ]);
  });

  it('tells "the archive did not say" apart from "no other IDs"', () => {
    expect(toStudySummaries('r', [orthancStudy])[0]?.otherPatientIds).toBeUndefined();
    expect(toStudySummaries('r', [{ ...orthancStudy, '00101002': { vr: 'SQ' } }])[0]?.otherPatientIds).toEqual([]);
  });

  it('normalises the date and time spellings archives use', () => {
    expect(normaliseDicomDate('20240115')).toBe('20240115');
    expect(normaliseDicomDate('2024-01-15')).toBe('20240115');
    expect(normaliseDicomDate('2024.01.15')).toBe('20240115');
    expect(normaliseDicomDate('15/01/2024')).toBeUndefined();
    const [study] = toStudySummaries('r', [{ ...orthancStudy, '00080020': { vr: 'DA', Value: ['2024-01-15'] }, '00080030': { vr: 'TM', Value: ['09:30:12'] } }]);
    expect(study).toMatchObject({ studyDate: '20240115', studyTime: '093012' });
  });

  it('treats an archive answering with no body (204) as no studies', () => {
    expect(toStudySummaries('radiology', [])).toEqual([]);
  });

  it('rejects malformed answers with a specific reason', () => {
    expect(() => toStudySummaries('r', null)).toThrow(MalformedResponse);
    expect(() => toStudySummaries('r', { '0020000D': {} })).toThrow('expected a JSON array');
    expect(() => toStudySummaries('r', [{ '00100020': { vr: 'LO', Value: ['X'] } }])).toThrow('studies[0] has no UID');
    expect(() => toStudySummaries('r', ['text'])).toThrow('studies[0] is not an object');
  });

  it('orders series by series number, unnumbered last', () => {
    const series = toSeriesSummaries('r', '2.25.1', [
      { '0020000E': { vr: 'UI', Value: ['b'] }, '00200011': { vr: 'IS', Value: [3] } },
      { '0020000E': { vr: 'UI', Value: ['c'] } },
      { '0020000E': { vr: 'UI', Value: ['a'] }, '00200011': { vr: 'IS', Value: ['1'] } },
    ]);
    expect(series.map((s) => s.seriesInstanceUid)).toEqual(['a', 'b', 'c']);
  });

  it('reads instance geometry for stack ordering', () => {
    const [instance] = toInstanceSummaries([
      {
        '00080018': { vr: 'UI', Value: ['2.25.9'] },
        '00200013': { vr: 'IS', Value: [5] },
        '00200032': { vr: 'DS', Value: [-179.2, -179.2, -10] },
        '00200037': { vr: 'DS', Value: [1, 0, 0, 0, 1, 0] },
      },
    ]);
    expect(instance).toEqual({
      sopInstanceUid: '2.25.9',
      sopClassUid: undefined,
      instanceNumber: 5,
      numberOfFrames: undefined,
      imagePositionPatient: [-179.2, -179.2, -10],
      imageOrientationPatient: [1, 0, 0, 0, 1, 0],
    });
  });

  it('sorts newest first with undated studies last', () => {
    const studies = toStudySummaries('r', [
      { '0020000D': { vr: 'UI', Value: ['old'] }, '00080020': { vr: 'DA', Value: ['20190101'] } },
      { '0020000D': { vr: 'UI', Value: ['none'] } },
      { '0020000D': { vr: 'UI', Value: ['new'] }, '00080020': { vr: 'DA', Value: ['20240101'] } },
    ]);
    expect([...studies].sort(byStudyDateDescending).map((s) => s.studyInstanceUid)).toEqual(['new', 'old', 'none']);
  });
});
