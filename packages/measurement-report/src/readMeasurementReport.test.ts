import { describe, expect, it } from 'vitest';
import dcmjs from 'dcmjs';
import { dcmjsLibrary, type NaturalizedDataset } from './dcmjsView';
import { isMeasurementReport, readMeasurementReport } from './index';
import { dicomJsonOfPart10 } from './readPart10';

const STUDY = '1.2.826.0.1.3680043.8.498.20';
const SERIES = `${STUDY}.1`;
const CT_IMAGE = '1.2.840.10008.5.1.4.1.1.2';
const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';

/** A naturalized dataset as another program would have written it, through Part 10 to DICOM JSON. */
function asStored(dataset: NaturalizedDataset) {
  const { DicomMetaDictionary, DicomDict } = dcmjsLibrary.data;
  const file = new DicomDict(
    DicomMetaDictionary.denaturalizeDataset({
      MediaStorageSOPClassUID: COMPREHENSIVE_SR,
      MediaStorageSOPInstanceUID: dataset.SOPInstanceUID,
      TransferSyntaxUID: '1.2.840.10008.1.2.1',
    }),
  );
  file.dict = DicomMetaDictionary.denaturalizeDataset(dataset);
  return dicomJsonOfPart10(file.write());
}

/**
 * dcmjs's own TID 1500 writer: the TID 300 classes its Cornerstone adapters (and so OHIF) use.
 * Typed here only as far as the test calls it.
 */
interface Tid300Constructor {
  new (props: Record<string, unknown>): unknown;
}
const { TID1500, TID300 } = (
  dcmjs as unknown as {
    utilities: {
      TID1500: {
        TID1500MeasurementReport: new (groups: { TID1501MeasurementGroups: unknown[] }) => {
          contentItem(sources: NaturalizedDataset[], options: { PersonName: string }): NaturalizedDataset;
        };
        TID1501MeasurementGroup: new (measurements: unknown[]) => unknown;
      };
      TID300: Record<'Length' | 'Ellipse' | 'Point' | 'Polygon' | 'CobbAngle', Tid300Constructor>;
    };
  }
).utilities;

