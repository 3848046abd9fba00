import { cache, metaData } from '@cornerstonejs/core';
import { afterAll, describe, expect, it } from 'vitest';
import { labelmapImagesOf, type LabelmapOverlay } from './segmentationOverlay';

const ROWS = 256;
const COLUMNS = 256;
const SLICES = 50;
const stackImageIds = Array.from({ length: SLICES }, (_, index) => `test-stack:${index}`);

// The stack's images as Cornerstone's metadata describes them: a labelmap image takes its plane and size from its image.
function stackMetadata(type: string, imageId: unknown): unknown {
  if (typeof imageId !== 'string' || !imageId.startsWith('test-stack:')) return undefined;
  const index = Number(imageId.split(':')[1]);
  if (type === 'imagePlaneModule') {
    return { rows: ROWS, columns: COLUMNS, rowCosines: [1, 0, 0], columnCosines: [0, 1, 0], imagePositionPatient: [0, 0, index * 2], rowPixelSpacing: 0.7, columnPixelSpacing: 0.7, pixelSpacing: [0.7, 0.7], frameOfReferenceUID: '1.2.3' };
  }
  if (type === 'imagePixelModule') return { rows: ROWS, columns: COLUMNS, bitsAllocated: 16, bitsStored: 12, highBit: 11, pixelRepresentation: 1, samplesPerPixel: 1, photometricInterpretation: 'MONOCHROME2' };
  if (type === 'generalSeriesModule') return { modality: 'CT' };
  return undefined;
}
metaData.addProvider(stackMetadata, 10_000);

/** A disc of `segment` with a second segment's square beside it, on an empty slice. */
function labels(segment: number): Uint8Array {
  return Uint8Array.from({ length: ROWS * COLUMNS }, (_, at) => {
    const [row, column] = [Math.floor(at / COLUMNS), at % COLUMNS];
    if ((row - 20) ** 2 + (column - 20) ** 2 < 100) return segment;
    return row >= 40 && row < 50 && column >= 30 && column < 40 ? segment + 1 : 0;
  });
}

const overlay: LabelmapOverlay = {
  segmentationId: 'seg-sparse',
  imageIds: stackImageIds,
  slices: new Map([
    [7, labels(1)],
    [31, labels(2)],
  ]),
  segments: [],
};

afterAll(() => {
  metaData.removeProvider(stackMetadata);
  cache.purgeCache();
});

describe('labelmapImagesOf', () => {
  it('makes one labelmap image per stack image, in stack order, each on the plane of its image', () => {
    const imageIds = labelmapImagesOf(overlay);
    expect(imageIds).toEqual(stackImageIds.map((_, index) => `longview-labelmap:seg-sparse:${index}`));
    expect(cache.getImage('longview-labelmap:seg-sparse:31')?.referencedImageId).toBe('test-stack:31');
    expect(metaData.get('imagePlaneModule', 'longview-labelmap:seg-sparse:31')?.imagePositionPatient).toEqual([0, 0, 62]);
  });

  it('holds each covered slice’s labels exactly, and nothing on the others', () => {
    const scalars = (index: number) => Array.from(cache.getImage(`longview-labelmap:seg-sparse:${index}`)?.voxelManager?.getScalarData() ?? []);
    expect(scalars(7)).toEqual(Array.from(labels(1)));
    expect(scalars(31)).toEqual(Array.from(labels(2)));
    expect(scalars(0)).toEqual(new Array(ROWS * COLUMNS).fill(0));
    expect(scalars(8)).toEqual(new Array(ROWS * COLUMNS).fill(0));
  });

  it('keeps them run-length encoded: the 50 labelmaps take far less than 50 slices of bytes', () => {
    const bytes = stackImageIds.reduce((sum, _, index) => sum + (cache.getImage(`longview-labelmap:seg-sparse:${index}`)?.sizeInBytes ?? 0), 0);
    expect(bytes).toBeLessThan((SLICES * ROWS * COLUMNS) / 4);
  });

  it('makes them once: a second viewport shares the same images', () => {
    const first = labelmapImagesOf(overlay).map((imageId) => cache.getImage(imageId));
    const second = labelmapImagesOf(overlay).map((imageId) => cache.getImage(imageId));
    second.forEach((image, index) => expect(image).toBe(first[index]));
  });

  it('refuses a slice that is not the size of its image', () => {
    expect(() => labelmapImagesOf({ ...overlay, segmentationId: 'seg-wrong-size', slices: new Map([[3, new Uint8Array(5)]]) })).toThrow(/slice 4 has 5 pixels; its image has 65536/);
  });
});
