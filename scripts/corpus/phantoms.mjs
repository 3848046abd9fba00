// Synthetic anatomy. Each function returns a Float32Array of "physical"
// values (HU for CT, arbitrary signal for MR/US); the caller converts to
// stored pixel values for the encoding under test. Everything is a pure
// function of its arguments so the corpus is reproducible bit for bit.
import { addNoise, createCanvas, fillEllipse, fillRect, fillRing, seededRandom } from './raster.mjs';

const clamp01 = (x) => Math.min(1, Math.max(0, x));
const bump = (t, from, to) => (t <= from || t >= to ? 0 : Math.sin((Math.PI * (t - from)) / (to - from)));

// ---------------------------------------------------------------- chest CT

// Patient coordinates (LPS, mm) of the chest phantom: the axial scan runs
// from z = 0 (apex, first slice) to z = -CHEST_LENGTH_MM (upper abdomen).
export const CHEST_LENGTH_MM = 320;

/** Features planted in the phantom so individual slices are recognisable; also written to the manifest. */
export const CHEST_FEATURES = [
  { name: 'solid-nodule-right-lung', center: [-75, -10, -160], radiusMm: 6, hu: 60 },
  { name: 'calcified-nodule-left-lung', center: [65, -30, -80], radiusMm: 3.5, hu: 450 },
  { name: 'hypodense-liver-lesion', center: [-50, 20, -285], radiusMm: 10, hu: 15 },
];

/**
 * One axial slice of the chest phantom at table position z (mm, LPS).
 * `origin` is the patient x/y of the first pixel centre; the image plane is
 * axial with rows along +x and columns along +y (IOP 1\0\0\0\1\0).
 */
export function chestSliceHu({ z, rows, columns, spacing, origin, noiseSeed }) {
  const canvas = createCanvas({ rows, columns, spacing, background: -1000 });
  // Shapes are given in patient x/y; shift them into image-plane mm.
  const at = (x, y) => ({ cu: x - origin[0], cv: y - origin[1] });
  const t = clamp01(-z / CHEST_LENGTH_MM); // 0 at the apex, 1 at the bottom

  paintBody(canvas, at, t);
  paintLungs(canvas, at, t, z);
  paintMediastinum(canvas, at, t);
  paintAbdomen(canvas, at, t);
  paintSpine(canvas, at, z);
  paintRibsAndSternum(canvas, at, t, z);
  paintSphericalFeatures(canvas, at, z);
  addNoise(canvas, noiseSeed, 18);
  return canvas.pixels;
}

function paintBody(canvas, at, t) {
  const ru = 168 - 18 * t; // the chest narrows a little towards the abdomen
  const rv = 112 + 6 * t;
  fillEllipse(canvas, { ...at(0, 4), ru, rv, value: -100 }); // subcutaneous fat
  fillEllipse(canvas, { ...at(0, 4), ru: ru - 13, rv: rv - 11, value: 40 }); // muscle / soft tissue
  // Patient table under the back, slightly apart from the body.
  fillRect(canvas, { u0: at(-170, 0).cu, u1: at(170, 0).cu, v0: at(0, 128).cv, v1: at(0, 134).cv, value: 250 });
}

function lungScale(t) {
  if (t < 0.02 || t > 0.9) return 0;
  if (t < 0.28) return Math.sqrt((t - 0.02) / 0.26);
  if (t < 0.7) return 1;
  return 1 - (t - 0.7) / 0.2;
}

function paintLungs(canvas, at, t, z) {
  const s = lungScale(t);
  if (s <= 0) return;
  const lungs = [
    { x: -68, y: -2, ru: 58, rv: 86, side: 'right' },
    { x: 70, y: -2, ru: 52, rv: 84, side: 'left' },
  ];
  for (const lung of lungs) {
    fillEllipse(canvas, { ...at(lung.x, lung.y), ru: lung.ru * s, rv: lung.rv * s, angle: lung.x < 0 ? 0.08 : -0.08, value: -850 });
    paintLungVessels(canvas, at, lung, s, z);
  }
}

