import { describe, expect, it } from 'vitest';
import type { DicomJson } from '@longview/dicom-meta';
import { readSrDocument } from '@longview/structured-report';
import { decimalString } from './buildMeasurementReport';
import { dsrdump, hasDsrdump } from './dsrdump';
import { buildMeasurementReport } from './write';
import {
  isMeasurementReport,
  MeasurementReportInvalid,
  readMeasurementReport,
  type MeasurementReportInput,
  type ReportImageReference,
  type ReportMeasurement,
  type ReportStudyContext,
} from './index';
import { dicomJsonOfPart10 } from './readPart10';

const STUDY = '1.2.826.0.1.3680043.8.498.10';
const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
const US_MULTIFRAME = '1.2.840.10008.5.1.4.1.1.3.1';
const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';

const study: ReportStudyContext = {
  studyInstanceUid: STUDY,
  patientId: 'PID-7',
  issuerOfPatientId: 'HOSPITAL',
  patientName: 'Doe^John',
  patientBirthDate: '19700101',
  patientSex: 'M',
  studyDate: '20250102',
  studyTime: '101500',
  accessionNumber: 'ACC-1',
  studyId: 'S1',
  referringPhysicianName: 'House^Gregory',
};
const ct: ReportImageReference = { studyInstanceUid: STUDY, seriesInstanceUid: `${STUDY}.2`, sopInstanceUid: `${STUDY}.2.1`, sopClassUid: CT_IMAGE };
const usFrame7: ReportImageReference = { studyInstanceUid: STUDY, seriesInstanceUid: `${STUDY}.3`, sopInstanceUid: `${STUDY}.3.1`, sopClassUid: US_MULTIFRAME, frameNumber: 7 };
const LONG_LABEL = 'Gallstone in the neck of the gallbladder, with acoustic shadowing behind it';

const oneOfEachKind: ReportMeasurement[] = [
  {
    kind: 'length',
    image: ct,
    points: [{ column: 10.5, row: 20.25 }, { column: 110.5, row: 20.25 }],
    values: [{ name: 'Length', value: 42.125, unit: 'mm' }],
    label: 'Lesion A',
    trackingUid: '2.25.1001',
  },
  {
    kind: 'angle',
    image: usFrame7,
    points: [{ column: 1, row: 2 }, { column: 50.5, row: 60.25 }, { column: 100, row: 2 }],
    values: [{ name: 'Angle', value: 1 / 3, unit: 'deg' }],
  },
  {
    kind: 'ellipse',
    image: ct,
    points: [{ column: 50, row: 30 }, { column: 90, row: 30 }, { column: 70, row: 20.5 }, { column: 70, row: 39.5 }],
    values: [
      { name: 'Area', value: 1234.5, unit: 'mm2' },
      { name: 'Mean', value: 35.25, unit: "[hnsf'U]" },
      { name: 'SD', value: 4.5, unit: "[hnsf'U]" },
      { name: 'Min', value: -12, unit: "[hnsf'U]" },
      { name: 'Max', value: 80, unit: "[hnsf'U]" },
    ],
    trackingUid: '2.25.1003',
  },
  {
    kind: 'rectangle',
    image: ct,
    points: [{ column: 10, row: 10 }, { column: 40, row: 10 }, { column: 40, row: 25 }, { column: 10, row: 25 }],
    values: [{ name: 'Area', value: 450, unit: '{pixel}2' }, { name: 'Mean', value: 101.75, unit: '1' }],
  },
  { kind: 'probe', image: ct, points: [{ column: 33.5, row: 44.5 }], values: [{ name: 'Value', value: 52, unit: "[hnsf'U]" }] },
  { kind: 'arrow', image: usFrame7, points: [{ column: 12.5, row: 13.5 }], values: [], label: LONG_LABEL },
];

const predecessor = { studyInstanceUid: STUDY, seriesInstanceUid: `${STUDY}.99`, sopInstanceUid: `${STUDY}.99.1`, sopClassUid: COMPREHENSIVE_SR };

