import { describe, expect, it } from 'vitest';
import { base64ToBytes, bulkDataUrlOnRoot, firstPartBody, lutEntries, pendingPaletteData } from './bulkData';

describe('bulkDataUrlOnRoot', () => {
  it('moves an archive-internal bulk data address onto the configured WADO root', () => {
    expect(bulkDataUrlOnRoot('http://127.0.0.1:18042/dicom-web/studies/1.2/series/3.4/instances/5.6/bulk/00281201', '/dicomweb/radiology/')).toBe(
      '/dicomweb/radiology/studies/1.2/series/3.4/instances/5.6/bulk/00281201',
    );
  });
  it('leaves an address it does not understand alone', () => {
    expect(bulkDataUrlOnRoot('https://bulk.example/abc', '/dicomweb/radiology')).toBe('https://bulk.example/abc');
  });
});

describe('lutEntries', () => {
  it('reads 16-bit little-endian words', () => {
    const bytes = new Uint8Array([0x00, 0x00, 0xff, 0x00, 0x00, 0xff, 0xff, 0xff]);
    expect(lutEntries(bytes, { vr: 'US', Value: [4, 0, 16] })).toEqual([0, 255, 65280, 65535]);
  });
  it('reads 8-bit entries packed one per byte when the byte count says so', () => {
    expect(lutEntries(new Uint8Array([1, 2, 3]), { vr: 'US', Value: [3, 0, 8] })).toEqual([1, 2, 3]);
  });
  it('reads 8-bit entries stored one per word', () => {
    expect(lutEntries(new Uint8Array([7, 0, 9, 0]), { vr: 'US', Value: [2, 0, 8] })).toEqual([7, 9]);
  });
});

describe('pendingPaletteData', () => {
  it('lists palette data sent as bulk data or base64, not data already given as values', () => {
    const pending = pendingPaletteData({
      '00281201': { vr: 'OW', BulkDataURI: 'http://x/studies/1/bulk/00281201' },
      '00281202': { vr: 'OW', InlineBinary: 'AAA=' },
      '00281203': { vr: 'OW', Value: [1, 2] },
    });
    expect(pending.map((entry) => entry.tag)).toEqual(['00281201', '00281202']);
    expect(pending[0]?.descriptorTag).toBe('00281101');
  });
});

describe('base64ToBytes', () => {
  it('decodes', () => {
    expect(Array.from(base64ToBytes('AQID'))).toEqual([1, 2, 3]);
  });
});

describe('firstPartBody', () => {
  const encode = (text: string) => new TextEncoder().encode(text);
  it('unwraps the first part of a multipart/related body, binary-safe', () => {
    const head = encode('--B1\r\nContent-Type: application/octet-stream\r\n\r\n');
    const body = new Uint8Array([0, 13, 10, 45, 255]);
    const tail = encode('\r\n--B1--\r\n');
    const whole = new Uint8Array([...head, ...body, ...tail]);
    expect(Array.from(firstPartBody(whole))).toEqual([0, 13, 10, 45, 255]);
  });
  it('passes a single-part body through', () => {
    expect(Array.from(firstPartBody(new Uint8Array([1, 2, 3])))).toEqual([1, 2, 3]);
  });
});
