import { describe, expect, it } from 'vitest';
import { groupStudies, instanceRecord, seriesRecord, studyRecord } from './qido.mjs';

const ui = (value) => ({ vr: 'UI', Value: [value] });
const instance = ({ study, series, sop, number, seriesNumber, modality, date = '20240101', bodyPart }) => ({
  '00080016': ui('1.2.840.10008.5.1.4.1.1.77.1.1'),
  '00080018': ui(sop),
  '00080020': { vr: 'DA', Value: [date] },
  '00080060': { vr: 'CS', Value: [modality] },
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DOE^JANE' }] },
  '00100020': { vr: 'LO', Value: ['K-1'] },
  ...(bodyPart ? { '00180015': { vr: 'CS', Value: [bodyPart] } } : {}),
  '0020000D': ui(study),
  '0020000E': ui(series),
  '00200011': { vr: 'IS', Value: [seriesNumber] },
  '00200013': { vr: 'IS', Value: [number] },
  '00280010': { vr: 'US', Value: [64] },
  '7FE00010': { vr: 'OB', BulkDataURI: 'frames/1' },
});

const corpus = [
  instance({ study: '1.1', series: '1.1.2', sop: '1.1.2.1', number: 1, seriesNumber: 2, modality: 'OT', date: '20200101' }),
  instance({ study: '1.1', series: '1.1.1', sop: '1.1.1.2', number: 2, seriesNumber: 1, modality: 'ES', date: '20200101', bodyPart: 'COLON' }),
  instance({ study: '1.1', series: '1.1.1', sop: '1.1.1.1', number: 1, seriesNumber: 1, modality: 'ES', date: '20200101', bodyPart: 'COLON' }),
  instance({ study: '2.2', series: '2.2.1', sop: '2.2.1.1', number: 1, seriesNumber: 1, modality: 'OP', date: '20230101', bodyPart: 'EYE' }),
];

describe('groupStudies', () => {
  it('orders studies newest first, series by number, instances by number', () => {
    const studies = groupStudies(corpus);
    expect(studies.map((study) => study.studyInstanceUid)).toEqual(['2.2', '1.1']);
    expect(studies[1].series.map((series) => series.seriesInstanceUid)).toEqual(['1.1.1', '1.1.2']);
    expect(studies[1].series[0].instances.map((i) => i['00080018'].Value[0])).toEqual(['1.1.1.1', '1.1.1.2']);
  });
});

describe('QIDO records', () => {
  const [, older] = groupStudies(corpus);

  it('give a study its patient attributes and the computed study attributes', () => {
    const record = studyRecord(older);
    expect(record['00100020']).toEqual({ vr: 'LO', Value: ['K-1'] });
    expect(record['00080061']).toEqual({ vr: 'CS', Value: ['ES', 'OT'] });
    expect(record['00080062']).toEqual({ vr: 'UI', Value: ['1.2.840.10008.5.1.4.1.1.77.1.1'] });
    expect(record['00180015']).toEqual({ vr: 'CS', Value: ['COLON'] });
    expect(record['00201206']).toEqual({ vr: 'IS', Value: [2] });
    expect(record['00201208']).toEqual({ vr: 'IS', Value: [3] });
    expect(record['0020000E']).toBeUndefined(); // series-level attributes stay out
    expect(Object.keys(record)).toEqual([...Object.keys(record)].sort());
  });
  it('count a series\' instances', () => {
    const record = seriesRecord(older.series[0]);
    expect(record['0020000E']).toEqual(ui('1.1.1'));
    expect(record['00201209']).toEqual({ vr: 'IS', Value: [2] });
    expect(record['00180015']).toEqual({ vr: 'CS', Value: ['COLON'] });
  });
  it('give an instance its identity and image attributes, never its pixel data', () => {
    const record = instanceRecord(older.series[0].instances[0]);
    expect(record['0020000E']).toEqual(ui('1.1.1')); // study-level instance searches need it
    expect(record['00280010']).toEqual({ vr: 'US', Value: [64] });
    expect(record['7FE00010']).toBeUndefined();
    expect(record['00100010']).toBeUndefined();
  });
});