function input(overrides: Partial<MeasurementReportInput> = {}): MeasurementReportInput {
  return {
    study,
    observerName: 'Doe^Jane',
    measurements: oneOfEachKind,
    seriesInstanceUid: `${STUDY}.99`,
    sopInstanceUid: `${STUDY}.99.2`,
    instanceNumber: 2,
    contentDateTime: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 600)),
    predecessor,
    ...overrides,
  };
}

const first = (json: DicomJson | undefined, tag: string): unknown => json?.[tag]?.Value?.[0];
const item = (json: DicomJson | undefined, tag: string): DicomJson | undefined => first(json, tag) as DicomJson | undefined;

function expectSameMeasurement(read: ReportMeasurement | undefined, written: ReportMeasurement): void {
  expect(read?.kind).toBe(written.kind);
  expect(read?.image).toEqual(written.image);
  expect(read?.label).toBe(written.label);
  if (written.trackingUid) expect(read?.trackingUid).toBe(written.trackingUid);
  else expect(read?.trackingUid).toMatch(/^2\.25\.\d+$/);
  expect(read?.points).toHaveLength(written.points.length);
  written.points.forEach((point, index) => {
    expect(read?.points[index]?.column).toBeCloseTo(point.column, 4);
    expect(read?.points[index]?.row).toBeCloseTo(point.row, 4);
  });
  expect(read?.values.map(({ name, unit }) => ({ name, unit }))).toEqual(written.values.map(({ name, unit }) => ({ name, unit })));
  written.values.forEach((value, index) => expect(read?.values[index]?.value).toBeCloseTo(value.value, 10));
}

