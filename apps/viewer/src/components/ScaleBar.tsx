import { scaleBarLength } from './scaleBarLength';

/** A calibrated bar (from PixelSpacing) about a fifth of a typical viewport wide. */
export function ScaleBar({ mmPerScreenPixel }: { mmPerScreenPixel: number }) {
  const bar = scaleBarLength(mmPerScreenPixel, 120);
  if (!bar) return null;
  return (
    <div className="scale-bar" data-testid="scale-bar" data-mm={bar.millimetres}>
      <div className="scale-bar-line" style={{ width: `${bar.pixels}px` }} />
      <span>{bar.millimetres >= 10 ? `${bar.millimetres / 10} cm` : `${bar.millimetres} mm`}</span>
    </div>
  );
}
