import { describe, expect, it } from 'vitest';
import { frameEncoding, multipartFrame, splitFrames } from './frames.mjs';
import { FRAME_BOUNDARY } from './layout.mjs';

const bytes = (...values) => new Uint8Array(values);
const buffer = (...values) => bytes(...values).buffer;

describe('frameEncoding', () => {
  it('sends native little endian pixels, deflated or not, as Explicit VR Little Endian octets', () => {
    for (const syntax of ['1.2.840.10008.1.2', '1.2.840.10008.1.2.1', '1.2.840.10008.1.2.1.99']) {
      expect(frameEncoding(syntax)).toEqual({ mediaType: 'application/octet-stream', transferSyntax: '1.2.840.10008.1.2.1', isCompressed: false });
    }
  });
  it('keeps compressed frames in their stored syntax with the PS3.18 media type', () => {
    expect(frameEncoding('1.2.840.10008.1.2.4.50')).toEqual({ mediaType: 'image/jpeg', transferSyntax: '1.2.840.10008.1.2.4.50', isCompressed: true });
    expect(frameEncoding('1.2.840.10008.1.2.4.80').mediaType).toBe('image/jls');
    expect(frameEncoding('1.2.840.10008.1.2.5').mediaType).toBe('image/dicom-rle');
  });
  it('refuses what a static tree cannot serve faithfully: big endian, video', () => {
    expect(() => frameEncoding('1.2.840.10008.1.2.2')).toThrow(/no frame form/);
    expect(() => frameEncoding('1.2.840.10008.1.2.4.102')).toThrow(/no frame form/);
  });
});

describe('splitFrames', () => {
  const native = { isCompressed: false, rows: 1, columns: 2, samplesPerPixel: 1, bitsAllocated: 16 };

  it('cuts native pixel data into frames of rows × columns × samples × bytes', () => {
    const frames = splitFrames({ ...native, numberOfFrames: 2, pixelData: [buffer(1, 2, 3, 4, 5, 6, 7, 8)] });
    expect(frames.map((frame) => [...frame])).toEqual([[1, 2, 3, 4], [5, 6, 7, 8]]);
  });
  it('drops the padding byte of an odd-length value', () => {
    const frames = splitFrames({ ...native, bitsAllocated: 8, columns: 3, numberOfFrames: 1, pixelData: [buffer(1, 2, 3, 0)] });
    expect([...frames[0]]).toEqual([1, 2, 3]);
  });
  it('refuses pixel data shorter than its frames', () => {
    expect(() => splitFrames({ ...native, numberOfFrames: 3, pixelData: [buffer(1, 2, 3, 4)] })).toThrow(/holds 4 bytes/);
  });
  it('refuses 1-bit frames rather than misalign them', () => {
    expect(() => splitFrames({ ...native, columns: 3, bitsAllocated: 1, numberOfFrames: 1, pixelData: [buffer(1)] })).toThrow(/1-bit/);
  });

  const encapsulated = { isCompressed: true, rows: 8, columns: 8, samplesPerPixel: 1, bitsAllocated: 8 };
  it('takes one item per frame when the items are frames (a Basic Offset Table was read)', () => {
    const frames = splitFrames({ ...encapsulated, numberOfFrames: 2, pixelData: [buffer(0xff, 0xd8, 1), buffer(0xff, 0xd8, 2)] });
    expect(frames.map((frame) => [...frame])).toEqual([[0xff, 0xd8, 1], [0xff, 0xd8, 2]]);
  });
  it('joins all fragments of a single frame', () => {
    const frames = splitFrames({ ...encapsulated, numberOfFrames: 1, pixelData: [buffer(0xff, 0xd8, 1), buffer(2, 3)] });
    expect(frames.map((frame) => [...frame])).toEqual([[0xff, 0xd8, 1, 2, 3]]);
  });
  it('groups JPEG fragments into frames at each Start Of Image when there is no offset table', () => {
    const pixelData = [buffer(0xff, 0xd8, 1), buffer(2), buffer(0xff, 0xd8, 3), buffer(4)];
    const frames = splitFrames({ ...encapsulated, numberOfFrames: 2, pixelData });
    expect(frames.map((frame) => [...frame])).toEqual([[0xff, 0xd8, 1, 2], [0xff, 0xd8, 3, 4]]);
  });
  it('refuses fragments it cannot attribute to frames', () => {
    expect(() => splitFrames({ ...encapsulated, numberOfFrames: 2, pixelData: [buffer(1), buffer(2), buffer(3)] })).toThrow(/cannot tell 2 frames apart/);
  });
  it('refuses an instance without pixel data', () => {
    expect(() => splitFrames({ ...encapsulated, numberOfFrames: 1, pixelData: undefined })).toThrow(/no pixel data/);
  });
});

describe('multipartFrame', () => {
  it('is a one-part multipart/related body whose part names media type and syntax', () => {
    const body = multipartFrame(bytes(0x0d, 0x0a, 0x2d, 0x2d, 9), { mediaType: 'image/jpeg', transferSyntax: '1.2.840.10008.1.2.4.50' });
    const text = body.toString('latin1');
    expect(text.startsWith(`--${FRAME_BOUNDARY}\r\nContent-Type: image/jpeg; transfer-syntax=1.2.840.10008.1.2.4.50\r\n\r\n`)).toBe(true);
    expect(text.endsWith(`\r\n--${FRAME_BOUNDARY}--\r\n`)).toBe(true);
    // What a multipart reader finds between the header block and the closing delimiter.
    const start = body.indexOf('\r\n\r\n') + 4;
    const end = body.indexOf(`\r\n--${FRAME_BOUNDARY}`, start);
    expect([...body.subarray(start, end)]).toEqual([0x0d, 0x0a, 0x2d, 0x2d, 9]);
  });
});
