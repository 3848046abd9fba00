// Small pictures for the timeline patients' studies (64² thumbnails' worth of content): a
// grayscale scene per body part and a colour scene per photo modality. They only have to look
// like what the study says when the viewer shows them; nothing measures their values.
import { addNoise, createCanvas, fillEllipse, fillRect, seededRandom } from './raster.mjs';

/**
 * Shapes are given on a unit square (0..1 across, 0..1 down) and scaled to the canvas, so one
 * description serves every size. `slice` (0..1) lets a stack change a little from image to image.
 */
function unitPainter(canvas) {
  const scale = canvas.columns - 1;
  return {
    ellipse: ({ x, y, rx, ry = rx, angle = 0 }, value) => fillEllipse(canvas, { cu: x * scale, cv: y * scale, ru: rx * scale, rv: ry * scale, angle, value }),
    rect: ({ x0, x1, y0, y1 }, value) => fillRect(canvas, { u0: x0 * scale, u1: x1 * scale, v0: y0 * scale, v1: y1 * scale, value }),
  };
}

// Intensities on a CT-like scale: 0 air, ~0.5 soft tissue, 1 bone (CT stores 2000·v − 1024 HU).
const AIR = 0;
const LUNG = 0.1;
const FLUID = 0.5;
const SOFT = 0.53;
const ORGAN = 0.56;
const BONE = 1;

const GRAYSCALE_SCENES = {
  HEAD(paint, slice) {
    const r = 0.42 - 0.06 * slice;
    paint.ellipse({ x: 0.5, y: 0.5, rx: r, ry: r * 1.15 }, BONE);
    paint.ellipse({ x: 0.5, y: 0.5, rx: r - 0.04, ry: r * 1.15 - 0.04 }, SOFT);
    paint.ellipse({ x: 0.44, y: 0.48, rx: 0.03, ry: 0.1, angle: 0.2 }, FLUID - 0.05);
    paint.ellipse({ x: 0.56, y: 0.48, rx: 0.03, ry: 0.1, angle: -0.2 }, FLUID - 0.05);
  },
  CHEST(paint, slice) {
    paint.ellipse({ x: 0.5, y: 0.52, rx: 0.46, ry: 0.33 }, SOFT);
    paint.ellipse({ x: 0.3, y: 0.48, rx: 0.13, ry: 0.2 - 0.04 * slice }, LUNG);
    paint.ellipse({ x: 0.7, y: 0.48, rx: 0.13, ry: 0.2 - 0.04 * slice }, LUNG);
    paint.ellipse({ x: 0.56, y: 0.55, rx: 0.11, ry: 0.09 }, ORGAN);
    paint.ellipse({ x: 0.5, y: 0.78, rx: 0.05 }, BONE);
  },
  ABDOMEN(paint, slice) {
    paint.ellipse({ x: 0.5, y: 0.52, rx: 0.46, ry: 0.36 }, SOFT);
    paint.ellipse({ x: 0.32, y: 0.45, rx: 0.16 - 0.05 * slice, ry: 0.13 }, ORGAN + 0.03);
    paint.ellipse({ x: 0.36, y: 0.7, rx: 0.05, ry: 0.07 }, ORGAN + 0.05);
    paint.ellipse({ x: 0.64, y: 0.7, rx: 0.05, ry: 0.07 }, ORGAN + 0.05);
    paint.ellipse({ x: 0.62, y: 0.42, rx: 0.06, ry: 0.04 }, AIR);
    paint.ellipse({ x: 0.5, y: 0.8, rx: 0.05 }, BONE);
  },
  HEART(paint, slice) {
    paint.ellipse({ x: 0.5, y: 0.5, rx: 0.46, ry: 0.4 }, SOFT - 0.2);
    paint.ellipse({ x: 0.5, y: 0.5, rx: 0.26 - 0.04 * slice, ry: 0.22 }, ORGAN + 0.15);
    paint.ellipse({ x: 0.5, y: 0.5, rx: 0.16 - 0.03 * slice, ry: 0.13 }, FLUID - 0.35);
    paint.ellipse({ x: 0.3, y: 0.4, rx: 0.1, ry: 0.08 }, FLUID - 0.35);
  },
  KNEE(paint) {
    paint.ellipse({ x: 0.5, y: 0.5, rx: 0.3, ry: 0.48 }, SOFT);
    paint.ellipse({ x: 0.5, y: 0.25, rx: 0.13, ry: 0.24 }, BONE);
    paint.ellipse({ x: 0.5, y: 0.76, rx: 0.12, ry: 0.22 }, BONE);
  },
  LSPINE(paint) {
    paint.rect({ x0: 0.2, x1: 0.8, y0: 0, y1: 1 }, SOFT);
    for (let level = 0; level < 5; level++) paint.rect({ x0: 0.38, x1: 0.62, y0: 0.04 + level * 0.19, y1: 0.18 + level * 0.19 }, BONE);
  },
  HAND(paint) {
    paint.ellipse({ x: 0.5, y: 0.75, rx: 0.22, ry: 0.2 }, SOFT);
    for (let finger = 0; finger < 4; finger++) paint.ellipse({ x: 0.34 + finger * 0.1, y: 0.38, rx: 0.035, ry: 0.22 }, BONE - 0.3);
    paint.ellipse({ x: 0.2, y: 0.6, rx: 0.035, ry: 0.15, angle: 0.6 }, BONE - 0.3);
  },
};

