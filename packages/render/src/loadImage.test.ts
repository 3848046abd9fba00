import { describe, expect, it } from 'vitest';
import { storedInstanceOf } from './loadImage';

describe('storedInstanceOf', () => {
  it('finds the instance and 1-based frame behind a WADO-RS frame image id', () => {
    expect(storedInstanceOf('wadors:/dicomweb/radiology/studies/1.2/series/3.4/instances/5.6/frames/7')).toEqual({
      instanceUrl: '/dicomweb/radiology/studies/1.2/series/3.4/instances/5.6',
      frame: 7,
    });
  });
  it('refuses anything else', () => {
    expect(storedInstanceOf('wadouri:/x.dcm')).toBeUndefined();
    expect(storedInstanceOf('wadors:/studies/1/series/2/instances/3')).toBeUndefined();
  });
});
