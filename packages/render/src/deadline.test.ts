import { describe, expect, it, vi } from 'vitest';
import { ImageLoadTimedOut, withDeadline } from './deadline';

describe('withDeadline', () => {
  it('passes a result that arrives in time through', async () => {
    await expect(withDeadline(Promise.resolve(7), 1000)).resolves.toBe(7);
  });
  it('passes a failure that arrives in time through', async () => {
    await expect(withDeadline(Promise.reject(new Error('decode')), 1000)).rejects.toThrow('decode');
  });
  it('rejects with a user-facing message when the work never settles', async () => {
    vi.useFakeTimers();
    const pending = withDeadline(new Promise<never>(() => undefined), 1000);
    const assertion = expect(pending).rejects.toBeInstanceOf(ImageLoadTimedOut);
    await vi.advanceTimersByTimeAsync(1000);
    await assertion;
    await expect(pending).rejects.toThrow('did not finish decoding');
    vi.useRealTimers();
  });
});
