import { describe, expect, it, vi } from 'vitest';
import { ViewerLifecycle } from './viewerLifecycle';

/** A lifecycle over a counter, so each emit's state can be told apart. */
function counterLifecycle() {
  let count = 0;
  const readState = vi.fn(() => count);
  const lifecycle = new ViewerLifecycle<number>(readState);
  return { lifecycle, readState, setCount: (next: number) => (count = next) };
}

describe('ViewerLifecycle state listeners', () => {
  it('gives a new listener the current state at once', () => {
    const { lifecycle, setCount } = counterLifecycle();
    setCount(4);
    const seen: number[] = [];
    lifecycle.subscribe((state) => seen.push(state));
    expect(seen).toEqual([4]);
  });

  it('tells every listener each emit, in subscription order, reading the state once', () => {
    const { lifecycle, readState, setCount } = counterLifecycle();
    const calls: string[] = [];
    lifecycle.subscribe((state) => calls.push(`a${state}`));
    lifecycle.subscribe((state) => calls.push(`b${state}`));
    readState.mockClear();
    setCount(1);
    lifecycle.emit();
    setCount(2);
    lifecycle.emit();
    expect(calls).toEqual(['a0', 'b0', 'a1', 'b1', 'a2', 'b2']);
    expect(readState).toHaveBeenCalledTimes(2);
  });

  it('stops telling a listener once it unsubscribes, and keeps telling the others', () => {
    const { lifecycle, setCount } = counterLifecycle();
    const first: number[] = [];
    const second: number[] = [];
    const unsubscribeFirst = lifecycle.subscribe((state) => first.push(state));
    lifecycle.subscribe((state) => second.push(state));
    setCount(1);
    lifecycle.emit();
    unsubscribeFirst();
    setCount(2);
    lifecycle.emit();
    expect(first).toEqual([0, 1]);
    expect(second).toEqual([0, 1, 2]);
  });

  it('reads no state when nobody listens', () => {
    const { lifecycle, readState } = counterLifecycle();
    expect(lifecycle.hasListeners).toBe(false);
    lifecycle.emit();
    expect(readState).not.toHaveBeenCalled();
    const unsubscribe = lifecycle.subscribe(() => undefined);
    expect(lifecycle.hasListeners).toBe(true);
    unsubscribe();
    expect(lifecycle.hasListeners).toBe(false);
  });

});

describe('ViewerLifecycle destroy', () => {
  it('tells nobody after destroy, and ignores a subscribe that comes later', () => {
    const { lifecycle, readState, setCount } = counterLifecycle();
    const seen: number[] = [];
    lifecycle.subscribe((state) => seen.push(state));
    lifecycle.destroy(() => undefined);
    readState.mockClear();
    setCount(5);
    lifecycle.emit();
    const late: number[] = [];
    const unsubscribeLate = lifecycle.subscribe((state) => late.push(state));
    unsubscribeLate();
    expect(seen).toEqual([0]);
    expect(late).toEqual([]);
    expect(readState).not.toHaveBeenCalled();
    expect(lifecycle.isDestroyed).toBe(true);
    expect(lifecycle.hasListeners).toBe(false);
  });

  it('runs its release exactly once, however often destroy is called', () => {
    const { lifecycle } = counterLifecycle();
    const release = vi.fn();
    const laterRelease = vi.fn();
    expect(lifecycle.isDestroyed).toBe(false);
    lifecycle.destroy(release);
    lifecycle.destroy(laterRelease);
    lifecycle.destroy(release);
    expect(release).toHaveBeenCalledTimes(1);
    expect(laterRelease).not.toHaveBeenCalled();
  });

  it('counts as destroyed while its release runs, so the release cannot emit', () => {
    const { lifecycle } = counterLifecycle();
    const seen: number[] = [];
    lifecycle.subscribe((state) => seen.push(state));
    let wasDestroyedInRelease = false;
    lifecycle.destroy(() => {
      wasDestroyedInRelease = lifecycle.isDestroyed;
      lifecycle.emit();
    });
    expect(wasDestroyedInRelease).toBe(true);
    expect(seen).toEqual([0]);
  });

  it('removes the DOM listeners it added when destroyed, and only then', () => {
    const { lifecycle } = counterLifecycle();
    const target = new EventTarget();
    const pings: string[] = [];
    lifecycle.listen(target, 'ping', (event) => pings.push(`first ${event.type}`));
    lifecycle.listen(target, 'ping', () => pings.push('second'), { passive: false });
    target.dispatchEvent(new Event('ping'));
    expect(pings).toEqual(['first ping', 'second']);
    lifecycle.destroy(() => undefined);
    target.dispatchEvent(new Event('ping'));
    expect(pings).toEqual(['first ping', 'second']);
  });

  it('removes a capture listener too (removal must pass the same capture flag)', () => {
    const { lifecycle } = counterLifecycle();
    const target = new EventTarget();
    const onPing = vi.fn();
    lifecycle.listen(target, 'ping', onPing, { capture: true });
    lifecycle.destroy(() => undefined);
    target.dispatchEvent(new Event('ping'));
    expect(onPing).not.toHaveBeenCalled();
  });

  it('removes the DOM listeners before its release runs', () => {
    const { lifecycle } = counterLifecycle();
    const target = new EventTarget();
    const onPing = vi.fn();
    lifecycle.listen(target, 'ping', onPing);
    // A viewer's release disables its viewport, which may fire events on the element.
    lifecycle.destroy(() => target.dispatchEvent(new Event('ping')));
    expect(onPing).not.toHaveBeenCalled();
  });

  it('attaches no DOM listener after destroy', () => {
    const { lifecycle } = counterLifecycle();
    const target = new EventTarget();
    const onPing = vi.fn();
    lifecycle.destroy(() => undefined);
    lifecycle.listen(target, 'ping', onPing);
    target.dispatchEvent(new Event('ping'));
    expect(onPing).not.toHaveBeenCalled();
  });
});
