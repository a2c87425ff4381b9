/**
 * Per-client token bucket: `perSecond` tokens refill continuously up to `burst`. take() returns 0
 * when the request may pass, else the whole seconds to wait (for Retry-After, RFC 9110 §10.2.3).
 */
export class RateLimiter {
  private buckets = new Map<string, { tokens: number; at: number }>();

  constructor(
    private readonly perSecond: number,
    private readonly burst: number,
    private readonly maxClients = 50_000,
  ) {}

  /** Takes one token for `key` at time `now` (ms). */
  take(key: string, now: number): number {
    if (this.perSecond <= 0) return 0;
    let b = this.buckets.get(key);
    if (!b) {
      if (this.buckets.size >= this.maxClients) this.sweep(now);
      b = { tokens: this.burst, at: now };
      this.buckets.set(key, b);
    }
    b.tokens = Math.min(this.burst, b.tokens + ((now - b.at) / 1000) * this.perSecond);
    b.at = now;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - b.tokens) / this.perSecond));
  }

  // Full buckets carry no state worth keeping; drop them, and everything if that is not enough,
  // so a flood of spoofed clients cannot grow memory without bound.
  private sweep(now: number): void {
    for (const [k, b] of this.buckets) {
      if (b.tokens + ((now - b.at) / 1000) * this.perSecond >= this.burst) this.buckets.delete(k);
    }
    if (this.buckets.size >= this.maxClients) this.buckets.clear();
  }
}
