import { describe, expect, it } from "vitest";
import { DEFAULT_PRIORITY_POLICY, allocateStock, attributeShortage, planAllocation, priorityRanking, type PriorityLine } from "./index";

// Generous bounds on a shared 2-core machine; the point is to catch an accidental O(n^2).
const TODAY = "2026-05-20";
const T0 = Date.parse("2026-03-01T00:00:00Z");
const CHANNELS = ["online_store", "ebay", "amazon", "pos", "wholesale"];

function lines(n: number, skus = 1): (PriorityLine & { sku: number })[] {
  let s = 7;
  const next = (m: number) => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31), s % m);
  return Array.from({ length: n }, (_, i) => ({
    lineId: String(9_000_000_000_000 + i),
    orderId: String(5_000_000_000_000 + next(n)),
    orderCreatedAt: new Date(T0 + next(80 * 86_400) * 1000),
    channel: CHANNELS[next(CHANNELS.length)],
    orderValue: next(40_000),
    promiseLatest: next(4) === 0 ? `2026-05-${String(1 + next(28)).padStart(2, "0")}` : null,
    units: 1 + next(3),
    sku: i % skus,
  }));
}

function timed<T>(run: () => T): { ms: number; result: T } {
  const start = performance.now();
  const result = run();
  return { ms: performance.now() - start, result };
}

describe("allocation timing", () => {
  it("ranks 100,000 open lines in well under 500 ms", () => {
    const all = lines(100_000);
    const { ms, result } = timed(() => priorityRanking(DEFAULT_PRIORITY_POLICY, TODAY).rank(all));
    console.info(`rank 100k lines: ${ms.toFixed(1)} ms`);
    expect(result).toHaveLength(100_000);
    expect(ms).toBeLessThan(500);
  });

  it("re-plans 100,000 open lines across 2,000 SKUs in well under 500 ms", () => {
    const bySku = new Map<number, PriorityLine[]>();
    for (const l of lines(100_000, 2000)) {
      const group = bySku.get(l.sku);
      if (group) group.push(l);
      else bySku.set(l.sku, [l]);
    }
    const { ms, result } = timed(() => {
      let short = 0;
      for (const group of bySku.values()) short += attributeShortage(-10, group, DEFAULT_PRIORITY_POLICY, TODAY).short.size;
      return short;
    });
    console.info(`re-plan 100k lines / 2000 SKUs: ${ms.toFixed(1)} ms`);
    // Every SKU is 10 units short and lines hold at most 3 units: at least 4 lines short each.
    expect(result).toBeGreaterThanOrEqual(4 * 2000);
    expect(ms).toBeLessThan(500);
  });

  it("allocates a restock against 5,000 waiting lines of one SKU in well under 100 ms", () => {
    const waiting = lines(5000);
    allocateStock(1, waiting.slice(0, 50), DEFAULT_PRIORITY_POLICY, TODAY); // warm up the JIT
    const alloc = timed(() => allocateStock(4000, waiting, DEFAULT_PRIORITY_POLICY, TODAY));
    const plan = timed(() => planAllocation(4000, waiting, DEFAULT_PRIORITY_POLICY, TODAY));
    console.info(`allocate 5k lines: ${alloc.ms.toFixed(1)} ms; preview 5k lines: ${plan.ms.toFixed(1)} ms`);
    expect(alloc.result.remaining).toBe(0);
    expect(plan.result.allocated).toBe(4000);
    expect(alloc.ms).toBeLessThan(100);
    expect(plan.ms).toBeLessThan(100);
  });
});
