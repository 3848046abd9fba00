/**
 * Calls `deliver` at most once per display frame, with the arguments of the latest call: a
 * loader reporting hundreds of images a second repaints React once a frame, not once an image,
 * which leaves the main thread to the decoders' results. `cancel` drops a pending delivery (an
 * effect's cleanup: nothing arrives after the component has moved on).
 */
export function oncePerFrame<Args extends unknown[]>(deliver: (...args: Args) => void): { (...args: Args): void; cancel(): void } {
  let frameRequest: number | undefined;
  let latest: Args;
  const schedule = (...args: Args) => {
    latest = args;
    frameRequest ??= requestAnimationFrame(() => {
      frameRequest = undefined;
      deliver(...latest);
    });
  };
  return Object.assign(schedule, {
    cancel() {
      if (frameRequest !== undefined) cancelAnimationFrame(frameRequest);
      frameRequest = undefined;
    },
  });
}
