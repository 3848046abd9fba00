/**
 * A token bucket per connection: `perSecond` messages a second on average, bursts of up to
 * `burst`. A presenter's viewer sends at most about 20 views and 30 pointer moves a second
 * while scrolling and pointing, so the defaults leave it room and stop only a runaway or
 * hostile client from making every other attendee of every session on the relay wait.
 */
export interface RateLimitOptions {
  perSecond: number;
  burst: number;
}

export const DEFAULT_RATE_LIMIT: RateLimitOptions = { perSecond: 60, burst: 120 };

export class TokenBucket {
  private tokens: number;
  private updatedAt: number;

  constructor(
    private readonly options: RateLimitOptions,
    now: number,
  ) {
    this.tokens = options.burst;
    this.updatedAt = now;
  }

  /** Whether one more message may pass at `now` (ms); takes its token if so. */
  take(now: number): boolean {
    const elapsedSeconds = Math.max(0, now - this.updatedAt) / 1000;
    this.tokens = Math.min(this.options.burst, this.tokens + elapsedSeconds * this.options.perSecond);
    this.updatedAt = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}
