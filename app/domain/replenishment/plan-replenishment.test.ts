import { describe, expect, it } from "vitest";
import {
  DEFAULT_SCORE_WEIGHTS,
  formatWhyTable,
  planReplenishment,
  type Candidate,
  type ReplenishmentInput,
  type SupplierOffer,
} from "./index";

// The acceptance scenario's supplier matrix for LAMP-BRASS.
const lumen: Candidate = {
  supplier: { id: "lumen", name: "Lumen GmbH", status: "active", channel: "api" },
  offer: { leadTimeDays: 6, moq: 10, packSize: 1, unitCost: 31.0, currency: "EUR", available: 100 },
  performance: { fillRate: 0.97, onTimeRate: 0.9, apiAvailability: 0.999 },
  lastUnitCost: 30.5,
  orderedBefore: true,
};
const brightco: Candidate = {
  supplier: { id: "brightco", name: "BrightCo", status: "active", channel: "email" },
  offer: { leadTimeDays: 9, moq: 20, packSize: 1, unitCost: 27.5, currency: "EUR", available: 500 },
  performance: { fillRate: 0.9, onTimeRate: 0.9, apiAvailability: 0.95 },
  lastUnitCost: 27.5,
  orderedBefore: true,
};

function input(overrides: Partial<ReplenishmentInput> = {}): ReplenishmentInput {
  return {
    sku: "LAMP-BRASS",
    customerUnits: 7,
    bufferUnits: 5,
    promiseWindowDays: 10,
    candidates: [lumen, brightco],
    weights: DEFAULT_SCORE_WEIGHTS,
    costDeviationPct: 15,
    costCurrency: "EUR",
    ...overrides,
  };
}

function supplier(
  id: string,
  offer: Partial<SupplierOffer> & Pick<SupplierOffer, "leadTimeDays" | "unitCost">,
  extra: Partial<Omit<Candidate, "offer">> = {}
): Candidate {
  return {
    supplier: { id, name: id.toUpperCase(), status: "active", channel: "api" },
    offer: { moq: 1, packSize: 1, currency: "EUR", available: null, ...offer },
    performance: { fillRate: 0.95, onTimeRate: 0.9, apiAvailability: 0.99 },
    lastUnitCost: offer.unitCost,
    orderedBefore: true,
    ...extra,
  };
}

const with_ = (c: Candidate, patch: { offer?: Partial<SupplierOffer> } & Partial<Omit<Candidate, "offer">>): Candidate => ({
  ...c,
  ...patch,
  offer: { ...c.offer, ...patch.offer },
});

describe("planReplenishment — the LAMP-BRASS acceptance example", () => {
  const plan = planReplenishment(input());

  it("orders 12 units (7 + 5, above Lumen's MOQ of 10) from Lumen in one line, without escalation", () => {
    expect(plan.strategy).toBe("single_supplier");
    expect(plan.lines).toEqual([
      {
        supplierId: "lumen",
        quantity: 12,
        customerUnits: 7,
        bufferUnits: 5,
        roundingUnits: 0,
        unitCost: 31,
        currency: "EUR",
        leadTimeDays: 6,
      },
    ]);
    expect(plan.unplaced).toEqual({ customerUnits: 0, bufferUnits: 0 });
    // 31.0 vs 30.5 is +1.64%, inside the 15% limit; both suppliers were ordered from before.
    expect(plan.escalations).toEqual([]);
  });

  it("records why: both pass every hard constraint, Lumen wins 0.8 to 0.2", () => {
    expect(plan.evaluations).toEqual([
      {
        scope: "order",
        supplierId: "lumen",
        orderQuantity: 12,
        failed: [],
        score: {
          total: 0.8,
          components: {
            leadTime: { value: 6, normalised: 1, weight: 0.4, points: 0.4 },
            fillRate: { value: 0.97, normalised: 1, weight: 0.3, points: 0.3 },
            unitCost: { value: 31, normalised: 0, weight: 0.2, points: 0 },
            apiAvailability: { value: 0.999, normalised: 1, weight: 0.1, points: 0.1 },
          },
        },
        rank: 1,
      },
      {
        scope: "order",
        supplierId: "brightco",
        // BrightCo's MOQ of 20 would have forced 8 extra units.
        orderQuantity: 20,
        failed: [],
        score: {
          total: 0.2,
          components: {
            leadTime: { value: 9, normalised: 0, weight: 0.4, points: 0 },
            fillRate: { value: 0.9, normalised: 0, weight: 0.3, points: 0 },
            unitCost: { value: 27.5, normalised: 1, weight: 0.2, points: 0.2 },
            apiAvailability: { value: 0.95, normalised: 0, weight: 0.1, points: 0 },
          },
        },
        rank: 2,
      },
    ]);
  });

  it("prints the why-table", () => {
    expect(formatWhyTable(plan.evaluations)).toBe(
      [
        "Whole order",
        "  #1 lumen     score 0.8  qty 12  Lead time 6 d → 1 (+0.4), Fill rate 0.97 → 1 (+0.3), Unit cost 31 → 0 (+0), API availability 0.999 → 1 (+0.1)",
        "  #2 brightco  score 0.2  qty 20  Lead time 9 d → 0 (+0), Fill rate 0.9 → 0 (+0), Unit cost 27.5 → 1 (+0.2), API availability 0.95 → 0 (+0)",
      ].join("\n")
    );
  });
});

