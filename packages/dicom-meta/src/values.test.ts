import { describe, expect, it } from 'vitest';
import type { DicomJson } from './dicomJson';
import { formatDicomDate, formatDicomTime, formatPersonName, getNumber, getNumbers, getPersonName, getString } from './values';

const ct: DicomJson = {
  '00100010': { vr: 'PN', Value: [{ Alphabetic: 'LONGVIEW^ALICE' }] },
  '00100020': { vr: 'LO', Value: ['LV-0001 '] },
  '00080060': { vr: 'CS', Value: ['CT'] },
  '00281050': { vr: 'DS', Value: [-600, 40] },
  '00281051': { vr: 'DS', Value: ['1500', '400'] },
  '00200013': { vr: 'IS', Value: [128] },
  '00081030': { vr: 'LO' },
  '00280030': { vr: 'DS', Value: ['0.7', 'abc'] },
};

describe('DICOM JSON accessors', () => {
  it('reads strings trimmed, and absent/empty as undefined', () => {
    expect(getString(ct, 'PatientID')).toBe('LV-0001');
    expect(getString(ct, 'StudyDescription')).toBeUndefined();
    expect(getString(ct, 'AccessionNumber')).toBeUndefined();
  });

  it('reads DS/IS values whether the archive sends numbers or strings', () => {
    expect(getNumbers(ct, 'WindowCenter')).toEqual([-600, 40]);
    expect(getNumbers(ct, 'WindowWidth')).toEqual([1500, 400]);
    expect(getNumber(ct, 'InstanceNumber')).toBe(128);
  });

  it('refuses partly unparsable numeric values rather than returning half of them', () => {
    expect(getNumbers(ct, 'PixelSpacing')).toBeUndefined();
  });

  it('reads person names in the PS3.18 object form and the bare string form', () => {
    expect(getPersonName(ct, 'PatientName')).toBe('LONGVIEW^ALICE');
    expect(getPersonName({ '00100010': { vr: 'PN', Value: ['DOE^JOHN'] } }, 'PatientName')).toBe('DOE^JOHN');
    expect(getPersonName({ '00100010': { vr: 'PN', Value: [{}] } }, 'PatientName')).toBeUndefined();
  });
});

describe('formatting', () => {
  it('formats person names as FAMILY, GIVEN MIDDLE', () => {
    expect(formatPersonName('LONGVIEW^ALICE')).toBe('LONGVIEW, ALICE');
    expect(formatPersonName('DOE^JOHN^Q^DR^JR')).toBe('DOE, DR JOHN Q JR');
    expect(formatPersonName('SINGLE')).toBe('SINGLE');
    expect(formatPersonName(undefined)).toBe('');
  });

  it('formats DA and TM, leaving malformed values visible as they are', () => {
    expect(formatDicomDate('20240115')).toBe('2024-01-15');
    expect(formatDicomDate('2024')).toBe('2024');
    expect(formatDicomTime('093012.123')).toBe('09:30');
    expect(formatDicomTime('xx')).toBe('xx');
  });
});
