import { describe, expect, it } from 'vitest';
import { isChunkLoadError } from './PageLoadBoundary';

describe('isChunkLoadError: a page chunk that could not be fetched, told apart from the code failing', () => {
  it("knows each browser's words for a failed dynamic import", () => {
    expect(isChunkLoadError(new TypeError('Failed to fetch dynamically imported module: http://127.0.0.1:5173/assets/StudyViewer-1.js'))).toBe(true);
    expect(isChunkLoadError(new TypeError('error loading dynamically imported module: http://127.0.0.1:5173/assets/x.js'))).toBe(true);
    expect(isChunkLoadError(new TypeError('Importing a module script failed.'))).toBe(true);
  });

  it("does not blame the network for the viewer's own error", () => {
    expect(isChunkLoadError(new TypeError("Cannot read properties of undefined (reading 'getImageIds')"))).toBe(false);
    expect(isChunkLoadError(undefined)).toBe(false);
  });
});
