import { describe, expect, it } from 'vitest';
import { SOP_CLASS } from './dicom-file.mjs';
import { PETCT_STUDIES } from './patients-oncology.mjs';
import { STUDIES } from './patients.mjs';
import { LESION_LABEL } from './phantoms-petct.mjs';
import { defineSeries } from './series-common.mjs';
import { CT_GRID, PET_GRID, petSeriesContent, petVolume, prepareHostilePet, preparePetCt } from './series-petct.mjs';

// The generator's own PET truth, checked against what it stores and against the textbook SUVbw
// written out again here (no shared helper): if these disagree, every SUV test downstream lies.

/** SUVbw factor: weight (g) / (dose × 2^(−Δt / T½)), Δt from injection to SeriesTime. */
function textbookSuvFactor({ weightKg, doseBq, halfLifeS, injection, series }) {
  const seconds = (tm) => Number(tm.slice(0, 2)) * 3600 + Number(tm.slice(2, 4)) * 60 + Number(tm.slice(4, 6));
  return (weightKg * 1000) / (doseBq * Math.exp((-Math.LN2 * (seconds(series) - seconds(injection))) / halfLifeS));
}

const prepared = PETCT_STUDIES.map((study) => {
  const { plan, volume, probes } = preparePetCt(study);
  return { study, plan, volume, ...petSeriesContent({ series: plan.pt, petct: study.petct, volume, probes, ctSeries: plan.ct }) };
});

describe.each(prepared)('PET/CT $study.studyDate', ({ study, plan, volume, pet }) => {
  it('computes SUVbw with the textbook formula from the header it writes', () => {
    const expected = textbookSuvFactor({
      weightKg: study.petct.patientWeightKg, doseBq: study.petct.injection.totalDoseBq, halfLifeS: 6586.2,
      injection: study.petct.injection.time, series: study.petct.petSeriesTime,
    });
    expect(pet.suvbwPerBqml).toBeCloseTo(expected, 12);
    expect(pet.units).toBe('BQML');
    expect(pet.decayCorrection).toBe('START');
    expect(pet.correctedImage).toEqual(expect.arrayContaining(['ATTN', 'DECY']));
    expect(pet.decayFactor).toBeCloseTo(2 ** (-pet.decaySeconds / 6586.2), 12);
    expect(pet.suvUnavailable).toBeUndefined();
    expect(pet.ctSeriesKey).toBe(plan.ct.key);
  });

  it('gives probe voxels whose value is the stored value times the slope of their instance', () => {
    expect(pet.probeVoxels.map((probe) => probe.region)).toEqual(['Tumor', 'Lymph node', 'soft tissue', 'liver']);
    for (const probe of pet.probeVoxels) {
      const slice = volume.slices[probe.instanceNumber - 1];
      expect(probe.storedValue).toBe(slice.stored[probe.row * PET_GRID.size + probe.column]);
      expect(probe.rescaleSlope).toBe(slice.rescaleSlope);
      expect(probe.bqml).toBe(probe.storedValue * slice.rescaleSlope);
      expect(probe.suvbw).toBeCloseTo(probe.bqml * pet.suvbwPerBqml, 12);
      expect(probe.position[2]).toBe(plan.zs[probe.instanceNumber - 1]);
    }
    for (const lesion of pet.lesions) {
      const probe = pet.probeVoxels.find((p) => p.region === lesion.name);
      expect(probe.position).toEqual(lesion.center);
      // 16 bits of quantisation: far inside the 1 % an SUV test allows.
      expect(Math.abs(probe.bqml - lesion.activityBqml) / lesion.activityBqml).toBeLessThan(1e-4);
      expect(lesion.suvbwMax).toBeCloseTo(lesion.maxBqml * pet.suvbwPerBqml, 12);
    }
  });

  it('stores every slice within 16 bits, its largest value near the top', () => {
    for (const slice of volume.slices) {
      const max = Math.max(...slice.stored);
      expect(max).toBeLessThanOrEqual(65535);
      expect(max).toBeGreaterThan(60000);
    }
  });

  it('counts lesion voxels by the centre-inside rule, as painted, close to the sphere volume', () => {
    for (const lesion of pet.lesions) {
      let painted = 0;
      let sum = 0;
      for (const slice of volume.slices) {
        for (let i = 0; i < slice.labels.length; i++) {
          if (slice.labels[i] !== LESION_LABEL + lesion.index) continue;
          painted += 1;
          sum += slice.stored[i] * slice.rescaleSlope;
          expect(Math.abs(slice.stored[i] * slice.rescaleSlope - lesion.activityBqml)).toBeLessThanOrEqual(slice.rescaleSlope / 2 + 1e-9);
        }
      }
      expect(painted).toBe(lesion.voxelCount);
      // The mean over the painted voxels: the uniform activity, but for the quantisation.
      expect(lesion.meanBqml).toBeCloseTo(sum / painted, 6);
      expect(Math.abs(lesion.meanBqml / lesion.activityBqml - 1)).toBeLessThan(1e-4);
      expect(lesion.suvbwMean).toBeCloseTo(lesion.meanBqml * pet.suvbwPerBqml, 12);
      // The sum's rounding aside (all the voxels hold nearly the same value), never above the max.
      expect(lesion.suvbwMean).toBeLessThanOrEqual(lesion.suvbwMax * (1 + 1e-12));
      expect(lesion.volumeMl).toBeCloseTo(lesion.voxelCount * pet.voxelVolumeMl, 12);
      // A sphere of 10 mm or more is within 3 % of its voxel count; a small node far less so.
      if (lesion.radiusMm >= 10) expect(Math.abs(lesion.volumeMl / lesion.sphereVolumeMl - 1)).toBeLessThan(0.03);
      expect(lesion.instanceNumbers).toContain(lesion.centerInstanceNumber);
    }
    const [tumor, node] = pet.lesions;
    expect(tumor.name).toBe('Tumor');
    expect(node.name).toBe('Lymph node');
    expect(tumor.suvbw).toBeGreaterThan(node.suvbw);
  });

  it('puts CT and PET in one frame of reference, at the same slice positions, both centred', () => {
    expect(plan.ct.extra.frameOfReferenceUid).toBe(plan.frameOfReferenceUid);
    expect(plan.pt.extra.frameOfReferenceUid).toBe(plan.frameOfReferenceUid);
    expect(plan.ct.extra.petSeriesKey).toBe(plan.pt.key);
    expect(plan.pt.sopClassUid).toBe(SOP_CLASS.pet);
    expect(volume.zs).toEqual(plan.zs);
    expect(plan.zs).toHaveLength(96);
    expect(plan.zs[1] - plan.zs[0]).toBe(-3);
    expect(PET_GRID.origin + ((PET_GRID.size - 1) * PET_GRID.spacing) / 2).toBe(0);
    expect(Math.abs(CT_GRID.origin + ((CT_GRID.size - 1) * CT_GRID.spacing) / 2)).toBeLessThan(1e-3);
    expect(PET_GRID.spacing).toBe(500 / 128);
  });
});

