import { useRef } from 'react';

/**
 * The value of the latest render, in a ref that keeps its identity. A parent passes a new
 * callback each render; an effect that reads it through this ref calls the latest one without
 * restarting (and without tearing down a viewport) each time the parent renders.
 */
export function useLatest<T>(value: T): { readonly current: T } {
  const ref = useRef(value);
  ref.current = value;
  return ref;
}
