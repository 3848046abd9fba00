import { describe, expect, it } from 'vitest';
import { Tag, type DicomJson } from '@longview/dicom-meta';
import type { SeriesStack } from '../series/seriesStack';
import { DEFAULT_SUV_UPPER, petRangeOf, slicePositionsOf, whyNotFusable } from './petCtCell';

const json = (fields: Partial<Record<keyof typeof Tag, unknown[]>>): DicomJson =>
  Object.fromEntries(Object.entries(fields).map(([name, values]) => [Tag[name as keyof typeof Tag], { vr: 'CS', Value: values }]));

const AXIAL = [1, 0, 0, 0, 1, 0];
const ct = json({ Modality: ['CT'], FrameOfReferenceUID: ['1.2.3'], ImageOrientationPatient: AXIAL });
const pet = json({ Modality: ['PT'], FrameOfReferenceUID: ['1.2.3'], ImageOrientationPatient: AXIAL, WindowCenter: [5000], WindowWidth: [10000] });

describe('whyNotFusable', () => {
  it('fuses a PET and a CT in one frame of reference with parallel slices', () => {
    expect(whyNotFusable(ct, pet)).toBeUndefined();
  });

  it('refuses another frame of reference, a missing one, tilted slices, or a non-PET overlay', () => {
    expect(whyNotFusable(ct, { ...pet, ...json({ FrameOfReferenceUID: ['9.9'] }) })).toMatch(/different frames of reference/);
    expect(whyNotFusable(ct, { ...pet, [Tag.FrameOfReferenceUID]: undefined })).toMatch(/does not state its frame of reference/);
    expect(whyNotFusable(ct, { ...pet, ...json({ ImageOrientationPatient: [1, 0, 0, 0, 0, -1] }) })).toMatch(/not parallel/);
    expect(whyNotFusable(ct, { ...pet, ...json({ Modality: ['CT'] }) })).toMatch(/not a PET/);
  });
});

describe('slicePositionsOf', () => {
  it('gives each slice its position along the normal, in stack order', () => {
    const stack = {
      firstMetadata: ct,
      images: [],
      instances: [{ imagePositionPatient: [-250, -250, 0] }, { imagePositionPatient: [-250, -250, -3] }, { imagePositionPatient: [-250, -250, -6] }],
    } as unknown as SeriesStack;
    expect(slicePositionsOf(stack)).toEqual({ positions: [0, -3, -6], normal: [0, 0, 1] });
    const missing = { ...stack, instances: [{ imagePositionPatient: undefined }] } as unknown as SeriesStack;
    expect(slicePositionsOf(missing)).toBeUndefined();
  });
});

describe('petRangeOf', () => {
  it('shows SUV 0 to 6, in the Bq/ml the volume holds, when the series supports SUV', () => {
    const factor = 2.5e-4; // g/ml per Bq/ml
    const range = petRangeOf({ kind: 'suv', factorBySopInstanceUid: new Map([['1', factor]]) }, pet, factor);
    expect(range?.label).toBe(`SUV 0–${DEFAULT_SUV_UPPER}`);
    expect(range?.range.lower).toBe(0);
    expect(range?.range.upper).toBeCloseTo(DEFAULT_SUV_UPPER / factor, 6);
  });

  it('falls back to the stored window, naming its units, and to nothing without one', () => {
    expect(petRangeOf({ kind: 'unavailable', storedUnits: 'Bq/ml', reason: 'the series has no patient weight' }, pet, undefined)).toEqual({
      range: { lower: 0, upper: 10000 },
      label: 'Stored window (Bq/ml)',
    });
    expect(petRangeOf({ kind: 'unavailable', storedUnits: 'counts', reason: 'x' }, json({ Modality: ['PT'] }), undefined)).toBeUndefined();
  });
});
