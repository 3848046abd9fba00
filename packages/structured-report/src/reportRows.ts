import { formatDicomDate, formatDicomTime, formatPersonName } from '@longview/dicom-meta';
import type { Code, ContentItem, ImageReference, Measurement } from './contentTree';

/**
 * The report as a reader sees it: one row per content item, in document order, with its depth
 * in the tree (the root's children are depth 1), so a view indents by depth and never walks
 * the tree itself. Containers are headings; every other item is "label: value".
 */
export interface ReportRow {
  /** Position in the tree, "1.3.2" style (PS3.3 C.17.3.2.3 observation path), unique per row. */
  id: string;
  depth: number;
  relationship: string | undefined;
  /** The concept name's meaning; empty for items without one (an IMAGE in a KOS). */
  label: string;
  value: RowValue;
}

export type RowValue =
  | { kind: 'heading' }
  | { kind: 'text'; text: string }
  | { kind: 'measurement'; number: string | undefined; unit: string; qualifier: string | undefined }
  | { kind: 'reference'; reference: ImageReference; objectType: 'IMAGE' | 'COMPOSITE' | 'WAVEFORM' }
  | { kind: 'coordinates'; text: string };

/** UCUM codes as a report prints them (PS3.16 CID 7181 and the units of common measurements). */
const UCUM_DISPLAY: Readonly<Record<string, string>> = {
  mm2: 'mm²',
  mm3: 'mm³',
  cm2: 'cm²',
  cm3: 'cm³',
  m2: 'm²',
  ml: 'mL',
  mL: 'mL',
  "[hnsf'U]": 'HU',
  uV: 'µV',
  us: 'µs',
  um: 'µm',
  deg: '°',
  'mm[Hg]': 'mmHg',
  '{beats}/min': 'bpm',
  '/min': '/min',
  // "1" is UCUM's unity: a ratio or a count carries no unit.
  '1': '',
  '{ratio}': '',
};

/** The printed unit of a measurement: UCUM code made readable, else the code's meaning. */
export function formatUnit(unit: Code | undefined): string {
  if (!unit) return '';
  if (unit.scheme === 'UCUM') return UCUM_DISPLAY[unit.value] ?? unit.value;
  return unit.meaning;
}

/** "12 mm", "35 HU", "0.5" — the stored number, untouched, then its unit. */
export function formatMeasurement(measurement: Measurement | undefined): string {
  if (!measurement) return '';
  const unit = formatUnit(measurement.unit);
  if (measurement.value === undefined) return measurement.qualifier?.meaning ?? '';
  return unit ? `${measurement.value} ${unit}` : measurement.value;
}

function formatPoints(graphicType: string, points: number[]): string {
  const pairs: string[] = [];
  for (let i = 0; i + 1 < points.length; i += 2) pairs.push(`(${points[i]}, ${points[i + 1]})`);
  return `${graphicType.toLowerCase()} ${pairs.join(' ')}`.trim();
}

function rowValue(item: ContentItem): RowValue {
  switch (item.valueType) {
    case 'CONTAINER':
      return { kind: 'heading' };
    case 'TEXT':
      return { kind: 'text', text: item.text };
    case 'CODE':
      return { kind: 'text', text: item.code?.meaning ?? '' };
    case 'NUM': {
      const { measurement } = item;
      return { kind: 'measurement', number: measurement?.value, unit: formatUnit(measurement?.unit), qualifier: measurement?.qualifier?.meaning };
    }
    case 'DATE':
      return { kind: 'text', text: formatDicomDate(item.date) };
    case 'TIME':
      return { kind: 'text', text: formatDicomTime(item.time) };
    case 'DATETIME':
      return { kind: 'text', text: `${formatDicomDate(item.dateTime.slice(0, 8))} ${formatDicomTime(item.dateTime.slice(8))}`.trim() };
    case 'PNAME':
      return { kind: 'text', text: formatPersonName(item.personName) };
    case 'UIDREF':
      return { kind: 'text', text: item.uid };
    case 'IMAGE':
    case 'COMPOSITE':
    case 'WAVEFORM':
      return item.reference ? { kind: 'reference', reference: item.reference, objectType: item.valueType } : { kind: 'text', text: 'reference missing' };
    case 'SCOORD':
    case 'SCOORD3D':
      return { kind: 'coordinates', text: formatPoints(item.graphicType, item.points) };
    case 'TCOORD':
      return { kind: 'coordinates', text: item.rangeType.toLowerCase() };
    case 'UNKNOWN':
      return { kind: 'text', text: `(${item.declaredType || 'untyped'} item)` };
  }
}

/** The rows of the document under `root`; the root itself is the title, not a row. */
export function reportRows(root: ContentItem): ReportRow[] {
  const rows: ReportRow[] = [];
  const visit = (item: ContentItem, id: string, depth: number) => {
    rows.push({ id, depth, relationship: item.relationship, label: item.concept?.meaning ?? '', value: rowValue(item) });
    item.children.forEach((child, index) => visit(child, `${id}.${index + 1}`, depth + 1));
  };
  root.children.forEach((child, index) => visit(child, `1.${index + 1}`, 1));
  return rows;
}
