import { describe, expect, it } from 'vitest';
import { damageOfFrameAnswer, DamagedFrame, lacksEndMarker } from './frameIntegrity';

const encoder = new TextEncoder();

function multipart(partType: string, body: number[]): ArrayBuffer {
  const head = encoder.encode(`--b0undary\r\nContent-Type: ${partType}\r\n\r\n`);
  const tail = encoder.encode('\r\n--b0undary--');
  const bytes = new Uint8Array([...head, ...body, ...tail]);
  return bytes.buffer;
}

const whole = [0xff, 0xd8, 0xff, 0xc3, 1, 2, 3, 4, 0xff, 0xd9];
const cutShort = [0xff, 0xd8, 0xff, 0xc3, 1, 2, 3, 4];

describe('lacksEndMarker', () => {
  it('accepts a codestream ending in FF D9, with or without one pad byte', () => {
    expect(lacksEndMarker(new Uint8Array(whole))).toBe(false);
    expect(lacksEndMarker(new Uint8Array([...whole, 0x00]))).toBe(false);
  });

  it('refuses one that stops elsewhere or is too short to be anything', () => {
    expect(lacksEndMarker(new Uint8Array(cutShort))).toBe(true);
    expect(lacksEndMarker(new Uint8Array([0xff, 0xd9]))).toBe(true);
    expect(lacksEndMarker(new Uint8Array([...whole, 0x00, 0x00]))).toBe(true);
  });
});

describe('damageOfFrameAnswer', () => {
  it('checks JPEG-family frames named by transfer syntax or media type', () => {
    expect(damageOfFrameAnswer(multipart('image/jls; transfer-syntax=1.2.840.10008.1.2.4.80', cutShort), 'multipart/related; boundary=b0undary')).toBeInstanceOf(DamagedFrame);
    expect(damageOfFrameAnswer(multipart('application/octet-stream; transfer-syntax=1.2.840.10008.1.2.4.70', cutShort), null)).toBeInstanceOf(DamagedFrame);
    expect(damageOfFrameAnswer(multipart('image/jpeg', cutShort), null)).toBeInstanceOf(DamagedFrame);
    expect(damageOfFrameAnswer(multipart('image/jls; transfer-syntax=1.2.840.10008.1.2.4.80', whole), null)).toBeUndefined();
  });

  it('leaves uncompressed, RLE and whole-instance answers alone', () => {
    expect(damageOfFrameAnswer(multipart('application/octet-stream; transfer-syntax=1.2.840.10008.1.2.1', cutShort), null)).toBeUndefined();
    expect(damageOfFrameAnswer(multipart('image/dicom-rle; transfer-syntax=1.2.840.10008.1.2.5', cutShort), null)).toBeUndefined();
    expect(damageOfFrameAnswer(multipart('application/dicom', cutShort), null)).toBeUndefined();
    expect(damageOfFrameAnswer(new Uint8Array(cutShort).buffer, 'application/dicom')).toBeUndefined();
  });

  it('checks a single-part answer by the response content type', () => {
    expect(damageOfFrameAnswer(new Uint8Array(cutShort).buffer, 'image/jpeg')).toBeInstanceOf(DamagedFrame);
    expect(damageOfFrameAnswer(new Uint8Array(whole).buffer, 'image/jpeg')).toBeUndefined();
  });
});