describe('reading the TID 1500 dcmjs and OHIF write', () => {
  const sop = (n: number) => ({ ReferencedSOPClassUID: CT_IMAGE, ReferencedSOPInstanceUID: `${SERIES}.${n}` });
  const groups = new TID1500.TID1501MeasurementGroup([
    new TID300.Length({ point1: { x: 10, y: 20 }, point2: { x: 40, y: 60 }, distance: 50, ReferencedSOPSequence: sop(1), trackingIdentifierTextValue: 'cornerstoneTools@^4.0.0:Length' }),
    new TID300.Ellipse({
      points: [{ x: 11, y: 30 }, { x: 51, y: 30 }, { x: 31, y: 20 }, { x: 31, y: 40 }],
      area: 300.5,
      areaUnit: 'mm2',
      mean: 40,
      stdDev: 5,
      modalityUnit: 'HU',
      ReferencedSOPSequence: sop(2),
      trackingIdentifierTextValue: 'cornerstoneTools@^4.0.0:EllipticalRoi',
    }),
    new TID300.Point({
      points: [{ x: 5.5, y: 6.5 }],
      ReferencedSOPSequence: sop(1),
      trackingIdentifierTextValue: 'cornerstoneTools@^4.0.0:ArrowAnnotate',
      finding: { CodeValue: 'CORNERSTONEFREETEXT', CodingSchemeDesignator: 'CST4', CodeMeaning: 'Look here' },
    }),
    new TID300.Point({ points: [{ x: 7, y: 8 }], ReferencedSOPSequence: sop(1), trackingIdentifierTextValue: 'cornerstoneTools@^4.0.0:Probe' }),
    new TID300.Polygon({
      points: [{ x: 1, y: 1 }, { x: 9, y: 2 }, { x: 12, y: 8 }, { x: 4, y: 11 }, { x: 0, y: 5 }],
      perimeter: 30,
      area: 70,
      areaUnit: 'mm2',
      ReferencedSOPSequence: sop(1),
      trackingIdentifierTextValue: 'cornerstoneTools@^4.0.0:FreehandRoi',
    }),
    new TID300.CobbAngle({ point1: { x: 0, y: 0 }, point2: { x: 10, y: 0 }, point3: { x: 0, y: 5 }, point4: { x: 10, y: 9 }, rAngle: 21.8, ReferencedSOPSequence: sop(1) }),
  ]);
  const content = new TID1500.TID1500MeasurementReport({ TID1501MeasurementGroups: [groups] }).contentItem([{ StudyInstanceUID: STUDY, SeriesInstanceUID: SERIES }], {
    PersonName: 'Other^Reader',
  });
  const json = asStored({ SOPClassUID: COMPREHENSIVE_SR, SOPInstanceUID: `${STUDY}.9.1`, StudyInstanceUID: STUDY, SeriesInstanceUID: `${STUDY}.9`, Modality: 'SR', ...content });
  const report = readMeasurementReport(json);
  const image = (n: number) => ({ studyInstanceUid: STUDY, seriesInstanceUid: SERIES, sopInstanceUid: `${SERIES}.${n}`, sopClassUid: CT_IMAGE });

  it('is recognised and names its observer', () => {
    expect(isMeasurementReport(json)).toBe(true);
    expect(report.observerName).toBe('Other^Reader');
    expect(report.studyInstanceUid).toBe(STUDY);
  });

  it('reads length, ellipse (coordinates on its first NUM only), arrow and probe', () => {
    expect(report.measurements.map((measurement) => measurement.kind)).toEqual(['length', 'ellipse', 'arrow', 'probe']);
    const [length, ellipse, arrow, probe] = report.measurements;
    expect(length).toMatchObject({ image: image(1), points: [{ column: 10, row: 20 }, { column: 40, row: 60 }], values: [{ name: 'Length', value: 50, unit: 'mm' }] });
    expect(length?.label).toBeUndefined();
    expect(length?.trackingUid).toMatch(/^2\.25\./);
    expect(ellipse).toMatchObject({
      image: image(2),
      points: [{ column: 11, row: 30 }, { column: 51, row: 30 }, { column: 31, row: 20 }, { column: 31, row: 40 }],
      values: [
        { name: 'Area', value: 300.5, unit: 'mm2' },
        { name: 'Mean', value: 40, unit: "[hnsf'U]" },
        { name: 'SD', value: 5, unit: "[hnsf'U]" },
      ],
    });
    // The 111010 "Center" NUM dcmjs writes with value 0 on points is not a value.
    expect(arrow).toMatchObject({ image: image(1), points: [{ column: 5.5, row: 6.5 }], values: [], label: 'Look here' });
    expect(probe).toMatchObject({ points: [{ column: 7, row: 8 }], values: [] });
  });

  it('leaves out the freehand outline and the Cobb angle, saying so', () => {
    expect(report.problems).toEqual([
      'Measurement “cornerstoneTools@^4.0.0:FreehandRoi” is not shown: it is a freehand outline, which Longview cannot show yet.',
      'Measurement “web annotation” is not shown: Longview cannot show this kind of measurement yet.',
    ]);
  });
});

