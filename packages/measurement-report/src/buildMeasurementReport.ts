import { CONCEPT, FREE_TEXT_CODE, VALUE_CONCEPT, unitCode, type ConceptCode } from './codes';
import { codedConcept, dcmjsLibrary, type NaturalizedDataset } from './dcmjsView';
import { contentDateTime, evidence, patientAndStudy, personObserverContext, predecessorDocuments, seriesAndEquipment, unnamedImageItem, writePart10 } from './documentHeader';
import {
  MEASUREMENT_KIND_TITLE,
  MeasurementReportInvalid,
  POINTS_PER_KIND,
  type MeasurementReportInput,
  type ReportImageReference,
  type ReportMeasurement,
  type ReportMeasurementKind,
  type ReportValue,
} from './model';

/**
 * Comprehensive SR, not Enhanced SR (.22): both IODs hold everything TID 1500 needs for 2-D
 * coordinates, but Comprehensive SR is what dcmjs's Cornerstone adapters (so OHIF) and highdicom
 * write for measurement reports, and viewers' SR handlers are keyed on it.
 */
const COMPREHENSIVE_SR = '1.2.840.10008.5.1.4.1.1.88.33';

/** The SCOORD graphic type each kind is written as (a rectangle is a closed POLYLINE: 2-D SCOORD has no POLYGON). */
const GRAPHIC_TYPE: Record<ReportMeasurementKind, 'POLYLINE' | 'ELLIPSE' | 'POINT'> = {
  length: 'POLYLINE',
  angle: 'POLYLINE',
  ellipse: 'ELLIPSE',
  rectangle: 'POLYLINE',
  probe: 'POINT',
  arrow: 'POINT',
};

/** The value without which a kind is not what it says (a length is read back by its Length). */
const REQUIRED_VALUE: Partial<Record<ReportMeasurementKind, ReportValue['name']>> = { length: 'Length', angle: 'Angle' };

/** A TID 1500 Imaging Measurement Report holding the measurements, as a Part-10 file. */
export function buildMeasurementReport(input: MeasurementReportInput): ArrayBuffer {
  input.measurements.forEach(checkMeasurement);
  const { MeasurementReport, LanguageOfContentItemAndDescendants } = dcmjsLibrary.sr.templates;
  const [root] = new MeasurementReport({
    languageOfContentItemAndDescendants: new LanguageOfContentItemAndDescendants({}),
    observationContext: personObserverContext(input.observerName),
    procedureReported: concept(CONCEPT.imagingProcedure),
    imagingMeasurements: input.measurements.map(measurementGroup),
  });
  if (!root) throw new MeasurementReportInvalid('the report template produced no content');
  const images = input.measurements.map((measurement) => measurement.image);
  fillImageLibrary(root, images);
  return writePart10({
    SOPClassUID: COMPREHENSIVE_SR,
    SOPInstanceUID: input.sopInstanceUid,
    ...patientAndStudy(input.study),
    ...seriesAndEquipment('SR', input.seriesInstanceUid, 'Longview measurements'),
    InstanceNumber: input.instanceNumber ?? 1,
    // COMPLETE: the document holds all this reader's measurements as saved; a later save is a
    // new document naming this one as predecessor, not a continuation of a partial one.
    CompletionFlag: 'COMPLETE',
    VerificationFlag: 'UNVERIFIED',
    ...contentDateTime(input.contentDateTime),
    PerformedProcedureCodeSequence: [],
    ...evidence(images),
    ...predecessorDocuments(input.predecessor),
    ...(input.measurements.some((measurement) => labelOf(measurement)) ? privateCodingScheme() : {}),
    ...root,
  });
}

function checkMeasurement(measurement: ReportMeasurement, index: number): void {
  const where = `measurement ${index + 1} (${measurement.kind})`;
  const points = POINTS_PER_KIND[measurement.kind];
  if (measurement.points.length !== points) throw new MeasurementReportInvalid(`${where} has ${measurement.points.length} points instead of ${points}`);
  if (!measurement.points.every((point) => Number.isFinite(point.column) && Number.isFinite(point.row))) {
    throw new MeasurementReportInvalid(`${where} has a point that is not a number`);
  }
  if (!measurement.values.every((value) => Number.isFinite(value.value))) throw new MeasurementReportInvalid(`${where} has a value that is not a number`);
  if (measurement.kind === 'arrow' && measurement.values.length > 0) throw new MeasurementReportInvalid(`${where} is an arrow but carries values`);
  if (measurement.kind !== 'arrow' && measurement.values.length === 0) throw new MeasurementReportInvalid(`${where} has no value`);
  const required = REQUIRED_VALUE[measurement.kind];
  if (required && !measurement.values.some((value) => value.name === required)) throw new MeasurementReportInvalid(`${where} has no ${required} value`);
}

/**
 * One TID 1501 Measurement Group: tracking identifier (the label, or "Length 2"), tracking UID,
 * the label as Finding, then each value as a NUM inferred from the drawn coordinates. An arrow
 * has no value: its point is the group's Image Region (as in TID 1410).
 */
