import { SegmentationUnreadable } from './model';

/** The bytes of native (uncompressed) Pixel Data as dcmjs naturalizes it: one ArrayBuffer, alone or in an array. */
export function nativePixelBytes(pixelData: unknown): Uint8Array {
  const parts = Array.isArray(pixelData) ? pixelData : [pixelData];
  // An encapsulated transfer syntax gives one buffer per fragment: a compressed SEG, which
  // this reader does not decode (a viewer asks the archive for Explicit VR Little Endian).
  if (parts.length > 1) throw new SegmentationUnreadable('its pixel data is compressed');
  const [part] = parts;
  if (part instanceof ArrayBuffer) return new Uint8Array(part);
  if (ArrayBuffer.isView(part)) return new Uint8Array(part.buffer, part.byteOffset, part.byteLength);
  throw new SegmentationUnreadable('it has no pixel data');
}

interface FrameLayout {
  readonly frameCount: number;
  readonly pixelsPerFrame: number;
}

/** Every frame's mask, each a view of one buffer (no copy per frame), and the count of partial voxels. */
export interface UnpackedFrames {
  readonly masks: Uint8Array[];
  readonly partialVoxelCount: number;
}

function framesOf(all: Uint8Array, { frameCount, pixelsPerFrame }: FrameLayout): Uint8Array[] {
  return Array.from({ length: frameCount }, (_, frame) => all.subarray(frame * pixelsPerFrame, (frame + 1) * pixelsPerFrame));
}

/**
 * BINARY Pixel Data (PS3.5 8.1.1): one bit per pixel, the first pixel in the lowest bit, frames
 * back to back with no padding between them, so a frame may start inside a byte when rows ×
 * columns is not a multiple of 8. Unpacking the whole bit stream at once handles that for free.
 * (dcmjs's BitArray.unpack writes 255 per bit and takes no frame layout: 0/1 masks are what a
 * labelmap and a voxel count want.)
 */
export function unpackBinaryFrames(bytes: Uint8Array, layout: FrameLayout): UnpackedFrames {
  const all = new Uint8Array(layout.frameCount * layout.pixelsPerFrame);
  if (bytes.length * 8 < all.length) throw new SegmentationUnreadable(`its pixel data holds ${bytes.length} bytes, fewer than ${layout.frameCount} frames need`);
  const usedBytes = Math.ceil(all.length / 8);
  for (let byteIndex = 0; byteIndex < usedBytes; byteIndex++) {
    const byte = bytes[byteIndex] as number;
    if (byte === 0) continue;
    const first = byteIndex * 8;
    for (let bit = 0; bit < 8 && first + bit < all.length; bit++) all[first + bit] = (byte >> bit) & 1;
  }
  return { masks: framesOf(all, layout), partialVoxelCount: 0 };
}

/**
 * FRACTIONAL Pixel Data: one byte per pixel, 0..MaximumFractionalValue. A voxel counts as in the
 * segment only at the maximum (certain); any other non-zero value is partial and counted, so
 * that a caller can refuse what would need a threshold.
 */
export function unpackFractionalFrames(bytes: Uint8Array, layout: FrameLayout, maximumFractionalValue: number): UnpackedFrames {
  const all = new Uint8Array(layout.frameCount * layout.pixelsPerFrame);
  if (bytes.length < all.length) throw new SegmentationUnreadable(`its pixel data holds ${bytes.length} bytes, fewer than ${layout.frameCount} frames need`);
  let partialVoxelCount = 0;
  for (let index = 0; index < all.length; index++) {
    const value = bytes[index] as number;
    if (value === maximumFractionalValue) all[index] = 1;
    else if (value !== 0) partialVoxelCount += 1;
  }
  return { masks: framesOf(all, layout), partialVoxelCount };
}
