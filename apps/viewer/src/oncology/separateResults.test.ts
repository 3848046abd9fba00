import { describe, expect, it } from 'vitest';
import type { DicomJson } from '@longview/dicom-meta';
import type { StudySummary } from '@longview/dicomweb';
import { describesStudy, resultsOnlyStudiesOfPatient, storedApartText } from './separateResults';

const OPENED = '2.25.100';

/** A study summary of carol's oncology record unless told otherwise; only what the logic reads matters. */
function study(studyInstanceUid: string, modalities: string[], patient: Partial<Pick<StudySummary, 'patientId' | 'issuerOfPatientId' | 'archiveId'>> = {}): StudySummary {
  return { archiveId: 'oncology', studyInstanceUid, patientId: 'O-4410', issuerOfPatientId: 'ONCO', modalities, studyDate: '20240911', ...patient } as StudySummary;
}

/** One instance's metadata: its own study and the study its Current Requested Procedure Evidence names. */
const instanceNaming = (own: string, named: string): DicomJson => ({
  '0020000D': { vr: 'UI', Value: [own] },
  '0040A375': { vr: 'SQ', Value: [{ '0020000D': { vr: 'UI', Value: [named] } }] },
});

describe('resultsOnlyStudiesOfPatient: which studies might hold results about the opened one', () => {
  const opened = study(OPENED, ['CT', 'PT', 'SEG']);

  it('keeps the same patient\'s results-only studies of the same archive, never the opened study or a study with images', () => {
    const studies = [opened, study('2.25.1', ['SEG', 'SR']), study('2.25.2', ['CT', 'PT']), study('2.25.3', ['SR', 'CT']), study('2.25.4', ['RTSTRUCT'])];
    expect(resultsOnlyStudiesOfPatient(opened, studies).map((s) => s.studyInstanceUid)).toEqual(['2.25.1', '2.25.4']);
  });

  it('never takes another patient\'s: another PatientID, the same ID of another issuer, or another archive', () => {
    const studies = [
      study('2.25.5', ['SEG'], { patientId: 'O-4411' }),
      study('2.25.6', ['SEG'], { issuerOfPatientId: 'ELSEWHERE' }),
      study('2.25.7', ['SEG'], { issuerOfPatientId: undefined }),
      study('2.25.8', ['SEG'], { archiveId: 'community' }),
    ];
    expect(resultsOnlyStudiesOfPatient(opened, studies)).toEqual([]);
  });

  it('asks nothing of a study without a PatientID, nor of one whose modalities are not known', () => {
    const anonymous = study(OPENED, ['CT'], { patientId: undefined });
    expect(resultsOnlyStudiesOfPatient(anonymous, [study('2.25.9', ['SEG'], { patientId: undefined })])).toEqual([]);
    expect(resultsOnlyStudiesOfPatient(opened, [study('2.25.10', [])])).toEqual([]);
  });
});

describe('describesStudy: whether a results-only study is about the opened one', () => {
  it('follows the references of its instance (evidence, Studies Containing Other Referenced Instances)', () => {
    expect(describesStudy(instanceNaming('2.25.1', OPENED), OPENED)).toBe(true);
    const seg: DicomJson = { '0020000D': { vr: 'UI', Value: ['2.25.1'] }, '00081200': { vr: 'SQ', Value: [{ '0020000D': { vr: 'UI', Value: [OPENED] } }] } };
    expect(describesStudy(seg, OPENED)).toBe(true);
  });

  it('is not about the opened study when it names another, only itself, or nothing could be read', () => {
    expect(describesStudy(instanceNaming('2.25.1', '2.25.999'), OPENED)).toBe(false);
    expect(describesStudy(instanceNaming(OPENED, OPENED), OPENED)).toBe(false);
    expect(describesStudy(undefined, OPENED)).toBe(false);
  });
});

describe('storedApartText', () => {
  it('says where the results are stored, with the study\'s date where it has one', () => {
    expect(storedApartText('20240911')).toBe('stored in a separate study, 2024-09-11');
    expect(storedApartText(undefined)).toBe('stored in a separate study');
  });
});
