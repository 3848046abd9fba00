import { useEffect } from 'react';
import { useLatest } from '../react/useLatest';

/**
 * Listens to the window's keys while the viewport is the active one and `target` (its player or
 * viewer) exists; each key goes to the latest `onKey` with that target. The listener is added
 * again for a new target, as a viewport's own effect would.
 */
export function useKeysWhileActive<Target>(target: Target | undefined, isActive: boolean, onKey: (event: KeyboardEvent, target: Target) => void): void {
  const latestOnKey = useLatest(onKey);
  useEffect(() => {
    if (target === undefined || !isActive) return undefined;
    const listener = (event: KeyboardEvent) => latestOnKey.current(event, target);
    window.addEventListener('keydown', listener);
    return () => window.removeEventListener('keydown', listener);
  }, [target, isActive, latestOnKey]);
}