describe('buildMeasurementReport → readMeasurementReport', () => {
  const part10 = buildMeasurementReport(input());
  const json = dicomJsonOfPart10(part10);
  const report = readMeasurementReport(json);

  it('reads back every kind with its points, values, units, label and image', () => {
    expect(report.problems).toEqual([]);
    expect(report.measurements).toHaveLength(oneOfEachKind.length);
    oneOfEachKind.forEach((written, index) => expectSameMeasurement(report.measurements[index], written));
  });

  it('reads back who, when, what wrote it and which version it replaces', () => {
    expect(report).toMatchObject({
      sopInstanceUid: `${STUDY}.99.2`,
      seriesInstanceUid: `${STUDY}.99`,
      studyInstanceUid: STUDY,
      observerName: 'Doe^Jane',
      manufacturer: 'Longview',
      softwareVersions: 'measurement-report 1',
      predecessors: [`${STUDY}.99.1`],
    });
    expect(report.contentDateTime?.toISOString()).toBe('2025-01-02T03:04:05.600Z');
    expect(isMeasurementReport(json)).toBe(true);
  });

  it('writes the SR header: class, series, flags, UTC content time, template, patient and study', () => {
    expect(first(json, '00080016')).toBe(COMPREHENSIVE_SR);
    expect(first(json, '00080060')).toBe('SR');
    expect(first(json, '0020000E')).toBe(`${STUDY}.99`);
    expect(first(json, '00200013')).toBe(2);
    expect(first(json, '0008103E')).toBe('Longview measurements');
    expect(first(json, '00080070')).toBe('Longview');
    expect(first(json, '0040A491')).toBe('COMPLETE');
    expect(first(json, '0040A493')).toBe('UNVERIFIED');
    expect(first(json, '00080023')).toBe('20250102');
    expect(first(json, '00080033')).toBe('030405.600');
    expect(first(json, '00080201')).toBe('+0000');
    // All ASCII: no character set declared (the default repertoire).
    expect(json['00080005']).toBeUndefined();
    const template = item(json, '0040A504');
    expect([first(template, '0040DB00'), first(template, '00080105')]).toEqual(['1500', 'DCMR']);
    expect(first(item(json, '0040A043'), '00080100')).toBe('126000');
    expect(first(json, '00100010')).toEqual({ Alphabetic: 'Doe^John' });
    expect([first(json, '00100020'), first(json, '00100021'), first(json, '00100030'), first(json, '00100040')]).toEqual(['PID-7', 'HOSPITAL', '19700101', 'M']);
    expect([first(json, '0020000D'), first(json, '00080020'), first(json, '00080050'), first(json, '00200010')]).toEqual([STUDY, '20250102', 'ACC-1', 'S1']);
    expect(first(json, '00080090')).toEqual({ Alphabetic: 'House^Gregory' });
  });

  it('lists each referenced image once in the evidence, by study and series, and names the predecessor', () => {
    const evidence = item(json, '0040A375');
    expect(first(evidence, '0020000D')).toBe(STUDY);
    const series = (evidence?.['00081115']?.Value ?? []) as DicomJson[];
    const listed = series.map((entry) => ({
      series: first(entry, '0020000E'),
      sops: ((entry['00081199']?.Value ?? []) as DicomJson[]).map((sop) => [first(sop, '00081150'), first(sop, '00081155')]),
    }));
    expect(listed).toEqual([
      { series: ct.seriesInstanceUid, sops: [[CT_IMAGE, ct.sopInstanceUid]] },
      { series: usFrame7.seriesInstanceUid, sops: [[US_MULTIFRAME, usFrame7.sopInstanceUid]] },
    ]);
    const predecessorStudy = item(json, '0040A360');
    const predecessorSeries = item(predecessorStudy, '00081115');
    expect([first(predecessorStudy, '0020000D'), first(predecessorSeries, '0020000E')]).toEqual([STUDY, `${STUDY}.99`]);
    expect([first(item(predecessorSeries, '00081199'), '00081150'), first(item(predecessorSeries, '00081199'), '00081155')]).toEqual([COMPREHENSIVE_SR, `${STUDY}.99.1`]);
  });

  it('is the TID 1500 report structured-report reads', () => {
    const document = readSrDocument(json);
    expect(document).toMatchObject({ kind: 'report', title: 'Imaging Measurement Report', templateId: '1500', completion: 'COMPLETE', verification: 'UNVERIFIED' });
    expect(document.root.children.map((child) => child.concept?.meaning)).toEqual([
      'Language of Content Item and Descendants',
      'Observer Type',
      'Person Observer Name',
      'Procedure reported',
      'Image Library',
      'Imaging Measurements',
    ]);
    const library = document.root.children[4];
    expect(library?.children[0]?.children.map((entry) => (entry.valueType === 'IMAGE' ? entry.reference : undefined))).toEqual([
      { sopClassUid: CT_IMAGE, sopInstanceUid: ct.sopInstanceUid, frames: [] },
      { sopClassUid: US_MULTIFRAME, sopInstanceUid: usFrame7.sopInstanceUid, frames: [7] },
    ]);
  });

  it('closes the rectangle outline and writes points as float32 column,row pairs', () => {
    const measurements = document(json).children[5]?.children ?? [];
    const rectangleArea = measurements[3]?.children.find((child) => child.valueType === 'NUM');
    const outline = rectangleArea?.children[0];
    expect(outline).toMatchObject({ relationship: 'INFERRED FROM', valueType: 'SCOORD', graphicType: 'POLYLINE', points: [10, 10, 40, 10, 40, 25, 10, 25, 10, 10] });
    expect(outline?.children[0]).toMatchObject({ relationship: 'SELECTED FROM', valueType: 'IMAGE', reference: { sopInstanceUid: ct.sopInstanceUid } });
    const arrowRegion = measurements[5]?.children.find((child) => child.valueType === 'SCOORD');
    expect(arrowRegion).toMatchObject({ relationship: 'CONTAINS', concept: { value: '111030' }, graphicType: 'POINT', points: [12.5, 13.5] });
    expect(arrowRegion?.children[0]).toMatchObject({ valueType: 'IMAGE', reference: { sopInstanceUid: usFrame7.sopInstanceUid, frames: [7] } });
    const children = (node: DicomJson | undefined) => (node?.['0040A730']?.Value ?? []) as DicomJson[];
    const arrowGroup = children(children(json)[5])[5];
    const arrowScoord = children(arrowGroup).find((child) => first(child, '0040A040') === 'SCOORD');
    expect(arrowScoord?.['00700022']).toMatchObject({ vr: 'FL', Value: [12.5, 13.5] });
  });
});

