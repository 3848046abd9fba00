import type { Vector3 } from '@longview/dicom-meta';
import type { NaturalizedDataset } from './dcmjsView';

// Typed reads of a dcmjs naturalized dataset. dcmjs gives a single value as a scalar and several
// as an array, DS and IS as numbers (or strings, from other writers), PN as { Alphabetic } items
// or a plain string: each reader below accepts every form it has been seen in.

/** Every value of an attribute: a scalar as one value, absent or empty as none. */
function valuesOf(dataset: NaturalizedDataset | undefined, keyword: string): unknown[] {
  const value = dataset?.[keyword];
  if (value === undefined || value === null || value === '') return [];
  return Array.isArray(value) ? value : [value];
}

/** A text attribute's first value, trimmed; undefined when absent or blank. */
export function textOf(dataset: NaturalizedDataset | undefined, keyword: string): string | undefined {
  const [value] = valuesOf(dataset, keyword);
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const text = String(value).trim();
  return text === '' ? undefined : text;
}

/** Every value of a multi-valued text attribute (LO VM 1-n, such as SoftwareVersions), blanks dropped. */
export function textsOf(dataset: NaturalizedDataset | undefined, keyword: string): string[] {
  return valuesOf(dataset, keyword)
    .filter((value) => typeof value === 'string' || typeof value === 'number')
    .map((value) => String(value).trim())
    .filter((text) => text !== '');
}

/** Every value of a numeric attribute, or undefined when absent or when any value is not a finite number. */
export function numbersOf(dataset: NaturalizedDataset | undefined, keyword: string): number[] | undefined {
  const values = valuesOf(dataset, keyword);
  if (values.length === 0) return undefined;
  const numbers = values.map((value) => (typeof value === 'number' ? value : Number.parseFloat(String(value))));
  return numbers.every(Number.isFinite) ? numbers : undefined;
}

export function numberOf(dataset: NaturalizedDataset | undefined, keyword: string): number | undefined {
  return numbersOf(dataset, keyword)?.[0];
}

/** A point in patient coordinates (mm), such as ImagePositionPatient; undefined unless three finite numbers. */
export function vectorOf(dataset: NaturalizedDataset | undefined, keyword: string): Vector3 | undefined {
  const numbers = numbersOf(dataset, keyword);
  return numbers?.length === 3 ? [numbers[0] as number, numbers[1] as number, numbers[2] as number] : undefined;
}

/** The items of a sequence attribute (none when absent). */
export function itemsOf(dataset: NaturalizedDataset | undefined, keyword: string): NaturalizedDataset[] {
  return valuesOf(dataset, keyword).filter((item): item is NaturalizedDataset => typeof item === 'object' && item !== null && !(item instanceof ArrayBuffer));
}

export function firstItemOf(dataset: NaturalizedDataset | undefined, keyword: string): NaturalizedDataset | undefined {
  return itemsOf(dataset, keyword)[0];
}

/** A Person Name's alphabetic form, raw ("FAMILY^GIVEN"); undefined when absent or blank. */
export function personNameOf(dataset: NaturalizedDataset | undefined, keyword: string): string | undefined {
  const [value] = valuesOf(dataset, keyword);
  const raw = typeof value === 'object' && value !== null && 'Alphabetic' in value ? (value as { Alphabetic?: unknown }).Alphabetic : value;
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
}

/** A coded concept (PS3.3 8.8): what a SEG says a segment is. */
export interface CodedConcept {
  readonly value: string;
  readonly schemeDesignator: string;
  readonly meaning: string;
}

/** The first item of a code sequence; undefined when it lacks a value or a scheme. */
export function codeOf(dataset: NaturalizedDataset | undefined, keyword: string): CodedConcept | undefined {
  const item = firstItemOf(dataset, keyword);
  const value = textOf(item, 'CodeValue') ?? textOf(item, 'LongCodeValue') ?? textOf(item, 'URNCodeValue');
  const schemeDesignator = textOf(item, 'CodingSchemeDesignator');
  if (value === undefined || schemeDesignator === undefined) return undefined;
  return { value, schemeDesignator, meaning: textOf(item, 'CodeMeaning') ?? value };
}
