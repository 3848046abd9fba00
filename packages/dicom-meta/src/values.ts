import { Tag, type DicomJson, type TagName } from './dicomJson';

function firstValue(json: DicomJson, tag: TagName): unknown {
  return json[Tag[tag]]?.Value?.[0];
}

/** A string attribute, trimmed; `undefined` when absent or empty. */
export function getString(json: DicomJson, tag: TagName): string | undefined {
  const value = firstValue(json, tag);
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** All numeric values of a multi-valued attribute (DS/IS arrive as numbers or strings). */
export function getNumbers(json: DicomJson, tag: TagName): number[] | undefined {
  const values = json[Tag[tag]]?.Value;
  if (!values || values.length === 0) return undefined;
  const numbers = values.map((v) => (typeof v === 'number' ? v : Number.parseFloat(String(v))));
  return numbers.every(Number.isFinite) ? numbers : undefined;
}

/** All values of a multi-valued string attribute (CS such as CorrectedImage), trimmed, empty ones dropped. */
export function getStrings(json: DicomJson, tag: TagName): string[] | undefined {
  const values = json[Tag[tag]]?.Value;
  if (!values || values.length === 0) return undefined;
  const texts = values.map((v) => String(v ?? '').trim()).filter((text) => text !== '');
  return texts.length > 0 ? texts : undefined;
}

/** The first item of a sequence attribute, itself a DICOM JSON dataset; `undefined` when absent or empty. */
export function getFirstItem(json: DicomJson, tag: TagName): DicomJson | undefined {
  const item = firstValue(json, tag);
  return item && typeof item === 'object' ? (item as DicomJson) : undefined;
}

export function getNumber(json: DicomJson, tag: TagName): number | undefined {
  return getNumbers(json, tag)?.[0];
}

/**
 * Person Name in its alphabetic form (PS3.18 F.2.2: PN values are objects with
 * Alphabetic/Ideographic/Phonetic members). Returned raw ("FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX").
 */
export function getPersonName(json: DicomJson, tag: TagName): string | undefined {
  const value = firstValue(json, tag);
  if (value && typeof value === 'object' && 'Alphabetic' in value) {
    const alphabetic = (value as { Alphabetic?: unknown }).Alphabetic;
    return typeof alphabetic === 'string' && alphabetic.trim() !== '' ? alphabetic.trim() : undefined;
  }
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** "FAMILY^GIVEN^MIDDLE^PREFIX^SUFFIX" → "FAMILY, GIVEN MIDDLE" as clinicians read it. */
export function formatPersonName(raw: string | undefined): string {
  if (!raw) return '';
  const [family = '', given = '', middle = '', prefix = '', suffix = ''] = raw.split('^').map((p) => p.trim());
  const givenPart = [prefix, given, middle].filter(Boolean).join(' ');
  const name = [family, givenPart].filter(Boolean).join(', ');
  return suffix ? `${name} ${suffix}` : name;
}

/** DICOM DA "YYYYMMDD" → ISO "YYYY-MM-DD"; anything malformed is returned unchanged. */
export function formatDicomDate(da: string | undefined): string {
  if (!da) return '';
  const match = /^(\d{4})(\d{2})(\d{2})$/.exec(da.trim());
  return match ? `${match[1]}-${match[2]}-${match[3]}` : da;
}

/** DICOM TM "HHMMSS.frac" → "HH:MM"; malformed input unchanged. */
export function formatDicomTime(tm: string | undefined): string {
  if (!tm) return '';
  const match = /^(\d{2})(\d{2})?/.exec(tm.trim());
  if (!match) return tm;
  return `${match[1]}:${match[2] ?? '00'}`;
}

/** ISO "YYYY-MM-DD" (an <input type=date> value) → DICOM DA. */
export function toDicomDate(iso: string): string {
  return iso.replaceAll('-', '');
}