describe("planReplenishment — scoring", () => {
  it("follows the shop's weights: with cost alone counting, BrightCo wins and its MOQ adds 8 units", () => {
    const plan = planReplenishment(input({ weights: { leadTime: 0, fillRate: 0, unitCost: 1, apiAvailability: 0 } }));
    expect(plan.lines).toEqual([
      {
        supplierId: "brightco",
        quantity: 20,
        customerUnits: 7,
        bufferUnits: 5,
        roundingUnits: 8,
        unitCost: 27.5,
        currency: "EUR",
        leadTimeDays: 9,
      },
    ]);
    expect(plan.evaluations.map((e) => [e.supplierId, e.score?.total])).toEqual([
      ["brightco", 1],
      ["lumen", 0],
    ]);
  });

  it("normalises weights that do not sum to 1", () => {
    const plan = planReplenishment(input({ weights: { leadTime: 4, fillRate: 3, unitCost: 2, apiAvailability: 1 } }));
    expect(plan.evaluations.map((e) => [e.supplierId, e.score?.total])).toEqual([
      ["lumen", 0.8],
      ["brightco", 0.2],
    ]);
    expect(plan.evaluations[0].score?.components.leadTime.weight).toBe(0.4);
  });

  it("scales values between the eligible candidates only: a middle value scores in proportion", () => {
    const a = supplier("a", { leadTimeDays: 2, unitCost: 10 });
    const b = supplier("b", { leadTimeDays: 4, unitCost: 10 });
    const c = supplier("c", { leadTimeDays: 10, unitCost: 10 });
    const plan = planReplenishment(
      input({ candidates: [c, b, a], weights: { leadTime: 1, fillRate: 0, unitCost: 0, apiAvailability: 0 } })
    );
    expect(plan.evaluations.map((e) => [e.supplierId, e.score?.components.leadTime.normalised, e.rank])).toEqual([
      ["a", 1, 1],
      ["b", 0.75, 2],
      ["c", 0, 3],
    ]);
  });

  it("gives a single eligible candidate full marks", () => {
    const plan = planReplenishment(input({ candidates: [brightco] }));
    expect(plan.evaluations).toEqual([
      {
        scope: "order",
        supplierId: "brightco",
        orderQuantity: 20,
        failed: [],
        score: {
          total: 1,
          components: {
            leadTime: { value: 9, normalised: 1, weight: 0.4, points: 0.4 },
            fillRate: { value: 0.9, normalised: 1, weight: 0.3, points: 0.3 },
            unitCost: { value: 27.5, normalised: 1, weight: 0.2, points: 0.2 },
            apiAvailability: { value: 0.95, normalised: 1, weight: 0.1, points: 0.1 },
          },
        },
        rank: 1,
      },
    ]);
  });

  it("breaks an exact tie by supplier id, whatever the input order", () => {
    const zeta = supplier("zeta", { leadTimeDays: 5, unitCost: 10 });
    const alpha = supplier("alpha", { leadTimeDays: 5, unitCost: 10 });
    for (const candidates of [
      [zeta, alpha],
      [alpha, zeta],
    ]) {
      const plan = planReplenishment(input({ candidates }));
      expect(plan.evaluations.map((e) => [e.supplierId, e.score?.total, e.rank])).toEqual([
        ["alpha", 1, 1],
        ["zeta", 1, 2],
      ]);
      expect(plan.lines.map((l) => l.supplierId)).toEqual(["alpha"]);
    }
  });

  it("compares costs in the shop currency through the given exchange rate", () => {
    // 30 USD at 0.9 EUR/USD = 27 EUR: cheaper than Lumen, dearer than nothing else.
    const usd = supplier("usd-co", { leadTimeDays: 6, unitCost: 30, currency: "USD" });
    const plan = planReplenishment(input({ candidates: [lumen, usd], exchangeRates: { USD: 0.9 } }));
    const usdEval = plan.evaluations.find((e) => e.supplierId === "usd-co");
    expect(usdEval?.failed).toEqual([]);
    expect(usdEval?.score?.components.unitCost).toEqual({ value: 27, normalised: 1, weight: 0.2, points: 0.2 });
  });
});

