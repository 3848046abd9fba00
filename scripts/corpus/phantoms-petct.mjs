// The PET/CT torso phantom (carol's oncology PET/CT, series-petct.mjs): one anatomy, painted as
// region labels on any axial grid, which the CT turns into HU and the PET into activity
// (Bq/ml). Lesions are spheres of uniform value; a voxel belongs to one when its centre is
// inside (distance <= radius), the same rule the manifest's voxel counts use, so SUVmax and
// volumes are known exactly. Everything is a pure function of its arguments.
import { createCanvas, fillEllipse, fillRect, fillRing, seededRandom } from './raster.mjs';

/**
 * Regions in paint order of precedence (later painting wins). `bqml` is the nominal FDG activity
 * (a soft-tissue SUVbw of ~0.6, liver ~2, lung ~0.1 at the doses of patients-oncology.mjs).
 */
export const TORSO_REGIONS = [
  { name: 'air', hu: -1000, bqml: 0 },
  { name: 'table', hu: 250, bqml: 0 },
  { name: 'fat', hu: -100, bqml: 1000 },
  { name: 'soft tissue', hu: 40, bqml: 2200 },
  { name: 'lung', hu: -800, bqml: 400 },
  { name: 'mediastinal fat', hu: -90, bqml: 1000 },
  { name: 'blood pool', hu: 45, bqml: 4500 },
  { name: 'myocardium', hu: 50, bqml: 6000 },
  { name: 'liver', hu: 60, bqml: 6500 },
  { name: 'bone', hu: 700, bqml: 1500 },
  { name: 'marrow', hu: 220, bqml: 3000 },
  { name: 'spinal canal', hu: 15, bqml: 800 },
];
const REGION = Object.fromEntries(TORSO_REGIONS.map((region, code) => [region.name, code]));
/** Label of voxels inside lesion i: LESION_LABEL + i (regions use the codes below it). */
export const LESION_LABEL = 100;
/** Relative amplitude of the PET background's deterministic noise (triangular, ± this). */
export const PET_NOISE = 0.15;
/** Amplitude of the CT's noise in HU (triangular, inside the body only: air stays exact). */
export const CT_NOISE_HU = 10;

const clamp01 = (x) => Math.min(1, Math.max(0, x));
const bump = (t, from, to) => (t <= from || t >= to ? 0 : Math.sin((Math.PI * (t - from)) / (to - from)));

/** Lungs from the apex (z = -15) to the bases (z = -200), full size between -60 and -150. */
function lungScale(z) {
  const depth = -z;
  if (depth < 15 || depth > 200) return 0;
  if (depth < 60) return Math.sqrt((depth - 15) / 45);
  if (depth < 150) return 1;
  return 1 - (depth - 150) / 50;
}

/**
 * The liver's ellipse on slice z (mm, LPS), as torsoLabels paints it before the structures in
 * front of it, or null above it. `center` is [x, y] in mm; the ellipse is rotated by `angle`
 * radians: a point is inside when ((c·dx + s·dy) / ru)² + ((−s·dx + c·dy) / rv)² ≤ 1. Exported
 * for the structure set's organ contour (series-rtstruct.mjs), so outline and pixels agree.
 */
export function liverEllipse(z) {
  // The liver (patient right) rises into the lung bases from z = -165; aorta and heart stay in front of it.
  const scale = clamp01((-z - 165) / 30);
  return scale > 0 ? { center: [-65, 5], ru: 80 * scale, rv: 70 * scale, angle: 0.2 } : null;
}

/**
 * Region labels of one axial slice at table position z (mm, LPS). `grid` is { size, spacing,
 * origin }: a square image whose first pixel centre is at x = y = origin, rows along +y.
 */
export function torsoLabels(z, grid) {
  const canvas = createCanvas({ rows: grid.size, columns: grid.size, spacing: grid.spacing, background: REGION.air });
  const at = (x, y) => ({ cu: x - grid.origin, cv: y - grid.origin });
  const depth = -z;

  fillEllipse(canvas, { ...at(0, 5), ru: 165, rv: 115, value: REGION.fat });
  fillEllipse(canvas, { ...at(0, 5), ru: 153, rv: 104, value: REGION['soft tissue'] });
  fillRect(canvas, { u0: at(-180, 0).cu, u1: at(180, 0).cu, v0: at(0, 124).cv, v1: at(0, 130).cv, value: REGION.table });

  const lungs = lungScale(z);
  if (lungs > 0) {
    fillEllipse(canvas, { ...at(-70, -5), ru: 58 * lungs, rv: 85 * lungs, angle: 0.08, value: REGION.lung });
    fillEllipse(canvas, { ...at(72, -5), ru: 52 * lungs, rv: 82 * lungs, angle: -0.08, value: REGION.lung });
  }
  if (depth > 20 && depth < 195) fillEllipse(canvas, { ...at(0, -10), ru: 26, rv: 55, value: REGION['mediastinal fat'] });
  const liver = liverEllipse(z);
  if (liver) fillEllipse(canvas, { ...at(...liver.center), ru: liver.ru, rv: liver.rv, angle: liver.angle, value: REGION.liver });
  if (depth > 30 && depth < 170) fillEllipse(canvas, { ...at(0, -98), ru: 14, rv: 6, value: REGION.bone }); // sternum
  if (depth > 40) fillEllipse(canvas, { ...at(18, 45), ru: 11, rv: 11, value: REGION['blood pool'] }); // descending aorta
  if (depth > 40 && depth < 65) fillEllipse(canvas, { ...at(5, -25), ru: 14, rv: 14, value: REGION['blood pool'] }); // arch
  if (depth >= 65 && depth < 120) fillEllipse(canvas, { ...at(5, -30), ru: 15, rv: 15, value: REGION['blood pool'] }); // ascending aorta
  const heart = bump(depth, 120, 200);
  if (heart > 0) {
    fillEllipse(canvas, { ...at(25, -30), ru: 58 * heart, rv: 48 * heart, angle: -0.5, value: REGION.myocardium });
    fillEllipse(canvas, { ...at(32, -26), ru: 26 * heart, rv: 20 * heart, angle: -0.5, value: REGION['blood pool'] });
  }

  // A 5 mm disc every 26 mm, so neighbouring slices differ at the spine.
  if (((depth % 26) + 26) % 26 < 5) fillEllipse(canvas, { ...at(0, 70), ru: 17, rv: 16, value: REGION['soft tissue'] });
  else fillRing(canvas, { ...at(0, 70), ru: 17, rv: 16, thickness: 2.5, value: REGION.bone, innerValue: REGION.marrow });
  fillRing(canvas, { ...at(0, 96), ru: 14, rv: 13, thickness: 4, value: REGION.bone, innerValue: REGION['spinal canal'] });
  fillEllipse(canvas, { ...at(0, 108), ru: 4, rv: 6, value: REGION.bone });

  return Uint8Array.from(canvas.pixels);
}

