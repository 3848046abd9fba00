import { describe, expect, it } from 'vitest';
import { SOP_CLASS } from './dicom-file.mjs';
import { AI_RESULTS_STUDY, PETCT_STUDIES } from './patients-oncology.mjs';
import { STUDIES } from './patients.mjs';
import { defineSeries } from './series-common.mjs';
import { petSeriesContent, prepareHostilePet, preparePetCt } from './series-petct.mjs';
import { ctReference, planTumorBoardSeries, segmentationContent } from './series-segmentation.mjs';
import { aiReportContent } from './series-ai-report.mjs';
import { planAiResultsSeries, segmentationWithUptake, segmentUptake } from './series-tumor-board.mjs';

// The uptake the manifest puts beside each SEG segment, checked against the PET voxels as stored,
// read here again with the sphere rule written out (no shared helper).

/** Max and mean of stored × slope over the PET voxels whose centre lies inside `sphere`. */
function storedUptake(volume, sphere) {
  const { grid, zs, slices } = volume;
  let count = 0;
  let max = 0;
  let sum = 0;
  zs.forEach((z, s) => {
    for (let row = 0; row < grid.size; row++) {
      for (let column = 0; column < grid.size; column++) {
        const [x, y] = [grid.origin + column * grid.spacing, grid.origin + row * grid.spacing];
        if (Math.hypot(x - sphere.center[0], y - sphere.center[1], z - sphere.center[2]) > sphere.radiusMm) continue;
        const bqml = slices[s].stored[row * grid.size + column] * slices[s].rescaleSlope;
        count += 1;
        max = Math.max(max, bqml);
        sum += bqml;
      }
    }
  });
  return { count, max, mean: sum / count };
}

const prepared = PETCT_STUDIES.map((study) => {
  const { plan, volume, probes } = preparePetCt(study);
  const { pet } = petSeriesContent({ series: plan.pt, petct: study.petct, volume, probes, ctSeries: plan.ct });
  const ct = ctReference(plan);
  const series = planTumorBoardSeries(study);
  return { study, volume, pet, ct, series };
});

describe.each(prepared)('PET/CT $study.studyDate', ({ study, volume, pet, ct, series }) => {
  const { segmentation } = segmentationContent({ series: series.seg, ct, lesions: study.petct.lesions });

  it('gives each segment the SUVbw max and mean of the PET voxels inside its sphere', () => {
    const withUptake = segmentationWithUptake(segmentation, pet);
    expect(withUptake.segments.map((segment) => segment.uptake.lesion)).toEqual(['Tumor', 'Lymph node']);
    for (const segment of withUptake.segments) {
      const stored = storedUptake(volume, segment.sphere);
      expect(segment.uptake.petVoxelCount).toBe(stored.count);
      expect(segment.uptake.suvbwMax).toBeCloseTo(stored.max * pet.suvbwPerBqml, 9);
      expect(segment.uptake.suvbwMean).toBeCloseTo(stored.mean * pet.suvbwPerBqml, 9);
      // A uniform sphere: max and mean are its nominal SUV but for the 16-bit quantisation.
      const lesion = study.petct.lesions.find((candidate) => candidate.name === segment.label);
      expect(Math.abs(segment.uptake.suvbwMean / (lesion.activityBqml * pet.suvbwPerBqml) - 1)).toBeLessThan(1e-4);
    }
  });

  it('leaves the rest of the SEG truth as it was and does not change its argument', () => {
    const before = JSON.stringify(segmentation);
    const withUptake = segmentationWithUptake(segmentation, pet);
    expect(JSON.stringify(segmentation)).toBe(before);
    const { segments, ...rest } = withUptake;
    const { segments: original, ...originalRest } = segmentation;
    expect(rest).toEqual(originalRest);
    segments.forEach(({ uptake, ...segment }, index) => {
      expect(uptake).not.toBeNull();
      expect(segment).toEqual(original[index]);
    });
  });
});

