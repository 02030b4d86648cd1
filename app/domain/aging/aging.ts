// Aging queues: how long a line has waited decides how urgently staff look at it.
// Ages are whole elapsed days since detection (24-hour periods), computed from a passed-in `now`.

export const AGING_BUCKETS = ["0-3", "4-7", "8-14", "15+"] as const;
export type AgingBucket = (typeof AGING_BUCKETS)[number];

export const AGING_BUCKET_LABELS: Record<AgingBucket, string> = {
  "0-3": "0–3 days",
  "4-7": "4–7 days",
  "8-14": "8–14 days",
  "15+": "15+ days",
};

const DAY_MS = 86_400_000;

// Inclusive lower / upper age in days of each bucket (upper null: unbounded).
const BOUNDS: Record<AgingBucket, [number, number | null]> = {
  "0-3": [0, 3],
  "4-7": [4, 7],
  "8-14": [8, 14],
  "15+": [15, null],
};

export function ageInDays(detectedAt: Date, now: Date): number {
  return Math.max(0, Math.floor((now.getTime() - detectedAt.getTime()) / DAY_MS));
}

export function agingBucket(detectedAt: Date, now: Date): AgingBucket {
  const age = ageInDays(detectedAt, now);
  return AGING_BUCKETS.find((b) => {
    const [lo, hi] = BOUNDS[b];
    return age >= lo && (hi === null || age <= hi);
  })!;
}

/**
 * The detectedAt range of a bucket at `now`, for database filters:
 * `after < detectedAt <= atOrBefore` (either side may be open).
 */
export function bucketRange(bucket: AgingBucket, now: Date): { after?: Date; atOrBefore?: Date } {
  const [lo, hi] = BOUNDS[bucket];
  const t = now.getTime();
  return {
    // age <= hi  <=>  now - detectedAt < (hi + 1) days  <=>  detectedAt > now - (hi + 1) days
    after: hi === null ? undefined : new Date(t - (hi + 1) * DAY_MS),
    // age >= lo  <=>  detectedAt <= now - lo days
    atOrBefore: lo === 0 ? undefined : new Date(t - lo * DAY_MS),
  };
}

export function isAgingBucket(value: string): value is AgingBucket {
  return (AGING_BUCKETS as readonly string[]).includes(value);
}
