// What the PET/CT phantom's tests may rely on (the manifest's `series.pet`), computed here from
// the acquisition parameters and the voxels as written, with the textbook formulas and no
// library: the SUVbw factor, each lesion's voxels and volume, and probe voxels whose value is
// the stored value times the slope written in that instance.
import { isInsideLesion, labelName, PET_NOISE, TORSO_REGIONS } from './phantoms-petct.mjs';

/** F-18 half-life in seconds, as written in RadionuclideHalfLife. */
export const F18_HALF_LIFE_S = 6586.2;

/** Seconds since midnight of a DICOM TM value "HHMMSS". */
export const tmSeconds = (tm) => Number(tm.slice(0, 2)) * 3600 + Number(tm.slice(2, 4)) * 60 + Number(tm.slice(4, 6));

/** A DICOM TM value "HHMMSS" `seconds` after `tm` (same day). */
export function addSeconds(tm, seconds) {
  const total = tmSeconds(tm) + seconds;
  const pad = (n) => String(Math.floor(n)).padStart(2, '0');
  return `${pad(total / 3600)}${pad((total % 3600) / 60)}${pad(total % 60)}`;
}

/**
 * SUVbw = C(Bq/ml) × weight(g) / decayed dose(Bq). With DecayCorrection START the pixels are
 * decay corrected to the series start (SeriesTime), so the dose is decayed from the injection
 * start to SeriesTime: dose × 2^(−Δt / T½). 1 ml of tissue is taken as 1 g.
 */
export function suvbwFactor({ patientWeightKg, totalDoseBq, halfLifeS = F18_HALF_LIFE_S, injectionTime, seriesTime }) {
  const decaySeconds = tmSeconds(seriesTime) - tmSeconds(injectionTime);
  if (decaySeconds < 0) throw new Error(`series ${seriesTime} starts before the injection ${injectionTime}`);
  const decayFactor = 2 ** (-decaySeconds / halfLifeS);
  return { decaySeconds, decayFactor, suvbwPerBqml: (patientWeightKg * 1000) / (totalDoseBq * decayFactor) };
}

/** Column, row (0-based) and instance number of the voxel whose centre is nearest `point`. */
export function voxelAt(point, grid, zs) {
  const column = Math.round((point[0] - grid.origin) / grid.spacing);
  const row = Math.round((point[1] - grid.origin) / grid.spacing);
  const index = zs.findIndex((z) => Math.abs(z - point[2]) < 1e-6);
  if (index < 0) throw new Error(`no slice at z ${point[2]}`);
  if (column < 0 || row < 0 || column >= grid.size || row >= grid.size) throw new Error(`${point} is outside the image`);
  return { column, row, instanceNumber: index + 1 };
}

/**
 * The lesions' truth. The voxel count goes over every voxel centre of the volume with the
 * sphere rule alone (not the painted labels); the largest and the mean value are read from the
 * written voxels (stored × slope of their instance), which differ from the nominal activity only
 * by the 16-bit quantisation.
 */
function lesionTruth(lesions, { grid, zs, slices, voxelMl, suvbwPerBqml }) {
  return lesions.map((lesion, index) => {
    let voxelCount = 0;
    let maxBqml = 0;
    let sumBqml = 0;
    zs.forEach((z, slice) => {
      for (let row = 0; row < grid.size; row++) {
        for (let column = 0; column < grid.size; column++) {
          if (!isInsideLesion([grid.origin + column * grid.spacing, grid.origin + row * grid.spacing, z], lesion)) continue;
          const bqml = slices[slice].stored[row * grid.size + column] * slices[slice].rescaleSlope;
          voxelCount += 1;
          maxBqml = Math.max(maxBqml, bqml);
          sumBqml += bqml;
        }
      }
    });
    const meanBqml = voxelCount > 0 ? sumBqml / voxelCount : 0;
    const centre = voxelAt(lesion.center, grid, zs);
    const instanceNumbers = zs.map((z, i) => [z, i + 1]).filter(([z]) => Math.abs(z - lesion.center[2]) <= lesion.radiusMm).map(([, n]) => n);
    return {
      index, name: lesion.name, center: lesion.center, radiusMm: lesion.radiusMm,
      sphereVolumeMl: ((4 / 3) * Math.PI * lesion.radiusMm ** 3) / 1000,
      activityBqml: lesion.activityBqml, suvbw: suvbwPerBqml === null ? null : lesion.activityBqml * suvbwPerBqml,
      maxBqml, suvbwMax: suvbwPerBqml === null ? null : maxBqml * suvbwPerBqml,
      meanBqml, suvbwMean: suvbwPerBqml === null ? null : meanBqml * suvbwPerBqml,
      voxelCount, volumeMl: voxelCount * voxelMl, ctHu: lesion.ctHu,
      centerInstanceNumber: centre.instanceNumber, instanceNumbers,
    };
  });
}

