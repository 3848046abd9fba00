import { describe, expect, it } from 'vitest';
import { ct128, lesionLabel, lesions, phantomVolume, segFile } from '../../testing/tumorBoard';
import { readSegmentationPart10 } from './readSegmentation';
import { segmentStatistics, type ValueVolume } from './segmentStatistics';

const { part10, truth } = segFile(ct128);
const segmentation = readSegmentationPart10(part10);
const ct = phantomVolume(ct128, 'CT');

/** Max and mean of the phantom's values over the voxels it labelled as the lesion: computed without the SEG. */
function phantomStatistics(name: string, { volume, labelsBySop }: ReturnType<typeof phantomVolume>) {
  const label = lesionLabel(name);
  let [max, sum, count] = [-Infinity, 0, 0];
  for (const [sop, labels] of labelsBySop) {
    const values = volume.slices.get(sop) as ArrayLike<number>;
    labels.forEach((value, index) => {
      if (value !== label) return;
      max = Math.max(max, values[index] as number);
      sum += values[index] as number;
      count += 1;
    });
  }
  return { max, mean: sum / count, count };
}

describe('segmentStatistics over values on the SEG’s grid', () => {
  it.each(['Tumor', 'Lymph node'])('%s: CT max and mean over exactly the phantom’s lesion voxels', (name) => {
    const segment = truth.segments.find((candidate) => candidate.label === name);
    const expected = phantomStatistics(name, ct);
    const statistics = segmentStatistics(segmentation, segment?.segmentNumber ?? -1, ct.volume);
    if (statistics.kind !== 'measured') throw new Error(statistics.reason);
    expect(expected.count).toBe(segment?.voxelCount);
    expect(statistics.voxelCount).toBe(segment?.voxelCount);
    expect(statistics.max).toBe(expected.max);
    expect(statistics.mean).toBeCloseTo(expected.mean, 9);
    // Noise inside the lesion: a mean equal to the max would mean one voxel was read.
    expect(statistics.max).toBeGreaterThan(statistics.mean);
    expect(statistics.volume.kind === 'measured' && statistics.volume.ml).toBeCloseTo(segment?.volumeMl ?? -1, 9);
  });

  it('SUV: the uniform lesion activity × the SUV factor is both the max and the mean', () => {
    const suvPerBqml = 1.8e-4;
    const pet = phantomVolume(ct128, 'PT');
    const suvSlices = new Map([...pet.volume.slices].map(([sop, values]) => [sop, Float32Array.from(values, (value) => value * suvPerBqml)]));
    const statistics = segmentStatistics(segmentation, 1, { ...pet.volume, slices: suvSlices });
    const tumorSuv = Math.fround((lesions.find((lesion) => lesion.name === 'Tumor')?.activityBqml ?? 0) * suvPerBqml);
    expect(statistics).toMatchObject({ kind: 'measured', max: tumorSuv, voxelCount: truth.segments[0]?.voxelCount });
    expect(statistics.kind === 'measured' && statistics.mean).toBeCloseTo(tumorSuv, 6);
  });
});

describe('segmentStatistics gives no number rather than a wrong one', () => {
  const withSlices = (edit: (slices: Map<string, ArrayLike<number>>) => void): ValueVolume => {
    const slices = new Map(ct.volume.slices);
    edit(slices);
    return { ...ct.volume, slices };
  };
  const tumorFrame = segmentation.frames.find((frame) => frame.segmentNumber === 1);
  const tumorSop = tumorFrame?.referencedSopInstanceUid as string;

  it.each([
    ['an unknown segment', 9, ct.volume, 'the segmentation has no segment 9'],
    ['values in another frame of reference', 1, { ...ct.volume, frameOfReferenceUid: '1.2.3' }, 'the values are in another frame of reference than the segmentation'],
    ['values on another grid', 1, { ...ct.volume, rows: 512, columns: 512 }, 'the values are 512 × 512 but the segmentation is 128 × 128'],
    ['a missing slice', 1, withSlices((slices) => slices.delete(tumorSop)), `there are no values for the image of frame ${tumorFrame?.frameNumber}`],
    [
      'a voxel without a value (a PET that does not cover it)',
      1,
      withSlices((slices) => slices.set(tumorSop, new Float32Array(128 * 128).fill(Number.NaN))),
      'some voxels of "Tumor" have no value',
    ],
  ])('%s', (_, segmentNumber, values, reason) => {
    expect(segmentStatistics(segmentation, segmentNumber, values)).toEqual({ kind: 'unavailable', reason });
  });

  it('a FRACTIONAL SEG with partial voxels', () => {
    const partial = { ...segmentation, segmentationType: 'FRACTIONAL' as const, fractional: { fractionalType: 'PROBABILITY' as const, maximumFractionalValue: 255, partialVoxelCount: 3 } };
    expect(segmentStatistics(partial, 1, ct.volume)).toMatchObject({ kind: 'unavailable', reason: expect.stringContaining('FRACTIONAL') });
  });
});
