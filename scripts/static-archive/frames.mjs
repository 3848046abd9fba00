// Frames of a Part-10 instance as a static tree stores them: one file per frame, each a
// one-part multipart/related body (layout.mjs) whose part header says what the bytes are,
// exactly what a WADO-RS server answers to `Accept: multipart/related;
// type="application/octet-stream"; transfer-syntax=*`.
import { FRAME_BOUNDARY } from './layout.mjs';

const EXPLICIT_VR_LITTLE_ENDIAN = '1.2.840.10008.1.2.1';

/**
 * Little endian syntaxes whose pixel data is stored natively. Once a Deflated dataset is
 * inflated its pixel data is plain little endian too; the frame carries no VR, so all three
 * are sent as Explicit VR Little Endian, the default syntax PS3.18 gives uncompressed frames.
 */
const NATIVE_LITTLE_ENDIAN = new Set(['1.2.840.10008.1.2', EXPLICIT_VR_LITTLE_ENDIAN, '1.2.840.10008.1.2.1.99']);

/** The PS3.18 media type of a compressed frame, per transfer syntax. */
const COMPRESSED_MEDIA_TYPES = {
  '1.2.840.10008.1.2.4.50': 'image/jpeg',
  '1.2.840.10008.1.2.4.51': 'image/jpeg',
  '1.2.840.10008.1.2.4.57': 'image/jpeg',
  '1.2.840.10008.1.2.4.70': 'image/jpeg',
  '1.2.840.10008.1.2.4.80': 'image/jls',
  '1.2.840.10008.1.2.4.81': 'image/jls',
  '1.2.840.10008.1.2.4.90': 'image/jp2',
  '1.2.840.10008.1.2.4.91': 'image/jp2',
  '1.2.840.10008.1.2.4.92': 'image/jpx',
  '1.2.840.10008.1.2.4.93': 'image/jpx',
  '1.2.840.10008.1.2.4.201': 'image/jphc',
  '1.2.840.10008.1.2.4.202': 'image/jphc',
  '1.2.840.10008.1.2.4.203': 'image/jphc',
  '1.2.840.10008.1.2.5': 'image/dicom-rle',
};

/**
 * How frames of a stored syntax are sent. A static tree cannot transcode, so a syntax it
 * cannot send faithfully is refused at build time rather than served wrongly: Explicit VR
 * Big Endian (retired; which byte order dcmjs hands over and a decoder expects is untested
 * here) and the video syntaxes (whose "frames" are one stream).
 */
export function frameEncoding(transferSyntax) {
  if (NATIVE_LITTLE_ENDIAN.has(transferSyntax)) {
    return { mediaType: 'application/octet-stream', transferSyntax: EXPLICIT_VR_LITTLE_ENDIAN, isCompressed: false };
  }
  const mediaType = COMPRESSED_MEDIA_TYPES[transferSyntax];
  if (!mediaType) throw new Error(`transfer syntax ${transferSyntax} has no frame form a static tree can serve`);
  return { mediaType, transferSyntax, isCompressed: true };
}

function toBytes(value) {
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (Array.isArray(value)) return concatBytes(value.map(toBytes));
  throw new Error('pixel data value is not binary');
}

function concatBytes(parts) {
  if (parts.length === 1) return parts[0];
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

const startsJpegImage = (bytes) => bytes[0] === 0xff && bytes[1] === 0xd8;

/**
 * Cuts an instance's pixel data into frames. `pixelData` is the Value dcmjs reads: one buffer
 * of native pixels, or the encapsulated items (whole frames when the file has a Basic Offset
 * Table, else fragments).
 */
export function splitFrames({ pixelData, isCompressed, numberOfFrames, rows, columns, samplesPerPixel, bitsAllocated }) {
  const items = (pixelData ?? []).map(toBytes);
  if (items.length === 0) throw new Error('instance has no pixel data');
  if (!isCompressed) return splitNativeFrames(concatBytes(items), { numberOfFrames, rows, columns, samplesPerPixel, bitsAllocated });
  if (items.length === numberOfFrames) return items;
  if (numberOfFrames === 1) return [concatBytes(items)];
  // Several fragments per frame and no offset table: JPEG frames can still be told apart,
  // because each one begins with a Start Of Image marker (PS3.5 A.4 leaves the fragmentation open).
  if (startsJpegImage(items[0])) {
    const frames = [];
    for (const item of items) {
      if (startsJpegImage(item)) frames.push([item]);
      else frames[frames.length - 1].push(item);
    }
    if (frames.length === numberOfFrames) return frames.map(concatBytes);
  }
  throw new Error(`cannot tell ${numberOfFrames} frames apart among ${items.length} fragments (no Basic Offset Table)`);
}

function splitNativeFrames(bytes, { numberOfFrames, rows, columns, samplesPerPixel, bitsAllocated }) {
  const frameLength = (rows * columns * samplesPerPixel * bitsAllocated) / 8;
  // 1-bit frames are packed without padding, so a frame need not start on a byte; no modality here makes them.
  if (!Number.isInteger(frameLength) || frameLength === 0) throw new Error(`frames of ${bitsAllocated}-bit pixels are not supported`);
  if (bytes.length < frameLength * numberOfFrames) {
    throw new Error(`pixel data holds ${bytes.length} bytes, ${numberOfFrames} frames need ${frameLength * numberOfFrames}`);
  }
  return Array.from({ length: numberOfFrames }, (_, index) => bytes.subarray(index * frameLength, (index + 1) * frameLength));
}

/** One frame as the body of a one-part multipart/related response. */
export function multipartFrame(bytes, { mediaType, transferSyntax }) {
  const head = `--${FRAME_BOUNDARY}\r\nContent-Type: ${mediaType}; transfer-syntax=${transferSyntax}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), bytes, Buffer.from(`\r\n--${FRAME_BOUNDARY}--\r\n`, 'latin1')]);
}
