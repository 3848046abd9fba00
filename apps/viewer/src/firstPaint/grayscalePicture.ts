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

/** The stored values as modality values (rescaled), masked to BitsStored and sign-extended. */
function modalityValues(bytes: Uint8Array, format: PixelFormat, metadata: DicomJson): Float32Array {
  const count = format.rows * format.columns;
  const slope = getNumber(metadata, 'RescaleSlope') ?? 1;
  const intercept = getNumber(metadata, 'RescaleIntercept') ?? 0;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const mask = 2 ** format.bitsStored - 1;
  const signBit = 2 ** (format.bitsStored - 1);
  const values = new Float32Array(count);
  for (let i = 0; i < count; i += 1) {
    let stored = (format.bytesPerSample === 1 ? view.getUint8(i) : view.getUint16(i * 2, true)) & mask;
    if (format.isSigned && stored >= signBit) stored -= 2 ** format.bitsStored;
    values[i] = stored * slope + intercept;
  }
  return values;
}

function fullRangeWindow(values: Float32Array): Window {
  let lower = Number.POSITIVE_INFINITY;
  let upper = Number.NEGATIVE_INFINITY;
  for (const value of values) {
    if (value < lower) lower = value;
    if (value > upper) upper = value;
  }
  return voiRangeToWindow({ lower, upper });
}

export function grayscalePicture(pixelBytes: Uint8Array, transferSyntax: string, metadata: DicomJson): GrayscalePicture | undefined {
  const format = NATIVE_LITTLE_ENDIAN.has(transferSyntax) ? pixelFormatOf(metadata) : undefined;
  if (!format || pixelBytes.byteLength < format.rows * format.columns * format.bytesPerSample) return undefined;
  const values = modalityValues(pixelBytes, format, metadata);
  const window = storedWindows(metadata)[0] ?? fullRangeWindow(values);
  const isInverted = getString(metadata, 'PhotometricInterpretation') === 'MONOCHROME1';
  const rgba = new Uint8ClampedArray(values.length * 4);
  for (let i = 0; i < values.length; i += 1) {
    const gray = Math.round(grayLevel(values[i] as number, window));
    const shown = isInverted ? 255 - gray : gray;
    rgba[i * 4] = shown;
    rgba[i * 4 + 1] = shown;
    rgba[i * 4 + 2] = shown;
    rgba[i * 4 + 3] = 255;
  }
  const shape = imageShapeOf(metadata);
  return shape ? { ...shape, rgba, window } : undefined;
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
