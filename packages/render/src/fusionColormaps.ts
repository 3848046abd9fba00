/**
 * The PET colour maps a fusion offers, as Cornerstone (vtk.js) colour transfer functions: RGB
 * points (x, r, g, b) with x from 0 (the low end of the PET range) to 1 (the high end),
 * interpolated linearly in RGB. Plain data, so a test can compute the colour it expects from
 * the same definition without asking the renderer.
 */
export type FusionColormap = 'hot-iron' | 'rainbow' | 'inverted-gray';

export interface FusionColormapDefinition {
  label: string;
  /** The name Cornerstone knows it by once registered (fusion.ts). */
  registeredName: string;
  rgbPoints: readonly number[];
}

export const FUSION_COLORMAPS: Readonly<Record<FusionColormap, FusionColormapDefinition>> = {
  // Black through red and yellow to white: low uptake dark, the hottest white.
  'hot-iron': { label: 'Hot iron', registeredName: 'longview-hot-iron', rgbPoints: [0, 0, 0, 0, 0.5, 1, 0, 0, 0.8, 1, 1, 0, 1, 1, 1, 1] },
  rainbow: { label: 'Rainbow', registeredName: 'longview-rainbow', rgbPoints: [0, 0, 0, 1, 0.25, 0, 1, 1, 0.5, 0, 1, 0, 0.75, 1, 1, 0, 1, 1, 0, 0] },
  'inverted-gray': { label: 'Inverted gray', registeredName: 'longview-inverted-gray', rgbPoints: [0, 1, 1, 1, 1, 0, 0, 0] },
};

export const FUSION_COLORMAP_NAMES = Object.keys(FUSION_COLORMAPS) as FusionColormap[];