// A TID 1410-shaped report written by hand (highdicom style), built from its content items.
const code = (CodeValue: string, CodingSchemeDesignator: string, CodeMeaning: string) => [{ CodeValue, CodingSchemeDesignator, CodeMeaning }];
const container = (value: string, meaning: string, children: NaturalizedDataset[]) => ({
  RelationshipType: 'CONTAINS',
  ValueType: 'CONTAINER',
  ConceptNameCodeSequence: code(value, 'DCM', meaning),
  ContinuityOfContent: 'SEPARATE',
  ContentSequence: children,
});
const tracking = (identifier: string, uid: string) => [
  { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'TEXT', ConceptNameCodeSequence: code('112039', 'DCM', 'Tracking Identifier'), TextValue: identifier },
  { RelationshipType: 'HAS OBS CONTEXT', ValueType: 'UIDREF', ConceptNameCodeSequence: code('112040', 'DCM', 'Tracking Unique Identifier'), UID: uid },
];
const selectedFrom = (sopInstanceUid: string, frame?: number) => [
  {
    RelationshipType: 'SELECTED FROM',
    ValueType: 'IMAGE',
    ReferencedSOPSequence: [{ ReferencedSOPClassUID: CT_IMAGE, ReferencedSOPInstanceUID: sopInstanceUid, ...(frame ? { ReferencedFrameNumber: frame } : {}) }],
  },
];
const num = (concept: ReturnType<typeof code>, value: number, unit: string, children: NaturalizedDataset[] = []) => ({
  RelationshipType: 'CONTAINS',
  ValueType: 'NUM',
  ConceptNameCodeSequence: concept,
  MeasuredValueSequence: [{ NumericValue: value, MeasurementUnitsCodeSequence: code(unit, 'UCUM', unit) }],
  ...(children.length ? { ContentSequence: children } : {}),
});
// Coordinates beside the NUMs (TID 1410 Image Region), legacy SRT codes, a NUM without a number.
const planarRoi = container('125007', 'Measurement Group', [
  ...tracking('Region 1', '2.25.777'),
  { RelationshipType: 'CONTAINS', ValueType: 'CODE', ConceptNameCodeSequence: code('121071', 'DCM', 'Finding'), ConceptCodeSequence: code('4147007', 'SCT', 'Mass') },
  {
    RelationshipType: 'CONTAINS',
    ValueType: 'SCOORD',
    ConceptNameCodeSequence: code('111030', 'DCM', 'Image Region'),
    GraphicType: 'ELLIPSE',
    GraphicData: [20, 50, 60, 50, 40, 40, 40, 60],
    ContentSequence: selectedFrom(`${SERIES}.5`, 2),
  },
  num(code('R-00317', 'SRT', 'Mean'), 41.5, "[hnsf'U]"),
  num(code('42798000', 'SCT', 'Area'), 12.25, 'mm2'),
  // TID 1419: what is measured (attenuation), then how it is derived from the region (its maximum).
  num(code('112031', 'DCM', 'Attenuation Coefficient'), 88, "[hnsf'U]", [
    { RelationshipType: 'HAS CONCEPT MOD', ValueType: 'CODE', ConceptNameCodeSequence: code('121401', 'DCM', 'Derivation'), ConceptCodeSequence: code('56851009', 'SCT', 'Maximum') },
  ]),
  {
    RelationshipType: 'CONTAINS',
    ValueType: 'NUM',
    ConceptNameCodeSequence: code('386136009', 'SCT', 'Standard Deviation'),
    NumericValueQualifierCodeSequence: code('114000', 'DCM', 'Not a number'),
  },
]);
const volumetric = container('125007', 'Measurement Group', [
  ...tracking('Nodule volume', '2.25.778'),
  {
    RelationshipType: 'CONTAINS',
    ValueType: 'SCOORD3D',
    ConceptNameCodeSequence: code('111030', 'DCM', 'Image Region'),
    GraphicType: 'POINT',
    GraphicData: [1, 2, 3],
    ReferencedFrameOfReferenceUID: `${STUDY}.77`,
  },
]);
// A length on an image the evidence does not list, and a rectangle whose outline is a POLYLINE of 4 corners.
const unlisted = container('125007', 'Measurement Group', [
  ...tracking('Unlisted', '2.25.779'),
  num(code('410668003', 'SCT', 'Length'), 7, 'mm', [
    { RelationshipType: 'INFERRED FROM', ValueType: 'SCOORD', GraphicType: 'POLYLINE', GraphicData: [1, 1, 8, 1], ContentSequence: selectedFrom(`${STUDY}.404.1`) },
  ]),
]);
const handWrittenReport: NaturalizedDataset = {
  SOPClassUID: COMPREHENSIVE_SR,
  SOPInstanceUID: `${STUDY}.8.1`,
  StudyInstanceUID: STUDY,
  SeriesInstanceUID: `${STUDY}.8`,
  Modality: 'SR',
  Manufacturer: 'highdicom',
  SoftwareVersions: '0.22.0',
  ContentDate: '20240229',
  ContentTime: '2330',
  TimezoneOffsetFromUTC: '+0100',
  PertinentOtherEvidenceSequence: [
    { StudyInstanceUID: STUDY, ReferencedSeriesSequence: [{ SeriesInstanceUID: SERIES, ReferencedSOPSequence: [{ ReferencedSOPClassUID: CT_IMAGE, ReferencedSOPInstanceUID: `${SERIES}.5` }] }] },
  ],
  ValueType: 'CONTAINER',
  ConceptNameCodeSequence: code('126000', 'DCM', 'Imaging Measurement Report'),
  ContinuityOfContent: 'SEPARATE',
  ContentTemplateSequence: [{ MappingResource: 'DCMR', TemplateIdentifier: '1500' }],
  // Groups nested one level down in the Imaging Measurements, as some writers do.
  ContentSequence: [container('126010', 'Imaging Measurements', [container('125007', 'Measurement Group', []), planarRoi, volumetric, unlisted])],
};

