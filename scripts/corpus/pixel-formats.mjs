// Turns phantom values (HU etc.) into the stored pixel representation of
// each test variant, together with the Image Pixel / VOI / Modality LUT
// attributes that make those stored values mean the right thing.

const clamp = (value, min, max) => Math.min(max, Math.max(min, Math.round(value)));

function grayscaleModule({ rows, columns, bitsAllocated, bitsStored, signed, photometric = 'MONOCHROME2' }) {
  return {
    SamplesPerPixel: 1,
    PhotometricInterpretation: photometric,
    Rows: rows,
    Columns: columns,
    BitsAllocated: bitsAllocated,
    BitsStored: bitsStored,
    HighBit: bitsStored - 1,
    PixelRepresentation: signed ? 1 : 0,
  };
}

const HU_WINDOWS = {
  // First window = whole useful HU range, so the default rendering (and the
  // reference image) shows every tissue class; decoding errors in any bit
  // range then change the picture.
  WindowCenter: [0, 40, -600],
  WindowWidth: [2000, 400, 1500],
  WindowCenterWidthExplanation: ['FULL RANGE', 'MEDIASTINUM', 'LUNG'],
};

/** CT signed 16-bit, stored = HU + 1024 (the way most scanners store CT). */
export function ctSigned16(hu, { rows, columns }) {
  return {
    attributes: {
      ...grayscaleModule({ rows, columns, bitsAllocated: 16, bitsStored: 16, signed: true }),
      RescaleIntercept: -1024,
      RescaleSlope: 1,
      RescaleType: 'HU',
      ...HU_WINDOWS,
    },
    pixelData: { vr: 'OW', value: Int16Array.from(hu, (v) => clamp(v + 1024, -32768, 32767)) },
    referenceWindow: { center: 0, width: 2000 },
  };
}

/** CT unsigned 12-bit in 16-bit words (JPEG extended needs <= 12 bits). */
export function ctUnsigned12(hu, { rows, columns }) {
  return {
    attributes: {
      ...grayscaleModule({ rows, columns, bitsAllocated: 16, bitsStored: 12, signed: false }),
      RescaleIntercept: -1024,
      RescaleSlope: 1,
      RescaleType: 'HU',
      ...HU_WINDOWS,
    },
    pixelData: { vr: 'OW', value: Uint16Array.from(hu, (v) => clamp(v + 1024, 0, 4095)) },
    referenceWindow: { center: 0, width: 2000 },
  };
}

/** Signed 16-bit with negative stored values (stored = HU, no offset). */
export function ctSignedRawHu(hu, { rows, columns }) {
  return {
    attributes: {
      ...grayscaleModule({ rows, columns, bitsAllocated: 16, bitsStored: 16, signed: true }),
      RescaleIntercept: 0,
      RescaleSlope: 1,
      RescaleType: 'HU',
      ...HU_WINDOWS,
    },
    pixelData: { vr: 'OW', value: Int16Array.from(hu, (v) => clamp(v, -32768, 32767)) },
    referenceWindow: { center: 0, width: 2000 },
  };
}

/** Non-trivial modality LUT: HU = 2 * stored - 1000. */
export function ctRescaled(hu, { rows, columns }) {
  return {
    attributes: {
      ...grayscaleModule({ rows, columns, bitsAllocated: 16, bitsStored: 12, signed: false }),
      RescaleIntercept: -1000,
      RescaleSlope: 2,
      RescaleType: 'HU',
      ...HU_WINDOWS,
    },
    pixelData: { vr: 'OW', value: Uint16Array.from(hu, (v) => clamp((v + 1000) / 2, 0, 4095)) },
    referenceWindow: { center: 0, width: 2000 },
  };
}

/** VOI LUT Function SIGMOID (PS3.3 C.11.2.1.3.1) on a soft-tissue window. */
export function ctSigmoid(hu, size) {
  const base = ctSigned16(hu, size);
  return {
    ...base,
    attributes: {
      ...base.attributes,
      WindowCenter: 40,
      WindowWidth: 400,
      WindowCenterWidthExplanation: 'SIGMOID SOFT TISSUE',
      VOILUTFunction: 'SIGMOID',
    },
    referenceWindow: { center: 40, width: 400 },
  };
}

/**
 * Unsigned 16-bit using the top half of the range (values > 32767), which
 * catches decoders that read unsigned data as signed. No rescale (MR-like).
 */
export function unsigned16HighRange(hu, { rows, columns }) {
  return {
    attributes: {
      ...grayscaleModule({ rows, columns, bitsAllocated: 16, bitsStored: 16, signed: false }),
      WindowCenter: 24576,
      WindowWidth: 48000,
    },
    pixelData: { vr: 'OW', value: Uint16Array.from(hu, (v) => clamp((v + 1024) * 24, 0, 65535)) },
    referenceWindow: { center: 24576, width: 48000 },
  };
}

/** 8-bit grayscale (HU/8 + 128), what JPEG baseline and 8-bit SC carry. */
export function gray8FromHu(hu) {
  return Uint8Array.from(hu, (v) => clamp((v + 1024) / 8, 0, 255));
}

