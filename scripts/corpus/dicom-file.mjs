// Writes DICOM Part-10 files with dcmjs. Datasets are given as plain
// objects keyed by DICOM keyword; VRs come from the dcmjs dictionary except
// where the standard leaves them ambiguous (US/SS, OB/OW), in which case the
// caller passes { vr, value } explicitly. A sequence (SQ) value is an array
// of items, each a plain object keyed by keyword like the dataset itself.
import fs from 'node:fs';
import path from 'node:path';
import dcmjs from 'dcmjs';
import { IMPLEMENTATION_CLASS_UID } from './uids.mjs';

const { DicomDict, DicomMetaDictionary } = dcmjs.data;

export const TS = {
  implicitLittle: '1.2.840.10008.1.2',
  explicitLittle: '1.2.840.10008.1.2.1',
  deflated: '1.2.840.10008.1.2.1.99',
  explicitBig: '1.2.840.10008.1.2.2',
  jpegBaseline: '1.2.840.10008.1.2.4.50',
  jpegExtended: '1.2.840.10008.1.2.4.51',
  jpegLossless: '1.2.840.10008.1.2.4.57',
  jpegLosslessSv1: '1.2.840.10008.1.2.4.70',
  jpegLsLossless: '1.2.840.10008.1.2.4.80',
  jpegLsNearLossless: '1.2.840.10008.1.2.4.81',
  jpeg2000Lossless: '1.2.840.10008.1.2.4.90',
  jpeg2000: '1.2.840.10008.1.2.4.91',
  htj2kLossless: '1.2.840.10008.1.2.4.201',
  htj2kLosslessRpcl: '1.2.840.10008.1.2.4.202',
  htj2k: '1.2.840.10008.1.2.4.203',
  rle: '1.2.840.10008.1.2.5',
};

export const SOP_CLASS = {
  ct: '1.2.840.10008.5.1.4.1.1.2',
  mr: '1.2.840.10008.5.1.4.1.1.4',
  secondaryCapture: '1.2.840.10008.5.1.4.1.1.7',
  usMultiFrame: '1.2.840.10008.5.1.4.1.1.3.1',
  us: '1.2.840.10008.5.1.4.1.1.6.1',
  cr: '1.2.840.10008.5.1.4.1.1.1',
  dxForPresentation: '1.2.840.10008.5.1.4.1.1.1.1',
  xa: '1.2.840.10008.5.1.4.1.1.12.1',
  vlEndoscopic: '1.2.840.10008.5.1.4.1.1.77.1.1',
  vlMicroscopic: '1.2.840.10008.5.1.4.1.1.77.1.2',
  vlPhotographic: '1.2.840.10008.5.1.4.1.1.77.1.4',
  ophthalmicPhotography8Bit: '1.2.840.10008.5.1.4.1.1.77.1.5.1',
  encapsulatedPdf: '1.2.840.10008.5.1.4.1.1.104.1',
  pet: '1.2.840.10008.5.1.4.1.1.128',
  segmentation: '1.2.840.10008.5.1.4.1.1.66.4',
  rtStructureSet: '1.2.840.10008.5.1.4.1.1.481.3',
  comprehensiveSr: '1.2.840.10008.5.1.4.1.1.88.33',
};

const IMPLEMENTATION_VERSION_NAME = 'LONGVIEW_CORPUS';

/**
 * DS is limited to 16 characters; JS float artefacts such as
 * -178.84999999999999 would exceed that, so round to 6 decimals first.
 */
export function decimalString(value) {
  const rounded = Number(value.toFixed(6));
  const text = String(Object.is(rounded, -0) ? 0 : rounded);
  if (text.length > 16) throw new Error(`DS value too long: ${text}`);
  return text;
}

/** A number as a DS attribute holds it once written and read back: what a truth beside it must say. */
export const dsValue = (value) => Number(decimalString(value));

function tagFor(keyword) {
  const entry = DicomMetaDictionary.nameMap[keyword];
  if (!entry) throw new Error(`Unknown DICOM keyword ${keyword}`);
  return { tag: entry.tag.replace(/[(),]/g, '').toUpperCase(), vr: entry.vr };
}

function toElement(keyword, raw) {
  const explicit = raw !== null && typeof raw === 'object' && 'vr' in raw && 'value' in raw;
  const { tag, vr: dictionaryVr } = tagFor(keyword);
  const vr = explicit ? raw.vr : dictionaryVr;
  const value = explicit ? raw.value : raw;
  if (!/^[A-Z]{2}$/.test(vr)) throw new Error(`${keyword} has ambiguous VR "${vr}"; pass { vr, value }`);
  return [tag, { vr, Value: elementValues(vr, value) }];
}

function elementValues(vr, value) {
  if (value === undefined || value === null || value === '') return [];
  if (ArrayBuffer.isView(value)) return [value.buffer.slice(value.byteOffset, value.byteOffset + value.byteLength)];
  if (value instanceof ArrayBuffer) return [value];
  const values = Array.isArray(value) ? value : [value];
  switch (vr) {
    case 'PN':
      return values.map((name) => ({ Alphabetic: name }));
    case 'DS':
      return values.map(decimalString);
    case 'IS':
      return values.map((n) => String(Math.round(n)));
    case 'SQ':
      return values.map(buildDictionary);
    default:
      return values;
  }
}

function buildDictionary(attributes) {
  const entries = Object.entries(attributes)
    .filter(([, value]) => value !== undefined)
    .map(([keyword, value]) => toElement(keyword, value));
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries);
}

/**
 * Writes a Part-10 file. `attributes` must include SOPClassUID and
 * SOPInstanceUID. For encapsulated transfer syntaxes pass `frames` (one
 * Uint8Array per frame; written one fragment per frame with a Basic Offset
 * Table) instead of a PixelData attribute.
 */
export function writeDicomFile(filePath, { transferSyntaxUid = TS.explicitLittle, attributes, frames }) {
  const meta = buildDictionary({
    FileMetaInformationVersion: { vr: 'OB', value: new Uint8Array([0, 1]) },
    MediaStorageSOPClassUID: attributes.SOPClassUID,
    MediaStorageSOPInstanceUID: attributes.SOPInstanceUID,
    TransferSyntaxUID: transferSyntaxUid,
    ImplementationClassUID: IMPLEMENTATION_CLASS_UID,
    ImplementationVersionName: IMPLEMENTATION_VERSION_NAME,
  });
  const dataset = buildDictionary(attributes);
  if (frames) {
    dataset['7FE00010'] = { vr: 'OB', Value: frames.map((f) => f.buffer.slice(f.byteOffset, f.byteOffset + f.byteLength)) };
  }
  const dict = new DicomDict(meta);
  dict.dict = dataset;
  // fragmentMultiframe=false: one fragment per frame, the layout every
  // decoder handles and the one dcmtk/gdcm produce too.
  const bytes = dict.write({ fragmentMultiframe: false, allowInvalidVRLength: false });
  fs.mkdirSync(path.dirname(filePath), { recursive: true });
  fs.writeFileSync(filePath, Buffer.from(bytes));
}
