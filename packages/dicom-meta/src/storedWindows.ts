import { Tag, type DicomJson } from './dicomJson';
import { getNumbers } from './values';
import type { Window } from './windowing';

export interface StoredWindow extends Window {
  /** What the modality called it (Window Center & Width Explanation), when it said. */
  explanation: string | undefined;
}

/**
 * The windows the image carries (PS3.3 C.11.2.1.2: Window Center/Width are multi-valued in
 * pairs, with an optional explanation per pair). The first is the default. Pairs with a
 * width below 1 are left out, as the standard forbids them.
 */
export function storedWindows(json: DicomJson): StoredWindow[] {
  const centers = getNumbers(json, 'WindowCenter') ?? [];
  const widths = getNumbers(json, 'WindowWidth') ?? [];
  const explanations = json[Tag.WindowCenterWidthExplanation]?.Value ?? [];
  const windows: StoredWindow[] = [];
  for (let i = 0; i < Math.min(centers.length, widths.length); i += 1) {
    const center = centers[i] as number;
    const width = widths[i] as number;
    if (!(width >= 1)) continue;
    const text = explanations[i];
    const explanation = typeof text === 'string' && text.trim() !== '' ? text.trim() : undefined;
    windows.push({ center, width, explanation });
  }
  return windows;
}

/** A short button label for a stored window: its explanation in title case, else its values. */
export function storedWindowLabel(window: StoredWindow): string {
  if (!window.explanation) return `W ${Math.round(window.width)} L ${Math.round(window.center)}`;
  return window.explanation.toLowerCase().replace(/(^|[\s/-])\p{L}/gu, (start) => start.toUpperCase());
}
