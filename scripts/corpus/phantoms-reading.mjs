// Synthetic anatomy for the reading studies (patients-reading.mjs): an axial head for the MR
// sequences, a PA chest radiograph and a breast for the mammography views. Like phantoms.mjs,
// each function is pure and returns a Float32Array of physical values for the caller to store.
import { addNoise, createCanvas, fillEllipse, fillRect, seededRandom } from './raster.mjs';

// ---------------------------------------------------------------- MR head

/** Signal of each tissue per sequence: what tells T1, T2 and FLAIR apart at a glance. */
export const HEAD_TISSUE_SIGNAL = {
  T1: { scalp: 900, skull: 60, csf: 220, grey: 520, white: 760, lesion: 470 },
  T2: { scalp: 620, skull: 60, csf: 1650, grey: 950, white: 640, lesion: 1350 },
  FLAIR: { scalp: 520, skull: 60, csf: 110, grey: 920, white: 660, lesion: 1450 },
};

/** A white-matter lesion in the right hemisphere, so the sequences differ where it matters. */
export const HEAD_LESION = { center: [-28, -12, 10], radiusMm: 7 };

/**
 * One axial slice of the head at table position z (mm, LPS; the vertex near z = +80), image
 * rows along +x and columns along +y; `origin` is the patient x/y of the first pixel centre.
 */
export function headSliceSignal({ z, rows, columns, spacing, origin, sequence, noiseSeed }) {
  const signal = HEAD_TISSUE_SIGNAL[sequence];
  if (!signal) throw new Error(`unknown sequence ${sequence}`);
  const canvas = createCanvas({ rows, columns, spacing, background: 0 });
  const at = (x, y) => ({ cu: x - origin[0], cv: y - origin[1] });
  // The head narrows towards the vertex: a sphere-like scale of the axial outline.
  const scale = Math.sqrt(Math.max(0, 1 - ((z + 5) / 90) ** 2));
  if (scale <= 0) return canvas.pixels;
  const ru = 74 * scale;
  const rv = 92 * scale;
  fillEllipse(canvas, { ...at(0, 0), ru, rv, value: signal.scalp });
  fillEllipse(canvas, { ...at(0, 0), ru: ru - 5, rv: rv - 5, value: signal.skull });
  fillEllipse(canvas, { ...at(0, 0), ru: ru - 10, rv: rv - 10, value: signal.csf });
  fillEllipse(canvas, { ...at(0, 0), ru: ru - 13, rv: rv - 13, value: signal.grey });
  fillEllipse(canvas, { ...at(0, 2), ru: ru - 22, rv: rv - 24, value: signal.white });
  // Lateral ventricles between z = -10 and +25 mm.
  if (z > -10 && z < 25) {
    for (const side of [-1, 1]) fillEllipse(canvas, { ...at(side * 9, -4), ru: 5, rv: 24, angle: side * 0.12, value: signal.csf });
  }
  const dz = z - HEAD_LESION.center[2];
  if (Math.abs(dz) < HEAD_LESION.radiusMm) {
    const r = Math.sqrt(HEAD_LESION.radiusMm ** 2 - dz ** 2);
    fillEllipse(canvas, { ...at(HEAD_LESION.center[0], HEAD_LESION.center[1]), ru: r, rv: r, value: signal.lesion });
  }
  addNoise(canvas, noiseSeed, 12);
  return canvas.pixels;
}

// ---------------------------------------------------------------- chest radiograph

/**
 * A PA chest radiograph (12-bit, brighter = more attenuation). `hasNodule` plants a new
 * nodule in the right upper zone: the change between the prior and the current film.
 */
export function chestRadiograph({ size, spacing, hasNodule, noiseSeed }) {
  const canvas = createCanvas({ rows: size, columns: size, spacing, background: 180 });
  const mid = ((size - 1) * spacing) / 2;
  const at = (x, y) => ({ cu: mid + x, cv: mid + y }); // mm from the image centre, y down
  fillEllipse(canvas, { ...at(0, 20), ru: 165, rv: 200, value: 2100 }); // soft tissue
  for (const side of [-1, 1]) {
    fillEllipse(canvas, { ...at(side * 75, -10), ru: 58, rv: 120, angle: side * 0.08, value: 950 }); // lungs
  }
  fillEllipse(canvas, { ...at(22, 55), ru: 70, rv: 58, angle: -0.35, value: 2450 }); // heart
  fillRect(canvas, { u0: mid - 14, u1: mid + 14, v0: 0, v1: size * spacing, value: 2900 }); // spine
  const random = seededRandom(`${noiseSeed}-ribs`);
  for (let i = 0; i < 9; i++) {
    for (const side of [-1, 1]) {
      fillEllipse(canvas, { ...at(side * 70, -110 + i * 24 + random()), ru: 72, rv: 4, angle: side * -0.35, value: 2300 });
    }
  }
  for (const side of [-1, 1]) fillEllipse(canvas, { ...at(side * 60, -135), ru: 62, rv: 6, angle: side * 0.2, value: 2700 }); // clavicles
  if (hasNodule) fillEllipse(canvas, { ...at(-70, -60), ru: 8, rv: 8, value: 1900 });
  addNoise(canvas, noiseSeed, 40);
  return canvas.pixels;
}

// ---------------------------------------------------------------- mammography

/**
 * One mammographic view of a breast (12-bit, brighter = denser). The chest wall lies along
 * the left or right image edge; an MLO view also shows the pectoral muscle in the upper corner
 * at the chest wall.
 */
export function breastView({ rows, columns, spacing, chestWallOnRight, isMlo, noiseSeed }) {
  const canvas = createCanvas({ rows, columns, spacing, background: 40 });
  const width = (columns - 1) * spacing;
  const height = (rows - 1) * spacing;
  const wall = chestWallOnRight ? width : 0;
  const towardsNipple = chestWallOnRight ? -1 : 1;
  fillEllipse(canvas, { cu: wall, cv: height * 0.5, ru: width * 0.78, rv: height * 0.42, value: 1250 }); // fat
  const random = seededRandom(`${noiseSeed}-glands`);
  for (let i = 0; i < 14; i++) {
    const depth = width * (0.1 + 0.45 * random());
    fillEllipse(canvas, {
      cu: wall + towardsNipple * depth, cv: height * (0.32 + 0.36 * random()),
      ru: 3 + 7 * random(), rv: 2 + 5 * random(), angle: random() * Math.PI, value: 2150,
    });
  }
  if (isMlo) {
    // The pectoral muscle: a wedge narrowing from the top edge down the chest wall.
    for (let row = 0; row < rows * 0.45; row++) {
      const reach = width * 0.3 * (1 - row / (rows * 0.45));
      const v = row * spacing;
      const u0 = chestWallOnRight ? wall - reach : 0;
      const u1 = chestWallOnRight ? width : reach;
      fillRect(canvas, { u0, u1, v0: v, v1: v, value: 2600 });
    }
  }
  addNoise(canvas, noiseSeed, 30);
  return canvas.pixels;
}
