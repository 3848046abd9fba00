import { useEffect } from 'react';
import { useLatest } from './useLatest';

/**
 * Tells `report` the value while it holds, and undefined when it goes (a new value, or the
 * component unmounts): a parent that keeps a child's viewer or stack never holds a released one.
 * The latest `report` is called, so a parent passing a new callback each render restarts nothing.
 */
export function useReported<T>(value: T, report: ((value: NoInfer<T> | undefined) => void) | undefined): void {
  const latestReport = useLatest(report);
  useEffect(() => {
    // Read at call time, the cleanup included: the callback of the render that released the value.
    const tell = (reported: T | undefined) => latestReport.current?.(reported);
    tell(value);
    return () => tell(undefined);
  }, [value, latestReport]);
}
