import { describe, expect, it } from 'vitest';
import { TokenBucket } from './rateLimit';

describe('TokenBucket', () => {
  it('lets a burst through, then the steady rate, never more', () => {
    const bucket = new TokenBucket({ perSecond: 10, burst: 3 }, 0);
    expect([1, 2, 3, 4].map(() => bucket.take(0))).toEqual([true, true, true, false]);
    // 100 ms at 10 a second earns exactly one more.
    expect(bucket.take(100)).toBe(true);
    expect(bucket.take(100)).toBe(false);
    // Over one second of 50 attempts every 20 ms, about 10 pass (one each 100 ms).
    let passed = 0;
    for (let t = 120; t <= 1100; t += 20) if (bucket.take(t)) passed += 1;
    expect(passed).toBe(10);
  });

  it('refills to the burst and no further, and ignores a clock that steps back', () => {
    const bucket = new TokenBucket({ perSecond: 100, burst: 5 }, 0);
    for (let i = 0; i < 5; i += 1) bucket.take(0);
    const afterRest = Array.from({ length: 7 }, () => bucket.take(60_000));
    expect(afterRest.filter(Boolean)).toHaveLength(5);
    expect(bucket.take(30_000)).toBe(false);
  });
});
