/** What the spare keeps of a worker: Worker in the page, a stand-in in the unit tests. */
export interface StartableWorker {
  addEventListener(type: 'error', listener: () => void): void;
  removeEventListener(type: 'error', listener: () => void): void;
  terminate(): void;
}

/**
 * One worker started ahead of its work. A module worker's start (its thread, its script fetched
 * and run) is quick alone, but on a page busy building its viewports it waits on the main thread:
 * in a trace of the PET/CT protocol the CT's series request went out 1.2 s after its worker was
 * made, and 0.5 s for the PET's. A worker already started takes its command at once.
 */
export class SpareWorker<W extends StartableWorker> {
  private spare: { worker: W; hasFailed: boolean; onError: () => void } | undefined;

  constructor(private readonly start: () => W) {}

  /** Starts the spare if there is none. */
  warm(): void {
    if (this.spare) return;
    const spare = { worker: this.start(), hasFailed: false, onError: () => undefined };
    spare.onError = () => {
      spare.hasFailed = true;
    };
    spare.worker.addEventListener('error', spare.onError);
    this.spare = spare;
  }

  /**
   * The spare if it started well (a fresh worker otherwise, whose failure its user will hear of),
   * and a new spare started for the next one.
   */
  take(): W {
    const spare = this.spare;
    this.spare = undefined;
    let worker: W;
    if (spare && !spare.hasFailed) {
      spare.worker.removeEventListener('error', spare.onError);
      worker = spare.worker;
    } else {
      spare?.worker.terminate();
      worker = this.start();
    }
    this.warm();
    return worker;
  }
}
