import { describe, expect, it } from 'vitest';
import { readVideoInstance, videoIdentityProblem } from './videoBitstream';

/** Explicit VR little endian element bytes: short-length VRs only (enough for these tests). */
function element(group: number, elementNumber: number, vr: string, value: Uint8Array): number[] {
  return [group & 0xff, group >> 8, elementNumber & 0xff, elementNumber >> 8, vr.charCodeAt(0), vr.charCodeAt(1), value.length & 0xff, value.length >> 8, ...value];
}
const text = (value: string) => new TextEncoder().encode(value.length % 2 ? `${value}${value.startsWith('1.') ? '\0' : ' '}` : value);
const us = (value: number) => Uint8Array.of(value & 0xff, value >> 8);
const u32 = (value: number) => [value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff, value >>> 24];
const item = (payload: number[]) => [0xfe, 0xff, 0x00, 0xe0, ...u32(payload.length), ...payload];

/** A Part-10 file: meta header with the transfer syntax, a few attributes, encapsulated Pixel Data. */
function part10(transferSyntaxUid: string, fragments: number[][], attributes: number[] = []): Uint8Array {
  const metaElements = element(0x0002, 0x0010, 'UI', text(transferSyntaxUid));
  const meta = [...element(0x0002, 0x0000, 'UL', Uint8Array.from(u32(metaElements.length))), ...metaElements];
  const pixelData = [
    0xe0, 0x7f, 0x10, 0x00, 0x4f, 0x42, 0, 0, 0xff, 0xff, 0xff, 0xff, // (7FE0,0010) OB, undefined length
    ...item([]), // empty Basic Offset Table
    ...fragments.flatMap(item),
    0xfe, 0xff, 0xdd, 0xe0, 0, 0, 0, 0, // sequence delimitation
  ];
  return Uint8Array.from([...new Array(128).fill(0), 0x44, 0x49, 0x43, 0x4d, ...meta, ...attributes, ...pixelData]);
}

describe('readVideoInstance', () => {
  it('joins the Pixel Data fragments into the stream and reads the cine attributes', () => {
    const attributes = [
      ...element(0x0008, 0x0018, 'UI', text('1.2.3.3')),
      ...element(0x0008, 0x0060, 'CS', text('ES')),
      ...element(0x0008, 0x103e, 'LO', text('GASTROSCOPY')),
      ...element(0x0010, 0x0020, 'LO', text('LV-0042')),
      ...element(0x0020, 0x000d, 'UI', text('1.2.3')),
      ...element(0x0020, 0x000e, 'UI', text('1.2.3.1')),
      ...element(0x0018, 0x0040, 'IS', text('25')),
      ...element(0x0018, 0x1063, 'DS', text('40')),
      ...element(0x0020, 0x0011, 'IS', text('1')),
      ...element(0x0028, 0x0008, 'IS', text('100')),
      ...element(0x0028, 0x0010, 'US', us(240)),
      ...element(0x0028, 0x0011, 'US', us(320)),
    ];
    const video = readVideoInstance(part10('1.2.840.10008.1.2.4.102.1', [[0, 0, 0, 0x20, 0x66, 0x74], [0x79, 0x70]], attributes));
    expect(video).toMatchObject({
      transferSyntaxUid: '1.2.840.10008.1.2.4.102.1', rows: 240, columns: 320, numberOfFrames: 100, frameTimeMs: 40, cineRate: 25,
      modality: 'ES', seriesNumber: 1, seriesDescription: 'GASTROSCOPY',
      studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.1', sopInstanceUid: '1.2.3.3', patientId: 'LV-0042',
    });
    expect([...video.bitstream]).toEqual([0, 0, 0, 0x20, 0x66, 0x74, 0x79, 0x70]);
  });

  it('refuses a file without encapsulated Pixel Data, and bytes that are not DICOM', () => {
    // Preamble, "DICM", the meta header (12 + 28 bytes) and Modality: cut before Pixel Data.
    const modality = element(0x0008, 0x0060, 'CS', text('ES'));
    const withoutPixelData = part10('1.2.840.10008.1.2.1', [], modality).slice(0, 128 + 4 + 12 + 28 + modality.length);
    expect(() => readVideoInstance(withoutPixelData)).toThrow(/no Pixel Data/);
    expect(() => readVideoInstance(new TextEncoder().encode('<html>not found</html>'))).toThrow(/no playable video/);
  });
});

describe('videoIdentityProblem', () => {
  const file = { studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.1', sopInstanceUid: '1.2.3.3', patientId: 'LV-0042' };
  const asked = { studyInstanceUid: '1.2.3', seriesInstanceUid: '1.2.3.1', sopInstanceUid: '1.2.3.3', patientId: 'LV-0042' };

  it('accepts the file asked for, of the study list’s patient (or a study list without an ID)', () => {
    expect(videoIdentityProblem(file, asked)).toBeUndefined();
    expect(videoIdentityProblem(file, { ...asked, patientId: undefined })).toBeUndefined();
  });

  it('refuses a file of another instance, series or study, or of another patient', () => {
    for (const other of [{ sopInstanceUid: '9' }, { seriesInstanceUid: '9' }, { studyInstanceUid: '9' }]) {
      expect(videoIdentityProblem({ ...file, ...other }, asked)).toMatch(/another study or series/);
    }
    expect(videoIdentityProblem({ ...file, patientId: 'LV-0043' }, asked)).toMatch(/another patient/);
  });
});
