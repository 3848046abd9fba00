import type { DicomJson } from '@longview/dicom-meta';
import { readContentItem, type ContentItem, type ImageReference } from '@longview/structured-report';
import { CONCEPT, isFreeTextCode, valueNameOf } from './codes';
import { childText, childUid, descendants, isContainer } from './contentItems';
import {
  POINTS_PER_KIND, type MeasurementReport, type ReportImageReference, type ReportMeasurement, type ReportMeasurementKind, type ReportPoint, type ReportValue, type SegmentFinding,
} from './model';
import { deviceObserverOf, readSegmentFinding, referencedSegmentOf } from './segmentFinding';

const TAG = {
  StudyInstanceUID: '0020000D',
  SeriesInstanceUID: '0020000E',
  SOPInstanceUID: '00080018',
  Manufacturer: '00080070',
  SoftwareVersions: '00181020',
  ContentDate: '00080023',
  ContentTime: '00080033',
  TimezoneOffsetFromUTC: '00080201',
  ContentTemplateSequence: '0040A504',
  TemplateIdentifier: '0040DB00',
  ConceptNameCodeSequence: '0040A043',
  CodeValue: '00080100',
  CodingSchemeDesignator: '00080102',
  PredecessorDocumentsSequence: '0040A360',
  CurrentRequestedProcedureEvidenceSequence: '0040A375',
  PertinentOtherEvidenceSequence: '0040A385',
  ReferencedSeriesSequence: '00081115',
  ReferencedSOPSequence: '00081199',
  ReferencedSOPInstanceUID: '00081155',
} as const;

/**
 * A region statistic named by its derivation modifier ((121401, DCM) Derivation, TID 1419: what a
 * region's NUM is of its pixels): an "Attenuation Coefficient" NUM modified by Derivation = Mean
 * is the region's mean, not a single pixel's value.
 */
function derivationOf(num: ContentItem): ReportValue['name'] | undefined {
  const modifier = num.children.find((child) => child.valueType === 'CODE' && child.concept?.value === CONCEPT.derivation.value && child.concept.scheme === 'DCM');
  if (modifier?.valueType !== 'CODE' || !modifier.code) return undefined;
  const name = valueNameOf(modifier.code);
  return name === 'Mean' || name === 'SD' || name === 'Min' || name === 'Max' ? name : undefined;
}

/** An SR whose ContentTemplateSequence says TID 1500, or whose root concept is (126000, DCM). */
export function isMeasurementReport(metadata: DicomJson): boolean {
  const [template] = sequence(metadata, TAG.ContentTemplateSequence);
  if (firstText(template, TAG.TemplateIdentifier) === '1500') return true;
  const [title] = sequence(metadata, TAG.ConceptNameCodeSequence);
  return firstText(title, TAG.CodeValue) === CONCEPT.imagingMeasurementReport.value && firstText(title, TAG.CodingSchemeDesignator) === 'DCM';
}

/**
 * A TID 1500 report's measurements from its DICOM JSON (WADO-RS metadata with the full content
 * tree), whoever wrote it: Measurement Groups anywhere under Imaging Measurements, NUMs with their
 * coordinates below them or beside them. What cannot be shown is left out and said in `problems`.
 */