// Vessels drift slowly with z so they form continuous tubes through slices.
function paintLungVessels(canvas, at, lung, scale, z) {
  const random = seededRandom(`vessels-${lung.side}`);
  for (let i = 0; i < 16; i++) {
    const phase = random() * Math.PI * 2;
    const reach = 0.25 + 0.55 * random();
    const radius = 1.2 + 2.6 * random();
    const angle = phase + z * (0.004 + 0.004 * random());
    const x = lung.x + Math.cos(angle) * lung.ru * scale * reach;
    const y = lung.y + Math.sin(angle) * lung.rv * scale * reach;
    fillEllipse(canvas, { ...at(x, y), ru: radius, rv: radius, value: 35 });
  }
}

function paintMediastinum(canvas, at, t) {
  // Trachea above the carina, then the two main bronchi diverging.
  if (t < 0.3) {
    fillRing(canvas, { ...at(0, -22), ru: 11, rv: 10, thickness: 2, value: 40, innerValue: -1000 });
  } else if (t < 0.42) {
    const spread = 10 + 120 * (t - 0.3);
    for (const side of [-1, 1]) fillRing(canvas, { ...at(side * spread, -18), ru: 7, rv: 6, thickness: 1.5, value: 40, innerValue: -1000 });
  }
  fillEllipse(canvas, { ...at(-6, 32), ru: 7, rv: 6, value: 35 }); // oesophagus
  if (t > 0.18 && t < 0.34) fillEllipse(canvas, { ...at(6, -32), ru: 15, rv: 14, value: 50 }); // aortic arch / ascending aorta
  if (t < 0.92) fillEllipse(canvas, { ...at(20, 48), ru: 12, rv: 12, value: 50 }); // descending aorta
  const heart = bump(t, 0.36, 0.84);
  if (heart > 0) {
    fillEllipse(canvas, { ...at(22, -28), ru: 60 * heart, rv: 50 * heart, angle: -0.5, value: 55 }); // myocardium
    fillEllipse(canvas, { ...at(32, -24), ru: 26 * heart, rv: 20 * heart, angle: -0.5, value: 38 }); // LV blood pool
  }
}

function paintAbdomen(canvas, at, t) {
  const liver = clamp01((t - 0.7) / 0.16);
  if (liver > 0) fillEllipse(canvas, { ...at(-48, 8), ru: 98 * liver, rv: 82 * liver, angle: 0.2, value: 60 });
  const stomach = clamp01((t - 0.8) / 0.1);
  if (stomach > 0) {
    fillRing(canvas, { ...at(62, -15), ru: 42 * stomach, rv: 30 * stomach, thickness: 3, value: 45, innerValue: 20 });
    fillEllipse(canvas, { ...at(62, -32), ru: 30 * stomach, rv: 10 * stomach, value: -950 }); // gas bubble, anterior
  }
}

function paintSpine(canvas, at, z) {
  // A 5 mm disc every 26 mm: adjacent slices differ visibly at the spine.
  const inDisc = ((((-z) % 26) + 26) % 26) < 5;
  if (inDisc) fillEllipse(canvas, { ...at(0, 70), ru: 17, rv: 16, value: 85 });
  else fillRing(canvas, { ...at(0, 70), ru: 17, rv: 16, thickness: 2.5, value: 700, innerValue: 220 });
  fillRing(canvas, { ...at(0, 96), ru: 14, rv: 13, thickness: 4, value: 600, innerValue: 15 }); // arch + canal
  fillEllipse(canvas, { ...at(0, 108), ru: 4, rv: 6, value: 650 }); // spinous process
}

function paintRibsAndSternum(canvas, at, t, z) {
  if (t > 0.08 && t < 0.72) fillEllipse(canvas, { ...at(0, -100), ru: 14, rv: 6, value: 500 });
  if (t > 0.88) return;
  // Ribs run obliquely, so a given angular position shows bone only on part
  // of each 26 mm rib period.
  for (let i = 0; i < 9; i++) {
    const angle = -Math.PI / 2 + 0.25 + (i * (Math.PI - 0.5)) / 8;
    const visible = Math.sin((-z + i * 7) * ((2 * Math.PI) / 26)) > 0.35;
    if (!visible) continue;
    for (const side of [-1, 1]) {
      const x = side * Math.cos(angle) * 142 * (1 - 0.1 * t);
      const y = 4 + Math.sin(angle) * 98;
      fillEllipse(canvas, { ...at(x, y), ru: 6, rv: 3.5, angle: side * angle, value: 650 });
    }
  }
}

