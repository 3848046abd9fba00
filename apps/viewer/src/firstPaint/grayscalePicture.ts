import { getNumber, getNumbers, getString, grayLevel, storedWindows, voiRangeToWindow, type DicomJson, type Window } from '@longview/dicom-meta';

/**
 * A native (uncompressed) grayscale frame as 8-bit RGBA, windowed as the stack viewport shows
 * it at first: modality LUT (rescale slope and intercept), then the first stored window, or the
 * full value range when none is stored, by the DICOM linear VOI function (PS3.3 C.11.2.1.2.1),
 * MONOCHROME1 inverted. Compressed syntaxes, colour and anything implausible give undefined:
 * they wait for the rendering engine's decoders.
 */
/** An image's size in pixels and the millimetres between pixel centres (1 when unknown). */
export interface ImageShape {
  columns: number;
  rows: number;
  columnSpacing: number;
  rowSpacing: number;
}

export interface GrayscalePicture extends ImageShape {
  rgba: Uint8ClampedArray<ArrayBuffer>;
  window: Window;
}

/** Rows, columns and pixel spacing (PixelSpacing, else ImagerPixelSpacing, else square). */
export function imageShapeOf(metadata: DicomJson): ImageShape | undefined {
  const rows = getNumber(metadata, 'Rows');
  const columns = getNumber(metadata, 'Columns');
  if (!rows || !columns) return undefined;
  const [rowSpacing = 1, columnSpacing = 1] = getNumbers(metadata, 'PixelSpacing') ?? getNumbers(metadata, 'ImagerPixelSpacing') ?? [];
  return { rows, columns, rowSpacing: rowSpacing > 0 ? rowSpacing : 1, columnSpacing: columnSpacing > 0 ? columnSpacing : 1 };
}

const NATIVE_LITTLE_ENDIAN = new Set(['1.2.840.10008.1.2', '1.2.840.10008.1.2.1']);

interface PixelFormat {
  rows: number;
  columns: number;
  bytesPerSample: 1 | 2;
  bitsStored: number;
  isSigned: boolean;
}

function pixelFormatOf(metadata: DicomJson): PixelFormat | undefined {
  const rows = getNumber(metadata, 'Rows');
  const columns = getNumber(metadata, 'Columns');
  const bitsAllocated = getNumber(metadata, 'BitsAllocated');
  const bitsStored = getNumber(metadata, 'BitsStored') ?? bitsAllocated;
  const photometric = getString(metadata, 'PhotometricInterpretation');
  if ((getNumber(metadata, 'SamplesPerPixel') ?? 1) !== 1 || (photometric !== 'MONOCHROME1' && photometric !== 'MONOCHROME2')) return undefined;
  if (!rows || !columns || (bitsAllocated !== 8 && bitsAllocated !== 16) || !bitsStored || bitsStored > bitsAllocated) return undefined;
  return { rows, columns, bytesPerSample: bitsAllocated === 8 ? 1 : 2, bitsStored, isSigned: getNumber(metadata, 'PixelRepresentation') === 1 };
}

/** The stored values, masked to BitsStored and sign-extended, and their range. */
function storedValues(bytes: Uint8Array, format: PixelFormat): { values: Int32Array; lowest: number; highest: number } {
  const count = format.rows * format.columns;
  const mask = 2 ** format.bitsStored - 1;
  const signBit = 2 ** (format.bitsStored - 1);
  const values = new Int32Array(count);
  const isAligned = format.bytesPerSample === 1 || bytes.byteOffset % 2 === 0;
  const samples = !isAligned ? undefined : format.bytesPerSample === 1 ? bytes : new Uint16Array(bytes.buffer, bytes.byteOffset, count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let lowest = Number.POSITIVE_INFINITY;
  let highest = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < count; i += 1) {
    let stored = (samples ? (samples[i] as number) : view.getUint16(i * 2, true)) & mask;
    if (format.isSigned && stored >= signBit) stored -= 2 ** format.bitsStored;
    values[i] = stored;
    if (stored < lowest) lowest = stored;
    if (stored > highest) highest = stored;
  }
  return { values, lowest, highest };
}

/**
 * The gray level of every stored value from `lowest` to `highest`: modality LUT, then the
 * window, once per value rather than once per pixel (a 512² CT has 262,144 pixels and a few
 * thousand distinct values).
 */
function grayLookup(lowest: number, highest: number, toModality: (stored: number) => number, window: Window, isInverted: boolean): Uint8Array {
  const lookup = new Uint8Array(highest - lowest + 1);
  for (let stored = lowest; stored <= highest; stored += 1) {
    const gray = Math.round(grayLevel(toModality(stored), window));
    lookup[stored - lowest] = isInverted ? 255 - gray : gray;
  }
  return lookup;
}

export function grayscalePicture(pixelBytes: Uint8Array, transferSyntax: string, metadata: DicomJson): GrayscalePicture | undefined {
  const format = NATIVE_LITTLE_ENDIAN.has(transferSyntax) ? pixelFormatOf(metadata) : undefined;
  if (!format || pixelBytes.byteLength < format.rows * format.columns * format.bytesPerSample) return undefined;
  const shape = imageShapeOf(metadata);
  if (!shape) return undefined;
  const { values, lowest, highest } = storedValues(pixelBytes, format);
  const slope = getNumber(metadata, 'RescaleSlope') ?? 1;
  const intercept = getNumber(metadata, 'RescaleIntercept') ?? 0;
  const toModality = (stored: number) => Math.fround(stored * slope + intercept);
  const [low, high] = [toModality(lowest), toModality(highest)].sort((a, b) => a - b);
  const window = storedWindows(metadata)[0] ?? voiRangeToWindow({ lower: low as number, upper: high as number });
  const lookup = grayLookup(lowest, highest, toModality, window, getString(metadata, 'PhotometricInterpretation') === 'MONOCHROME1');
  const rgba = new Uint8ClampedArray(values.length * 4);
  // One 32-bit store a pixel: gray in R, G and B, opaque (the page's byte order is little-endian).
  const pixels = new Uint32Array(rgba.buffer);
  for (let i = 0; i < values.length; i += 1) pixels[i] = (0xff000000 | ((lookup[(values[i] as number) - lowest] as number) * 0x010101)) >>> 0;
  return { ...shape, rgba, window };
}

/**
 * Where a picture lies when fitted to a `width`×`height` canvas, centred, in whole device
 * pixels (so that nearest-neighbour sampling has one phase): the stack viewport's fit.
 */
export function fittedRect(shape: ImageShape, width: number, height: number) {
  const widthMm = shape.columns * shape.columnSpacing;
  const heightMm = shape.rows * shape.rowSpacing;
  const scale = Math.min(width / widthMm, height / heightMm);
  const w = Math.round(widthMm * scale);
  const h = Math.round(heightMm * scale);
  return { x: Math.round((width - w) / 2), y: Math.round((height - h) / 2), width: w, height: h };
}