export function readMeasurementReport(metadata: DicomJson): MeasurementReport {
  const root = readContentItem(metadata);
  const studyInstanceUid = firstText(metadata, TAG.StudyInstanceUID) ?? '';
  const locations = new Map(
    [...referencedInstances(metadata, TAG.PertinentOtherEvidenceSequence), ...referencedInstances(metadata, TAG.CurrentRequestedProcedureEvidenceSequence)].map(
      (instance) => [instance.sopInstanceUid, instance],
    ),
  );
  const problems: string[] = [];
  const sections = descendants(root).filter((item) => isContainer(item, CONCEPT.imagingMeasurements.value));
  if (sections.length === 0) problems.push('The report has no Imaging Measurements section, so it shows no measurements.');
  const groups = sections.flatMap((section) => descendants(section).filter((item) => isContainer(item, CONCEPT.measurementGroup.value)));
  const measurements: ReportMeasurement[] = [];
  const segmentFindings: SegmentFinding[] = [];
  groups.forEach((group, index) => {
    // Items of this group, not of a group nested in it (which is read on its own).
    const items = descendants(group, (item) => !isContainer(item, CONCEPT.measurementGroup.value));
    // A group whose region is a SEG segment (TID 1411) is a finding on that segment, not a drawing on an image.
    const segment = referencedSegmentOf(items);
    if (segment) {
      segmentFindings.push(readSegmentFinding(group, items, segment));
      return;
    }
    const read = readGroup(group, items, index, (reference) => imageOf(reference, locations, studyInstanceUid));
    problems.push(...read.problems);
    if (read.measurement) measurements.push(read.measurement);
  });
  return {
    sopInstanceUid: firstText(metadata, TAG.SOPInstanceUID) ?? '',
    seriesInstanceUid: firstText(metadata, TAG.SeriesInstanceUID) ?? '',
    studyInstanceUid,
    observerName: personNameOf(root),
    device: deviceObserverOf(root),
    contentDateTime: contentDateTimeOf(metadata),
    manufacturer: firstText(metadata, TAG.Manufacturer),
    softwareVersions: firstText(metadata, TAG.SoftwareVersions),
    predecessors: referencedInstances(metadata, TAG.PredecessorDocumentsSequence).map((instance) => instance.sopInstanceUid),
    measurements,
    segmentFindings,
    problems,
  };
}

interface GroupReading {
  measurement: ReportMeasurement | undefined;
  problems: string[];
}

type ImageLookup = (reference: ImageReference) => { image: ReportImageReference; problem: string | undefined };

function readGroup(group: ContentItem, items: ContentItem[], index: number, lookUpImage: ImageLookup): GroupReading {
  const trackingIdentifier = childText(group, CONCEPT.trackingIdentifier.value);
  const trackingUid = childUid(group, CONCEPT.trackingUid);
  const label = labelOf(group, trackingIdentifier);
  const name = `“${label ?? trackingIdentifier ?? `measurement ${index + 1}`}”`;
  const problems: string[] = [];
  // A measurement left out is one problem, not one per value it held.
  const skip = (reason: string): GroupReading => ({ measurement: undefined, problems: [`Measurement ${name} is not shown: ${reason}.`] });

  const values: ReportValue[] = [];
  for (const num of items) {
    if (num.valueType !== 'NUM' || !num.concept || num.concept.value === CONCEPT.placeholderCenter.value) continue;
    const valueName = derivationOf(num) ?? valueNameOf(num.concept);
    const value = Number(num.measurement?.value);
    if (!valueName) problems.push(`Measurement ${name}: its ${num.concept.meaning} is left out, as Longview does not show that kind of value.`);
    else if (num.measurement?.value === undefined || !Number.isFinite(value)) problems.push(`Measurement ${name}: its ${num.concept.meaning} has no number.`);
    else values.push({ name: valueName, value, unit: num.measurement.unit?.value ?? '1' });
  }

  const coordinates = items.find((item) => item.valueType === 'SCOORD');
  if (!coordinates || coordinates.valueType !== 'SCOORD') {
    return skip(items.some((item) => item.valueType === 'SCOORD3D') ? 'it is drawn in 3-D patient coordinates, which Longview cannot show yet' : 'it does not say where on an image it lies');
  }
  const kind = kindOf(coordinates.graphicType, values, trackingIdentifier);
  if (!kind) return skip('Longview cannot show this kind of measurement yet');
  const points = pointsOf(coordinates.points, kind);
  if (!points) return skip(kind === 'rectangle' ? 'it is a freehand outline, which Longview cannot show yet' : `its points do not make a ${kind}`);

  // The image the coordinates were SELECTED FROM, or else any image the group names.
  const isImage = (item: ContentItem) => item.valueType === 'IMAGE' && item.reference !== undefined;
  const imageItem = coordinates.children.find(isImage) ?? items.find(isImage);
  const reference = imageItem?.valueType === 'IMAGE' ? imageItem.reference : undefined;
  if (!reference) return skip('it does not say which image it is drawn on');
  const { image, problem } = lookUpImage(reference);
  if (problem) problems.push(`Measurement ${name}: ${problem}`);

  return {
    measurement: {
      kind,
      image,
      points,
      // A probe's value is written as the Mean of its one-pixel region (see VALUE_CONCEPT).
      values: kind === 'probe' ? values.map((value) => (value.name === 'Mean' ? { ...value, name: 'Value' } : value)) : values,
      ...(label !== undefined ? { label } : {}),
      ...(trackingUid !== undefined ? { trackingUid } : {}),
    },
    problems,
  };
}

