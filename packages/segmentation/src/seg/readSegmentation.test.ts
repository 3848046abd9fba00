import { describe, expect, it } from 'vitest';
import { ct128, ct512, segFile } from '../../testing/tumorBoard';
import type { NaturalizedDataset } from '../dcmjsView';
import { readPart10 } from '../part10';
import { frameVoxelCount } from './measureSegment';
import { SegmentationUnreadable } from './model';
import { readSegmentation, readSegmentationPart10 } from './readSegmentation';

/** The naturalized dataset of a Part-10 file, read afresh, as a test edits it into a hostile one. */
function datasetOf(part10: ArrayBuffer): Record<string, unknown> {
  const file = readPart10(part10);
  if (file.kind !== 'read') throw new Error('test file unreadable');
  return { ...file.dataset };
}

function unreadableMessage(read: () => unknown): string {
  try {
    read();
  } catch (error) {
    if (error instanceof SegmentationUnreadable) return error.userMessage;
    throw error;
  }
  throw new Error('read without a SegmentationUnreadable');
}

describe('readSegmentationPart10: the tumor board SEG on the 512² CT', () => {
  const { part10, truth } = segFile(ct512);
  const segmentation = readSegmentationPart10(part10);

  it('reads what the SEG is of: UIDs, grid, BINARY', () => {
    expect(segmentation.sopInstanceUid).toBe(truth.sopInstanceUid);
    expect(segmentation.seriesInstanceUid).toBe(truth.seriesInstanceUid);
    expect(segmentation.frameOfReferenceUid).toBe(truth.frameOfReferenceUid);
    expect(segmentation.referencedSeriesUid).toBe(truth.referencedSeriesInstanceUid);
    expect([segmentation.rows, segmentation.columns]).toEqual([truth.rows, truth.columns]);
    expect(segmentation.segmentationType).toBe('BINARY');
    expect(segmentation.fractional).toBeUndefined();
    expect(segmentation.grid.pixelSpacing).toEqual(truth.pixelSpacing);
    expect(segmentation.grid.sliceThickness).toBe(truth.sliceThicknessMm);
    expect(segmentation.grid.imageOrientationPatient).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('reads each segment: label, algorithm, who made it, colour and codes', () => {
    expect(segmentation.segments.map((segment) => [segment.number, segment.label, segment.algorithmType, segment.algorithmName])).toEqual(
      truth.segments.map((segment) => [segment.segmentNumber, segment.label, segment.algorithmType, segment.algorithmName ?? undefined]),
    );
    const [tumor, node] = segmentation.segments;
    expect(tumor?.source).toEqual({ kind: 'manual', creator: 'RADIOLOGIST, RITA' });
    const device = truth.segments[1]?.device;
    expect(node?.source).toEqual({
      kind: 'ai',
      manufacturer: device?.manufacturer,
      model: device?.manufacturerModelName,
      softwareVersions: [device?.softwareVersions],
      algorithmName: device?.algorithmName,
      algorithmVersion: undefined,
    });
    segmentation.segments.forEach((segment, index) => {
      const expected = truth.segments[index];
      // dcmjs's CIELab → sRGB gives the writer's 8-bit colour back within one level per channel.
      segment.colour?.forEach((channel, c) => expect(Math.abs(channel - (expected?.rgb8[c] ?? -9))).toBeLessThanOrEqual(1));
      expect(segment.colour).toHaveLength(3);
      expect(segment.type).toEqual({ value: expected?.type.CodeValue, schemeDesignator: expected?.type.CodingSchemeDesignator, meaning: expected?.type.CodeMeaning });
      expect(segment.category?.value).toBe(expected?.category.CodeValue);
    });
  });

  it('reads every frame: its segment, source image, position and the set voxels the writer painted', () => {
    expect(segmentation.frames).toHaveLength(truth.numberOfFrames);
    for (const segment of truth.segments) {
      for (const expected of segment.frames) {
        const frame = segmentation.frames[expected.frameNumber - 1];
        expect(frame?.frameNumber).toBe(expected.frameNumber);
        expect(frame?.segmentNumber).toBe(segment.segmentNumber);
        expect(frame?.referencedSopInstanceUid).toBe(expected.referencedSopInstanceUid);
        expect(frame?.imagePositionPatient).toEqual(expected.imagePositionPatient);
        expect(frame?.mask).toHaveLength(512 * 512);
        expect(frameVoxelCount(frame as NonNullable<typeof frame>)).toBe(expected.voxelCount);
      }
    }
  });
});

describe('readSegmentation: the bits of BINARY pixel data', () => {
  it('unpacks frames that start inside a byte (rows × columns not a multiple of 8), lowest bit first', () => {
    const dataset = datasetOf(segFile(ct128).part10);
    // Two 3 × 3 frames of segment 1: bits 0..8 then 9..17, so frame 2 begins at bit 1 of byte 1.
    const frame = (z: number) => ({
      SegmentIdentificationSequence: [{ ReferencedSegmentNumber: 1 }],
      PlanePositionSequence: [{ ImagePositionPatient: [0, 0, z] }],
    });
    const bits = [1, 0, 0, 0, 1, 0, 0, 0, 1, /* frame 2 */ 0, 1, 1, 0, 0, 0, 1, 1, 0];
    const bytes = new Uint8Array(4);
    bits.forEach((bit, index) => (bytes[index >> 3] = (bytes[index >> 3] as number) | (bit << (index & 7))));
    const segmentation = readSegmentation({
      ...dataset,
      Rows: 3,
      Columns: 3,
      NumberOfFrames: 2,
      PerFrameFunctionalGroupsSequence: [frame(0), frame(-3)],
      PixelData: [bytes.buffer],
    });
    expect(segmentation.frames.map((item) => [...item.mask])).toEqual([bits.slice(0, 9), bits.slice(9)]);
    expect(segmentation.frames.map((item) => item.referencedSopInstanceUid)).toEqual([undefined, undefined]);
  });
});

describe('readSegmentation: FRACTIONAL', () => {
  const { part10, truth } = segFile(ct128, 'fractional');
  const binary = readSegmentationPart10(segFile(ct128).part10);

  it('reads the 8-bit fractions as masks where the value is the maximum, with no partial voxels', () => {
    const segmentation = readSegmentationPart10(part10);
    expect(segmentation.segmentationType).toBe('FRACTIONAL');
    expect(segmentation.fractional).toEqual({ fractionalType: 'PROBABILITY', maximumFractionalValue: 255, partialVoxelCount: 0 });
    expect(segmentation.frames).toHaveLength(truth.numberOfFrames);
    const voxels = segmentation.frames.reduce((sum, frame) => sum + frameVoxelCount(frame), 0);
    expect(voxels).toBe(truth.segments.reduce((sum, segment) => sum + segment.voxelCount, 0));
    segmentation.frames.forEach((frame, index) => expect(Buffer.from(frame.mask).equals(Buffer.from(binary.frames[index]?.mask ?? []))).toBe(true));
  });

  it('counts the voxels that are neither 0 nor the maximum, and leaves them out of the masks', () => {
    const dataset = datasetOf(part10);
    const bytes = new Uint8Array((dataset.PixelData as ArrayBuffer[])[0] as ArrayBuffer);
    const inside = bytes.indexOf(255);
    bytes[inside] = 128;
    bytes[0] = 1;
    const segmentation = readSegmentation(dataset);
    expect(segmentation.fractional?.partialVoxelCount).toBe(2);
    expect(segmentation.frames[0]?.mask[inside]).toBe(0);
  });
});

describe('readSegmentation: the series it was drawn on, in its own study or another', () => {
  const { part10, truth } = segFile(ct128);
  const { ReferencedSeriesSequence: referenced, ...rest } = datasetOf(part10);

  it('finds it under the study that holds it (0008,1200) when the SEG is stored apart, as an AI results study is', () => {
    const apart: NaturalizedDataset = { ...rest, StudiesContainingOtherReferencedInstancesSequence: [{ StudyInstanceUID: '2.25.4711', ReferencedSeriesSequence: referenced }] };
    expect(readSegmentation(apart).referencedSeriesUid).toBe(truth.referencedSeriesInstanceUid);
  });

  it('names none when neither says it', () => {
    expect(readSegmentation(rest).referencedSeriesUid).toBeUndefined();
  });
});

describe('readSegmentation refuses what it cannot read, saying why', () => {
  const { part10 } = segFile(ct128);
  const dataset = datasetOf(part10);
  const without = (...keywords: string[]): NaturalizedDataset => Object.fromEntries(Object.entries(dataset).filter(([keyword]) => !keywords.includes(keyword)));

  it.each([
    ['not a SEG', { ...dataset, SOPClassUID: '1.2.840.10008.5.1.4.1.1.481.3' }, 'it is not a DICOM Segmentation'],
    ['a label map', { ...dataset, SegmentationType: 'LABELMAP' }, 'its segmentation type LABELMAP is neither BINARY nor FRACTIONAL'],
    ['no frame count', without('NumberOfFrames'), 'it does not say its rows, columns and number of frames'],
    ['too little pixel data', { ...dataset, PixelData: [new ArrayBuffer(16)] }, 'its pixel data holds 16 bytes, fewer than 16 frames need'],
    ['pixel data in fragments', { ...dataset, PixelData: [new ArrayBuffer(16), new ArrayBuffer(16)] }, 'its pixel data is compressed'],
    ['no pixel data', without('PixelData'), 'it has no pixel data'],
    ['BINARY with 8 bits', { ...dataset, BitsAllocated: 8 }, 'it is BINARY with 8 bits allocated, not 1'],
  ])('%s', (_, input, detail) => {
    expect(unreadableMessage(() => readSegmentation(input))).toBe(`This segmentation cannot be shown: ${detail}.`);
  });

  it('a segment without an algorithm type, a frame of no listed segment, a frame without a position', () => {
    const segments = dataset.SegmentSequence as Record<string, unknown>[];
    const noType = { ...dataset, SegmentSequence: [{ ...segments[0], SegmentAlgorithmType: undefined }, segments[1]] };
    expect(unreadableMessage(() => readSegmentation(noType))).toContain('segment 1 does not say how it was made');
    const frames = dataset.PerFrameFunctionalGroupsSequence as Record<string, unknown>[];
    const orphan = { ...dataset, PerFrameFunctionalGroupsSequence: [{ ...frames[0], SegmentIdentificationSequence: [{ ReferencedSegmentNumber: 7 }] }, ...frames.slice(1)] };
    expect(unreadableMessage(() => readSegmentation(orphan))).toContain('frame 1 belongs to no segment it lists');
    const nowhere = { ...dataset, PerFrameFunctionalGroupsSequence: [{ ...frames[0], PlanePositionSequence: [] }, ...frames.slice(1)] };
    expect(unreadableMessage(() => readSegmentation(nowhere))).toContain('frame 1 does not say where it lies');
  });

  it('bytes that are not DICOM', () => {
    expect(unreadableMessage(() => readSegmentationPart10(new Uint8Array([1, 2, 3, 4]).buffer))).toBe('This segmentation cannot be shown: it is not a DICOM file that can be read.');
  });
});
