const NICE_LENGTHS_MM = [1, 2, 5, 10, 20, 50, 100, 200, 500];
/** Shorter than this on screen, a bar is a dash nobody can read a length from. */
const MIN_BAR_PIXELS = 20;

/** The longest round length (1, 2, 5 × 10ⁿ mm) that fits in `maxPixels` on screen. */
export function scaleBarLength(mmPerScreenPixel: number, maxPixels: number): { millimetres: number; pixels: number } | undefined {
  if (!(mmPerScreenPixel > 0)) return undefined;
  const fitting = NICE_LENGTHS_MM.filter((mm) => mm / mmPerScreenPixel <= maxPixels);
  const millimetres = fitting[fitting.length - 1];
  if (millimetres === undefined || millimetres / mmPerScreenPixel < MIN_BAR_PIXELS) return undefined;
  return { millimetres, pixels: millimetres / mmPerScreenPixel };
}
