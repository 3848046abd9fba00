import { describe, expect, it } from 'vitest';
import { ImageLoadTimedOut } from './deadline';
import { refuseDamagedFrames } from './frameIntegrity';
import { describeLoadError, outwardOrder } from './prefetch';

describe('outwardOrder', () => {
  it('starts at the shown image and alternates outwards', () => {
    expect(outwardOrder(7, 3)).toEqual([3, 4, 2, 5, 1, 6, 0]);
  });
  it('covers every index exactly once from either end', () => {
    expect(outwardOrder(5, 0)).toEqual([0, 1, 2, 3, 4]);
    expect(outwardOrder(5, 4)).toEqual([4, 3, 2, 1, 0]);
    expect(outwardOrder(0, 0)).toEqual([]);
  });
  it('clamps an out-of-range start', () => {
    expect(outwardOrder(3, 99)).toEqual([2, 1, 0]);
  });
});

describe('describeLoadError', () => {
  it('distinguishes refusal, no answer and undecodable data', () => {
    expect(describeLoadError({ error: { status: 404 } })).toBe('The archive refused the image (HTTP 404).');
    expect(describeLoadError({ status: 0 })).toBe('The archive did not answer.');
    expect(describeLoadError(new Error('JPEG-LS: invalid marker'))).toBe('The image data could not be decoded.');
    expect(describeLoadError(new ImageLoadTimedOut())).toBe('The image did not finish decoding; its data may be damaged.');
  });
});

describe('describeLoadError for damaged frames', () => {
  it('names the damage when the loader rejects with the refused request', async () => {
    const cutShort = new Uint8Array([0xff, 0xd8, 0xff, 0xc3, 1, 2, 3, 4]).buffer;
    const xhr = { response: cutShort, getResponseHeader: () => 'image/jpeg', status: 200 } as unknown as XMLHttpRequest;
    await expect(refuseDamagedFrames(xhr)).rejects.toThrow('does not end where it should');
    expect(describeLoadError(xhr)).toBe('The image data is damaged: its compressed stream does not end where it should.');
    expect(describeLoadError({ error: xhr })).toBe('The image data is damaged: its compressed stream does not end where it should.');
    // An ordinary 200 answer that failed to decode keeps the general message.
    expect(describeLoadError({ status: 200 })).toBe('The image data could not be decoded.');
  });
});