describe('segmentUptake says nothing it does not know', () => {
  const { study, pet, ct, series } = prepared[0];

  it('a segment whose sphere is no lesion (the overlapping SEG\'s margin) has no uptake', () => {
    const { segmentation } = segmentationContent({ series: series.seg, ct, lesions: study.petct.lesions, variant: 'overlapping' });
    const margin = segmentation.segments.find((segment) => segment.label === 'Tumor margin');
    expect(segmentUptake(margin, pet)).toBeNull();
    expect(segmentUptake(segmentation.segments[0], pet).lesion).toBe('Tumor');
  });

  it('a segment on a PET without SUV (no patient weight) has no uptake', () => {
    const hostile = defineSeries({ key: 'hostile-pet-no-weight', study: STUDIES.hostileInput, seriesNumber: 9, description: 'PET', modality: 'PT', sopClassUid: SOP_CLASS.pet, bodyPart: 'CHEST' });
    const { petct, volume, probes } = prepareHostilePet(hostile, study.petct);
    const { pet: noSuv } = petSeriesContent({ series: hostile, petct, volume, probes, variant: 'no-weight' });
    const { segmentation } = segmentationContent({ series: series.seg, ct, lesions: study.petct.lesions });
    expect(noSuv.lesions.map((lesion) => lesion.name)).toEqual(['Tumor']);
    expect(segmentUptake(segmentation.segments[0], noSuv)).toBeNull();
  });
});

describe('the AI results study: a SEG and a report on the restaging CT, stored under a study of their own', () => {
  const described = prepared.find(({ study }) => study === AI_RESULTS_STUDY.resultsFor);
  const series = planAiResultsSeries(AI_RESULTS_STUDY);
  const lesions = AI_RESULTS_STUDY.resultsFor.petct.lesions;
  const { attributes: seg, segmentation } = segmentationContent({ series: series.seg, ct: described.ct, lesions });
  const { attributes: sr } = aiReportContent({ series: series.sr, ct: described.ct, segmentation, pet: described.pet });

  it('is its own study of carol\'s oncology record, about the restaging PET/CT', () => {
    expect(AI_RESULTS_STUDY.resultsFor).toBe(PETCT_STUDIES[1]);
    expect(AI_RESULTS_STUDY.patient).toBe(PETCT_STUDIES[1].patient);
    expect(seg.StudyInstanceUID).toBe(AI_RESULTS_STUDY.studyInstanceUid);
    expect(sr.StudyInstanceUID).toBe(AI_RESULTS_STUDY.studyInstanceUid);
    expect(seg.StudyInstanceUID).not.toBe(described.study.studyInstanceUid);
  });

  it('the SEG names the CT series only under the CT\'s study, in (0008,1200): it is no series of its own study', () => {
    expect(seg.ReferencedSeriesSequence).toBeUndefined();
    const [other] = seg.StudiesContainingOtherReferencedInstancesSequence;
    expect(other.StudyInstanceUID).toBe(described.study.studyInstanceUid);
    expect(other.ReferencedSeriesSequence[0].SeriesInstanceUID).toBe(described.ct.seriesInstanceUid);
    expect(segmentation.referencedStudyInstanceUid).toBe(described.study.studyInstanceUid);
  });

  it('the report\'s evidence is the CT\'s study; the SEG it cites is in its own', () => {
    expect(sr.CurrentRequestedProcedureEvidenceSequence[0].StudyInstanceUID).toBe(described.study.studyInstanceUid);
    expect(sr.PertinentOtherEvidenceSequence[0].StudyInstanceUID).toBe(AI_RESULTS_STUDY.studyInstanceUid);
  });

  it('a SEG in the CT\'s own study names no other study', () => {
    const { attributes } = segmentationContent({ series: described.series.seg, ct: described.ct, lesions });
    expect(attributes.StudiesContainingOtherReferencedInstancesSequence).toBeUndefined();
    expect(attributes.ReferencedSeriesSequence[0].SeriesInstanceUID).toBe(described.ct.seriesInstanceUid);
  });
});