describe('reading a TID 1410-shaped report written by hand (highdicom style)', () => {
  const report = readMeasurementReport(asStored(handWrittenReport));

  it('reads the region beside its NUMs, the finding as label, legacy codes, frames and pertinent evidence', () => {
    const [ellipse] = report.measurements;
    expect(ellipse).toEqual({
      kind: 'ellipse',
      image: { studyInstanceUid: STUDY, seriesInstanceUid: SERIES, sopInstanceUid: `${SERIES}.5`, sopClassUid: CT_IMAGE, frameNumber: 2 },
      points: [{ column: 20, row: 50 }, { column: 60, row: 50 }, { column: 40, row: 40 }, { column: 40, row: 60 }],
      values: [
        { name: 'Mean', value: 41.5, unit: "[hnsf'U]" },
        { name: 'Area', value: 12.25, unit: 'mm2' },
        { name: 'Max', value: 88, unit: "[hnsf'U]" },
      ],
      label: 'Mass',
      trackingUid: '2.25.777',
    });
  });

  it('keeps a measurement whose image is not in the evidence, and says what could not be read', () => {
    expect(report.measurements[1]).toMatchObject({ kind: 'length', image: { studyInstanceUid: STUDY, seriesInstanceUid: '', sopInstanceUid: `${STUDY}.404.1` } });
    expect(report.measurements).toHaveLength(2);
    expect(report.problems).toEqual([
      'Measurement “measurement 1” is not shown: it does not say where on an image it lies.',
      'Measurement “Mass”: its Standard Deviation has no number.',
      'Measurement “Nodule volume” is not shown: it is drawn in 3-D patient coordinates, which Longview cannot show yet.',
      'Measurement “Unlisted”: the report does not list the series of its image, so the image may not open.',
    ]);
  });

  it('reads the document facts, placing the content time with its UTC offset', () => {
    expect(report).toMatchObject({ observerName: undefined, manufacturer: 'highdicom', softwareVersions: '0.22.0', predecessors: [], sopInstanceUid: `${STUDY}.8.1` });
    expect(report.contentDateTime?.toISOString()).toBe('2024-02-29T22:30:00.000Z');
  });

  it('says so when there is no Imaging Measurements section at all', () => {
    const withoutSection = readMeasurementReport(asStored({ ...handWrittenReport, ContentSequence: [] }));
    expect(withoutSection.measurements).toEqual([]);
    expect(withoutSection.problems).toEqual(['The report has no Imaging Measurements section, so it shows no measurements.']);
  });
});