function paintSphericalFeatures(canvas, at, z) {
  for (const feature of CHEST_FEATURES) {
    const dz = z - feature.center[2];
    if (Math.abs(dz) >= feature.radiusMm) continue;
    const r = Math.sqrt(feature.radiusMm ** 2 - dz ** 2);
    fillEllipse(canvas, { ...at(feature.center[0], feature.center[1]), ru: r, rv: r, value: feature.hu });
  }
}

// ---------------------------------------------------------------- knee MR

/**
 * One sagittal slice of a knee at patient x (mm). Image columns run
 * anterior -> posterior (+y), rows head -> feet (-z); (u, v) below are mm from
 * the first pixel centre, which sits at y = -halfField, z = +halfField.
 */
export function kneeSliceSignal({ x, rows, columns, spacing, noiseSeed }) {
  const canvas = createCanvas({ rows, columns, spacing, background: 0 });
  const half = ((columns - 1) * spacing) / 2;
  // y: anterior negative; s: "down" = -z. Both centred on the joint line.
  const at = (y, s) => ({ cu: y + half, cv: s + half });
  const legWidth = Math.sqrt(Math.max(0, 1 - (x / 70) ** 2));
  if (legWidth > 0) paintKnee(canvas, at, x, legWidth);
  addRicianLikeNoise(canvas, noiseSeed, 22);
  return canvas.pixels;
}

function paintKnee(canvas, at, x, w) {
  const fat = 2100;
  const muscle = 850;
  fillEllipse(canvas, { ...at(4, -70), ru: 62 * w, rv: 120, value: fat }); // thigh
  fillEllipse(canvas, { ...at(6, 75), ru: 56 * w, rv: 115, value: fat }); // calf
  fillEllipse(canvas, { ...at(10, -75), ru: 50 * w, rv: 112, value: muscle });
  fillEllipse(canvas, { ...at(14, 80), ru: 44 * w, rv: 108, value: muscle });
  fillEllipse(canvas, { ...at(18, 2), ru: 34 * w, rv: 26, value: 1900 }); // popliteal / Hoffa fat around the joint
  const boneW = Math.sqrt(Math.max(0, 1 - (x / 42) ** 2));
  if (boneW <= 0) return;
  paintFemur(canvas, at, x, boneW);
  paintTibia(canvas, at, boneW);
  paintPatella(canvas, at, x);
  paintCruciateLigaments(canvas, at, x);
}

const CORTEX = 140;
const MARROW = 1750;
const CARTILAGE = 1250;

function paintFemur(canvas, at, x, w) {
  // The intercondylar notch: central slices show a higher, narrower condyle.
  const notch = Math.abs(x) < 9 ? 8 : 0;
  fillEllipse(canvas, { ...at(4, -14 - notch), ru: 33 * w + 2.5, rv: 21 + 2.5, value: CARTILAGE });
  fillRect(canvas, { u0: at(-13, 0).cu, u1: at(13, 0).cu, v0: at(0, -140).cv, v1: at(0, -25).cv, value: CORTEX });
  fillRect(canvas, { u0: at(-9, 0).cu, u1: at(9, 0).cu, v0: at(0, -140).cv, v1: at(0, -25).cv, value: MARROW });
  fillRing(canvas, { ...at(4, -14 - notch), ru: 33 * w, rv: 21, thickness: 2.5, value: CORTEX, innerValue: MARROW });
}

function paintTibia(canvas, at, w) {
  fillRect(canvas, { u0: at(-30 * w - 2, 0).cu, u1: at(34 * w + 2, 0).cu, v0: at(0, 6).cv, v1: at(0, 9).cv, value: CARTILAGE });
  fillRect(canvas, { u0: at(-30 * w, 0).cu, u1: at(34 * w, 0).cu, v0: at(0, 9).cv, v1: at(0, 26).cv, value: CORTEX });
  fillRect(canvas, { u0: at(-27 * w, 0).cu, u1: at(31 * w, 0).cu, v0: at(0, 11.5).cv, v1: at(0, 26).cv, value: MARROW });
  fillRect(canvas, { u0: at(-14, 0).cu, u1: at(16, 0).cu, v0: at(0, 26).cv, v1: at(0, 150).cv, value: CORTEX });
  fillRect(canvas, { u0: at(-10, 0).cu, u1: at(12, 0).cu, v0: at(0, 26).cv, v1: at(0, 150).cv, value: MARROW });
  // Menisci: dark wedges at the front and back of the joint, off-centre only.
  fillEllipse(canvas, { ...at(-22 * w, 4.5), ru: 7, rv: 2.5, value: 90 });
  fillEllipse(canvas, { ...at(28 * w, 4.5), ru: 8, rv: 2.5, value: 90 });
}