/**
 * One probe voxel: what is stored there, the slope of its instance as written, and the value
 * a reader must compute. `bqml` is the value when the series is in BQML, else null.
 */
function probeTruth(name, point, { grid, zs, slices, sopInstanceUids, units, suvbwPerBqml, lesions }) {
  const { column, row, instanceNumber } = voxelAt(point, grid, zs);
  const slice = slices[instanceNumber - 1];
  const storedValue = slice.stored[row * grid.size + column];
  const value = storedValue * slice.rescaleSlope;
  return {
    name, region: labelName(slice.labels[row * grid.size + column], lesions),
    instanceNumber, sopInstanceUid: sopInstanceUids[instanceNumber - 1], column, row,
    position: [grid.origin + column * grid.spacing, grid.origin + row * grid.spacing, zs[instanceNumber - 1]],
    storedValue, rescaleSlope: slice.rescaleSlope, value,
    bqml: units === 'BQML' ? value : null,
    suvbw: units === 'BQML' && suvbwPerBqml !== null ? value * suvbwPerBqml : null,
  };
}

/**
 * The `pet` block of a PT series entry. `header` is what the files say (null where a hostile
 * series leaves it out); `probes` are [name, point] pairs; `regionChecks` the region each
 * background probe must land in, so a phantom change cannot move a probe silently.
 */
export function petTruth({ header, lesions, probes, volume, sopInstanceUids, beds, ctSeries }) {
  const { grid, zs, slices, sliceMm } = volume;
  const canComputeSuv = header.units === 'BQML' && header.patientWeightKg !== null && header.totalDoseBq !== null && header.decayCorrection === 'START';
  const suv = header.totalDoseBq !== null && header.injectionTime !== null ? suvbwFactor({ ...header, halfLifeS: header.halfLifeS }) : null;
  const suvbwPerBqml = canComputeSuv ? suv.suvbwPerBqml : null;
  const voxelMl = (grid.spacing * grid.spacing * sliceMm) / 1000;
  const context = { grid, zs, slices, sopInstanceUids, units: header.units, suvbwPerBqml, lesions, voxelMl };
  const probeVoxels = probes.map(([name, point, region]) => {
    const probe = probeTruth(name, point, context);
    if (region && probe.region !== region) throw new Error(`probe "${name}" lands in ${probe.region}, not ${region}`);
    return probe;
  });
  return {
    units: header.units,
    decayCorrection: header.decayCorrection,
    correctedImage: header.correctedImage,
    radiopharmaceutical: header.totalDoseBq === null ? null : 'Fluorodeoxyglucose',
    radionuclide: header.totalDoseBq === null ? null : '^18^Fluorine',
    patientWeightKg: header.patientWeightKg,
    patientSizeM: header.patientSizeM,
    radionuclideTotalDoseBq: header.totalDoseBq,
    radionuclideHalfLifeS: header.totalDoseBq === null ? null : header.halfLifeS,
    seriesDate: header.seriesDate,
    seriesTime: header.seriesTime,
    injectionTime: header.injectionTime,
    injectionDateTime: header.injectionTime === null ? null : `${header.seriesDate}${header.injectionTime}`,
    decaySeconds: suv?.decaySeconds ?? null,
    decayFactor: suv?.decayFactor ?? null,
    suvbwPerBqml,
    ...(canComputeSuv ? {} : { suvUnavailable: suvUnavailableReason(header) }),
    ...(ctSeries ? { ctSeriesKey: ctSeries.key, ctSeriesInstanceUid: ctSeries.seriesInstanceUid } : {}),
    voxelSizeMm: [grid.spacing, grid.spacing, sliceMm],
    voxelVolumeMl: voxelMl,
    beds,
    lesions: lesionTruth(lesions, context),
    background: TORSO_REGIONS.filter((region) => region.bqml > 0).map((region) => ({
      region: region.name, activityBqml: region.bqml, suvbw: suvbwPerBqml === null ? null : region.bqml * suvbwPerBqml,
    })),
    // Each background voxel is nominal × (1 + amplitude × (u1 + u2 − 1)), u uniform in [0, 1).
    backgroundNoise: { kind: 'multiplicative-triangular', amplitude: PET_NOISE },
    probeVoxels,
  };
}

function suvUnavailableReason(header) {
  if (header.units !== 'BQML') return 'units-not-bqml';
  if (header.patientWeightKg === null) return 'no-patient-weight';
  return 'no-decay-information';
}