function document(json: DicomJson) {
  return readSrDocument(json).root;
}

describe('dcmtk dsrdump, an independent SR reader', () => {
  it.skipIf(!hasDsrdump)('reads the report without errors and finds its values, points and observer (needs dcmtk dsrdump)', () => {
    const { status, stdout, problems } = dsrdump(buildMeasurementReport(input()));
    expect(status).toBe(0);
    expect(problems).toEqual([]);
    expect(stdout).toContain('Comprehensive SR Document');
    expect(stdout).toContain('# TID 1500 (DCMR)');
    expect(stdout).toContain('PNAME:(121008,DCM,"Person Observer Name")="Doe^Jane"');
    expect(stdout).toContain('NUM:(410668003,SCT,"Length")="42.125" (mm,UCUM,"millimeter")');
    expect(stdout).toContain('NUM:(1483009,SCT,"Angle")="0.33333333333333" (deg,UCUM,"degree")');
    expect(stdout).toContain(`NUM:(373098007,SCT,"Mean")="35.25" ([hnsf'U],UCUM,"Hounsfield unit")`);
    expect(stdout).toContain('SCOORD:(111030,DCM,"Image Region")=(POLYLINE,10/10,40/10,40/25,10/25,10/10)');
    expect(stdout).toContain('SCOORD:(111030,DCM,"Image Region")=(ELLIPSE,50/30,90/30,70/20.5,70/39.5)');
    expect(stdout).toContain(`IMAGE:(121324,DCM,"Source Image")=(USm image,"${usFrame7.sopInstanceUid}",7)`);
    expect(stdout).toContain(`IMAGE:=(CT image,"${ct.sopInstanceUid}")`);
    expect(stdout).toContain(`TEXT:(112039,DCM,"Tracking Identifier")="${LONG_LABEL}"`);
    expect(stdout).toContain('Predecessor Docs    : 1');
  });

  it.skipIf(!hasDsrdump)('reads an empty report and a UTF-8 observer name (needs dcmtk dsrdump)', () => {
    const { status, stdout, problems } = dsrdump(buildMeasurementReport(input({ measurements: [], observerName: 'Łukasz^Zoë' })));
    expect(status).toBe(0);
    expect(problems).toEqual([]);
    expect(stdout).toContain('"Person Observer Name")="Łukasz^Zoë"');
    expect(stdout).toContain('CONTAINER:(126010,DCM,"Imaging Measurements")=SEPARATE');
  });
});

