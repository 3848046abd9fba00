import { wadors } from '@cornerstonejs/dicom-image-loader';
import { describe, expect, it } from 'vitest';
import { getRegisteredMetadata, registerInstanceMetadata, restoreMetadataAfterLoaderStart } from './imageIds';

const metadataOf = (sop: string) => ({ '00080018': { vr: 'UI', Value: [sop] }, '00280103': { vr: 'US', Value: [0] } });
const idOf = (sop: string) => `wadors:http://archive.test/studies/1/series/2/instances/${sop}/frames/1`;

describe('metadata registered while the engine starts', () => {
  it("survives the image loader's start, which empties the metadata manager", () => {
    registerInstanceMetadata(idOf('1.1'), metadataOf('1.1'));
    registerInstanceMetadata(idOf('1.2'), metadataOf('1.2'));
    // What dicom-image-loader's init (registerLoaders) does to the manager.
    wadors.metaDataManager.purge();
    expect(getRegisteredMetadata(idOf('1.1'))).toBeUndefined();

    restoreMetadataAfterLoaderStart();
    expect(getRegisteredMetadata(idOf('1.1'))).toEqual(metadataOf('1.1'));
    expect(getRegisteredMetadata(idOf('1.2'))).toEqual(metadataOf('1.2'));

    // After the start nothing is copied any more: a later purge is the caller's own doing.
    registerInstanceMetadata(idOf('1.3'), metadataOf('1.3'));
    wadors.metaDataManager.purge();
    restoreMetadataAfterLoaderStart();
    expect(getRegisteredMetadata(idOf('1.3'))).toBeUndefined();
  });
});
