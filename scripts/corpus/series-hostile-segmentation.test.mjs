import { describe, expect, it } from 'vitest';
import { SOP_CLASS } from './dicom-file.mjs';
import { largeStudies } from './patients-large.mjs';
import { STUDIES } from './patients.mjs';
import { hostileSegmentationPetct, HOSTILE_SEGMENTATION_CT, planHostileSegmentationStudy } from './series-hostile-segmentation.mjs';
import { centredGrid } from './series-petct.mjs';
import { structureSetContent } from './series-rtstruct.mjs';
import { ctReference, SEG_VARIANTS, segmentationContent } from './series-segmentation.mjs';

// The hostile SEG study's plan and what its writers would put in it, without writing a file: every
// variant has voxels on the small CT, the good SEG's frames lie on its instances, and adding the
// study moved none of the large patient's studies.

const plan = planHostileSegmentationStudy();
const { lesions } = hostileSegmentationPetct();
const ct = ctReference(plan, { grid: centredGrid(HOSTILE_SEGMENTATION_CT.size) });

describe('the hostile SEG study', () => {
  it('holds the CT, a control SEG and one SEG per variant, the RTSTRUCT and the AI report, each once', () => {
    const all = [plan.ct, ...plan.segs.map((s) => s.series), plan.rtstruct.series, plan.sr.series];
    expect(new Set(all.map((s) => s.key)).size).toBe(all.length);
    expect(new Set(all.map((s) => s.seriesNumber)).size).toBe(all.length);
    expect(all.every((s) => s.study === STUDIES.hostileSegmentation)).toBe(true);
    expect(plan.segs.map((s) => s.variant)).toEqual([null, ...SEG_VARIANTS]);
    expect(plan.segs.every((s) => s.series.sopClassUid === SOP_CLASS.segmentation)).toBe(true);
    expect(all.map((s) => s.extra.hostileCase)).toEqual([
      'control', 'control', ...SEG_VARIANTS.map((v) => `seg-${v}`), 'rtstruct-unknown-instances', 'ai-report-missing-segment',
    ]);
    expect(plan.zs).toHaveLength(HOSTILE_SEGMENTATION_CT.slices);
  });

  it('gives every SEG variant both segments on the small CT; the control\'s frames lie on its instances', () => {
    for (const { variant, series } of plan.segs) {
      const { segmentation } = segmentationContent({ series, ct, lesions, variant });
      expect(segmentation.segments.every((segment) => segment.voxelCount > 0), String(variant)).toBe(true);
      expect(segmentation.referencedSeriesExists, String(variant)).toBe(variant !== 'missing-referenced-series');
    }
    const { segmentation: control } = segmentationContent({ series: plan.segs[0].series, ct, lesions });
    const ctUids = new Set(ct.instances.map((instance) => instance.sopInstanceUid));
    expect(control.segments.flatMap((segment) => segment.frames).every((frame) => ctUids.has(frame.referencedSopInstanceUid))).toBe(true);
    expect([control.rows, control.columns]).toEqual([HOSTILE_SEGMENTATION_CT.size, HOSTILE_SEGMENTATION_CT.size]);
  });

  it('outlines the GTV and the liver with contours that name no CT instance', () => {
    const { structureSet } = structureSetContent({ series: plan.rtstruct.series, ct, lesions, variant: plan.rtstruct.variant });
    const ctUids = new Set(ct.instances.map((instance) => instance.sopInstanceUid));
    expect(structureSet.rois.map((roi) => roi.name)).toEqual(['GTV', 'Liver']);
    expect(structureSet.rois.flatMap((roi) => roi.contours).some((contour) => ctUids.has(contour.referencedSopInstanceUid))).toBe(false);
  });

  it('moved none of the large patient\'s studies (its date is outside their spread)', () => {
    const others = Object.values(STUDIES).filter((study) => study !== STUDIES.hostileSegmentation).map((study) => study.studyDate);
    const dates = (reserved) => largeStudies(reserved).map((study) => study.studyDate);
    expect(dates([...others, STUDIES.hostileSegmentation.studyDate])).toEqual(dates(others));
  });
});
