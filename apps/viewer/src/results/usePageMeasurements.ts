import { useEffect, useState } from 'react';
import type { Measurement } from '@longview/render';
import { loadRender } from '../render/loadRender';

/** Every measurement on the page, as the render package computes them; live while dragging. */
export function usePageMeasurements(): Measurement[] {
  const [measurements, setMeasurements] = useState<Measurement[]>([]);
  useEffect(() => {
    let unsubscribe: (() => void) | undefined;
    let isCancelled = false;
    // A renderer that did not load is the viewports' error to show; the list then stays empty.
    loadRender().then(
      (render) => {
        if (!isCancelled) unsubscribe = render.watchMeasurements(setMeasurements);
      },
      () => undefined,
    );
    return () => {
      isCancelled = true;
      unsubscribe?.();
    };
  }, []);
  return measurements;
}