/**
 * What was drawn, from the coordinates' graphic type and the values measured on them: a Length
 * is a length and an Angle an angle whatever else the group holds; an outline with values is an
 * ellipse or a rectangle; a point with a value is a probe, without one an arrow (unless a
 * Cornerstone tracking identifier says it was a probe whose value was not kept).
 */
function kindOf(graphicType: string, values: ReportValue[], trackingIdentifier: string | undefined): ReportMeasurementKind | undefined {
  const names = new Set(values.map((value) => value.name));
  if (names.has('Length') && graphicType === 'POLYLINE') return 'length';
  if (names.has('Angle') && graphicType === 'POLYLINE') return 'angle';
  if (values.length > 0 && graphicType === 'ELLIPSE') return 'ellipse';
  if (values.length > 0 && (graphicType === 'POLYLINE' || graphicType === 'POLYGON')) return 'rectangle';
  if (graphicType === 'POINT') return values.length > 0 || trackingIdentifier?.endsWith(':Probe') ? 'probe' : 'arrow';
  return undefined;
}

/** Column, row pairs as points, if there are as many as the kind has; a rectangle's closing corner is dropped. */
function pointsOf(graphicData: number[], kind: ReportMeasurementKind): ReportPoint[] | undefined {
  const points: ReportPoint[] = [];
  for (let index = 0; index + 1 < graphicData.length; index += 2) points.push({ column: graphicData[index] ?? 0, row: graphicData[index + 1] ?? 0 });
  const [first] = points;
  const last = points[points.length - 1];
  if (kind === 'rectangle' && points.length === 5 && first && last && first.column === last.column && first.row === last.row) points.pop();
  if (points.length !== POINTS_PER_KIND[kind]) return undefined;
  return kind === 'rectangle' && !isRectangle(points) ? undefined : points;
}

/** Four corners whose sides meet at right angles (a freehand outline with four vertices is not a rectangle). */
function isRectangle(corners: ReportPoint[]): boolean {
  return corners.every((corner, index) => {
    const next = corners[(index + 1) % 4] ?? corner;
    const after = corners[(index + 2) % 4] ?? corner;
    const side = { column: next.column - corner.column, row: next.row - corner.row };
    const nextSide = { column: after.column - next.column, row: after.row - next.row };
    const lengths = Math.hypot(side.column, side.row) * Math.hypot(nextSide.column, nextSide.row);
    return lengths > 0 && Math.abs(side.column * nextSide.column + side.row * nextSide.row) / lengths < 1e-3;
  });
}

/**
 * The label: the Finding's text, or its code's meaning. A free-text Finding's meaning is cut at
 * 64 characters (LO), so the tracking identifier is the label when it begins with that meaning.
 */
function labelOf(group: ContentItem, trackingIdentifier: string | undefined): string | undefined {
  const finding = group.children.find((item) => item.concept?.value === CONCEPT.finding.value && item.concept.scheme === CONCEPT.finding.scheme);
  if (finding?.valueType === 'TEXT') return finding.text || undefined;
  if (finding?.valueType !== 'CODE' || !finding.code) return undefined;
  const { meaning } = finding.code;
  return isFreeTextCode(finding.code) && trackingIdentifier?.startsWith(meaning) ? trackingIdentifier : meaning || undefined;
}