export function unsigned8(hu, { rows, columns }) {
  return {
    attributes: {
      ...grayscaleModule({ rows, columns, bitsAllocated: 8, bitsStored: 8, signed: false }),
      WindowCenter: 128,
      WindowWidth: 256,
    },
    pixelData: { vr: 'OB', value: gray8FromHu(hu) },
    referenceWindow: { center: 128, width: 256 },
  };
}

/**
 * MONOCHROME1 (minimum = white): stored values are inverted so that the
 * correctly displayed image looks exactly like the MONOCHROME2 variants.
 */
export function monochrome1(hu, { rows, columns }) {
  return {
    attributes: {
      ...grayscaleModule({ rows, columns, bitsAllocated: 16, bitsStored: 12, signed: false, photometric: 'MONOCHROME1' }),
      WindowCenter: 4095 - 1024,
      WindowWidth: 2000,
    },
    pixelData: { vr: 'OW', value: Uint16Array.from(hu, (v) => 4095 - clamp(v + 1024, 0, 4095)) },
    referenceWindow: { center: 4095 - 1024, width: 2000 },
  };
}

/** 8 vertical colour bars (R G B C M Y W K), each 1/8 of the width. */
const BARS = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [0, 255, 255], [255, 0, 255], [255, 255, 0], [255, 255, 255], [0, 0, 0]];

/**
 * RGB test image: colour bars on top (channel-order bugs are obvious), the
 * grayscale CT in the middle with a red/yellow "uptake" blob (fusion-like),
 * and a hue ramp along the bottom.
 */
export function rgbPixels(hu, { rows, columns }, hotSpot) {
  const gray = gray8FromHu(hu);
  const rgb = new Uint8Array(rows * columns * 3);
  const barHeight = Math.round(rows / 8);
  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const i = row * columns + column;
      rgb.set(rgbAt({ row, column, rows, columns, barHeight, gray: gray[i], hotSpot }), i * 3);
    }
  }
  return rgb;
}

function rgbAt({ row, column, rows, columns, barHeight, gray, hotSpot }) {
  if (row < barHeight) return BARS[Math.floor((column * 8) / columns)];
  if (row >= rows - barHeight) return hueRamp(column / columns);
  const heat = Math.exp(-((row - hotSpot.row) ** 2 + (column - hotSpot.column) ** 2) / (2 * hotSpot.sigma ** 2));
  if (heat < 0.05) return [gray, gray, gray];
  return [
    Math.round(gray * (1 - heat) + 255 * heat),
    Math.round(gray * (1 - heat) + 220 * heat * heat),
    Math.round(gray * (1 - heat)),
  ];
}

function hueRamp(fraction) {
  const h = fraction * 6;
  const x = Math.round(255 * (1 - Math.abs((h % 2) - 1)));
  return [[255, x, 0], [x, 255, 0], [0, 255, x], [0, x, 255], [x, 0, 255], [255, 0, x]][Math.floor(h) % 6];
}

export function rgbInterleaved(hu, size, hotSpot) {
  return {
    attributes: colourModule(size, 'RGB', 0),
    pixelData: { vr: 'OB', value: rgbPixels(hu, size, hotSpot) },
    referenceWindow: null,
  };
}

/** Same image with PlanarConfiguration 1 (RRR..GGG..BBB..). */
export function rgbPlanar(hu, size, hotSpot) {
  const interleaved = rgbPixels(hu, size, hotSpot);
  const count = size.rows * size.columns;
  const planar = new Uint8Array(count * 3);
  for (let i = 0; i < count; i++) {
    planar[i] = interleaved[i * 3];
    planar[count + i] = interleaved[i * 3 + 1];
    planar[2 * count + i] = interleaved[i * 3 + 2];
  }
  return { attributes: colourModule(size, 'RGB', 1), pixelData: { vr: 'OB', value: planar }, referenceWindow: null };
}

function colourModule({ rows, columns }, photometric, planarConfiguration) {
  return {
    SamplesPerPixel: 3,
    PhotometricInterpretation: photometric,
    PlanarConfiguration: planarConfiguration,
    Rows: rows,
    Columns: columns,
    BitsAllocated: 8,
    BitsStored: 8,
    HighBit: 7,
    PixelRepresentation: 0,
  };
}

/**
 * PALETTE COLOR: 8-bit indices (the 8-bit CT) through a 256-entry, 16-bit
 * "hot iron" LUT. Descriptor = [entries, first mapped value, bits].
 */
export function paletteColor(hu, { rows, columns }) {
  const entries = 256;
  const lut = (offset) => Uint16Array.from({ length: entries }, (_, i) => Math.min(65535, Math.max(0, (3 * i - offset) * 257)));
  const descriptor = { vr: 'US', value: [entries, 0, 16] };
  return {
    attributes: {
      ...grayscaleModule({ rows, columns, bitsAllocated: 8, bitsStored: 8, signed: false, photometric: 'PALETTE COLOR' }),
      RedPaletteColorLookupTableDescriptor: descriptor,
      GreenPaletteColorLookupTableDescriptor: descriptor,
      BluePaletteColorLookupTableDescriptor: descriptor,
      RedPaletteColorLookupTableData: { vr: 'OW', value: lut(0) },
      GreenPaletteColorLookupTableData: { vr: 'OW', value: lut(256) },
      BluePaletteColorLookupTableData: { vr: 'OW', value: lut(512) },
    },
    pixelData: { vr: 'OB', value: gray8FromHu(hu) },
    referenceWindow: null,
  };
}
