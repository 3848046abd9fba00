import type { DicomJson, DicomJsonAttribute } from '@longview/dicom-meta';

/**
 * The content tree of a Structured Report or Key Object Selection (PS3.3 C.17.3), read from its
 * DICOM JSON metadata. Each content item keeps its value exactly as the document holds it: a
 * measurement's number is the stored decimal, never recomputed, because a report's reader acts
 * on the value the radiologist or the cardiologist signed.
 */
export interface Code {
  value: string;
  scheme: string;
  meaning: string;
}

export interface ImageReference {
  sopClassUid: string;
  sopInstanceUid: string;
  /** Referenced frames of a multi-frame image (1-based); empty: the whole image. */
  frames: number[];
  /** Referenced segments of a DICOM SEG (ReferencedSegmentNumber, TID 1411 "Referenced Segment"); absent for images. */
  segments?: number[];
}

interface ItemBase {
  /** How this item relates to its parent (CONTAINS, HAS PROPERTIES...); undefined at the root. */
  relationship: string | undefined;
  /** The concept name (what the item is about); some items (an IMAGE in a KOS) have none. */
  concept: Code | undefined;
  children: ContentItem[];
}

export type ContentItem = ItemBase &
  (
    | { valueType: 'CONTAINER'; isContinuous: boolean }
    | { valueType: 'TEXT'; text: string }
    | { valueType: 'CODE'; code: Code | undefined }
    | { valueType: 'NUM'; measurement: Measurement | undefined }
    | { valueType: 'DATE'; date: string }
    | { valueType: 'TIME'; time: string }
    | { valueType: 'DATETIME'; dateTime: string }
    | { valueType: 'PNAME'; personName: string }
    | { valueType: 'UIDREF'; uid: string }
    | { valueType: 'IMAGE' | 'COMPOSITE' | 'WAVEFORM'; reference: ImageReference | undefined }
    | { valueType: 'SCOORD' | 'SCOORD3D'; graphicType: string; points: number[] }
    | { valueType: 'TCOORD'; rangeType: string }
    | { valueType: 'UNKNOWN'; declaredType: string }
  );

export interface Measurement {
  /** The stored decimal as text (DS arrives as a number or a string); undefined when absent. */
  value: string | undefined;
  unit: Code | undefined;
  /** Why there is no value, or how to read it (PS3.16 CID 42: "Not a number", "Value unknown"...). */
  qualifier: Code | undefined;
}

/** Tags of the SR content item and document modules, named for the reader. */
const SR = {
  ValueType: '0040A040',
  RelationshipType: '0040A010',
  ConceptNameCodeSequence: '0040A043',
  ContentSequence: '0040A730',
  ContinuityOfContent: '0040A050',
  TextValue: '0040A160',
  ConceptCodeSequence: '0040A168',
  MeasuredValueSequence: '0040A300',
  NumericValue: '0040A30A',
  MeasurementUnitsCodeSequence: '004008EA',
  NumericValueQualifierCodeSequence: '0040A301',
  Date: '0040A121',
  Time: '0040A122',
  DateTime: '0040A120',
  PersonName: '0040A123',
  UID: '0040A124',
  ReferencedSOPSequence: '00081199',
  ReferencedSOPClassUID: '00081150',
  ReferencedSOPInstanceUID: '00081155',
  ReferencedFrameNumber: '00081160',
  ReferencedSegmentNumber: '0062000B',
  GraphicType: '00700023',
  GraphicData: '00700022',
  TemporalRangeType: '0040A130',
  CodeValue: '00080100',
  CodingSchemeDesignator: '00080102',
  CodeMeaning: '00080104',
  LongCodeValue: '00080119',
  URNCodeValue: '00080120',
} as const;

/** Deeper trees are cut off: a hostile document cannot exhaust the stack. */
const MAX_DEPTH = 64;

export const values = (json: DicomJson | undefined, tag: string): unknown[] => json?.[tag]?.Value ?? [];

export function text(json: DicomJson | undefined, tag: string): string | undefined {
  const [first] = values(json, tag);
  if (first === undefined || first === null) return undefined;
  if (typeof first === 'object' && 'Alphabetic' in first) return String((first as { Alphabetic?: unknown }).Alphabetic ?? '').trim() || undefined;
  const value = String(first).trim();
  return value === '' ? undefined : value;
}

export const items = (json: DicomJson | undefined, tag: string): DicomJson[] =>
  values(json, tag).filter((item): item is DicomJson => typeof item === 'object' && item !== null);