it('makes the same PET volume twice', () => {
  const { study, plan } = prepared[0];
  const again = petVolume({ grid: PET_GRID, zs: plan.zs, lesions: study.petct.lesions, noiseKey: plan.pt.key });
  prepared[0].volume.slices.forEach((slice, index) => {
    expect(again.slices[index].rescaleSlope).toBe(slice.rescaleSlope);
    expect(Buffer.from(again.slices[index].stored.buffer).equals(Buffer.from(slice.stored.buffer))).toBe(true);
  });
});

it('the restaging lesions are smaller and weaker than the staging ones', () => {
  const [staging, restaging] = prepared.map(({ pet }) => pet.lesions);
  for (let i = 0; i < staging.length; i++) {
    expect(restaging[i].radiusMm).toBeLessThan(staging[i].radiusMm);
    expect(restaging[i].suvbw).toBeLessThan(staging[i].suvbw);
  }
});

describe('hostile PET series', () => {
  const cases = [
    ['no-weight', 'no-patient-weight', 'BQML'],
    ['no-decay', 'no-decay-information', 'BQML'],
    ['counts', 'units-not-bqml', 'CNTS'],
  ];
  it.each(cases)('%s: no SUV, the reason %s, values still stored × slope', (variant, reason, units) => {
    const series = defineSeries({ key: `hostile-pet-${variant}`, study: STUDIES.hostileInput, seriesNumber: 9, description: 'PET', modality: 'PT', sopClassUid: SOP_CLASS.pet, bodyPart: 'CHEST' });
    const { petct, volume, probes } = prepareHostilePet(series, PETCT_STUDIES[0].petct);
    const { header, pet } = petSeriesContent({ series, petct, volume, probes, variant });
    expect(pet.suvbwPerBqml).toBeNull();
    expect(pet.suvUnavailable).toBe(reason);
    expect(pet.units).toBe(units);
    expect(header.patientWeightKg === null).toBe(variant === 'no-weight');
    expect(header.totalDoseBq === null && header.decayCorrection === null).toBe(variant === 'no-decay');
    const [tumor] = pet.probeVoxels;
    expect(tumor.region).toBe('Tumor');
    expect(tumor.value).toBe(tumor.storedValue * tumor.rescaleSlope);
    expect(tumor.bqml).toBe(units === 'BQML' ? tumor.value : null);
    expect(tumor.suvbw).toBeNull();
    expect(volume.zs).toHaveLength(8);
    expect(pet.lesions.map((lesion) => lesion.name)).toEqual(['Tumor']);
  });
});
