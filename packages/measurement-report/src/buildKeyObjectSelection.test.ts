import { describe, expect, it } from 'vitest';
import type { DicomJson } from '@longview/dicom-meta';
import { readKeyImageSelection } from '@longview/structured-report';
import { dsrdump, hasDsrdump } from './dsrdump';
import { buildKeyObjectSelection } from './write';
import { isMeasurementReport, keyObjectTitleCode, MeasurementReportInvalid, type KeyObjectInput, type KeyObjectTitle, type ReportImageReference } from './index';
import { dicomJsonOfPart10 } from './readPart10';

const STUDY = '1.2.826.0.1.3680043.8.498.30';
const KEY_OBJECT_SELECTION = '1.2.840.10008.5.1.4.1.1.88.59';
const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
const ENHANCED_MR = '1.2.840.10008.5.1.4.1.1.4.1';

const ct: ReportImageReference = { studyInstanceUid: STUDY, seriesInstanceUid: `${STUDY}.2`, sopInstanceUid: `${STUDY}.2.7`, sopClassUid: CT_IMAGE };
const mrFrame12: ReportImageReference = { studyInstanceUid: STUDY, seriesInstanceUid: `${STUDY}.3`, sopInstanceUid: `${STUDY}.3.1`, sopClassUid: ENHANCED_MR, frameNumber: 12 };

function input(overrides: Partial<KeyObjectInput> = {}): KeyObjectInput {
  return {
    study: { studyInstanceUid: STUDY, patientName: 'Doe^John', patientId: 'PID-7' },
    title: 'For Teaching',
    images: [ct, mrFrame12],
    observerName: 'Doe^Jane',
    seriesInstanceUid: `${STUDY}.98`,
    sopInstanceUid: `${STUDY}.98.1`,
    contentDateTime: new Date(Date.UTC(2025, 5, 30, 23, 59, 59)),
    description: 'Classic case of a meniscal tear',
    ...overrides,
  };
}

const first = (json: DicomJson | undefined, tag: string): unknown => json?.[tag]?.Value?.[0];

describe('buildKeyObjectSelection', () => {
  const json = dicomJsonOfPart10(buildKeyObjectSelection(input({ predecessor: { studyInstanceUid: STUDY, seriesInstanceUid: `${STUDY}.98`, sopInstanceUid: `${STUDY}.98.0`, sopClassUid: KEY_OBJECT_SELECTION } })));

  it('is read by structured-report as exactly the given images, title and description', () => {
    const selection = readKeyImageSelection(json);
    expect(selection).toMatchObject({ title: 'For Teaching', isRejection: false, description: 'Classic case of a meniscal tear' });
    expect(selection.references).toEqual([
      { sopClassUid: CT_IMAGE, sopInstanceUid: ct.sopInstanceUid, frames: [], seriesInstanceUid: ct.seriesInstanceUid, studyInstanceUid: STUDY },
      { sopClassUid: ENHANCED_MR, sopInstanceUid: mrFrame12.sopInstanceUid, frames: [12], seriesInstanceUid: mrFrame12.seriesInstanceUid, studyInstanceUid: STUDY },
    ]);
  });

  it('writes the Key Object Document header: class, KO series, TID 2010, title code, time, predecessor', () => {
    expect(first(json, '00080016')).toBe(KEY_OBJECT_SELECTION);
    expect(first(json, '00080060')).toBe('KO');
    expect(first(json, '0020000E')).toBe(`${STUDY}.98`);
    expect(json['00081111']).toMatchObject({ vr: 'SQ', Value: [] });
    expect(first(first(json, '0040A504') as DicomJson, '0040DB00')).toBe('2010');
    const title = first(json, '0040A043') as DicomJson;
    expect([first(title, '00080100'), first(title, '00080102'), first(title, '00080104')]).toEqual(['113004', 'DCM', 'For Teaching']);
    expect([first(json, '00080023'), first(json, '00080033')]).toEqual(['20250630', '235959.000']);
    // SR-only attributes stay out of a KOS.
    expect(json['0040A491']).toBeUndefined();
    expect(json['0040A493']).toBeUndefined();
    const predecessor = first(first(first(json, '0040A360') as DicomJson, '00081115') as DicomJson, '00081199') as DicomJson;
    expect(first(predecessor, '00081155')).toBe(`${STUDY}.98.0`);
    expect(isMeasurementReport(json)).toBe(false);
  });

  it('names each title by its PS3.16 CID 7010 code', () => {
    const titles: KeyObjectTitle[] = ['Of Interest', 'For Referring Provider', 'For Surgery', 'For Teaching', 'For Conference', 'For Therapy', 'Quality Issue', 'For Report Attachment'];
    expect(titles.map((title) => keyObjectTitleCode(title).value)).toEqual(['113000', '113002', '113003', '113004', '113005', '113006', '113010', '113020']);
    expect(keyObjectTitleCode('For Conference')).toEqual({ value: '113005', scheme: 'DCM', meaning: 'For Conference' });
    const ofInterest = readKeyImageSelection(dicomJsonOfPart10(buildKeyObjectSelection(input({ title: 'Of Interest', description: undefined }))));
    expect(ofInterest).toMatchObject({ title: 'Of Interest', isRejection: false, description: undefined });
  });

  it('refuses a selection without images', () => {
    expect(() => buildKeyObjectSelection(input({ images: [] }))).toThrow(MeasurementReportInvalid);
  });

  it.skipIf(!hasDsrdump)('is read by dcmtk dsrdump without errors (needs dcmtk dsrdump)', () => {
    const { status, stdout, problems } = dsrdump(buildKeyObjectSelection(input()));
    expect(status).toBe(0);
    expect(problems).toEqual([]);
    expect(stdout).toContain('Key Object Selection Document');
    expect(stdout).toContain('<CONTAINER:(113004,DCM,"For Teaching")=SEPARATE>  # TID 2010 (DCMR)');
    expect(stdout).toContain('PNAME:(121008,DCM,"Person Observer Name")="Doe^Jane"');
    expect(stdout).toContain('TEXT:(113012,DCM,"Key Object Description")="Classic case of a meniscal tear"');
    expect(stdout).toContain(`<contains IMAGE:=(CT image,"${ct.sopInstanceUid}")>`);
    expect(stdout).toMatch(new RegExp(`<contains IMAGE:=\\([^,]+,"${mrFrame12.sopInstanceUid.replaceAll('.', '\\.')}",12\\)>`));
  });
});
