/**
 * Image ids without Cornerstone: a separate entry point (`@longview/render/ids`) so the app
 * can name images before the rendering code — the largest part of the bundle — has loaded.
 */

/** Cornerstone image id for a WADO-RS frame URL; the "wadors:" scheme selects the loader. */
export function wadorsImageId(frameUrl: string): string {
  return `wadors:${frameUrl}`;
}
