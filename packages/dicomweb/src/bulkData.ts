import type { DicomJson, DicomJsonAttribute } from '@longview/dicom-meta';

/**
 * Palette colour lookup tables (PS3.3 C.7.6.3.1.6): the renderer needs their data as numbers,
 * but archives may send it as bulk data (Orthanc does, with an absolute BulkDataURI on its
 * own host) or inline as base64. Each entry pairs the data tag with its descriptor.
 */
export const PALETTE_LUTS = [
  { data: '00281201', descriptor: '00281101' },
  { data: '00281202', descriptor: '00281102' },
  { data: '00281203', descriptor: '00281103' },
] as const;

/**
 * Where to fetch a BulkDataURI through this archive's own WADO-RS root. Archives write their
 * internal address (http://127.0.0.1:8042/dicom-web/studies/…), which the browser cannot
 * reach behind a proxy; the path from "/studies/" on is the same resource under any root.
 */
export function bulkDataUrlOnRoot(bulkDataUri: string, wadoRoot: string): string {
  const at = bulkDataUri.indexOf('/studies/');
  if (at < 0) return bulkDataUri;
  return `${wadoRoot.replace(/\/+$/, '')}${bulkDataUri.slice(at)}`;
}

/**
 * LUT entries from raw little-endian bytes. Descriptors say 8 or 16 bits per entry; 16-bit
 * tables are one word per entry, and so are most 8-bit ones in practice (the byte count
 * tells: one byte per entry means packed bytes).
 */
export function lutEntries(bytes: Uint8Array, descriptor: DicomJsonAttribute | undefined): number[] {
  const declared = Number(descriptor?.Value?.[0]);
  const count = declared === 0 ? 65536 : declared;
  const bitsPerEntry = Number(descriptor?.Value?.[2]);
  if (bitsPerEntry === 8 && Number.isFinite(count) && bytes.length === count) return Array.from(bytes);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const words = Math.floor(bytes.byteLength / 2);
  const values = new Array<number>(words);
  for (let i = 0; i < words; i++) values[i] = view.getUint16(i * 2, true);
  return values;
}

export function base64ToBytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The palette LUT data elements of an instance that still need fetching or decoding. */
export function pendingPaletteData(metadata: DicomJson): Array<{ tag: string; descriptorTag: string; attribute: DicomJsonAttribute }> {
  return PALETTE_LUTS.flatMap(({ data, descriptor }) => {
    const attribute = metadata[data];
    if (!attribute || attribute.Value) return [];
    if (!attribute.BulkDataURI && !attribute.InlineBinary) return [];
    return [{ tag: data, descriptorTag: descriptor, attribute }];
  });
}

const CRLF_CRLF = [13, 10, 13, 10];

function indexOfSequence(bytes: Uint8Array, sequence: readonly number[], from: number): number {
  outer: for (let i = from; i <= bytes.length - sequence.length; i++) {
    for (let j = 0; j < sequence.length; j++) if (bytes[i + j] !== sequence[j]) continue outer;
    return i;
  }
  return -1;
}

/**
 * The first part's body of a multipart/related response, or the bytes themselves when they
 * are not multipart. Bulk data endpoints answer multipart (PS3.18 8.7.3.2) unless asked
 * otherwise, and Orthanc ignores an Accept asking otherwise.
 */
export function firstPartBody(bytes: Uint8Array): Uint8Array {
  if (bytes[0] !== 0x2d || bytes[1] !== 0x2d) return bytes; // "--" opens a multipart body
  const lineEnd = indexOfSequence(bytes, [13, 10], 0);
  if (lineEnd < 0) return bytes;
  const delimiter = Array.from(bytes.subarray(0, lineEnd));
  const headersEnd = indexOfSequence(bytes, CRLF_CRLF, lineEnd);
  if (headersEnd < 0) return bytes;
  const bodyStart = headersEnd + CRLF_CRLF.length;
  const bodyEnd = indexOfSequence(bytes, [13, 10, ...delimiter], bodyStart);
  return bytes.subarray(bodyStart, bodyEnd < 0 ? bytes.length : bodyEnd);
}

/** The Content-Type of the first part of a multipart body, or undefined for a single part. */
export function firstPartContentType(bytes: Uint8Array): string | undefined {
  if (bytes[0] !== 0x2d || bytes[1] !== 0x2d) return undefined;
  const headersEnd = indexOfSequence(bytes, CRLF_CRLF, 0);
  if (headersEnd < 0) return undefined;
  const headers = new TextDecoder('latin1').decode(bytes.subarray(0, headersEnd));
  return /^content-type:\s*(.+)$/im.exec(headers)?.[1]?.trim();
}

/** The transfer syntax a frame's (part) Content-Type declares (PS3.18 8.7.3.5.2); undefined if it names none. */
export function declaredTransferSyntax(contentType: string | null | undefined): string | undefined {
  return /transfer-syntax\s*=\s*"?([\d.]+)"?/i.exec(contentType ?? '')?.[1];
}