/** Grayscale scene of `bodyPart` as values 0..1 (Float32Array, rows × columns). */
export function grayscaleScene(bodyPart, { size, slice = 0, seed }) {
  const scene = GRAYSCALE_SCENES[bodyPart];
  if (!scene) throw new Error(`No grayscale scene for body part ${bodyPart}`);
  const canvas = createCanvas({ rows: size, columns: size, spacing: 1, background: AIR });
  scene(unitPainter(canvas), slice);
  addNoise(canvas, seed, 0.015);
  return canvas.pixels.map((v) => Math.min(1, Math.max(0, v)));
}

// Colour scenes: each is a list of coloured shapes, painted in order on every channel.
const COLOUR_SCENES = {
  /** H&E-like: pink stroma with purple nuclei scattered by the seed. */
  microscopy(random) {
    const nuclei = Array.from({ length: 40 }, () => ({
      shape: 'ellipse', x: random(), y: random(), rx: 0.02 + 0.02 * random(), ry: 0.02 + 0.015 * random(), angle: random() * Math.PI, color: [95, 55, 150],
    }));
    return { background: [242, 205, 222], shapes: [{ shape: 'ellipse', x: 0.5, y: 0.5, rx: 0.3, ry: 0.2, color: [225, 160, 195] }, ...nuclei] };
  },
  /** A wound on skin, with a white calibration strip along the bottom as wound photos have. */
  skin() {
    return {
      background: [222, 172, 140],
      shapes: [
        { shape: 'ellipse', x: 0.5, y: 0.45, rx: 0.22, ry: 0.15, angle: 0.3, color: [150, 45, 45] },
        { shape: 'ellipse', x: 0.5, y: 0.45, rx: 0.12, ry: 0.07, angle: 0.3, color: [205, 90, 80] },
        { shape: 'rect', x0: 0.1, x1: 0.9, y0: 0.86, y1: 0.92, color: [245, 245, 245] },
      ],
    };
  },
  /** Fundus of a right eye: the optic disc sits nasally, on the viewer's right. */
  fundus(_random, { laterality }) {
    const discX = laterality === 'L' ? 0.35 : 0.65;
    // The big vessels arc out of the disc towards the macula, on the temporal side.
    const towardMacula = laterality === 'L' ? 0 : Math.PI;
    const vessels = [-0.9, -0.4, 0.4, 0.9].map((spread) => {
      const angle = towardMacula + spread;
      return { shape: 'ellipse', x: discX + 0.2 * Math.cos(angle), y: 0.5 + 0.2 * Math.sin(angle), rx: 0.2, ry: 0.018, angle, color: [150, 30, 20] };
    });
    return {
      background: [0, 0, 0],
      shapes: [
        { shape: 'ellipse', x: 0.5, y: 0.5, rx: 0.47, color: [205, 95, 35] },
        ...vessels,
        { shape: 'ellipse', x: 1 - discX, y: 0.52, rx: 0.07, color: [150, 60, 25] },
        { shape: 'ellipse', x: discX, y: 0.5, rx: 0.08, ry: 0.09, color: [250, 215, 150] },
      ],
    };
  },
  /** Colonoscopy view: a round field of mucosa, folds, the dark lumen off centre. */
  endoscopy(random) {
    const lumenX = 0.4 + 0.2 * random();
    return {
      background: [0, 0, 0],
      shapes: [
        { shape: 'ellipse', x: 0.5, y: 0.5, rx: 0.47, color: [228, 130, 118] },
        { shape: 'ellipse', x: lumenX, y: 0.48, rx: 0.3, ry: 0.26, color: [245, 165, 150] },
        { shape: 'ellipse', x: lumenX, y: 0.48, rx: 0.24, ry: 0.2, color: [210, 110, 100] },
        { shape: 'ellipse', x: lumenX, y: 0.48, rx: 0.1, ry: 0.08, color: [55, 20, 20] },
      ],
    };
  },
};

/** Colour scene as interleaved 8-bit RGB (Uint8Array, rows × columns × 3). */
export function colourScene(sceneName, { size, seed, laterality }) {
  const scene = COLOUR_SCENES[sceneName];
  if (!scene) throw new Error(`No colour scene ${sceneName}`);
  const { background, shapes } = scene(seededRandom(seed), { laterality });
  const rgb = new Uint8Array(size * size * 3);
  for (let channel = 0; channel < 3; channel++) {
    const canvas = createCanvas({ rows: size, columns: size, spacing: 1, background: background[channel] });
    const paint = unitPainter(canvas);
    for (const { shape, color, ...geometry } of shapes) paint[shape](geometry, color[channel]);
    addNoise(canvas, `${seed}/${channel}`, 6);
    canvas.pixels.forEach((v, i) => {
      rgb[i * 3 + channel] = Math.min(255, Math.max(0, Math.round(v)));
    });
  }
  return rgb;
}
