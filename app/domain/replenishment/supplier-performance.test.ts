import { describe, expect, it } from "vitest";
import { DEFAULT_PERFORMANCE_SEED, supplierPerformance, type PurchaseOrderLineRecord } from "./index";

const seed = { fillRate: 0.97, onTimeRate: 0.9, apiAvailability: 0.999 };
const delivered = (over: Partial<PurchaseOrderLineRecord> = {}): PurchaseOrderLineRecord => ({
  orderedQty: 10,
  receivedQty: 10,
  dueDate: "2026-04-10",
  receivedDate: "2026-04-09",
  closed: true,
  ...over,
});
const none = { lines: [], submissions: [] };

describe("supplierPerformance", () => {
  it("is the seed when there is no history", () => {
    expect(supplierPerformance({ seed, history: none })).toEqual({
      ...seed,
      observations: { fillRate: 0, onTimeRate: 0, apiAvailability: 0 },
    });
  });

  it("falls back to the defaults for rates nobody typed in", () => {
    expect(DEFAULT_PERFORMANCE_SEED).toEqual({ fillRate: 0.9, onTimeRate: 0.85, apiAvailability: 0.95 });
    expect(supplierPerformance({ seed: { fillRate: 0.5, onTimeRate: null }, history: none })).toMatchObject({
      fillRate: 0.5,
      onTimeRate: 0.85,
      apiAvailability: 0.95,
    });
    expect(supplierPerformance({ history: none })).toMatchObject(DEFAULT_PERFORMANCE_SEED);
  });

  it("moves only part of the way with thin history: the seed counts as 10 observations", () => {
    // One line: 5 of 10 received, late; one failed submission.
    const r = supplierPerformance({
      seed,
      history: { lines: [delivered({ receivedQty: 5, receivedDate: "2026-04-12" })], submissions: [{ ok: false }] },
    });
    expect(r).toEqual({
      fillRate: 0.927273, // (10 × 0.97 + 0.5) / 11
      onTimeRate: 0.818182, // (10 × 0.9 + 0) / 11
      apiAvailability: 0.908182, // (10 × 0.999 + 0) / 11
      observations: { fillRate: 1, onTimeRate: 1, apiAvailability: 1 },
    });
  });

  it("is driven by a rich history whatever was seeded", () => {
    // 90 lines: 60 full and on time, 30 at 80% and late; 190 submissions, 10 failed.
    const lines = [
      ...Array.from({ length: 60 }, () => delivered()),
      ...Array.from({ length: 30 }, () => delivered({ receivedQty: 8, receivedDate: "2026-04-20" })),
    ];
    const submissions = [...Array.from({ length: 180 }, () => ({ ok: true })), ...Array.from({ length: 10 }, () => ({ ok: false }))];
    const r = supplierPerformance({ seed, history: { lines, submissions } });
    expect(r).toEqual({
      fillRate: 0.937, // (9.7 + 60 + 24) / 100
      onTimeRate: 0.69, // (9 + 60) / 100
      apiAvailability: 0.94995, // (9.99 + 180) / 200
      observations: { fillRate: 90, onTimeRate: 90, apiAvailability: 190 },
    });
  });

  it("lets the prior weight be tuned, down to history alone", () => {
    const history = { lines: [delivered({ receivedQty: 5 })], submissions: [{ ok: true }, { ok: false }] };
    expect(supplierPerformance({ seed, history, priorWeight: 0 })).toMatchObject({ fillRate: 0.5, onTimeRate: 1, apiAvailability: 0.5 });
    expect(supplierPerformance({ seed, history, priorWeight: 1 })).toMatchObject({ fillRate: 0.735, onTimeRate: 0.95 });
  });

  it("counts fill rate on closed lines only, and never above 100% per line", () => {
    const r = supplierPerformance({
      seed,
      priorWeight: 0,
      history: {
        lines: [delivered({ receivedQty: 12 }), delivered({ receivedQty: 3, closed: false }), delivered({ orderedQty: 0, receivedQty: 0 })],
        submissions: [],
      },
    });
    expect(r.fillRate).toBe(1);
    expect(r.observations.fillRate).toBe(1);
  });

  it("counts a line due and still not received as late once its due date has passed", () => {
    const lines = [delivered({ receivedQty: 0, receivedDate: null, closed: false, dueDate: "2026-04-10" })];
    const history = { lines, submissions: [] };
    expect(supplierPerformance({ seed, history, priorWeight: 0, asOf: "2026-04-10" }).observations.onTimeRate).toBe(0);
    expect(supplierPerformance({ seed, history, priorWeight: 0, asOf: "2026-04-11" })).toMatchObject({
      onTimeRate: 0,
      observations: { onTimeRate: 1 },
    });
    // Without today's date nothing can be said yet.
    expect(supplierPerformance({ seed, history, priorWeight: 0 }).observations.onTimeRate).toBe(0);
  });

  it("does not judge punctuality on lines without a due date", () => {
    const r = supplierPerformance({ seed, history: { lines: [delivered({ dueDate: null })], submissions: [] } });
    expect(r.onTimeRate).toBe(0.9);
    expect(r.observations.onTimeRate).toBe(0);
  });

  it("rejects malformed input", () => {
    expect(() => supplierPerformance({ history: { lines: [delivered({ dueDate: "10/04/2026" })], submissions: [] } })).toThrow(
      "YYYY-MM-DD"
    );
    expect(() => supplierPerformance({ history: { lines: [delivered({ receivedQty: -1 })], submissions: [] } })).toThrow(RangeError);
    expect(() => supplierPerformance({ seed: { fillRate: 97 }, history: none })).toThrow("seed fillRate must be within 0..1");
    expect(() => supplierPerformance({ history: none, priorWeight: -1 })).toThrow(RangeError);
  });
});
