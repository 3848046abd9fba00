import { describe, expect, it } from 'vitest';
import { SpareWorker, type StartableWorker } from './spareWorker';

class StandInWorker implements StartableWorker {
  private readonly listeners = new Set<() => void>();
  isTerminated = false;
  constructor(readonly serial: number) {}
  addEventListener(_type: 'error', listener: () => void) {
    this.listeners.add(listener);
  }
  removeEventListener(_type: 'error', listener: () => void) {
    this.listeners.delete(listener);
  }
  fail() {
    this.listeners.forEach((listener) => listener());
  }
  get listenerCount() {
    return this.listeners.size;
  }
  terminate() {
    this.isTerminated = true;
  }
}

function spareOfStandIns() {
  const started: StandInWorker[] = [];
  const spare = new SpareWorker(() => {
    const worker = new StandInWorker(started.length + 1);
    started.push(worker);
    return worker;
  });
  return { spare, started };
}

describe('SpareWorker', () => {
  it('hands over the worker it warmed and starts the next at once', () => {
    const { spare, started } = spareOfStandIns();
    spare.warm();
    spare.warm(); // one spare, however often warmed
    expect(started).toHaveLength(1);
    const taken = spare.take();
    expect(taken.serial).toBe(1);
    expect(taken.listenerCount).toBe(0); // its user's error handler is the only one now
    expect(started).toHaveLength(2);
    expect(spare.take().serial).toBe(2);
    expect(started).toHaveLength(3);
  });

  it('starts a worker when none was warmed', () => {
    const { spare, started } = spareOfStandIns();
    expect(spare.take().serial).toBe(1);
    expect(started.map((worker) => worker.serial)).toEqual([1, 2]);
  });

  it('never hands over a spare that failed to start: it is ended and a fresh one given', () => {
    const { spare, started } = spareOfStandIns();
    spare.warm();
    started[0]?.fail();
    const taken = spare.take();
    expect(taken.serial).toBe(2);
    expect(started[0]?.isTerminated).toBe(true);
    expect(taken.isTerminated).toBe(false);
  });
});
