/**
 * The bookkeeping every render viewer (stack, video, MPR, slide) shares: who listens to its
 * state, the DOM listeners it hooked into its elements, and a destroy that happens once.
 * A viewer holds one and keeps its own public surface (subscribe, destroy) in front of it.
 */
export class ViewerLifecycle<State> {
  private readonly listeners = new Set<(state: State) => void>();
  private readonly domListenerRemovals: (() => void)[] = [];
  private destroyed = false;

  /** `readState` is asked once per emit, and only when someone listens. */
  constructor(private readonly readState: () => State) {}

  get isDestroyed(): boolean {
    return this.destroyed;
  }

  /** False once destroyed: a viewer may skip work (a deferred emit) nobody will see. */
  get hasListeners(): boolean {
    return this.listeners.size > 0;
  }

  /**
   * Adds a listener and gives it the current state at once. After destroy it adds nothing and
   * reads no state: a viewer released in the same React commit as its subscriber runs has
   * nothing to report, and its viewport may already be gone.
   */
  subscribe(listener: (state: State) => void): () => void {
    if (this.destroyed) return () => undefined;
    this.listeners.add(listener);
    listener(this.readState());
    return () => this.listeners.delete(listener);
  }

  /** Tells every listener the current state, read once for all of them. */
  emit(): void {
    if (this.destroyed || this.listeners.size === 0) return;
    const state = this.readState();
    for (const listener of this.listeners) listener(state);
  }

  /** Adds a DOM listener that destroy removes (with the same options, so a capture one goes too). */
  listen<K extends keyof HTMLElementEventMap>(target: HTMLElement, type: K, listener: (event: HTMLElementEventMap[K]) => void, options?: AddEventListenerOptions): void;
  listen(target: EventTarget, type: string, listener: (event: Event) => void, options?: AddEventListenerOptions): void;
  listen(target: EventTarget, type: string, listener: (event: Event) => void, options?: AddEventListenerOptions): void {
    // Hooked after destroy, nothing would ever take it off again.
    if (this.destroyed) return;
    target.addEventListener(type, listener, options);
    this.domListenerRemovals.push(() => target.removeEventListener(type, listener, options));
  }

  /**
   * The first call drops the listeners, removes the DOM listeners and then runs `release`
   * (the viewer's own teardown); later calls do nothing, so a viewer released twice (React
   * strict mode, an unmount racing an error) never disables its viewport twice.
   */
  destroy(release: () => void): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.listeners.clear();
    for (const remove of this.domListenerRemovals.splice(0)) remove();
    release();
  }
}
