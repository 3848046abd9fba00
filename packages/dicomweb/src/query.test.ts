import { describe, expect, it } from 'vitest';
import { toPatientNamePattern, toStudyQueryParams } from './query';

describe('toStudyQueryParams', () => {
  it('always asks for the list columns QIDO omits by default', () => {
    expect(toStudyQueryParams({}).includefield).toContain('00080061');
  });

  it('prefix-matches names, keeps explicit wildcards, trims and upper-cases modality', () => {
    const params = toStudyQueryParams({ patientName: ' longview ', modality: ' ct ', patientId: ' LV-0001 ' });
    expect(params.PatientName).toBe('longview*');
    expect(params.ModalitiesInStudy).toBe('CT');
    expect(params.PatientID).toBe('LV-0001');
    expect(toStudyQueryParams({ patientName: '*VIEW' }).PatientName).toBe('*VIEW');
  });

  it('turns the parts of a typed name into wildcards, never the ^ separator', () => {
    expect(toPatientNamePattern('LONGVIEW^AL')).toBe('LONGVIEW*AL*');
    expect(toPatientNamePattern('Longview, Al')).toBe('Longview*Al*');
    expect(toPatientNamePattern('  longview   alice ')).toBe('longview*alice*');
  });

  it('builds open and closed DICOM date ranges', () => {
    expect(toStudyQueryParams({ studyDateFrom: '2023-01-01', studyDateTo: '2024-12-31' }).StudyDate).toBe('20230101-20241231');
    expect(toStudyQueryParams({ studyDateFrom: '2023-01-01' }).StudyDate).toBe('20230101-');
    expect(toStudyQueryParams({ studyDateTo: '2024-12-31' }).StudyDate).toBe('-20241231');
  });

  it('omits empty criteria instead of sending empty matches', () => {
    expect(Object.keys(toStudyQueryParams({ patientId: '  ', accessionNumber: '' }))).toEqual(['includefield']);
  });
});
