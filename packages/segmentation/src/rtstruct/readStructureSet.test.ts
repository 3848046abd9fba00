import { describe, expect, it } from 'vitest';
import { ct512, plan, structureSetFile } from '../../testing/tumorBoard';
import { readPart10 } from '../part10';
import { StructureSetUnreadable } from './model';
import { readStructureSet, readStructureSetPart10 } from './readStructureSet';

const { part10, truth } = structureSetFile(ct512);
const structureSet = readStructureSetPart10(part10);

describe('readStructureSetPart10: the tumor board RTSTRUCT on the 512² CT', () => {
  it('reads what it is of: UIDs, label, frame of reference, the CT series', () => {
    expect(structureSet).toMatchObject({
      sopInstanceUid: truth.sopInstanceUid,
      label: truth.label,
      frameOfReferenceUid: plan.frameOfReferenceUid,
      referencedSeriesUid: truth.referencedSeriesInstanceUid,
    });
  });

  it('joins each ROI with its contours and observation: name, colour, algorithm, type', () => {
    expect(structureSet.rois.map((roi) => [roi.number, roi.name, roi.colour, roi.generationAlgorithm, roi.interpretedType, roi.frameOfReferenceUid])).toEqual(
      truth.rois.map((roi) => [roi.roiNumber, roi.name, roi.displayColor, roi.generationAlgorithm, roi.interpretedType, plan.frameOfReferenceUid]),
    );
  });

  it('reads every contour as written: closed planar, its CT instance, its points in mm (float32)', () => {
    truth.rois.forEach((expected, r) => {
      const contours = structureSet.rois[r]?.contours ?? [];
      expect(contours).toHaveLength(expected.contours.length);
      contours.forEach((contour, c) => {
        const written = expected.contours[c];
        expect(contour.geometricType).toBe('CLOSED_PLANAR');
        expect(contour.referencedSopInstanceUid).toBe(written?.referencedSopInstanceUid);
        expect(contour.points).toBeInstanceOf(Float32Array);
        expect([...contour.points]).toEqual((written?.points.flat() ?? []).map(Math.fround));
      });
    });
  });
});

describe('readStructureSet refuses what it cannot read, saying why', () => {
  const file = readPart10(part10);
  if (file.kind !== 'read') throw new Error('test file unreadable');
  const dataset = { ...file.dataset };
  const messageOf = (input: Record<string, unknown>) => {
    try {
      readStructureSet(input);
    } catch (error) {
      if (error instanceof StructureSetUnreadable) return error.userMessage;
      throw error;
    }
    return 'read';
  };
  const roiContours = dataset.ROIContourSequence as Record<string, unknown>[];
  const firstRoi = roiContours[0] as Record<string, unknown>;
  const contourOf = (edit: Record<string, unknown>) => ({
    ...dataset,
    ROIContourSequence: [{ ...firstRoi, ContourSequence: [{ ...(firstRoi.ContourSequence as Record<string, unknown>[])[0], ...edit }] }, ...roiContours.slice(1)],
  });

  it.each([
    ['not an RTSTRUCT', { ...dataset, SOPClassUID: '1.2.840.10008.5.1.4.1.1.66.4' }, 'it is not an RT Structure Set'],
    ['a contour of no known type', contourOf({ ContourGeometricType: 'SPLINE' }), 'a contour of ROI 1 has no known geometric type'],
    ['a contour whose coordinates are not whole points', contourOf({ ContourData: [1, 2, 3, 4] }), 'a contour of ROI 1 has 4 coordinates, not whole points'],
  ])('%s', (_, input, detail) => {
    expect(messageOf(input)).toBe(`This structure set cannot be shown: ${detail}.`);
  });

  it('an ROI with no contours is read with none', () => {
    const read = readStructureSet({ ...dataset, ROIContourSequence: roiContours.slice(1) });
    expect(read.rois.map((roi) => [roi.name, roi.contours.length, roi.colour])).toEqual([
      ['GTV', 0, undefined],
      ['Liver', truth.rois[1]?.contours.length, truth.rois[1]?.displayColor],
    ]);
  });
});
