import { describe, expect, it } from 'vitest';
import type { StackViewState } from '@longview/render';
import { viewportDataAttributes } from './viewportDataAttributes';

const VIEW: StackViewState = {
  imageIndex: 4,
  shownIndex: 3,
  imageCount: 20,
  imageId: 'wadors:https://archive/frames/1',
  window: { width: 400.4, center: 39.6 },
  isInverted: false,
  rotation: 0,
  isFlippedHorizontally: false,
  isFlippedVertically: false,
  unavailableReason: undefined,
  isSmooth: true,
  hasMouseTools: true,
  mouseTool: 'window-level',
  scale: 1.23456,
  fitZoom: 2,
  centre: { x: 255.55, y: 12 },
  mmPerScreenPixel: undefined,
  edges: undefined,
  imageRect: { x: 10.5, y: 0, width: 512, height: 480.25 },
};

describe('viewportDataAttributes', () => {
  it('writes each fact of the view in the format the e2e specs read', () => {
    expect(viewportDataAttributes(VIEW, 7)).toEqual({
      'data-image-index': 4,
      'data-shown-index': 3,
      'data-shared-view-key': 7,
      'data-window': '400/40',
      'data-zoom': '1.23',
      'data-fit-zoom': '2.000',
      'data-view-centre': '255.6,12.0',
      'data-mouse-tools': 'ready',
      'data-image-rect': '10.5,0,512,480.25',
    });
  });

  it('leaves out what the view does not know yet, and every attribute before the first view', () => {
    const early = viewportDataAttributes({ ...VIEW, shownIndex: undefined, window: undefined, scale: undefined, fitZoom: undefined, centre: undefined, hasMouseTools: false, imageRect: undefined }, undefined);
    expect(Object.entries(early).filter(([, value]) => value !== undefined)).toEqual([['data-image-index', 4]]);
    expect(Object.values(viewportDataAttributes(undefined, undefined)).every((value) => value === undefined)).toBe(true);
  });

  it('keeps a zoom and a centre of zero (a value, not a missing one)', () => {
    const attributes = viewportDataAttributes({ ...VIEW, scale: 0, fitZoom: 0, centre: { x: 0, y: 0 } }, 0);
    expect([attributes['data-zoom'], attributes['data-fit-zoom'], attributes['data-view-centre'], attributes['data-shared-view-key']]).toEqual(['0.00', '0.000', '0.0,0.0', 0]);
  });
});