describe("planReplenishment — hard constraints come before the score", () => {
  it.each(["paused", "unavailable"] as const)("never chooses a %s supplier, however well it scores", (status) => {
    const plan = planReplenishment(input({ candidates: [with_(lumen, { supplier: { ...lumen.supplier, status } }), brightco] }));
    expect(plan.lines.map((l) => l.supplierId)).toEqual(["brightco"]);
    expect(plan.evaluations.find((e) => e.supplierId === "lumen")).toEqual({
      scope: "order",
      supplierId: "lumen",
      orderQuantity: 12,
      failed: [{ code: "supplier_not_active", message: `Supplier is ${status}` }],
      score: null,
      rank: null,
    });
  });

  it("does not choose a supplier that cannot supply the whole rounded quantity when another can", () => {
    const plan = planReplenishment(input({ candidates: [with_(lumen, { offer: { available: 11 } }), brightco] }));
    expect(plan.strategy).toBe("single_supplier");
    expect(plan.lines).toEqual([
      {
        supplierId: "brightco",
        quantity: 20,
        customerUnits: 7,
        bufferUnits: 5,
        roundingUnits: 8,
        unitCost: 27.5,
        currency: "EUR",
        leadTimeDays: 9,
      },
    ]);
    expect(plan.evaluations.find((e) => e.supplierId === "lumen")?.failed).toEqual([
      { code: "insufficient_capacity", message: "Needs 12 units, only 11 available" },
    ]);
  });

  it("checks capacity against the rounded quantity, not the units needed", () => {
    // 12 units fit in 15 available, but packs of 8 make it 16.
    const plan = planReplenishment(input({ candidates: [with_(lumen, { offer: { available: 15, packSize: 8 } }), brightco] }));
    expect(plan.evaluations.find((e) => e.supplierId === "lumen")?.failed).toEqual([
      { code: "insufficient_capacity", message: "Needs 16 units, only 15 available" },
    ]);
  });

  it("keeps a supplier slower than the promise window away from the units customers wait on", () => {
    const slowLumen = with_(lumen, { offer: { leadTimeDays: 11 } });
    const plan = planReplenishment(input({ candidates: [slowLumen, brightco] }));
    expect(plan.evaluations.find((e) => e.scope === "order" && e.supplierId === "lumen")?.failed).toEqual([
      { code: "outside_promise_window", message: "Lead time 11 days exceeds the 10-day promise window" },
    ]);
    // BrightCo's MOQ rounding already covers the buffer: nothing is left for a second supplier.
    expect(plan.lines).toEqual([
      {
        supplierId: "brightco",
        quantity: 20,
        customerUnits: 7,
        bufferUnits: 5,
        roundingUnits: 8,
        unitCost: 27.5,
        currency: "EUR",
        leadTimeDays: 9,
      },
    ]);
    expect(plan.escalations).toEqual([]);
  });

  it("accepts a lead time equal to the promise window", () => {
    const plan = planReplenishment(input({ candidates: [with_(brightco, { offer: { leadTimeDays: 10 } })] }));
    expect(plan.lines.map((l) => l.supplierId)).toEqual(["brightco"]);
  });

  it("does not bind buffer-only orders by the promise window", () => {
    const slowLumen = with_(lumen, { offer: { leadTimeDays: 30 } });
    const plan = planReplenishment(input({ customerUnits: 0, bufferUnits: 12, candidates: [slowLumen, brightco] }));
    expect(plan.evaluations.every((e) => e.failed.length === 0)).toBe(true);
    expect(plan.escalations).toEqual([]);
  });

  it("rejects an offer in a currency no rate converts", () => {
    const usd = supplier("usd-co", { leadTimeDays: 1, unitCost: 1, currency: "USD" });
    const plan = planReplenishment(input({ candidates: [usd, brightco] }));
    expect(plan.lines.map((l) => l.supplierId)).toEqual(["brightco"]);
    expect(plan.evaluations.find((e) => e.supplierId === "usd-co")?.failed).toEqual([
      { code: "no_exchange_rate", message: "No exchange rate from USD to EUR" },
    ]);
  });

  it("lists every constraint a candidate fails", () => {
    const bad = with_(lumen, { supplier: { ...lumen.supplier, status: "paused" }, offer: { leadTimeDays: 20, available: 3 } });
    const plan = planReplenishment(input({ candidates: [bad, brightco], excludedSupplierIds: ["lumen"] }));
    expect(plan.evaluations.find((e) => e.supplierId === "lumen")?.failed.map((f) => f.code)).toEqual([
      "excluded_after_failure",
      "supplier_not_active",
      "outside_promise_window",
      "insufficient_capacity",
    ]);
  });
});

