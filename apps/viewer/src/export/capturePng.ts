/**
 * The image on the viewport's canvas as a PNG: only the canvas, cropped to where the image
 * lies (`data-image-rect`, published by the stack viewer), so the overlay text (patient name,
 * dates: HTML drawn over the canvas, not in it) never enters the file. What is exported is
 * what the reader sees: the current window, zoom, rotation and inversion.
 */
export async function captureViewportPng(viewport: HTMLElement): Promise<{ png: Blob; width: number; height: number }> {
  const canvas = viewport.querySelector('canvas');
  const rect = viewport.dataset.imageRect?.split(',').map(Number);
  if (!canvas || !rect || rect.length !== 4) throw new Error('There is no image on screen to export.');
  const ratio = canvas.width / canvas.clientWidth;
  const [x = 0, y = 0, w = 0, h = 0] = rect.map((v) => v * ratio);
  // The image may hang over the canvas edges when zoomed or panned: export the visible part.
  const left = Math.max(0, Math.round(x));
  const top = Math.max(0, Math.round(y));
  const width = Math.min(canvas.width, Math.round(x + w)) - left;
  const height = Math.min(canvas.height, Math.round(y + h)) - top;
  if (width <= 0 || height <= 0) throw new Error('The image is scrolled out of view; reset the view (Esc) and try again.');
  const crop = document.createElement('canvas');
  crop.width = width;
  crop.height = height;
  crop.getContext('2d')?.drawImage(canvas, left, top, width, height, 0, 0, width, height);
  const png = await new Promise<Blob | null>((resolve) => crop.toBlob(resolve, 'image/png'));
  if (!png) throw new Error('The browser could not encode the image.');
  return { png, width, height };
}
