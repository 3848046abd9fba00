// Sub-millimetre lengths serve microscopy (whole slides are read at a few µm per screen pixel).
const NICE_LENGTHS_MM = [0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2, 5, 10, 20, 50, 100, 200, 500];
/** Shorter than this on screen, a bar is a dash nobody can read a length from. */
const MIN_BAR_PIXELS = 20;

/** The longest round length (1, 2, 5 × 10ⁿ mm, from 1 µm) that fits in `maxPixels` on screen. */
export function scaleBarLength(mmPerScreenPixel: number, maxPixels: number): { millimetres: number; pixels: number } | undefined {
  if (!(mmPerScreenPixel > 0)) return undefined;
  const fitting = NICE_LENGTHS_MM.filter((mm) => mm / mmPerScreenPixel <= maxPixels);
  const millimetres = fitting[fitting.length - 1];
  if (millimetres === undefined || millimetres / mmPerScreenPixel < MIN_BAR_PIXELS) return undefined;
  return { millimetres, pixels: millimetres / mmPerScreenPixel };
}