describe("planReplenishment — customer units and buffer split across suppliers", () => {
  // Fast and dear inside the window; slow, cheap and reliable outside it.
  const fastco = supplier(
    "fastco",
    { leadTimeDays: 4, unitCost: 40 },
    { performance: { fillRate: 0.95, onTimeRate: 0.9, apiAvailability: 0.99 } }
  );
  const slowco = supplier(
    "slowco",
    { leadTimeDays: 20, unitCost: 20 },
    { performance: { fillRate: 0.99, onTimeRate: 0.9, apiAvailability: 0.999 } }
  );

  it("window: the fast supplier takes the customer units, the slow one that scores better takes the buffer", () => {
    const plan = planReplenishment(input({ candidates: [fastco, slowco] }));
    expect(plan.strategy).toBe("promise_window_split");
    expect(plan.lines).toEqual([
      {
        supplierId: "fastco",
        quantity: 7,
        customerUnits: 7,
        bufferUnits: 0,
        roundingUnits: 0,
        unitCost: 40,
        currency: "EUR",
        leadTimeDays: 4,
      },
      {
        supplierId: "slowco",
        quantity: 5,
        customerUnits: 0,
        bufferUnits: 5,
        roundingUnits: 0,
        unitCost: 20,
        currency: "EUR",
        leadTimeDays: 20,
      },
    ]);
    expect(plan.escalations).toEqual([]);
    expect(plan.evaluations.map((e) => [e.scope, e.supplierId, e.rank, e.score?.total ?? null, e.failed.map((f) => f.code)])).toEqual([
      ["order", "fastco", 1, 1, []],
      ["order", "slowco", null, null, ["outside_promise_window"]],
      ["buffer_units", "slowco", 1, 0.6, []],
      ["buffer_units", "fastco", 2, 0.4, []],
    ]);
    expect(formatWhyTable(plan.evaluations)).toBe(
      [
        "Whole order",
        "  #1 fastco  score 1  qty 12  Lead time 4 d → 1 (+0.4), Fill rate 0.95 → 1 (+0.3), Unit cost 40 → 1 (+0.2), API availability 0.99 → 1 (+0.1)",
        "  -  slowco  not eligible: Lead time 20 days exceeds the 10-day promise window",
        "Buffer stock",
        "  #1 slowco  score 0.6  qty 5  Lead time 20 d → 0 (+0), Fill rate 0.99 → 1 (+0.3), Unit cost 20 → 1 (+0.2), API availability 0.999 → 1 (+0.1)",
        "  #2 fastco  score 0.4  qty 5  Lead time 4 d → 1 (+0.4), Fill rate 0.95 → 0 (+0), Unit cost 40 → 0 (+0), API availability 0.99 → 0 (+0)",
      ].join("\n")
    );
  });

  it("window: no second supplier when the fast one's MOQ already covers the buffer", () => {
    const plan = planReplenishment(input({ candidates: [with_(fastco, { offer: { moq: 12 } }), slowco] }));
    expect(plan.strategy).toBe("single_supplier");
    expect(plan.lines).toEqual([
      {
        supplierId: "fastco",
        quantity: 12,
        customerUnits: 7,
        bufferUnits: 5,
        roundingUnits: 0,
        unitCost: 40,
        currency: "EUR",
        leadTimeDays: 4,
      },
    ]);
    expect(plan.evaluations.map((e) => e.scope)).toEqual(["order", "order"]);
  });

  it("window: rounding covers part of the buffer; the slow supplier gets the rest", () => {
    const plan = planReplenishment(input({ candidates: [with_(fastco, { offer: { moq: 9 } }), slowco] }));
    expect(plan.lines.map((l) => [l.supplierId, l.quantity, l.customerUnits, l.bufferUnits])).toEqual([
      ["fastco", 9, 7, 2],
      ["slowco", 3, 0, 3],
    ]);
  });

  it("window: no split when the better buffer supplier is inside the window too", () => {
    const plan = planReplenishment(input({ candidates: [fastco, with_(slowco, { offer: { leadTimeDays: 8 } })] }));
    expect(plan.strategy).toBe("single_supplier");
    expect(plan.lines).toHaveLength(1);
  });

  it("capacity: customer units are spread best-first when no supplier can take them all", () => {
    const a = supplier("a", { leadTimeDays: 3, unitCost: 10, available: 20 });
    const b = supplier("b", { leadTimeDays: 5, unitCost: 10, available: 15 });
    const plan = planReplenishment(input({ customerUnits: 30, bufferUnits: 0, candidates: [b, a] }));
    expect(plan.strategy).toBe("capacity_split");
    expect(plan.lines.map((l) => [l.supplierId, l.quantity, l.customerUnits, l.bufferUnits])).toEqual([
      ["a", 20, 20, 0],
      ["b", 10, 10, 0],
    ]);
    expect(plan.escalations).toEqual([]);
    expect(plan.evaluations.map((e) => [e.scope, e.supplierId, e.failed.map((f) => f.code)])).toEqual([
      ["order", "a", ["insufficient_capacity"]],
      ["order", "b", ["insufficient_capacity"]],
      ["customer_units", "a", []],
      ["customer_units", "b", []],
    ]);
  });

  it("capacity: the buffer goes to whoever has room left, a slow supplier included", () => {
    const a = supplier("a", { leadTimeDays: 3, unitCost: 10, available: 20 });
    const b = supplier("b", { leadTimeDays: 5, unitCost: 12, available: 15 });
    const slow = supplier("slow", { leadTimeDays: 30, unitCost: 8, available: null });
    const plan = planReplenishment(input({ customerUnits: 30, bufferUnits: 10, candidates: [a, b, slow] }));
    expect(plan.lines.map((l) => [l.supplierId, l.quantity, l.customerUnits, l.bufferUnits])).toEqual([
      ["a", 20, 20, 0],
      ["b", 15, 10, 5],
      ["slow", 5, 0, 5],
    ]);
    // The slow supplier never takes units customers wait on.
    expect(plan.lines.find((l) => l.supplierId === "slow")?.customerUnits).toBe(0);
  });

  it("capacity: respects MOQ and packs when spreading (a full supplier takes whole packs only)", () => {
    const a = supplier("a", { leadTimeDays: 3, unitCost: 10, available: 25, packSize: 6 });
    const b = supplier("b", { leadTimeDays: 5, unitCost: 10, available: 100, moq: 10 });
    const plan = planReplenishment(input({ customerUnits: 30, bufferUnits: 0, candidates: [a, b] }));
    // b can take all 30 in one line: no split.
    expect(plan.lines.map((l) => [l.supplierId, l.quantity, l.customerUnits, l.roundingUnits])).toEqual([["b", 30, 30, 0]]);
    // Only 12 at b: a takes at most 24 (four packs of 6), b the other 6, raised to its MOQ of 10.
    const tight = planReplenishment(input({ customerUnits: 30, bufferUnits: 0, candidates: [a, with_(b, { offer: { available: 12 } })] }));
    expect(tight.lines.map((l) => [l.supplierId, l.quantity, l.customerUnits, l.roundingUnits])).toEqual([
      ["a", 24, 24, 0],
      ["b", 10, 6, 4],
    ]);
  });
});

