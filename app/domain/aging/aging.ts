// Aging queues: how long a line has waited decides how urgently staff look at it.
// `ageInDays`/`agingBucket`/`bucketRange` count whole elapsed 24-hour periods from a passed-in
// `now` (the queue's database filters); `agingPlan` counts the shop's business days.

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

/** The bucket of an age in whole days (calendar or business days alike). */
export function bucketForAge(age: number): AgingBucket {
  return AGING_BUCKETS.find((b) => {
    const [lo, hi] = BOUNDS[b];
    return age >= lo && (hi === null || age <= hi);
  })!;
}

/** The age at which a line enters `bucket`. */
export function bucketStartAge(bucket: AgingBucket): number {
  return BOUNDS[bucket][0];
}

/** The bucket after `bucket`, or null for the last one. */
export function nextAgingBucket(bucket: AgingBucket): AgingBucket | null {
  return AGING_BUCKETS[AGING_BUCKETS.indexOf(bucket) + 1] ?? null;
}

export function agingBucket(detectedAt: Date, now: Date): AgingBucket {
  return bucketForAge(ageInDays(detectedAt, now));
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