function measurementGroup(measurement: ReportMeasurement, index: number): NaturalizedDataset {
  const { ContainerContentItem, CodeContentItem } = dcmjsLibrary.sr.valueTypes;
  const { TrackingIdentifier } = dcmjsLibrary.sr.templates;
  const group = new ContainerContentItem({ name: concept(CONCEPT.measurementGroup), relationshipType: 'CONTAINS' });
  const label = labelOf(measurement);
  const finding = label
    ? [
        new CodeContentItem({
          name: concept(CONCEPT.finding),
          // CodeMeaning is LO (64 characters); the whole label is the tracking identifier's text.
          value: codedConcept(FREE_TEXT_CODE.value, FREE_TEXT_CODE.scheme, label.slice(0, 64)),
          relationshipType: 'CONTAINS',
        }),
      ]
    : [];
  const content =
    measurement.kind === 'arrow'
      ? [
          new dcmjsLibrary.sr.contentItems.ImageRegion({
            graphicType: GRAPHIC_TYPE.arrow,
            graphicData: graphicData(measurement),
            sourceImage: sourceImage(measurement.image),
          }),
        ]
      : measurement.values.map((value) => numItem(value, measurement));
  group.ContentSequence = [
    ...new TrackingIdentifier({
      uid: measurement.trackingUid ?? dcmjsLibrary.data.DicomMetaDictionary.uid(),
      identifier: label ?? `${MEASUREMENT_KIND_TITLE[measurement.kind]} ${index + 1}`,
    }),
    ...finding,
    ...content,
  ];
  return group;
}

function numItem(value: ReportValue, measurement: ReportMeasurement): NaturalizedDataset {
  const { NumContentItem, ScoordContentItem } = dcmjsLibrary.sr.valueTypes;
  const num = new NumContentItem({
    name: concept(VALUE_CONCEPT[value.name]),
    value: value.value,
    unit: concept(unitCode(value.unit)),
    relationshipType: 'CONTAINS',
  });
  // dcmjs cuts a longer NumericValue (DS, 16 characters) itself, with a console warning; the
  // full double is kept in FloatingPointValue, which dcmjs adds for every non-integer.
  const [measured] = num.MeasuredValueSequence as NaturalizedDataset[];
  if (measured) measured.NumericValue = decimalString(value.value);
  const coordinates = new ScoordContentItem({
    name: concept(CONCEPT.imageRegion),
    graphicType: GRAPHIC_TYPE[measurement.kind],
    graphicData: graphicData(measurement),
    relationshipType: 'INFERRED FROM',
  });
  coordinates.ContentSequence = [sourceImage(measurement.image)];
  num.ContentSequence = [coordinates];
  return num;
}

/** Column, row pairs (float32 once written); a rectangle's outline is closed by repeating its first corner. */
function graphicData(measurement: ReportMeasurement): number[] {
  const points = measurement.kind === 'rectangle' ? [...measurement.points, ...measurement.points.slice(0, 1)] : measurement.points;
  return points.flatMap((point) => [point.column, point.row]);
}

function sourceImage(image: ReportImageReference): NaturalizedDataset {
  return new dcmjsLibrary.sr.contentItems.SourceImageForRegion({
    referencedSOPClassUID: image.sopClassUid,
    referencedSOPInstanceUID: image.sopInstanceUid,
    ...(image.frameNumber !== undefined ? { referencedFrameNumbers: [image.frameNumber] } : {}),
  });
}

/**
 * TID 1600 Image Library: one Image Library Group listing each referenced image once. dcmjs's
 * template leaves the library empty.
 */
function fillImageLibrary(root: NaturalizedDataset, images: ReportImageReference[]): void {
  const library = (root.ContentSequence as NaturalizedDataset[]).find((item) => hasConcept(item, CONCEPT.imageLibrary.value));
  const unique = new Map(images.map((image) => [`${image.sopInstanceUid}/${image.frameNumber ?? ''}`, image]));
  if (!library || unique.size === 0) return;
  const group = new dcmjsLibrary.sr.valueTypes.ContainerContentItem({ name: concept(CONCEPT.imageLibraryGroup), relationshipType: 'CONTAINS' });
  group.ContentSequence = [...unique.values()].map(unnamedImageItem);
  library.ContentSequence = [group];
}

function labelOf(measurement: ReportMeasurement): string | undefined {
  return measurement.label?.trim() || undefined;
}

function hasConcept(item: NaturalizedDataset, codeValue: string): boolean {
  const [name] = (item.ConceptNameCodeSequence as Array<{ CodeValue?: string }> | undefined) ?? [];
  return name?.CodeValue === codeValue;
}

/** The private coding scheme of the free-text Finding code (PS3.3 C.12.1.1.2.1: private schemes are identified). */
function privateCodingScheme(): NaturalizedDataset {
  return {
    CodingSchemeIdentificationSequence: [
      {
        CodingSchemeDesignator: FREE_TEXT_CODE.scheme,
        CodingSchemeName: 'Codes used for dcmjs',
        CodingSchemeResponsibleOrganization: 'https://github.com/dcmjs-org/dcmjs',
      },
    ],
  };
}

function concept(code: ConceptCode) {
  return codedConcept(code.value, code.scheme, code.meaning);
}

/**
 * A DS value (PS3.5 6.2: at most 16 characters) with as many significant digits as fit, so
 * readers that know only NumericValue get the value as exactly as the VR allows.
 */
export function decimalString(value: number): string {
  const plain = String(value);
  if (plain.length <= 16) return plain;
  for (let digits = 15; digits > 0; digits -= 1) {
    const positional = String(Number(value.toPrecision(digits)));
    if (positional.length <= 16) return positional;
    const exponential = value.toExponential(digits - 1).replace('e+', 'e');
    if (exponential.length <= 16) return exponential;
  }
  return value.toExponential(0);
}
