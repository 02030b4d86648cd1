// Shopify's GraphQL Admin rate limit: a leaky bucket of cost points per shop and app, refilled at
// `restoreRate` points per second (on the emulator's clock, so virtual time refills it too).

export type ThrottleStatus = { maximumAvailable: number; currentlyAvailable: number; restoreRate: number };

export class LeakyBucket {
  private available: number;
  private updatedAt: number;

  constructor(
    readonly maximum: number,
    readonly restoreRate: number,
    nowMs: number,
  ) {
    this.available = maximum;
    this.updatedAt = nowMs;
  }

  /** Refills for the time elapsed since the last call. */
  refill(nowMs: number): void {
    if (nowMs > this.updatedAt) {
      this.available = Math.min(this.maximum, this.available + ((nowMs - this.updatedAt) / 1000) * this.restoreRate);
      this.updatedAt = nowMs;
    }
  }

  /** Takes `cost` points if the bucket holds them. */
  take(cost: number, nowMs: number): boolean {
    this.refill(nowMs);
    if (this.available < cost) return false;
    this.available -= cost;
    return true;
  }

  /** Gives back points charged up front but not used (requested minus actual cost). */
  refund(points: number): void {
    this.available = Math.min(this.maximum, this.available + points);
  }

  status(): ThrottleStatus {
    return { maximumAvailable: this.maximum, currentlyAvailable: Math.floor(this.available), restoreRate: this.restoreRate };
  }
}