function paintPatella(canvas, at, x) {
  if (Math.abs(x) > 22) return;
  fillRect(canvas, { u0: at(-44, 0).cu, u1: at(-38, 0).cu, v0: at(0, -8).cv, v1: at(0, 32).cv, value: 110 }); // patellar tendon
  fillRing(canvas, { ...at(-40, -26), ru: 9, rv: 19, thickness: 2, value: CORTEX, innerValue: MARROW });
  fillRect(canvas, { u0: at(-33, 0).cu, u1: at(-30.5, 0).cu, v0: at(0, -40).cv, v1: at(0, -12).cv, value: CARTILAGE });
}

function paintCruciateLigaments(canvas, at, x) {
  if (Math.abs(x) > 7) return;
  // ACL in slightly lateral slices, PCL in slightly medial ones.
  if (x >= -1) fillEllipse(canvas, { ...at(2, -6), ru: 3, rv: 16, angle: 0.6, value: 160 });
  if (x <= 1) fillEllipse(canvas, { ...at(14, -4), ru: 3.5, rv: 15, angle: -0.35, value: 140 });
}

// Magnitude MR noise is never negative: fold the noise so background stays >= 0.
function addRicianLikeNoise(canvas, seedText, amplitude) {
  addNoise(canvas, seedText, amplitude);
  const { pixels } = canvas;
  for (let i = 0; i < pixels.length; i++) pixels[i] = Math.abs(pixels[i]);
}

// ---------------------------------------------------------------- US cine

export const CINE_MARKER = { rowFrom: 246, rowTo: 251, columnWidth: 8, value: 255 };

/**
 * One frame of an 8-bit ultrasound-like cine: a sector with speckle, a
 * "ventricle" whose size beats over the loop, a rotating valve leaflet and
 * a frame marker block at column 8*(frame-1) so tests can tell frames apart.
 */
export function cineFrame({ frameIndex, frameCount, rows, columns }) {
  const random = seededRandom(`cine-frame-${frameIndex}`);
  const pixels = new Float32Array(rows * columns);
  const phase = (2 * Math.PI * frameIndex) / frameCount;
  const apex = { row: 8, column: columns / 2 };
  const chamber = { row: 130, column: columns / 2, rRow: 52 + 14 * Math.sin(phase), rColumn: 38 + 10 * Math.sin(phase) };
  const leafletAngle = 0.9 * Math.sin(phase);

  for (let row = 0; row < rows; row++) {
    for (let column = 0; column < columns; column++) {
      const dy = row - apex.row;
      const dx = column - apex.column;
      const depth = Math.hypot(dx, dy);
      const inSector = dy > 0 && depth < 232 && Math.abs(Math.atan2(dx, dy)) < 0.75;
      if (!inSector) continue;
      const speckle = random() * random();
      const cr = (row - chamber.row) / chamber.rRow;
      const cc = (column - chamber.column) / chamber.rColumn;
      const chamberDistance = Math.hypot(cr, cc);
      let tissue = 70;
      if (chamberDistance < 1) tissue = 8; // blood
      else if (chamberDistance < 1.35) tissue = 170; // myocardium
      pixels[row * columns + column] = tissue * (0.45 + 1.1 * speckle) * (1 - depth / 500);
    }
  }
  paintLeaflet(pixels, rows, columns, { row: chamber.row - chamber.rRow, column: chamber.column }, leafletAngle);
  paintFrameMarker(pixels, columns, frameIndex);
  return pixels;
}

function paintLeaflet(pixels, rows, columns, hinge, angle) {
  for (let step = 0; step < 36; step++) {
    const row = Math.round(hinge.row + Math.cos(angle) * step);
    const column = Math.round(hinge.column + Math.sin(angle) * step);
    for (let w = -1; w <= 1; w++) {
      if (row >= 0 && row < rows && column + w >= 0 && column + w < columns) pixels[row * columns + column + w] = 235;
    }
  }
}

function paintFrameMarker(pixels, columns, frameIndex) {
  const { rowFrom, rowTo, columnWidth, value } = CINE_MARKER;
  for (let row = rowFrom; row <= rowTo; row++) {
    const start = row * columns + frameIndex * columnWidth;
    pixels.fill(value, start, start + columnWidth - 2);
  }
}