describe('the nasty cases', () => {
  it('writes a valid report with an empty Imaging Measurements container when there are no measurements', () => {
    const json = dicomJsonOfPart10(buildMeasurementReport(input({ measurements: [], predecessor: undefined })));
    const report = readMeasurementReport(json);
    expect(report).toMatchObject({ measurements: [], problems: [], predecessors: [] });
    expect(json['0040A375']).toBeUndefined();
    const section = document(json).children.find((child) => child.concept?.value === '126010');
    expect(section).toMatchObject({ valueType: 'CONTAINER', children: [] });
  });

  it('declares UTF-8 and keeps a non-ASCII observer name', () => {
    const json = dicomJsonOfPart10(buildMeasurementReport(input({ observerName: 'Łukasz^Zoë', study: { ...study, patientName: 'Müller^Jürgen' } })));
    expect(first(json, '00080005')).toBe('ISO_IR 192');
    expect(readMeasurementReport(json).observerName).toBe('Łukasz^Zoë');
    expect(first(json, '00100010')).toEqual({ Alphabetic: 'Müller^Jürgen' });
  });

  it('still recognises a TID 1500 report whose ContentTemplateSequence is missing, by its root concept', () => {
    const json = dicomJsonOfPart10(buildMeasurementReport(input()));
    delete json['0040A504'];
    expect(isMeasurementReport(json)).toBe(true);
    expect(readMeasurementReport(json).measurements).toHaveLength(oneOfEachKind.length);
  });

  it('rejects an SR that is not a TID 1500 measurement report', () => {
    const diagnosticReport: DicomJson = {
      '00080016': { vr: 'UI', Value: [COMPREHENSIVE_SR] },
      '0040A040': { vr: 'CS', Value: ['CONTAINER'] },
      '0040A043': { vr: 'SQ', Value: [{ '00080100': { vr: 'SH', Value: ['18748-4'] }, '00080102': { vr: 'SH', Value: ['LN'] }, '00080104': { vr: 'LO', Value: ['Diagnostic Imaging Report'] } }] },
      '0040A504': { vr: 'SQ', Value: [{ '00080105': { vr: 'CS', Value: ['DCMR'] }, '0040DB00': { vr: 'CS', Value: ['2000'] } }] },
    };
    expect(isMeasurementReport(diagnosticReport)).toBe(false);
    // The same concept value in another scheme is another concept.
    const lookalike = structuredClone(diagnosticReport);
    delete lookalike['0040A504'];
    lookalike['0040A043'] = { vr: 'SQ', Value: [{ '00080100': { vr: 'SH', Value: ['126000'] }, '00080102': { vr: 'SH', Value: ['99LOCAL'] } }] };
    expect(isMeasurementReport(lookalike)).toBe(false);
    expect(isMeasurementReport({})).toBe(false);
  });

  it('refuses measurements that cannot make a valid document, with a message for the user', () => {
    const [length, , , , probe, arrow] = oneOfEachKind as [ReportMeasurement, ReportMeasurement, ReportMeasurement, ReportMeasurement, ReportMeasurement, ReportMeasurement];
    const cases: ReportMeasurement[] = [
      { ...length, points: length.points.slice(0, 1) },
      { ...length, values: [{ name: 'Length', value: Number.NaN, unit: 'mm' }] },
      { ...length, values: [] },
      { ...length, points: [{ column: Number.POSITIVE_INFINITY, row: 0 }, { column: 1, row: 1 }] },
      { ...probe, values: [] },
      { ...arrow, values: [{ name: 'Value', value: 1, unit: '1' }] },
    ];
    for (const measurement of cases) {
      expect(() => buildMeasurementReport(input({ measurements: [measurement] }))).toThrow(MeasurementReportInvalid);
    }
    try {
      buildMeasurementReport(input({ measurements: [cases[0] as ReportMeasurement] }));
    } catch (error) {
      expect((error as MeasurementReportInvalid).userMessage).toBe('The measurements could not be saved: measurement 1 (length) has 1 points instead of 2.');
    }
  });

  it('writes decimals that fit DS (16 characters) with as many digits as fit', () => {
    expect(decimalString(42.125)).toBe('42.125');
    expect(decimalString(1 / 3)).toBe('0.33333333333333');
    expect(decimalString(-1234567.123456789)).toBe('-1234567.1234568');
    expect(decimalString(1e-20 / 3)).toBe('3.3333333333e-21');
    expect(decimalString(1.2345678901234568e17)).toBe('1.23456789012e17');
    for (const value of [1 / 3, -1234567.123456789, 1e-20 / 3, 1.2345678901234568e17, -9.87654321987654e-300]) {
      expect(decimalString(value).length).toBeLessThanOrEqual(16);
      expect(Math.abs(Number(decimalString(value)) / value - 1)).toBeLessThan(1e-9);
    }
  });
});
