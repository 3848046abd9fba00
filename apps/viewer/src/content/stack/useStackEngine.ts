import { useEffect, useState, type RefObject } from 'react';
import type { StackViewer, StackViewState } from '@longview/render';
import { useArchives } from '../../archives/ArchivesContext';
import { useDecodedImageBytes } from '../../config/MemoryContext';
import { loadRender } from '../../render/loadRender';

/** Below this size (CSS px) a viewport's overlay keeps to the essentials, off the image centre. */
const SMALL_VIEWPORT = { width: 320, height: 240 };

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/**
 * The rendering engine's viewer in `element`, for as long as the component lives (Cornerstone
 * starts once per page), the view it reports, and its size kept in step with the element's.
 * A failure to download or start the engine goes to `onError` (stable: a state setter), in words
 * for the reader.
 */
export function useStackEngine(element: RefObject<HTMLDivElement | null>, viewportId: string, onError: (message: string) => void) {
  const [viewer, setViewer] = useState<StackViewer | undefined>(undefined);
  const [view, setView] = useState<StackViewState | undefined>(undefined);
  const archives = useArchives();
  const decodedImageBytes = useDecodedImageBytes();
  useEffect(() => {
    let created: StackViewer | undefined;
    let isCancelled = false;
    loadRender()
      .then(
        async (render) => {
          // Pixels are fetched by the renderer, outside ArchiveClient: give it each archive's headers.
          render.setArchiveHeaders((url) => archives.all.find((client) => url.startsWith(client.config.wadoRoot))?.authHeaders() ?? {});
          // Starting Cornerstone holds the main thread for a while; let an archive answer that
          // arrived meanwhile send its follow-up request first, so network and start-up overlap.
          await yieldToEventLoop();
          await render.initRendering({ cacheBytes: decodedImageBytes }).catch(() => Promise.reject(new Error('This browser cannot display images: WebGL could not start.')));
          await yieldToEventLoop();
          if (isCancelled || !element.current) return;
          created = render.StackViewer.create(element.current, viewportId);
          setViewer(created);
        },
        () => Promise.reject(new Error('The image display could not be downloaded. Check the connection and reload the page.')),
      )
      .catch((error: Error) => onError(error.message));
    return () => {
      isCancelled = true;
      created?.destroy();
    };
  }, [archives, viewportId, decodedImageBytes, element, onError]);

  useEffect(() => viewer?.subscribe(setView), [viewer]);

  // Cornerstone keeps each camera across a resize (zoom and centre): opening the measurement
  // panel or changing the layout does not move the images.
  useEffect(() => {
    if (!viewer || !element.current) return undefined;
    const observer = new ResizeObserver(() => viewer.resize());
    observer.observe(element.current);
    return () => observer.disconnect();
  }, [viewer, element]);

  return { viewer, view };
}

/** Whether the element is smaller than SMALL_VIEWPORT in either direction. */
export function useIsSmall(element: RefObject<HTMLDivElement | null>): boolean {
  const [isSmall, setIsSmall] = useState(false);
  useEffect(() => {
    const current = element.current;
    if (!current) return undefined;
    const observer = new ResizeObserver(([entry]) => {
      if (!entry) return;
      const { width, height } = entry.contentRect;
      setIsSmall(width > 0 && (width < SMALL_VIEWPORT.width || height < SMALL_VIEWPORT.height));
    });
    observer.observe(current);
    return () => observer.disconnect();
  }, [element]);
  return isSmall;
}
