const NICE_LENGTHS_MM = [1, 2, 5, 10, 20, 50, 100, 200, 500];

/** The longest round length (1, 2, 5 × 10ⁿ mm) that fits in `maxPixels` on screen. */
export function scaleBarLength(mmPerScreenPixel: number, maxPixels: number): { millimetres: number; pixels: number } | undefined {
  if (!(mmPerScreenPixel > 0)) return undefined;
  const fitting = NICE_LENGTHS_MM.filter((mm) => mm / mmPerScreenPixel <= maxPixels);
  const millimetres = fitting[fitting.length - 1];
  if (millimetres === undefined) return undefined;
  return { millimetres, pixels: millimetres / mmPerScreenPixel };
}
