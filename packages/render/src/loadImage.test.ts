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

describe('whenMetadataRegistered', () => {
  it('waits for an image’s metadata and resolves every waiter once it is registered', async () => {
    const { registerInstanceMetadata, whenMetadataRegistered } = await import('./imageIds');
    const imageId = 'wadors:/dicomweb/radiology/studies/1.2/series/3.4/instances/5.6.7/frames/1';
    const order: string[] = [];
    const first = whenMetadataRegistered(imageId).then(() => order.push('first'));
    const second = whenMetadataRegistered(imageId).then(() => order.push('second'));
    await Promise.resolve();
    expect(order).toEqual([]);
    registerInstanceMetadata(imageId, { '00080018': { vr: 'UI', Value: ['5.6.7'] } });
    await Promise.all([first, second]);
    expect(order).toEqual(['first', 'second']);
    // Registered already: at once.
    await expect(whenMetadataRegistered(imageId)).resolves.toBeUndefined();
  });
});