/** The first item of a code sequence as a Code. */
export function codeOf(json: DicomJson | undefined, tag: string): Code | undefined {
  const [item] = items(json, tag);
  if (!item) return undefined;
  const value = text(item, SR.CodeValue) ?? text(item, SR.LongCodeValue) ?? text(item, SR.URNCodeValue);
  const meaning = text(item, SR.CodeMeaning);
  if (value === undefined && meaning === undefined) return undefined;
  return { value: value ?? '', scheme: text(item, SR.CodingSchemeDesignator) ?? '', meaning: meaning ?? value ?? '' };
}

/** A DS value as the document wrote it: archives send it as a number or as its string. */
function decimalText(attribute: DicomJsonAttribute | undefined): string | undefined {
  const [first] = attribute?.Value ?? [];
  if (first === undefined || first === null) return undefined;
  const raw = String(first).trim();
  return raw === '' ? undefined : raw;
}

function measurementOf(json: DicomJson): Measurement | undefined {
  const [measured] = items(json, SR.MeasuredValueSequence);
  const qualifier = codeOf(json, SR.NumericValueQualifierCodeSequence);
  if (!measured && !qualifier) return undefined;
  return {
    value: measured ? decimalText(measured[SR.NumericValue]) : undefined,
    unit: measured ? codeOf(measured, SR.MeasurementUnitsCodeSequence) : undefined,
    qualifier,
  };
}

function referenceOf(json: DicomJson): ImageReference | undefined {
  const [referenced] = items(json, SR.ReferencedSOPSequence);
  const sopInstanceUid = text(referenced, SR.ReferencedSOPInstanceUID);
  if (!referenced || !sopInstanceUid) return undefined;
  const segments = values(referenced, SR.ReferencedSegmentNumber).map(Number).filter(Number.isInteger);
  return {
    sopClassUid: text(referenced, SR.ReferencedSOPClassUID) ?? '',
    sopInstanceUid,
    frames: values(referenced, SR.ReferencedFrameNumber).map(Number).filter(Number.isInteger),
    ...(segments.length > 0 ? { segments } : {}),
  };
}

/** One content item and its subtree. `json` is the item (or the document, for the root). */
export function readContentItem(json: DicomJson, depth = 0): ContentItem {
  const declaredType = text(json, SR.ValueType) ?? '';
  const base: ItemBase = {
    relationship: text(json, SR.RelationshipType),
    concept: codeOf(json, SR.ConceptNameCodeSequence),
    children: depth >= MAX_DEPTH ? [] : items(json, SR.ContentSequence).map((child) => readContentItem(child, depth + 1)),
  };
  switch (declaredType) {
    case 'CONTAINER':
      return { ...base, valueType: 'CONTAINER', isContinuous: text(json, SR.ContinuityOfContent) === 'CONTINUOUS' };
    case 'TEXT':
      // TextValue is UT: line breaks are content, so only the ends are trimmed.
      return { ...base, valueType: 'TEXT', text: text(json, SR.TextValue) ?? '' };
    case 'CODE':
      return { ...base, valueType: 'CODE', code: codeOf(json, SR.ConceptCodeSequence) };
    case 'NUM':
      return { ...base, valueType: 'NUM', measurement: measurementOf(json) };
    case 'DATE':
      return { ...base, valueType: 'DATE', date: text(json, SR.Date) ?? '' };
    case 'TIME':
      return { ...base, valueType: 'TIME', time: text(json, SR.Time) ?? '' };
    case 'DATETIME':
      return { ...base, valueType: 'DATETIME', dateTime: text(json, SR.DateTime) ?? '' };
    case 'PNAME':
      return { ...base, valueType: 'PNAME', personName: text(json, SR.PersonName) ?? '' };
    case 'UIDREF':
      return { ...base, valueType: 'UIDREF', uid: text(json, SR.UID) ?? '' };
    case 'IMAGE':
    case 'COMPOSITE':
    case 'WAVEFORM':
      return { ...base, valueType: declaredType, reference: referenceOf(json) };
    case 'SCOORD':
    case 'SCOORD3D':
      return {
        ...base,
        valueType: declaredType,
        graphicType: text(json, SR.GraphicType) ?? '',
        points: values(json, SR.GraphicData).map(Number).filter(Number.isFinite),
      };
    case 'TCOORD':
      return { ...base, valueType: 'TCOORD', rangeType: text(json, SR.TemporalRangeType) ?? '' };
    default:
      return { ...base, valueType: 'UNKNOWN', declaredType };
  }
}
