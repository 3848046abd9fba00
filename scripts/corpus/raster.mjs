// Minimal 2D painter for the synthetic phantoms: shapes are described in
// millimetres in the image plane (u along columns, v along rows, origin at
// the centre of the first pixel) and painted in order onto a Float32Array.
// Scan-line filling keeps the 256 x 512² CT series fast enough in plain JS.

export function createCanvas({ rows, columns, spacing, background }) {
  const pixels = new Float32Array(rows * columns).fill(background);
  return { rows, columns, spacing, pixels };
}

/** Fills an ellipse (optionally rotated by `angle` radians) with `value`. */
export function fillEllipse(canvas, { cu, cv, ru, rv, angle = 0, value }) {
  if (ru <= 0 || rv <= 0) return;
  const { rows, columns, spacing, pixels } = canvas;
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  // Quadratic in du for a fixed row: A du² + B du + C <= 0.
  const A = (c * c) / (ru * ru) + (s * s) / (rv * rv);
  const crossTerm = 2 * c * s * (1 / (ru * ru) - 1 / (rv * rv));
  const D = (s * s) / (ru * ru) + (c * c) / (rv * rv);
  const reach = Math.max(ru, rv);
  const firstRow = Math.max(0, Math.ceil((cv - reach) / spacing));
  const lastRow = Math.min(rows - 1, Math.floor((cv + reach) / spacing));
  for (let row = firstRow; row <= lastRow; row++) {
    const dv = row * spacing - cv;
    const B = crossTerm * dv;
    const C = D * dv * dv - 1;
    const discriminant = B * B - 4 * A * C;
    if (discriminant < 0) continue;
    const root = Math.sqrt(discriminant);
    const uMin = cu + (-B - root) / (2 * A);
    const uMax = cu + (-B + root) / (2 * A);
    fillRowSpan(pixels, row * columns, columns, Math.ceil(uMin / spacing), Math.floor(uMax / spacing), value);
  }
}

/** Fills an axis-aligned rectangle [u0,u1] x [v0,v1] (mm) with `value`. */
export function fillRect(canvas, { u0, u1, v0, v1, value }) {
  const { rows, columns, spacing, pixels } = canvas;
  const firstRow = Math.max(0, Math.ceil(v0 / spacing));
  const lastRow = Math.min(rows - 1, Math.floor(v1 / spacing));
  for (let row = firstRow; row <= lastRow; row++) {
    fillRowSpan(pixels, row * columns, columns, Math.ceil(u0 / spacing), Math.floor(u1 / spacing), value);
  }
}

function fillRowSpan(pixels, rowStart, columns, fromColumn, toColumn, value) {
  const from = Math.max(0, fromColumn);
  const to = Math.min(columns - 1, toColumn);
  if (to >= from) pixels.fill(value, rowStart + from, rowStart + to + 1);
}

/** Paints an ellipse ring: outer ellipse with `value`, inner (thickness mm smaller) with `innerValue`. */
export function fillRing(canvas, { cu, cv, ru, rv, angle = 0, thickness, value, innerValue }) {
  fillEllipse(canvas, { cu, cv, ru, rv, angle, value });
  fillEllipse(canvas, { cu, cv, ru: ru - thickness, rv: rv - thickness, angle, value: innerValue });
}

/**
 * Small fast deterministic PRNG (mulberry32). Math.random would make every
 * run differ; seeding from the slice key keeps the noise reproducible.
 */
export function seededRandom(seedText) {
  let seed = 2166136261;
  for (let i = 0; i < seedText.length; i++) seed = Math.imul(seed ^ seedText.charCodeAt(i), 16777619);
  return function next() {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Adds triangular-distributed noise of +-amplitude to every pixel. */
export function addNoise(canvas, seedText, amplitude) {
  const random = seededRandom(seedText);
  const { pixels } = canvas;
  for (let i = 0; i < pixels.length; i++) pixels[i] += (random() + random() - 1) * amplitude;
}
