// A dataset as dcmjs reads it (tag → { vr, Value, _rawValue }) to the DICOM JSON model of
// PS3.18 F.2, as WADO-RS metadata: pixel data and large binary values become BulkDataURIs,
// small binary values InlineBinary. The file meta group (0002) never reaches here: dcmjs
// keeps it apart.

const BINARY_VRS = new Set(['OB', 'OD', 'OF', 'OL', 'OV', 'OW', 'UN']);
const PIXEL_DATA_TAGS = new Set(['7FE00008', '7FE00009', '7FE00010']);
/** PS3.18 10.4.3.3.2 lets the origin server choose; LUT data and small private blobs stay inline. */
export const INLINE_BINARY_LIMIT = 1024;

const isEmpty = (value) =>
  value === undefined ||
  value === null ||
  value === '' ||
  (typeof value === 'object' && !ArrayBuffer.isView(value) && Object.values(value).every((part) => part === undefined || part === ''));

function toBytes(value) {
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  throw new Error('binary value is not a buffer');
}

function binaryBytes(values) {
  const parts = values.map(toBytes);
  return parts.length === 1 ? parts[0] : Buffer.concat(parts);
}

/** One value in its PS3.18 F.2.3 JSON type; `raw` is the string as stored, for numbers that do not parse. */
function jsonValue(vr, value, raw) {
  if (isEmpty(value)) return null;
  if (vr === 'AT') return typeof value === 'string' ? value.toUpperCase() : value.toString(16).toUpperCase().padStart(8, '0');
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number' && !Number.isFinite(value)) {
    // A DS/IS that does not parse is kept as written rather than lost; a float that is NaN
    // or infinite has no JSON form at all.
    return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : null;
  }
  return value;
}

/**
 * DICOM JSON of a dcmjs dataset. `bulkDataUri(tagPath, bytes)` stores a large binary value and
 * returns its URI; `pixelDataUri` is the URI of the instance's frames.
 */
export function toDicomJson(dict, { bulkDataUri, pixelDataUri }, tagPath = []) {
  const out = {};
  for (const tag of Object.keys(dict).sort()) {
    const { vr, Value: values = [], _rawValue: raw } = dict[tag];
    const path = [...tagPath, tag];
    if (PIXEL_DATA_TAGS.has(tag) && tagPath.length === 0) {
      out[tag] = { vr, BulkDataURI: pixelDataUri };
    } else if (vr === 'SQ') {
      const items = values.map((item, index) => toDicomJson(item, { bulkDataUri, pixelDataUri }, [...path, String(index)]));
      out[tag] = items.length > 0 ? { vr, Value: items } : { vr };
    } else if (BINARY_VRS.has(vr)) {
      const bytes = binaryBytes(values.filter((value) => value !== undefined && value !== null));
      if (bytes.length === 0) out[tag] = { vr };
      else if (bytes.length <= INLINE_BINARY_LIMIT) out[tag] = { vr, InlineBinary: Buffer.from(bytes).toString('base64') };
      else out[tag] = { vr, BulkDataURI: bulkDataUri(path.join('.'), bytes) };
    } else {
      const rawValues = Array.isArray(raw) ? raw : [raw];
      const converted = values.map((value, index) => jsonValue(vr, value, rawValues[index]));
      out[tag] = converted.some((value) => value !== null) ? { vr, Value: converted } : { vr };
    }
  }
  return out;
}
