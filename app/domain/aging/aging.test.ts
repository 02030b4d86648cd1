import { describe, expect, it } from "vitest";
import { AGING_BUCKETS, ageInDays, agingBucket, bucketForAge, bucketRange, bucketStartAge, nextAgingBucket } from "./index";

const now = new Date("2026-03-20T12:00:00Z");
const daysAgo = (d: number, extraMs = 0) => new Date(now.getTime() - d * 86_400_000 - extraMs);

describe("aging", () => {
  it("counts whole elapsed days", () => {
    expect(ageInDays(daysAgo(0), now)).toBe(0);
    expect(ageInDays(daysAgo(0, 86_399_999), now)).toBe(0);
    expect(ageInDays(daysAgo(1), now)).toBe(1);
    expect(ageInDays(new Date(now.getTime() + 5000), now)).toBe(0);
  });

  it.each([
    [0, "0-3"], [3, "0-3"], [4, "4-7"], [7, "4-7"], [8, "8-14"], [14, "8-14"], [15, "15+"], [400, "15+"],
  ] as const)("age %i days is bucket %s", (d, bucket) => {
    expect(agingBucket(daysAgo(d, 1000), now)).toBe(bucket);
  });

  it("bucket ranges agree with agingBucket at every boundary", () => {
    for (let ms = 0; ms <= 20 * 86_400_000; ms += 3 * 3_600_000) {
      const detectedAt = new Date(now.getTime() - ms);
      for (const b of AGING_BUCKETS) {
        const { after, atOrBefore } = bucketRange(b, now);
        const inRange = (!after || detectedAt > after) && (!atOrBefore || detectedAt <= atOrBefore);
        expect(inRange, `${ms}ms ${b}`).toBe(agingBucket(detectedAt, now) === b);
      }
    }
  });

  it("buckets any age and walks the buckets in order", () => {
    expect([0, 3, 4, 7, 8, 14, 15, 99].map(bucketForAge)).toEqual(["0-3", "0-3", "4-7", "4-7", "8-14", "8-14", "15+", "15+"]);
    expect(AGING_BUCKETS.map(bucketStartAge)).toEqual([0, 4, 8, 15]);
    expect(AGING_BUCKETS.map(nextAgingBucket)).toEqual(["4-7", "8-14", "15+", null]);
  });
});
