import { describe, expect, it } from 'vitest';
import orthancStudies from './fixtures/orthanc-qido-studies.json';
import staticTreeStudies from './fixtures/static-tree-studies.json';
import { matchesStudyQuery } from './profiles';
import { toStudySummaries } from './summaries';

// Real answers of the two DICOMweb implementations the project runs (synthetic patient):
// Orthanc 1.10 (cardiology archive, QIDO with our includefields) and the static tree of
// scripts/static-archive (the whole studies/index.json, query string ignored).

describe('QIDO normalisation across implementations', () => {
  const fromOrthanc = toStudySummaries('cardiology', orthancStudies);
  const fromStaticTree = toStudySummaries('clinics', staticTreeStudies);

  it('reads both into the same shape', () => {
    expect(fromOrthanc.map((s) => [s.patientId, s.studyDate, s.modalities, s.bodyParts, s.seriesCount, s.instanceCount])).toEqual([
      ['C-55012', '20200618', ['US'], ['HEART'], 1, 2],
      ['C-55012', '20220930', ['XA'], ['HEART'], 1, 2],
      ['C-55012', '20230412', ['MR'], ['HEART'], 1, 3],
    ]);
    expect(fromStaticTree[0]).toMatchObject({
      archiveId: 'clinics',
      patientId: 'K-3300',
      patientName: 'LONGVIEW^CAROL',
      patientBirthDate: '19580923',
      modalities: expect.any(Array),
      seriesCount: 1,
    });
  });

  it('keeps what only one of them says, and marks what the other leaves unsaid', () => {
    // Orthanc returns no sequences from QIDO and this record has no issuer in its data.
    expect(fromOrthanc.every((s) => s.otherPatientIds === undefined && s.issuerOfPatientId === undefined)).toBe(true);
    expect(fromOrthanc.every((s) => s.sopClassUids.length === 0)).toBe(true);
    // The static tree carries the links and the issuer (as its OID) in its study documents.
    const clinic = fromStaticTree.find((s) => s.patientId === 'K-3300');
    expect(clinic?.issuerOfPatientId).toBe('2.16.840.1.113883.3.9999.4');
    expect(clinic?.otherPatientIds).toEqual([{ patientId: 'R-100234', issuerOfPatientId: 'LONGVIEW-RAD' }]);
    expect(clinic?.sopClassUids.length).toBeGreaterThan(0);
  });

  it('filters the static tree\'s everything-at-once answer as a server would', () => {
    expect(fromStaticTree.some((s) => s.patientId !== 'K-3300')).toBe(true);
    const matching = fromStaticTree.filter((s) => matchesStudyQuery(s, { patientId: 'K-3300' }));
    expect(matching.length).toBe(staticTreeStudies.length - 1);
    expect(matching.every((s) => s.patientId === 'K-3300')).toBe(true);
  });
});
