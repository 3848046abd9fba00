import { actionFor, type Action } from './basicProfile';
import type { UidRemapper } from './uidRemapper';

/** One attribute in the DICOM JSON model (PS3.18 F.2), as dcmjs reads and writes it. */
export interface Element {
  vr: string;
  Value?: unknown[];
  InlineBinary?: string;
  BulkDataURI?: string;
}

/** A dataset keyed by 8-hex-digit tag ("00100010"). Sequence items are datasets too. */
export type Dataset = Record<string, Element>;

export interface DeidentifyContext {
  uids: UidRemapper;
  /**
   * Identifying strings (patient name parts, IDs, accession) that C (clean) takes out of
   * free text. `identifyingText(dataset)` collects them from the original dataset.
   */
  identifying: readonly string[];
}

/** The code of the Basic Application Confidentiality Profile (PS3.16 CID 7050, DCM 113100). */
export const BASIC_PROFILE_CODE = { value: '113100', scheme: 'DCM', meaning: 'Basic Application Confidentiality Profile' } as const;

const PATIENT_IDENTITY_REMOVED = '00120062';
const DEIDENTIFICATION_METHOD = '00120063';
const DEIDENTIFICATION_METHOD_CODE_SEQUENCE = '00120064';
const LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED = '00280303';

/**
 * Applies the Basic Profile to a dataset (or the file meta group) and returns a new one; the
 * input is not changed. Sequences that are kept are processed item by item with the same
 * table, as PS3.15 E.1.1 requires: an identifying attribute nested in a kept sequence is
 * treated as it would be at the top level.
 */
export function applyBasicProfile(dataset: Dataset, context: DeidentifyContext): Dataset {
  const out: Dataset = {};
  for (const [tag, element] of Object.entries(dataset)) {
    const result = applyAction(actionFor(tag), element, context);
    if (result) out[tag] = result;
  }
  return out;
}

/** The profile, then the attributes that say what was done (PS3.15 E.1.1 item 6). */
export function deidentifyDataset(dataset: Dataset, context: DeidentifyContext): Dataset {
  const out = applyBasicProfile(dataset, context);
  out[PATIENT_IDENTITY_REMOVED] = { vr: 'CS', Value: ['YES'] };
  out[DEIDENTIFICATION_METHOD] = { vr: 'LO', Value: ['DICOM PS3.15 E.1-1 Basic Profile (Longview)'] };
  out[DEIDENTIFICATION_METHOD_CODE_SEQUENCE] = {
    vr: 'SQ',
    Value: [
      {
        '00080100': { vr: 'SH', Value: [BASIC_PROFILE_CODE.value] },
        '00080102': { vr: 'SH', Value: [BASIC_PROFILE_CODE.scheme] },
        '00080104': { vr: 'LO', Value: [BASIC_PROFILE_CODE.meaning] },
      },
    ],
  };
  // The dates are gone, not shifted (PS3.3 C.12.1.1.2 LongitudinalTemporalInformationModified).
  out[LONGITUDINAL_TEMPORAL_INFORMATION_MODIFIED] = { vr: 'CS', Value: ['REMOVED'] };
  return out;
}

function applyAction(action: Action, element: Element, context: DeidentifyContext): Element | undefined {
  switch (action) {
    case 'X':
      return undefined;
    case 'Z':
      return { vr: element.vr, Value: [] };
    case 'D':
      return element.vr === 'SQ' ? processItems(element, context) : { vr: element.vr, Value: [dummyValue(element.vr)] };
    case 'C':
      return element.vr === 'SQ' ? processItems(element, context) : cleanElement(element, context.identifying);
    case 'U':
      if (element.vr === 'SQ') return processItems(element, context);
      return { vr: element.vr, Value: (element.Value ?? []).map((uid) => (typeof uid === 'string' ? context.uids.remap(uid) : uid)) };
    case 'K':
      return element.vr === 'SQ' ? processItems(element, context) : element;
  }
}

function processItems(element: Element, context: DeidentifyContext): Element {
  return { vr: 'SQ', Value: (element.Value ?? []).map((item) => applyBasicProfile(item as Dataset, context)) };
}

/** A non-zero-length value that means nothing, of the attribute's VR (PS3.15 E.1.1 "D"). */
export function dummyValue(vr: string): unknown {
  switch (vr) {
    case 'PN':
      return { Alphabetic: 'ANONYMOUS' };
    case 'DA':
      return '19000101';
    case 'TM':
      return '000000';
    case 'DT':
      return '19000101000000';
    case 'AS':
      return '000Y';
    case 'UI':
      return '2.25.0';
    case 'IS':
    case 'DS':
    case 'US':
    case 'SS':
    case 'UL':
    case 'SL':
    case 'FL':
    case 'FD':
      return 0;
    default:
      return 'ANONYMIZED';
  }
}

const TEXT_VRS = new Set(['SH', 'LO', 'ST', 'LT', 'UT', 'UC', 'PN', 'CS', 'AE']);

/** Keeps free text but takes out every identifying string it repeats (case-insensitive). */
function cleanElement(element: Element, identifying: readonly string[]): Element {
  if (!TEXT_VRS.has(element.vr)) return { vr: element.vr, Value: [] };
  const values = (element.Value ?? []).map((value) => cleanText(textOf(value), identifying));
  return { vr: element.vr, Value: element.vr === 'PN' ? values.map((Alphabetic) => ({ Alphabetic })) : values };
}

export function cleanText(text: string, identifying: readonly string[]): string {
  let cleaned = text;
  // Longest first, so "ALICE SMITH" goes before "ALICE" leaves " SMITH" behind.
  for (const term of [...identifying].sort((a, b) => b.length - a.length)) {
    if (term.length < 2) continue; // a single letter would eat ordinary words
    cleaned = cleaned.replace(new RegExp(escapeRegExp(term), 'gi'), '');
  }
  return cleaned.replace(/\s{2,}/g, ' ').trim();
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value && typeof value === 'object' && 'Alphabetic' in value) return String((value as { Alphabetic: unknown }).Alphabetic ?? '');
  return String(value ?? '');
}

/** Patient name components, Patient ID, Other Patient IDs and Accession Number of a dataset. */
export function identifyingText(dataset: Dataset): string[] {
  const terms: string[] = [];
  for (const tag of ['00100010', '00100020', '00101000', '00101001', '00080050', '00100021']) {
    for (const value of dataset[tag]?.Value ?? []) {
      const text = textOf(value);
      terms.push(text, ...text.split(/[\^=]/));
    }
  }
  return [...new Set(terms.map((t) => t.trim()).filter((t) => t !== ''))];
}