/** Squared distance from a voxel centre to a lesion's centre, minus its squared radius. */
const sphereMargin = (point, lesion) => (point[0] - lesion.center[0]) ** 2 + (point[1] - lesion.center[1]) ** 2 + (point[2] - lesion.center[2]) ** 2 - lesion.radiusMm ** 2;

/** Whether a voxel centre lies inside a lesion: the one rule for painting and for counting. */
export const isInsideLesion = (point, lesion) => sphereMargin(point, lesion) <= 0;

/**
 * Labels the voxels of each lesion (LESION_LABEL + index) over the region labels of slice z.
 * Voxel by voxel over the sphere's bounding square, not with fillEllipse: the painted voxels are
 * exactly those the counting rule finds.
 */
export function paintLesions(labels, z, grid, lesions) {
  lesions.forEach((lesion, index) => {
    if (Math.abs(z - lesion.center[2]) > lesion.radiusMm) return;
    const first = (c) => Math.max(0, Math.floor((c - lesion.radiusMm - grid.origin) / grid.spacing));
    const last = (c) => Math.min(grid.size - 1, Math.ceil((c + lesion.radiusMm - grid.origin) / grid.spacing));
    for (let row = first(lesion.center[1]); row <= last(lesion.center[1]); row++) {
      for (let column = first(lesion.center[0]); column <= last(lesion.center[0]); column++) {
        const point = [grid.origin + column * grid.spacing, grid.origin + row * grid.spacing, z];
        if (isInsideLesion(point, lesion)) labels[row * grid.size + column] = LESION_LABEL + index;
      }
    }
  });
  return labels;
}

/**
 * Refuses a lesion whose surface passes within `tolerance` mm² of a voxel centre of the grid:
 * there, a reader's floating point could put the voxel on the other side, and a voxel count
 * that depends on rounding is no truth.
 */
export function assertClearBoundaries(lesions, grid, zs, tolerance = 1e-6) {
  for (const lesion of lesions) {
    for (const z of zs) {
      if (Math.abs(z - lesion.center[2]) > lesion.radiusMm + 1) continue;
      for (let row = 0; row < grid.size; row++) {
        for (let column = 0; column < grid.size; column++) {
          const margin = sphereMargin([grid.origin + column * grid.spacing, grid.origin + row * grid.spacing, z], lesion);
          if (Math.abs(margin) < tolerance) throw new Error(`lesion "${lesion.name}": a voxel centre at z ${z} lies on its surface; change its radius or centre`);
        }
      }
    }
  }
}

/** CT values of a labelled slice: HU per region or lesion, noise inside the body. */
export function ctSliceHu(labels, lesions, noiseSeed) {
  const random = seededRandom(noiseSeed);
  const hu = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label === REGION.air || label === REGION.table) {
      hu[i] = TORSO_REGIONS[label].hu;
      continue;
    }
    const value = label >= LESION_LABEL ? lesions[label - LESION_LABEL].ctHu : TORSO_REGIONS[label].hu;
    hu[i] = value + (random() + random() - 1) * CT_NOISE_HU;
  }
  return hu;
}

/**
 * PET activity (Bq/ml) of a labelled slice: the regions' nominal activity with multiplicative
 * noise, lesions exactly uniform, nothing outside the body.
 */
export function petSliceBqml(labels, lesions, noiseSeed) {
  const random = seededRandom(noiseSeed);
  const bqml = new Float64Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const label = labels[i];
    if (label >= LESION_LABEL) bqml[i] = lesions[label - LESION_LABEL].activityBqml;
    else if (TORSO_REGIONS[label].bqml > 0) bqml[i] = TORSO_REGIONS[label].bqml * (1 + (random() + random() - 1) * PET_NOISE);
  }
  return bqml;
}

/** Name of the region (or lesion) a label stands for. */
export const labelName = (label, lesions) => (label >= LESION_LABEL ? lesions[label - LESION_LABEL].name : TORSO_REGIONS[label].name);