describe("planReplenishment — escalations", () => {
  it("escalates the first order of a SKU from a supplier", () => {
    const plan = planReplenishment(input({ candidates: [with_(lumen, { orderedBefore: false, lastUnitCost: null }), brightco] }));
    expect(plan.lines.map((l) => l.supplierId)).toEqual(["lumen"]);
    expect(plan.escalations).toEqual([
      {
        code: "new_supplier_for_sku",
        sku: "LAMP-BRASS",
        supplierId: "lumen",
        message: "LAMP-BRASS has never been ordered from Lumen GmbH: confirm the first order.",
      },
    ]);
  });

  it("escalates a unit cost more than the limit above the last PO's", () => {
    const plan = planReplenishment(input({ candidates: [with_(lumen, { offer: { unitCost: 36 } }), brightco] }));
    expect(plan.lines.map((l) => [l.supplierId, l.unitCost])).toEqual([["lumen", 36]]);
    expect(plan.escalations).toEqual([
      {
        code: "cost_deviation",
        sku: "LAMP-BRASS",
        supplierId: "lumen",
        unitCost: 36,
        lastUnitCost: 30.5,
        currency: "EUR",
        deviationPct: 18.03,
        thresholdPct: 15,
        message:
          "Unit cost 36.00 EUR for LAMP-BRASS from Lumen GmbH is 18.03% above the last purchase order (30.50 EUR); the limit is 15%.",
      },
    ]);
  });

  it("escalates a drop below the last PO's cost too (a likely price error)", () => {
    const plan = planReplenishment(input({ candidates: [with_(lumen, { offer: { unitCost: 25 } })] }));
    expect(plan.escalations.map((e) => [e.code, "deviationPct" in e ? e.deviationPct : null])).toEqual([["cost_deviation", -18.03]]);
    expect(plan.escalations[0].message).toContain("18.03% below");
  });

  it("does not escalate a deviation of exactly the limit, nor any with a different limit setting", () => {
    const at15 = with_(lumen, { offer: { unitCost: 34.5 }, lastUnitCost: 30 });
    expect(planReplenishment(input({ candidates: [at15] })).escalations).toEqual([]);
    expect(planReplenishment(input({ candidates: [at15], costDeviationPct: 14.99 })).escalations.map((e) => e.code)).toEqual([
      "cost_deviation",
    ]);
  });

  it("escalates units no eligible supplier can take, and drafts what fits", () => {
    const small = supplier("small", { leadTimeDays: 3, unitCost: 10, available: 20 });
    const plan = planReplenishment(input({ customerUnits: 30, bufferUnits: 5, candidates: [small] }));
    expect(plan.lines.map((l) => [l.supplierId, l.quantity, l.customerUnits, l.bufferUnits])).toEqual([["small", 20, 20, 0]]);
    expect(plan.unplaced).toEqual({ customerUnits: 10, bufferUnits: 5 });
    expect(plan.escalations).toEqual([
      {
        code: "exceeds_capacity",
        sku: "LAMP-BRASS",
        customerUnits: 10,
        bufferUnits: 5,
        message: "No eligible supplier can take 15 units (10 for customers, 5 buffer) of LAMP-BRASS: not enough capacity.",
      },
    ]);
  });

  it("drafts customer units from a late supplier when none delivers inside the window, and escalates", () => {
    const plan = planReplenishment(input({ promiseWindowDays: 5 }));
    expect(plan.lines).toEqual([
      {
        supplierId: "lumen",
        quantity: 12,
        customerUnits: 7,
        bufferUnits: 5,
        roundingUnits: 0,
        unitCost: 31,
        currency: "EUR",
        leadTimeDays: 6,
      },
    ]);
    expect(plan.evaluations.map((e) => [e.scope, e.supplierId, e.rank])).toEqual([
      ["order", "brightco", null],
      ["order", "lumen", null],
      ["customer_units", "brightco", null],
      ["customer_units", "lumen", null],
      ["late_customer_units", "lumen", 1],
      ["late_customer_units", "brightco", 2],
      // Lumen's MOQ covered 3 buffer units; the other 2 went to the best buffer supplier: Lumen again.
      ["buffer_units", "lumen", 1],
      ["buffer_units", "brightco", 2],
    ]);
    expect(plan.escalations).toEqual([
      {
        code: "outside_promise_window",
        sku: "LAMP-BRASS",
        supplierId: "lumen",
        customerUnits: 7,
        leadTimeDays: 6,
        promiseWindowDays: 5,
        message:
          "No supplier can deliver LAMP-BRASS within the 5-day promise window: 7 units customers wait on are drafted from Lumen GmbH (6-day lead time).",
      },
    ]);
  });

  it("escalates when no supplier is active, with nothing drafted", () => {
    const paused = (c: Candidate) => with_(c, { supplier: { ...c.supplier, status: "paused" } });
    const plan = planReplenishment(input({ candidates: [paused(lumen), paused(brightco)] }));
    expect(plan.strategy).toBe("none");
    expect(plan.lines).toEqual([]);
    expect(plan.escalations).toEqual([
      {
        code: "no_eligible_supplier",
        sku: "LAMP-BRASS",
        customerUnits: 7,
        bufferUnits: 5,
        message: "No active supplier offers LAMP-BRASS: 12 units (7 for customers, 5 buffer) cannot be ordered.",
      },
    ]);
    expect(planReplenishment(input({ candidates: [] })).escalations.map((e) => e.code)).toEqual(["no_eligible_supplier"]);
  });

  it("escalates when every supplier's submission has failed for good", () => {
    const plan = planReplenishment(input({ excludedSupplierIds: ["lumen", "brightco"] }));
    expect(plan.lines).toEqual([]);
    expect(plan.escalations).toEqual([
      {
        code: "all_submissions_failed",
        sku: "LAMP-BRASS",
        supplierIds: ["brightco", "lumen"],
        message: "Every submission path for LAMP-BRASS failed (brightco, lumen): place the order by hand.",
      },
    ]);
  });

  it("raises every reason that applies to a line", () => {
    const risky = with_(brightco, { orderedBefore: false, offer: { unitCost: 40 } });
    const plan = planReplenishment(input({ promiseWindowDays: 5, candidates: [risky] }));
    expect(plan.escalations.map((e) => e.code)).toEqual(["outside_promise_window", "new_supplier_for_sku", "cost_deviation"]);
  });
});

