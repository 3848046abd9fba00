// Damages the compressed pixel data of one encapsulated instance while
// leaving the DICOM structure valid: Orthanc (which never decodes on ingest)
// stores it, QIDO/metadata work, but every decoder fails on the frame.
import fs from 'node:fs';

// (7FE0,0010) OB, reserved, undefined length — Pixel Data in explicit VR LE.
const ENCAPSULATED_PIXEL_DATA = Buffer.from([0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0x00, 0x00, 0xff, 0xff, 0xff, 0xff]);
const ITEM = [0xfe, 0xff, 0x00, 0xe0];
const JPEG_SOS = 0xda;

function readItem(buffer, offset) {
  for (let i = 0; i < 4; i++) {
    if (buffer[offset + i] !== ITEM[i]) throw new Error(`Expected an item tag at byte ${offset}`);
  }
  const length = buffer.readUInt32LE(offset + 4);
  return { start: offset + 8, length, end: offset + 8 + length };
}

/** Offset just past the JPEG / JPEG-LS Start-Of-Scan header, i.e. where entropy-coded data begins. */
function endOfScanHeader(codestream) {
  for (let i = 0; i < codestream.length - 3; i++) {
    if (codestream[i] === 0xff && codestream[i + 1] === JPEG_SOS) return i + 2 + codestream.readUInt16BE(i + 2);
  }
  throw new Error('No SOS marker found in the first fragment');
}

/** Replaces the first fragment's codestream with `rewrite(codestream)`, keeping the DICOM structure valid. */
function rewriteFirstFragment(file, rewrite) {
  const buffer = fs.readFileSync(file);
  const elementStart = buffer.lastIndexOf(ENCAPSULATED_PIXEL_DATA);
  if (elementStart < 0) throw new Error(`${file}: no encapsulated Pixel Data`);
  const offsetTable = readItem(buffer, elementStart + ENCAPSULATED_PIXEL_DATA.length);
  const fragment = readItem(buffer, offsetTable.end);
  const codestream = buffer.subarray(fragment.start, fragment.end);
  let damaged = rewrite(codestream);
  if (damaged.length % 2 === 1) damaged = Buffer.concat([damaged, Buffer.from([0])]);

  const itemHeader = Buffer.from([...ITEM, 0, 0, 0, 0]);
  itemHeader.writeUInt32LE(damaged.length, 4);
  // Everything after the fragment (the sequence delimiter) is kept as is.
  fs.writeFileSync(file, Buffer.concat([buffer.subarray(0, fragment.start - 8), itemHeader, damaged, buffer.subarray(fragment.end)]));
  return { originalFragmentBytes: codestream.length, damagedFragmentBytes: damaged.length };
}

/**
 * Keeps the codestream headers (so the file still "looks" like JPEG-LS to a
 * parser) but replaces the entropy-coded data with a short run of garbage
 * and drops the EOI marker: decoders fail with truncated/invalid data.
 */
export function corruptFirstFragment(file) {
  return rewriteFirstFragment(file, (codestream) => {
    const header = codestream.subarray(0, endOfScanHeader(codestream));
    // Deterministic garbage with no 0xFF bytes (so no accidental markers).
    const garbage = Buffer.alloc(512, 0).map((_, i) => (i * 73 + 41) % 255);
    return Buffer.concat([header, garbage]);
  });
}

/**
 * Cuts the codestream short: its headers and the first `fraction` of the entropy-coded data
 * stay, the rest (and the EOI marker) is gone. This is the "truncated file" case with a file
 * that an archive still accepts: Orthanc refuses a Part-10 file cut in the middle of an element.
 */
export function truncateFirstFragment(file, fraction) {
  return rewriteFirstFragment(file, (codestream) => {
    const headerEnd = endOfScanHeader(codestream);
    return codestream.subarray(0, headerEnd + Math.floor((codestream.length - headerEnd) * fraction));
  });
}
