/**
 * The text alternative of a stack viewport (WCAG 1.1.1): what a sighted reader takes from the
 * overlay, in words a screen reader speaks: "CT Chest axial, image 12 of 256, window 400 level 40".
 * It names the series, not the patient: the banner above says who, once; the viewport's name
 * is read again on every focus and every announcement.
 */
export interface ViewportDescriptionFacts {
  modality: string | undefined;
  seriesDescription: string | undefined;
  /** 0-based, as the viewer counts. */
  imageIndex: number;
  imageCount: number;
  /** A frame of one multi-frame instance rather than an image of a stack. */
  isMultiframe?: boolean;
  window: { width: number; center: number } | undefined;
  isInverted?: boolean;
  /** Why the image on screen could not be shown, when it could not. */
  unavailableReason?: string | undefined;
}

export function viewportDescription(facts: ViewportDescriptionFacts): string {
  const what = [facts.modality, facts.seriesDescription].filter((part) => part && part.trim()).join(' ').trim() || 'Image';
  const parts = [what];
  if (facts.imageCount > 0) parts.push(`${facts.isMultiframe ? 'frame' : 'image'} ${facts.imageIndex + 1} of ${facts.imageCount}`);
  if (facts.unavailableReason) parts.push(`not shown: ${facts.unavailableReason}`);
  else if (facts.window) parts.push(`window ${Math.round(facts.window.width)} level ${Math.round(facts.window.center)}`);
  if (facts.isInverted) parts.push('inverted');
  return parts.join(', ');
}
