import { devices, type BrowserContextOptions } from '@playwright/test';

/**
 * The screens the bedside work (issue 29) is held to, as CSS pixels. Phones and the tablet are
 * touch contexts with a mobile user agent; the laptops are mouse-and-keyboard. Device scale
 * factor 1 throughout: SwiftShader draws every device pixel on the CPU, and a 3× phone canvas
 * (1170×2532) would make each layout check cost seconds without testing anything more.
 */
export interface ScreenSize {
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly isTouch: boolean;
  /** Whether the viewer should be in its phone layout (apps/viewer/src/layout/formFactor.ts). */
  readonly isPhoneLayout: boolean;
}

export const SCREEN_SIZES: readonly ScreenSize[] = [
  { name: 'phone portrait 390×844', width: 390, height: 844, isTouch: true, isPhoneLayout: true },
  { name: 'phone landscape 844×390', width: 844, height: 390, isTouch: true, isPhoneLayout: true },
  { name: 'tablet portrait 820×1180', width: 820, height: 1180, isTouch: true, isPhoneLayout: false },
  { name: 'laptop 1280×800', width: 1280, height: 800, isTouch: false, isPhoneLayout: false },
  { name: 'laptop 1366×768', width: 1366, height: 768, isTouch: false, isPhoneLayout: false },
];

/**
 * A 1280×800 laptop at 200 % browser zoom (WCAG 1.4.4): the page lays out in 640×400 CSS px,
 * drawn at 2 device pixels each. The viewer takes its phone layout there, so nothing is lost.
 */
export const ZOOMED_LAPTOP: ScreenSize = { name: 'laptop 1280×800 at 200 % zoom', width: 640, height: 400, isTouch: false, isPhoneLayout: true };

/** Context options for one of the sizes above (for `browser.newContext` or `test.use`). */
export function screenContext(size: ScreenSize): BrowserContextOptions {
  if (size === ZOOMED_LAPTOP) return { viewport: { width: size.width, height: size.height }, deviceScaleFactor: 2 };
  if (!size.isTouch) return { viewport: { width: size.width, height: size.height }, deviceScaleFactor: 1 };
  const preset = size.width >= 768 && size.height >= 768 ? devices['iPad Pro 11'] : devices['iPhone 13'];
  return {
    userAgent: preset.userAgent,
    viewport: { width: size.width, height: size.height },
    screen: { width: size.width, height: size.height },
    isMobile: true,
    hasTouch: true,
    deviceScaleFactor: 1,
  };
}

export type TouchDevice = 'iPhone 13' | 'iPhone 13 landscape' | 'Pixel 7' | 'iPad Pro 11';

/**
 * A Playwright device preset as context options for Debian's Chromium: the preset's own
 * viewport, user agent, touch and mobile flags, without `defaultBrowserType` (WebKit for the
 * Apple presets, which this project never runs) and at device scale factor 1 (see above).
 */
export function touchDevice(name: TouchDevice): BrowserContextOptions {
  const preset: BrowserContextOptions = devices[name];
  return { userAgent: preset.userAgent, viewport: preset.viewport, screen: preset.screen, isMobile: preset.isMobile, hasTouch: preset.hasTouch, deviceScaleFactor: 1 };
}
