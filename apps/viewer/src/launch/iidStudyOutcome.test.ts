import { describe, expect, it } from 'vitest';
import type { StudySummary } from '@longview/dicomweb';
import { decideStudyLaunch, type ArchiveAnswer, type FoundStudy } from './iidStudyOutcome';

const IDENTITY = { issuerAliases: { '2.16.840.1.113883.3.9999.4': 'LONGVIEW-CLIN' } };
const ISSUERS = { radiology: 'LONGVIEW-RAD', cardiology: 'LONGVIEW-CARD', clinics: 'LONGVIEW-CLIN' };

function found(archiveId: keyof typeof ISSUERS, uid: string, patientId: string | undefined, issuer?: string, otherIds?: FoundStudy['otherIds']): FoundStudy {
  return {
    study: { archiveId, studyInstanceUid: uid, patientId, issuerOfPatientId: issuer } as StudySummary,
    archiveName: archiveId.toUpperCase(),
    archiveIssuer: ISSUERS[archiveId],
    otherIds,
  };
}
const answered = (archiveId: string, ...studies: FoundStudy[]): ArchiveAnswer => ({ archiveId, archiveName: archiveId.toUpperCase(), state: 'answered', found: studies });
const failed = (archiveId: string): ArchiveAnswer => ({ archiveId, archiveName: archiveId.toUpperCase(), state: 'failed', message: 'down' });
const decide = (answers: ArchiveAnswer[], launch?: { patientId: string; issuer: string }) => decideStudyLaunch(answers, launch, IDENTITY, ISSUERS);

describe('decideStudyLaunch', () => {
  it('opens one study found in one archive', () => {
    expect(decide([answered('radiology', found('radiology', '1.1', 'R-1')), answered('cardiology')])).toEqual({ kind: 'open-study', archiveId: 'radiology', studyUid: '1.1' });
  });

  it('says which archives were searched and which failed when nothing is found', () => {
    expect(decide([answered('radiology'), failed('cardiology')])).toEqual({
      kind: 'no-images',
      searched: ['RADIOLOGY'],
      failed: [{ archiveName: 'CARDIOLOGY', message: 'down' }],
    });
  });

  it('refuses a study UID held by two archives for different patients, but opens one held twice for the same', () => {
    expect(decide([answered('radiology', found('radiology', '1.1', 'R-1')), answered('cardiology', found('cardiology', '1.1', 'C-9'))])).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/held by RADIOLOGY and CARDIOLOGY for different patients/),
    });
    expect(decide([answered('radiology', found('radiology', '1.1', 'R-1')), answered('cardiology', found('cardiology', '1.1', 'R-1', 'LONGVIEW-RAD'))])).toEqual({
      kind: 'open-study',
      archiveId: 'radiology',
      studyUid: '1.1',
    });
  });

  it('applies the mismatch guard when the request names a patient', () => {
    const study = found('radiology', '1.1', 'R-2');
    expect(decide([answered('radiology', study)], { patientId: 'R-1', issuer: 'LONGVIEW-RAD' }).kind).toBe('refused');
    expect(decide([answered('radiology', study)], { patientId: 'R-2', issuer: 'LONGVIEW-RAD' }).kind).toBe('open-study');
  });

  it('puts several studies of one linked patient on her timeline, asserting her records', () => {
    const outcome = decide([
      answered('radiology', found('radiology', '1.1', 'R-1', undefined, [{ patientId: 'C-1', issuerOfPatientId: 'LONGVIEW-CARD' }])),
      answered('cardiology', found('cardiology', '2.2', 'C-1', undefined, [])),
    ]);
    expect(outcome).toEqual({
      kind: 'open-patient',
      patient: {
        source: 'iid',
        records: [
          { patientId: 'R-1', issuer: 'LONGVIEW-RAD' },
          { patientId: 'C-1', issuer: 'LONGVIEW-CARD' },
        ],
        highlightedStudies: ['radiology/1.1', 'cardiology/2.2'],
      },
    });
  });

  it('refuses several studies of unlinked patients, and a study without patient ID', () => {
    expect(decide([answered('radiology', found('radiology', '1.1', 'R-1', undefined, []), found('radiology', '1.2', 'R-2', undefined, []))])).toMatchObject({
      kind: 'refused',
      reason: expect.stringMatching(/belong to different patients/),
    });
    expect(decide([answered('radiology', found('radiology', '1.1', undefined))]).kind).toBe('refused');
  });
});
