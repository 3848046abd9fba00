import { describe, expect, it } from 'vitest';
import { framesOfInstance, UnreadableInstance } from './instanceFrames';
import { concat, item, part10 } from './part10Fixture';

const EXPLICIT_LE = '1.2.840.10008.1.2.1';
const JPEG_LS = '1.2.840.10008.1.2.4.80';

describe('framesOfInstance', () => {
  it('cuts native pixel data frame by frame, each in a buffer of its own', () => {
    const pixels = new Uint8Array(3 * 2 * 4 * 2).map((_, i) => i);
    const file = part10(EXPLICIT_LE, { rows: 2, columns: 4, bits: 16, frames: 3 }, { tag: [0x7fe0, 0x0010], vr: 'OW', value: pixels });
    // Inside a larger buffer, as a multipart part may be.
    const inside = new Uint8Array(file.length + 10);
    inside.set(file, 5);
    const { sopInstanceUid, transferSyntaxUid, frames } = framesOfInstance(inside.subarray(5, 5 + file.length));
    expect([sopInstanceUid, transferSyntaxUid]).toEqual(['2.25.42', EXPLICIT_LE]);
    expect(frames.map((frame) => Array.from(frame))).toEqual([0, 1, 2].map((n) => Array.from(pixels.subarray(n * 16, (n + 1) * 16))));
    expect(frames.every((frame) => frame.byteOffset === 0 && frame.buffer.byteLength === 16)).toBe(true);
  });

  it('drops the pad byte after an odd-length single frame', () => {
    const file = part10(EXPLICIT_LE, { rows: 1, columns: 3, bits: 8, frames: 1 }, { tag: [0x7fe0, 0x0010], vr: 'OB', value: new Uint8Array([7, 8, 9, 0]) });
    expect(Array.from(framesOfInstance(file).frames[0] ?? [])).toEqual([7, 8, 9]);
  });

  it('gives one codestream per frame of encapsulated pixel data, by its offset table or one fragment a frame', () => {
    const codestreams = [new Uint8Array([0xff, 0xd8, 1, 2, 0xff, 0xd9]), new Uint8Array([0xff, 0xd8, 3, 4, 5, 6, 0xff, 0xd9])];
    const withTable = item(0xe000, new Uint8Array(new Uint32Array([0, 8 + codestreams[0]!.length]).buffer));
    for (const offsetTable of [withTable, item(0xe000, new Uint8Array(0))]) {
      const value = concat([offsetTable, ...codestreams.map((codestream) => item(0xe000, codestream)), item(0xe0dd, new Uint8Array(0))]);
      const file = part10(JPEG_LS, { rows: 2, columns: 2, bits: 16, frames: 2 }, { tag: [0x7fe0, 0x0010], vr: 'OB', value, undefinedLength: true });
      const { transferSyntaxUid, frames } = framesOfInstance(file);
      expect(transferSyntaxUid).toBe(JPEG_LS);
      expect(frames.map((frame) => Array.from(frame))).toEqual(codestreams.map((codestream) => Array.from(codestream)));
    }
  });

  it('joins the fragments of a single frame', () => {
    const value = concat([item(0xe000, new Uint8Array(0)), item(0xe000, new Uint8Array([0xff, 0xd8])), item(0xe000, new Uint8Array([1, 0xff, 0xd9, 0])), item(0xe0dd, new Uint8Array(0))]);
    const file = part10(JPEG_LS, { rows: 2, columns: 2, bits: 16, frames: 1 }, { tag: [0x7fe0, 0x0010], vr: 'OB', value, undefinedLength: true });
    expect(Array.from(framesOfInstance(file).frames[0] ?? [])).toEqual([0xff, 0xd8, 1, 0xff, 0xd9, 0]);
  });

  it('refuses what it cannot split with certainty', () => {
    const short = part10(EXPLICIT_LE, { rows: 4, columns: 4, bits: 16, frames: 2 }, { tag: [0x7fe0, 0x0010], vr: 'OW', value: new Uint8Array(40) });
    expect(() => framesOfInstance(short)).toThrow('shorter than its frames');
    const packedBits = part10(EXPLICIT_LE, { rows: 3, columns: 3, bits: 1, frames: 2 }, { tag: [0x7fe0, 0x0010], vr: 'OW', value: new Uint8Array(4) });
    expect(() => framesOfInstance(packedBits)).toThrow('not whole bytes');
    const threeFragmentsTwoFrames = concat([item(0xe000, new Uint8Array(0)), ...[1, 2, 3].map((n) => item(0xe000, new Uint8Array([n, n]))), item(0xe0dd, new Uint8Array(0))]);
    const ambiguous = part10(JPEG_LS, { rows: 2, columns: 2, bits: 16, frames: 2 }, { tag: [0x7fe0, 0x0010], vr: 'OB', value: threeFragmentsTwoFrames, undefinedLength: true });
    expect(() => framesOfInstance(ambiguous)).toThrow('do not say where each frame starts');
    const deflated = part10('1.2.840.10008.1.2.1.99', { rows: 1, columns: 2, bits: 8, frames: 1 }, { tag: [0x7fe0, 0x0010], vr: 'OB', value: new Uint8Array(2) });
    expect(() => framesOfInstance(deflated)).toThrow(UnreadableInstance);
    expect(() => framesOfInstance(new TextEncoder().encode('{"not": "dicom"}'))).toThrow(UnreadableInstance);
  });
});
