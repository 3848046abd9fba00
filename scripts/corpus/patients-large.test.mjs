import { describe, expect, it } from 'vitest';
import { LARGE_RECORDS, largeStudies } from './patients-large.mjs';

const RESERVED = ['20150131', '20200618', '20240115'];

describe('largeStudies', () => {
  const studies = largeStudies(RESERVED);

  it('spreads 160 studies over the four archives as asked', () => {
    const counts = {};
    for (const study of studies) counts[study.archive] = (counts[study.archive] ?? 0) + 1;
    expect(counts).toEqual({ radiology: 70, cardiology: 40, pathology: 30, clinics: 20 });
  });

  it('gives every study its own date in 2015-2025, none of the reserved ones, in order', () => {
    const dates = studies.map((study) => study.studyDate);
    expect(new Set(dates).size).toBe(160);
    expect(dates.some((date) => RESERVED.includes(date))).toBe(false);
    expect(dates[0] >= '20150101' && dates.at(-1) <= '20251231').toBe(true);
    expect([...dates].sort()).toEqual(dates);
  });

  it('rotates the modalities of each archive', () => {
    const kinds = (archive) => new Set(studies.filter((study) => study.archive === archive).map((study) => study.series.kind));
    expect(kinds('radiology')).toEqual(new Set(['CT', 'MR', 'CR', 'US', 'DX']));
    expect(kinds('cardiology')).toEqual(new Set(['US', 'XA', 'MR']));
    expect(kinds('pathology')).toEqual(new Set(['SM', 'XC', 'DOC']));
    expect(kinds('clinics')).toEqual(new Set(['OP', 'ES']));
  });

  it('lists the other three records in every record', () => {
    for (const record of Object.values(LARGE_RECORDS)) {
      const others = Object.values(LARGE_RECORDS).filter((other) => other !== record);
      expect(record.otherPatientIds).toEqual(others.map((other) => ({ patientId: other.patientId, issuerOfPatientId: other.issuerOfPatientId })));
    }
  });
});