function imageOf(
  reference: ImageReference,
  locations: Map<string, ReferencedInstance>,
  reportStudy: string,
): { image: ReportImageReference; problem: string | undefined } {
  const location = locations.get(reference.sopInstanceUid);
  const [frameNumber] = reference.frames;
  return {
    image: {
      studyInstanceUid: location?.studyInstanceUid ?? reportStudy,
      seriesInstanceUid: location?.seriesInstanceUid ?? '',
      sopInstanceUid: reference.sopInstanceUid,
      sopClassUid: reference.sopClassUid,
      ...(frameNumber !== undefined ? { frameNumber } : {}),
    },
    problem: location ? undefined : 'the report does not list the series of its image, so the image may not open.',
  };
}

function personNameOf(root: ContentItem): string | undefined {
  const observer = root.children.find((item) => item.valueType === 'PNAME' && item.concept?.value === CONCEPT.personObserverName.value);
  return observer?.valueType === 'PNAME' && observer.personName ? observer.personName : undefined;
}

/**
 * ContentDate + ContentTime as a moment. Without Timezone Offset From UTC the writer's zone is
 * unknown; UTC is assumed (what Longview writes), which orders reports of one archive correctly.
 */
function contentDateTimeOf(metadata: DicomJson): Date | undefined {
  const date = /^(\d{4})(\d{2})(\d{2})$/.exec(firstText(metadata, TAG.ContentDate) ?? '');
  if (!date) return undefined;
  const time = /^(\d{2})(\d{2})?(\d{2})?(?:\.(\d{1,6}))?$/.exec(firstText(metadata, TAG.ContentTime) ?? '');
  const offset = /^([+-])(\d{2})(\d{2})$/.exec(firstText(metadata, TAG.TimezoneOffsetFromUTC) ?? '');
  const [, year, month, day] = date.map(Number);
  const [, hours = 0, minutes = 0, seconds = 0] = (time ?? []).map((part) => Number(part ?? 0));
  const milliseconds = Math.floor(Number(`0.${time?.[4] ?? '0'}`) * 1000);
  const offsetMinutes = offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2]) * 60 + Number(offset[3])) : 0;
  const utc = Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1, hours, minutes, seconds, milliseconds) - offsetMinutes * 60_000;
  return Number.isFinite(utc) ? new Date(utc) : undefined;
}

interface ReferencedInstance {
  studyInstanceUid: string | undefined;
  seriesInstanceUid: string | undefined;
  sopInstanceUid: string;
}

/** The instances of a Hierarchical SOP Instance Reference sequence (study → series → SOP). */
function referencedInstances(metadata: DicomJson, tag: string): ReferencedInstance[] {
  return sequence(metadata, tag).flatMap((study) =>
    sequence(study, TAG.ReferencedSeriesSequence).flatMap((series) =>
      sequence(series, TAG.ReferencedSOPSequence).flatMap((instance) => {
        const sopInstanceUid = firstText(instance, TAG.ReferencedSOPInstanceUID);
        return sopInstanceUid
          ? [{ studyInstanceUid: firstText(study, TAG.StudyInstanceUID), seriesInstanceUid: firstText(series, TAG.SeriesInstanceUID), sopInstanceUid }]
          : [];
      }),
    ),
  );
}

function sequence(json: DicomJson | undefined, tag: string): DicomJson[] {
  return (json?.[tag]?.Value ?? []).filter((item): item is DicomJson => typeof item === 'object' && item !== null);
}

function firstText(json: DicomJson | undefined, tag: string): string | undefined {
  const [first] = json?.[tag]?.Value ?? [];
  if (first === undefined || first === null || typeof first === 'object') return undefined;
  const text = String(first).trim();
  return text === '' ? undefined : text;
}
