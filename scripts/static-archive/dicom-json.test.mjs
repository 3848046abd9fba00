import { describe, expect, it } from 'vitest';
import { INLINE_BINARY_LIMIT, toDicomJson } from './dicom-json.mjs';

const options = () => {
  const stored = [];
  return {
    stored,
    pixelDataUri: 'studies/1/series/2/instances/3/frames/1',
    bulkDataUri: (tagPath, bytes) => {
      stored.push([tagPath, bytes.length]);
      return `studies/1/series/2/instances/3/bulkdata/${tagPath}`;
    },
  };
};

describe('toDicomJson', () => {
  it('keeps values in their JSON types and drops dcmjs internals', () => {
    const json = toDicomJson(
      {
        '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DOE^JANE' }], _rawValue: 'DOE^JANE' },
        '00200013': { vr: 'IS', Value: [7], _rawValue: ['7 '] },
        '00280030': { vr: 'DS', Value: [0.5, 0.25], _rawValue: ['0.5', '0.25'] },
        '00280010': { vr: 'US', Value: [64] },
      },
      options(),
    );
    expect(json).toEqual({
      '00100010': { vr: 'PN', Value: [{ Alphabetic: 'DOE^JANE' }] },
      '00200013': { vr: 'IS', Value: [7] },
      '00280010': { vr: 'US', Value: [64] },
      '00280030': { vr: 'DS', Value: [0.5, 0.25] },
    });
  });
  it('writes AT as eight hex digits and keeps an unparsable DS as written', () => {
    const json = toDicomJson(
      {
        '00280009': { vr: 'AT', Value: [0x00181063] },
        '00181050': { vr: 'DS', Value: [Number.NaN], _rawValue: ['1,5 '] },
      },
      options(),
    );
    expect(json['00280009']).toEqual({ vr: 'AT', Value: ['00181063'] });
    expect(json['00181050']).toEqual({ vr: 'DS', Value: ['1,5'] });
  });
  it('omits Value for empty attributes and writes null for empty values among others (F.2.5)', () => {
    const json = toDicomJson(
      {
        '00080050': { vr: 'SH', Value: [''] },
        '00100010': { vr: 'PN', Value: [{ Alphabetic: '' }] },
        '00081030': { vr: 'LO', Value: [] },
        '00080008': { vr: 'CS', Value: ['ORIGINAL', '', 'AXIAL'] },
      },
      options(),
    );
    expect(json['00080050']).toEqual({ vr: 'SH' });
    expect(json['00100010']).toEqual({ vr: 'PN' });
    expect(json['00081030']).toEqual({ vr: 'LO' });
    expect(json['00080008']).toEqual({ vr: 'CS', Value: ['ORIGINAL', null, 'AXIAL'] });
  });
  it('inlines small binary values and moves large ones to bulk data', () => {
    const opts = options();
    const json = toDicomJson(
      {
        '00281201': { vr: 'OW', Value: [new Uint8Array([1, 2, 3, 4]).buffer] },
        '00282000': { vr: 'OB', Value: [new Uint8Array(INLINE_BINARY_LIMIT + 1).buffer] },
        '7FE00010': { vr: 'OB', Value: [new Uint8Array(4096).buffer] },
      },
      opts,
    );
    expect(json['00281201']).toEqual({ vr: 'OW', InlineBinary: 'AQIDBA==' });
    expect(json['00282000']).toEqual({ vr: 'OB', BulkDataURI: 'studies/1/series/2/instances/3/bulkdata/00282000' });
    expect(json['7FE00010']).toEqual({ vr: 'OB', BulkDataURI: 'studies/1/series/2/instances/3/frames/1' });
    expect(opts.stored).toEqual([['00282000', INLINE_BINARY_LIMIT + 1]]);
  });
  it('converts sequence items, naming bulk data inside them by their path', () => {
    const opts = options();
    const json = toDicomJson(
      {
        '00880200': {
          vr: 'SQ',
          Value: [{ '00280010': { vr: 'US', Value: [64] }, '7FE00010': { vr: 'OB', Value: [new Uint8Array(4096).buffer] } }],
        },
        '00400555': { vr: 'SQ', Value: [] },
      },
      opts,
    );
    // Pixel data of an icon is bulk data of its item, not the instance's frames.
    expect(json['00880200'].Value[0]['7FE00010']).toEqual({ vr: 'OB', BulkDataURI: 'studies/1/series/2/instances/3/bulkdata/00880200.0.7FE00010' });
    expect(json['00400555']).toEqual({ vr: 'SQ' });
  });
  it('orders attributes by tag', () => {
    const json = toDicomJson({ '0020000D': { vr: 'UI', Value: ['1'] }, '00080018': { vr: 'UI', Value: ['2'] } }, options());
    expect(Object.keys(json)).toEqual(['00080018', '0020000D']);
  });
});