describe("planReplenishment — fallback after a failed submission", () => {
  it("re-plans without the excluded supplier: the next eligible one takes the order", () => {
    const plan = planReplenishment(input({ excludedSupplierIds: ["lumen"] }));
    expect(plan.lines).toEqual([
      {
        supplierId: "brightco",
        quantity: 20,
        customerUnits: 7,
        bufferUnits: 5,
        roundingUnits: 8,
        unitCost: 27.5,
        currency: "EUR",
        leadTimeDays: 9,
      },
    ]);
    expect(plan.escalations).toEqual([]);
    expect(plan.evaluations.find((e) => e.supplierId === "lumen")).toEqual({
      scope: "order",
      supplierId: "lumen",
      orderQuantity: 12,
      failed: [{ code: "excluded_after_failure", message: "Submission to this supplier already failed for good for this deficit" }],
      score: null,
      rank: null,
    });
    // Rescaled across the one remaining candidate: full marks.
    expect(plan.evaluations.find((e) => e.supplierId === "brightco")?.score?.total).toBe(1);
  });

  it("ignores exclusions of suppliers that are not candidates", () => {
    expect(planReplenishment(input({ excludedSupplierIds: ["someone-else"] })).lines.map((l) => l.supplierId)).toEqual(["lumen"]);
  });
});

