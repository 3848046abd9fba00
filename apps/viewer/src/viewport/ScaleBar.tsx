import { scaleBarLength } from './scaleBarLength';

/** "5 cm", "2 mm", "50 µm". */
function scaleBarText(millimetres: number): string {
  if (millimetres >= 10) return `${millimetres / 10} cm`;
  if (millimetres >= 1) return `${millimetres} mm`;
  return `${Math.round(millimetres * 1000)} µm`;
}

/** A calibrated bar (from PixelSpacing) about a fifth of a typical viewport wide. */
export function ScaleBar({ mmPerScreenPixel }: { mmPerScreenPixel: number }) {
  const bar = scaleBarLength(mmPerScreenPixel, 120);
  if (!bar) return null;
  return (
    <div className="scale-bar" data-testid="scale-bar" data-mm={bar.millimetres}>
      <div className="scale-bar-line" style={{ width: `${bar.pixels}px` }} />
      <span>{scaleBarText(bar.millimetres)}</span>
    </div>
  );
}
