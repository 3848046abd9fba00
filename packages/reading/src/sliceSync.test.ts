import { describe, expect, it } from 'vitest';
import { defaultLink, linkAt, matchingSlice, stackGeometry, type PositionedImage } from './sliceSync';

const AXIAL = [1, 0, 0, 0, 1, 0];
const axialStack = (zs: readonly number[], orientation: readonly number[] = AXIAL, xy: [number, number] = [-179, -179]): PositionedImage[] =>
  zs.map((z) => ({ imagePositionPatient: [xy[0], xy[1], z], imageOrientationPatient: orientation }));

// The demo corpus's pair: current 256 × 1.25 mm from z = 0 down (head first); prior 80 × 4 mm
// from z = −2 down, stored feet first (display order is the viewer's, head first, here too).
const currentZ = Array.from({ length: 256 }, (_, i) => -i * 1.25);
const priorZ = Array.from({ length: 80 }, (_, i) => -2 - i * 4);
const current = stackGeometry(axialStack(currentZ), 'for-1');
const prior = stackGeometry(axialStack(priorZ, AXIAL, [-178.5, -178.5]), 'for-1');

function nearestIndex(values: readonly number[], wanted: number): number {
  return values.reduce((best, value, index) => (Math.abs(value - wanted) < Math.abs((values[best] as number) - wanted) ? index : best), 0);
}

describe('matchingSlice, same frame of reference', () => {
  it('finds the prior slice nearest by ImagePositionPatient for every current slice', () => {
    if (!current || !prior) throw new Error('geometry');
    const link = defaultLink(current, prior);
    expect(link).toEqual({ kind: 'same-frame' });
    for (let i = 0; i < currentZ.length; i++) {
      const z = currentZ[i] as number;
      const expected = z > -2 + 2 || z < -318 - 2 ? undefined : nearestIndex(priorZ, z);
      expect(matchingSlice(current, i, prior, { kind: 'same-frame' }), `current ${i} at z ${z}`).toBe(expected);
    }
    // Spot checks: z = −100 lies between −98 (index 24) and −102 (index 25), exactly 2 mm from each: first wins.
    expect(matchingSlice(current, 80, prior, { kind: 'same-frame' })).toBe(24);
    expect(matchingSlice(current, 81, prior, { kind: 'same-frame' })).toBe(25); // z −101.25
  });

  it('gives nothing outside the target by more than half a slice, something within it', () => {
    const thick = stackGeometry(axialStack([-10, -20, -30]), 'f');
    const thin = stackGeometry(axialStack([0, -4, -4.9, -5.1, -35.1, -34.9]), 'f');
    if (!thick || !thin) throw new Error('geometry');
    const link = { kind: 'same-frame' } as const;
    // Half a slice of the thick stack is 5 mm beyond its first (−10) and last (−30) slice.
    expect(matchingSlice(thin, 0, thick, link)).toBeUndefined(); // z 0: 10 mm above
    expect(matchingSlice(thin, 2, thick, link)).toBeUndefined(); // z −4.9: 5.1 mm above
    expect(matchingSlice(thin, 3, thick, link)).toBe(0); // z −5.1: 4.9 mm above
    expect(matchingSlice(thin, 4, thick, link)).toBeUndefined(); // z −35.1
    expect(matchingSlice(thin, 5, thick, link)).toBe(2); // z −34.9
  });

  it('handles a reversed order and gaps in the target', () => {
    const reversed = stackGeometry(axialStack([-40, -30, -20, -10, 0]), 'f');
    const gappy = stackGeometry(axialStack([0, -5, -10, -30, -35]), 'f');
    if (!reversed || !gappy) throw new Error('geometry');
    const link = { kind: 'same-frame' } as const;
    expect(matchingSlice(gappy, 0, reversed, link)).toBe(4); // z 0
    expect(matchingSlice(gappy, 3, reversed, link)).toBe(1); // z −30
    // Across the gap of the target: nearest, as long as it is inside the covered range.
    expect(matchingSlice(reversed, 2, gappy, link)).toBe(2); // z −20: −10 and −30 equally near, first wins
  });

  it('tolerates a few degrees of tilt but never syncs orthogonal planes', () => {
    const tilt = (5 * Math.PI) / 180;
    const tilted = stackGeometry(axialStack([0, -5, -10, -15], [1, 0, 0, 0, Math.cos(tilt), Math.sin(tilt)]), 'f');
    const flat = stackGeometry(axialStack([0, -5, -10, -15]), 'f');
    const sagittal = stackGeometry(
      [-20, 0, 20].map((x) => ({ imagePositionPatient: [x, -100, 100], imageOrientationPatient: [0, 1, 0, 0, 0, -1] })),
      'f',
    );
    if (!tilted || !flat || !sagittal) throw new Error('geometry');
    expect(matchingSlice(flat, 2, tilted, { kind: 'same-frame' })).toBe(2);
    expect(matchingSlice(flat, 2, sagittal, { kind: 'same-frame' })).toBeUndefined();
  });
});

describe('different frames of reference', () => {
  it('needs the reader to link once, then keeps the anatomical offset', () => {
    const a = stackGeometry(axialStack([0, -5, -10, -15, -20, -25]), 'scanner-a');
    // Another scanner: the same anatomy sits 300 mm further along its table.
    const b = stackGeometry(axialStack([-300, -305, -310, -315, -320, -325]), 'scanner-b');
    if (!a || !b) throw new Error('geometry');
    expect(defaultLink(a, b)).toBeUndefined();
    const link = linkAt(a, 1, b, 1);
    expect(link).toEqual({ kind: 'offset', offsetMm: -300 });
    if (!link) throw new Error('link');
    expect(matchingSlice(a, 4, b, link)).toBe(4);
    expect(matchingSlice(a, 0, b, link)).toBe(0);
    // Without the link the positions fall 300 mm outside: nothing.
    expect(matchingSlice(a, 4, b, { kind: 'same-frame' })).toBeUndefined();
  });
});

describe('stackGeometry', () => {
  it('refuses stacks without complete or shared geometry', () => {
    expect(stackGeometry([{ imagePositionPatient: undefined, imageOrientationPatient: AXIAL }], 'f')).toBeUndefined();
    expect(stackGeometry([...axialStack([0]), ...axialStack([-5], [0, 1, 0, 0, 0, -1])], 'f')).toBeUndefined();
    expect(stackGeometry([], 'f')).toBeUndefined();
  });
});