describe("planReplenishment — input", () => {
  it("plans nothing for nothing", () => {
    expect(planReplenishment(input({ customerUnits: 0, bufferUnits: 0 }))).toEqual({
      sku: "LAMP-BRASS",
      strategy: "none",
      lines: [],
      unplaced: { customerUnits: 0, bufferUnits: 0 },
      evaluations: [],
      escalations: [],
    });
  });

  it("rejects impossible input instead of planning on it", () => {
    expect(() => planReplenishment(input({ customerUnits: -1 }))).toThrow(RangeError);
    expect(() => planReplenishment(input({ bufferUnits: 1.5 }))).toThrow(RangeError);
    expect(() => planReplenishment(input({ candidates: [lumen, lumen] }))).toThrow("supplier lumen is a candidate twice");
    expect(() => planReplenishment(input({ candidates: [with_(lumen, { offer: { moq: 0 } })] }))).toThrow("MOQ must be an integer >= 1");
    expect(() =>
      planReplenishment(input({ candidates: [with_(lumen, { performance: { ...lumen.performance, fillRate: 1.2 } })] }))
    ).toThrow("fillRate");
    expect(() => planReplenishment(input({ weights: { leadTime: 0, fillRate: 0, unitCost: 0, apiAvailability: 0 } }))).toThrow(RangeError);
  });
});
