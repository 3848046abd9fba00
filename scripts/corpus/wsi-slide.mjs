// The synthetic H&E-like slide of dana's whole-slide study: pink "stroma" and purple
// "nuclei-dense" tissue on a white glass background, in base-level pixels. Tissue regions have
// known flat colours (what the e2e samples) under a fine ±TEXTURE checker, so the base level
// shows texture that the lower pyramid levels average away and the levels visibly differ.
// Small dark nuclei are sprinkled over the left part of the stroma only, away from the
// sampling points.
import { seededRandom } from './raster.mjs';

export const SLIDE = {
  columns: 8192,
  rows: 6144,
  tileSize: 256,
  /** 0.25 µm per base pixel: a 40× scan (PS3.3 C.8.12.4: Pixel Spacing in mm). */
  baseSpacingMm: 0.00025,
  background: [245, 244, 246],
};

/** Luminance amplitude of the 2×2-pixel checker texture laid over the tissue. */
export const TEXTURE = 10;

export const TISSUES = [
  { name: 'stroma', centre: [2600, 2400], radii: [1800, 1300], rgb: [232, 150, 190] },
  { name: 'nuclei-dense', centre: [5900, 3600], radii: [1500, 1900], rgb: [120, 60, 160] },
];

const NUCLEUS = { rgb: [70, 30, 110], radius: 10, spacing: 90, maxColumn: 2200 };

/** Base-level points whose colour is known (flat tissue colour or glass), for pixel tests. */
export const SAMPLE_POINTS = [
  { name: 'stroma', column: 3300, row: 2700, rgb: TISSUES[0].rgb },
  { name: 'nuclei-dense', column: 5900, row: 3600, rgb: TISSUES[1].rgb },
  { name: 'glass', column: 4300, row: 600, rgb: SLIDE.background },
];

function fillEllipse(pixels, { centre: [cx, cy], radii: [rx, ry], rgb }, texture) {
  const { columns, rows } = SLIDE;
  for (let y = Math.max(0, Math.ceil(cy - ry)); y <= Math.min(rows - 1, Math.floor(cy + ry)); y++) {
    const dy = (y - cy) / ry;
    const half = rx * Math.sqrt(1 - dy * dy);
    const x0 = Math.max(0, Math.ceil(cx - half));
    const x1 = Math.min(columns - 1, Math.floor(cx + half));
    let offset = (y * columns + x0) * 3;
    for (let x = x0; x <= x1; x++) {
      const t = texture ? ((((x >> 1) + (y >> 1)) & 1) === 1 ? texture : -texture) : 0;
      pixels[offset++] = rgb[0] + t;
      pixels[offset++] = rgb[1] + t;
      pixels[offset++] = rgb[2] + t;
    }
  }
}

const insideEllipse = ({ centre: [cx, cy], radii: [rx, ry] }, x, y) => ((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 <= 1;

/** The slide as interleaved 8-bit RGB, row by row (151 MB for 8192×6144; ~0.5 s). */
export function paintSlide() {
  const { columns, rows, background } = SLIDE;
  const pixels = Buffer.alloc(columns * rows * 3);
  for (let i = 0; i < pixels.length; i += 3) {
    pixels[i] = background[0];
    pixels[i + 1] = background[1];
    pixels[i + 2] = background[2];
  }
  for (const tissue of TISSUES) fillEllipse(pixels, tissue, TEXTURE);
  const random = seededRandom('dana-wsi/nuclei');
  const stroma = TISSUES[0];
  for (let y = NUCLEUS.spacing / 2; y < rows; y += NUCLEUS.spacing) {
    for (let x = NUCLEUS.spacing / 2; x < NUCLEUS.maxColumn; x += NUCLEUS.spacing) {
      const cx = Math.round(x + (random() - 0.5) * 40);
      const cy = Math.round(y + (random() - 0.5) * 40);
      if (!insideEllipse(stroma, cx, cy)) continue;
      fillEllipse(pixels, { centre: [cx, cy], radii: [NUCLEUS.radius, NUCLEUS.radius], rgb: NUCLEUS.rgb }, 0);
    }
  }
  return pixels;
}

/**
 * Whether the base-level rectangle [x0,x1)×[y0,y1) touches any tissue: the point of the
 * rectangle nearest to an (axis-aligned) ellipse's centre, in the ellipse's unit-circle
 * coordinates, lies inside it.
 */
export function rectangleTouchesTissue(x0, y0, x1, y1) {
  return TISSUES.some(({ centre: [cx, cy], radii: [rx, ry] }) => {
    const nx = (Math.min(Math.max(cx, x0), x1) - cx) / rx;
    const ny = (Math.min(Math.max(cy, y0), y1) - cy) / ry;
    return nx * nx + ny * ny <= 1;
  });
}
