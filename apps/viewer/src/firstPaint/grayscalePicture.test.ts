import { describe, expect, it } from 'vitest';
import type { DicomJson } from '@longview/dicom-meta';
import { fittedRect, grayscalePicture, imageShapeOf } from './grayscalePicture';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';

/** DICOM JSON for a 2×2 grayscale image. */
function metadata(extra: Record<string, number | string | number[]> = {}): DicomJson {
  const tags: Record<string, [string, number | string | number[]]> = {
    '00280002': ['US', 1],
    '00280004': ['CS', 'MONOCHROME2'],
    '00280010': ['US', 2],
    '00280011': ['US', 2],
    '00280100': ['US', 16],
    '00280101': ['US', 16],
    '00280103': ['US', 1],
    '00281052': ['DS', -1024],
    '00281053': ['DS', 1],
    '00281050': ['DS', 40],
    '00281051': ['DS', 400],
  };
  const names: Record<string, string> = {
    PhotometricInterpretation: '00280004',
    BitsAllocated: '00280100',
    BitsStored: '00280101',
    PixelRepresentation: '00280103',
    WindowCenter: '00281050',
    WindowWidth: '00281051',
    Rows: '00280010',
    PixelSpacing: '00280030',
  };
  const json: DicomJson = {};
  for (const [tag, [vr, value]] of Object.entries(tags)) json[tag] = { vr, Value: Array.isArray(value) ? value : [value] };
  for (const [name, value] of Object.entries(extra)) {
    const tag = names[name] as string;
    json[tag] = { vr: json[tag]?.vr ?? 'DS', Value: Array.isArray(value) ? value : [value] };
  }
  return json;
}

const int16 = (...values: number[]) => new Uint8Array(Int16Array.from(values).buffer);
const grays = (rgba: Uint8ClampedArray) => Array.from({ length: rgba.length / 4 }, (_, i) => rgba[i * 4]);

describe('grayscalePicture', () => {
  it('applies the modality LUT, then the first stored window, as the DICOM linear function', () => {
    // Stored 824, 1064, 1264, 2000 → HU −200, 40, 240, 976 under W 400 L 40.
    const picture = grayscalePicture(int16(824, 1064, 1264, 2000), EXPLICIT_LE, metadata());
    expect(picture?.window).toEqual({ center: 40, width: 400, explanation: undefined });
    expect(grays(picture?.rgba ?? new Uint8ClampedArray())).toEqual([0, 128, 255, 255]);
    expect(picture?.rgba[3]).toBe(255);
  });

  it('inverts MONOCHROME1 and uses the full range when no window is stored', () => {
    const json = metadata({ PhotometricInterpretation: 'MONOCHROME1' });
    delete json['00281050'];
    delete json['00281051'];
    const picture = grayscalePicture(int16(1024, 1024, 2047, 2047), EXPLICIT_LE, json);
    expect(grays(picture?.rgba ?? new Uint8ClampedArray())).toEqual([255, 255, 0, 0]);
  });

  it('masks to BitsStored and sign-extends signed samples', () => {
    // 12 bits stored: 0xF000 above them is noise; 0x0FFF is −1 as a signed 12-bit value.
    const json = metadata({ BitsStored: 12, WindowCenter: 0, WindowWidth: 2 });
    const picture = grayscalePicture(new Uint8Array(Uint16Array.from([0xf000 | 1024, 0x0fff, 1025, 1023]).buffer), EXPLICIT_LE, json);
    // HU = stored − 1024: 0, −1025, 1, −1 under W 2 L 0 (≤ −1 black, ≥ 0 white): unmasked, the
    // first would be negative (black); not sign-extended, the second would be 3071 (white).
    expect(grays(picture?.rgba ?? new Uint8ClampedArray())).toEqual([255, 0, 255, 0]);
  });

  it('leaves compressed syntaxes, colour and short pixel data to the rendering engine', () => {
    expect(grayscalePicture(int16(1, 2, 3, 4), '1.2.840.10008.1.2.4.80', metadata())).toBeUndefined();
    expect(grayscalePicture(int16(1, 2, 3, 4), EXPLICIT_LE, metadata({ PhotometricInterpretation: 'RGB' }))).toBeUndefined();
    expect(grayscalePicture(int16(1, 2, 3), EXPLICIT_LE, metadata())).toBeUndefined();
  });
});

describe('fittedRect', () => {
  it('fits the image in millimetres, centred, in whole pixels', () => {
    expect(fittedRect({ columns: 512, rows: 512, columnSpacing: 0.7, rowSpacing: 0.7 }, 807, 647)).toEqual({ x: 80, y: 0, width: 647, height: 647 });
    // Pixels twice as tall as wide: the picture is twice as tall as its rows suggest.
    expect(fittedRect({ columns: 100, rows: 50, columnSpacing: 1, rowSpacing: 2 }, 400, 200)).toEqual({ x: 100, y: 0, width: 200, height: 200 });
  });

  it('takes the spacing from PixelSpacing (row, column)', () => {
    expect(imageShapeOf(metadata({ PixelSpacing: [2, 1] }))).toEqual({ rows: 2, columns: 2, rowSpacing: 2, columnSpacing: 1 });
  });
});
