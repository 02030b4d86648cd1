// Replenishment under a flash sale, through scenario replay (the real pipeline on a virtual clock):
// ~2,000 orders over 60 s on 50 SKUs, 3 channels with their promise windows, 3 suppliers (API,
// email, EDI), a few cancellations. The pilot's purchase orders are compared, side by side, with
// what a NAIVE rule-based policy would have sent for the same demand — one PO per oversold order
// line to a fixed default supplier, the way a Flow rule "order line oversold -> create PO" works:
// POs sent, units ordered, duplicate units (ordered for a shortage that no longer exists, or
// twice), units customers wait on ordered outside their channel's promise window, total cost.
// Detection-to-submission time (virtual seconds) is measured per PO and per unit short.
//
// Call replenishmentBench(engine) from bench/run.ts (it prints both columns and one JSON line), or
// run `npx tsx bench/replenishment-bench.ts [pglite|postgres] [orders]`.
import pg from "pg";
import { freshDatabase, percentile, type Engine } from "./bench-database";
import type { Scenario } from "../app/scenario/scenario-schema";
import { seededRandom } from "../app/emulator/seeded-random";

export type ReplenishmentBenchOptions = {
  orders?: number;
  skus?: number;
  seconds?: number;
  seed?: number;
  cancelRate?: number;
  /** Stock on hand per SKU as a share of the demand it will see (drawn uniformly in this range). */
  stockCover?: [number, number];
};

const CHANNELS = [
  { id: "online_store", share: 0.5 },
  { id: "amazon", share: 0.3 },
  { id: "ebay", share: 0.2 },
];
const PROMISE_WINDOW_DAYS: Record<string, number> = { default: 7, amazon: 4 };
// The naive rule's fixed supplier: the distributor that stocks everything.
const NAIVE_SUPPLIER = "charlie";
const DEDUP_MAX_SECONDS = 90;

type Offer = Scenario["products"][number]["offers"][number];

/** A flash sale as a scenario file (shared/scenarios/FORMAT.md). Deterministic for a seed. */
export function flashSaleReplenishmentScenario(o: ReplenishmentBenchOptions = {}): Scenario {
  const orders = o.orders ?? 2000;
  const skus = o.skus ?? 50;
  const seconds = o.seconds ?? 60;
  const random = seededRandom(o.seed ?? 2027);
  const pick = <T extends { share: number }>(xs: T[]) => {
    let r = random();
    for (const x of xs) if ((r -= x.share) < 0) return x;
    return xs[xs.length - 1];
  };
  // Skewed demand (a few SKUs sell most); each SKU has stock for part of what it will sell.
  const skuOf = () => Math.min(skus - 1, Math.floor(skus * random() ** 2));
  const plan = Array.from({ length: orders }, () => ({ sku: skuOf(), qty: random() < 0.9 ? 1 : 2, channel: pick(CHANNELS).id }));
  const cover = o.stockCover ?? [0.4, 0.9];
  const demand = new Array(skus).fill(0);
  for (const p of plan) demand[p.sku] += p.qty;
  const products: Scenario["products"] = demand.map((d, i) => {
    const base = 8 + (i % 7) * 3;
    const offers: Offer[] = [
      // alpha: fast API supplier, dearer; bravo: slow and cheap by email, MOQ 10; charlie: EDI, packs of 6.
      { supplier: "alpha", leadTimeDays: 3, unitCost: round2(base * 1.15), available: 1000, moq: 1, packSize: 1, fillRate: 0.97, apiAvailability: 0.999, lastUnitCost: round2(base * 1.15) },
      { supplier: "bravo", leadTimeDays: 9, unitCost: round2(base * 0.9), available: 1000, moq: 10, packSize: 1, fillRate: 0.92, apiAvailability: 0.98, lastUnitCost: round2(base * 0.9) },
      { supplier: "charlie", leadTimeDays: 5, unitCost: base, available: 1000, moq: 1, packSize: 6, fillRate: 0.95, apiAvailability: 0.99, lastUnitCost: base },
    ];
    return {
      sku: `FS-${String(i).padStart(2, "0")}`,
      title: `Flash item ${i}`,
      price: round2(base * 2.5),
      inventory: { main: Math.floor(d * (cover[0] + (cover[1] - cover[0]) * random())) },
      backorder: { allowed: true },
      ...(i < 10 ? { safetyStock: 4 } : {}),
      offers,
    };
  });
  const events: Scenario["events"] = [];
  plan.forEach((p, n) => {
    const at = (n * seconds) / orders;
    const id = `FS-${n + 1}`;
    events.push({ at: `+${at.toFixed(3)}s`, type: "order", id, channel: p.channel, customer: { email: `c${n + 1}@example.com` }, lines: [{ sku: products[p.sku].sku, quantity: p.qty }] });
    // Some customers cancel a little later: inside the deficit window or after it closed.
    if (random() < (o.cancelRate ?? 0.03)) events.push({ at: `+${(at + 5 + random() * 60).toFixed(3)}s`, type: "cancel", order: id });
  });
  events.push({ at: "+15m", type: "advance" });
  return {
    name: `Flash sale replenishment: ${orders} orders in ${seconds} s on ${skus} SKUs`,
    start: "2026-11-27T09:00:00-05:00",
    timezone: "America/New_York",
    settings: { dedupWindowSeconds: DEDUP_MAX_SECONDS, dedupQuietSeconds: 10, promiseWindowDays: PROMISE_WINDOW_DAYS },
    locations: [{ id: "main", name: "Main warehouse" }],
    suppliers: [
      { id: "alpha", name: "Alpha Direct", status: "active", submission: "api" },
      { id: "bravo", name: "Bravo Wholesale", status: "active", submission: "email" },
      { id: "charlie", name: "Charlie Distribution", status: "active", submission: "edi" },
    ],
    products,
    events,
  };
}

const round2 = (x: number) => Math.round(x * 100) / 100;
const round1 = (x: number) => Math.round(x * 10) / 10;
const median = (xs: number[]) => (xs.length ? percentile([...xs].sort((a, b) => a - b), 50) : null);
const max = (xs: number[]) => (xs.length ? Math.max(...xs) : null);

export type PolicyColumn = {
  purchaseOrdersSent: number;
  unitsOrdered: number;
  customerUnitsOrdered: number;
  duplicateUnitsOrdered: number;
  unitsOutsidePromiseWindow: number;
  totalCost: number;
  escalations: number;
  detectionToSubmitSeconds: {
    /** From the PO's earliest detection (the first unit of the oldest deficit it covers). */
    perPurchaseOrder: Stat;
    /** From each deficit window's first detection to the submission of its PO. */
    perDeficit: Stat;
    /** From each unit's own detection (backorder line) to the submission of the PO covering it. */
    perUnit: Stat;
    /** From the window's closing to the submission: the machinery's own delay. */
    windowCloseToSubmit: Stat;
  };
};
type Stat = { median: number | null; max: number | null };

export type ReplenishmentBenchResult = {
  kind: "replenishment";
  engine: Engine;
  orders: number;
  skus: number;
  unitsShort: number;
  backorderLines: number;
  wallMs: number;
  pilot: PolicyColumn;
  naive: PolicyColumn;
  /** Judged per deficit (one deficit = one window): its first detection to its PO's submission. */
  targets: { medianSeconds: 15; maxSeconds: number; medianMet: boolean; maxMet: boolean };
};

export async function replenishmentBench(engine: Engine, o: ReplenishmentBenchOptions = {}): Promise<ReplenishmentBenchResult> {
  const db = await freshDatabase(engine);
  process.env.DATABASE_URL = db.url;
  const scenario = flashSaleReplenishmentScenario(o);
  const { replayScenario } = await import("../app/scenario/replay-scenario.server");
  const t0 = performance.now();
  const result = await replayScenario(scenario, { settleEachEvent: true });
  const wallMs = performance.now() - t0;

  const client = new pg.Client({ connectionString: db.url });
  await client.connect();
  try {
    const pilot = await pilotColumn(client, scenario, result.metrics.escalated);
    const naive = naiveColumn(scenario, result.backorders);
    const unitsShort = result.backorders.filter((b) => b.status === "backordered").reduce((n, b) => n + b.quantity, 0);
    const perDeficit = pilot.detectionToSubmitSeconds.perDeficit;
    return {
      kind: "replenishment",
      engine,
      orders: scenario.events.filter((e) => e.type === "order").length,
      skus: scenario.products.length,
      unitsShort,
      backorderLines: result.backorders.length,
      wallMs: Math.round(wallMs),
      pilot,
      naive,
      targets: {
        medianSeconds: 15,
        maxSeconds: DEDUP_MAX_SECONDS + 5,
        medianMet: perDeficit.median !== null && perDeficit.median <= 15,
        maxMet: perDeficit.max !== null && perDeficit.max <= DEDUP_MAX_SECONDS + 5,
      },
    };
  } finally {
    await client.end();
    const { disconnectPrisma } = await import("../app/db.server");
    await disconnectPrisma();
    await db.drop();
  }
}

/** What the pilot sent, read back from its own tables (coverage links give the per-unit delays). */
async function pilotColumn(db: pg.Client, s: Scenario, escalations: number): Promise<PolicyColumn> {
  const lines = await db.query<{ quantity: number; customerUnits: number; unitCost: string; leadTimeDays: number; evaluations: { deficitWindowId: string | null; promiseWindowDays: number }[]; deficitWindowId: string | null; status: string }>(
    `SELECT l."quantity", l."customerUnits", l."unitCost"::text AS "unitCost", l."leadTimeDays", p."evaluations", l."deficitWindowId"::text AS "deficitWindowId", p."status"
       FROM "PurchaseOrderLine" l JOIN "PurchaseOrder" p ON p."id" = l."purchaseOrderId"
      WHERE p."submittedAt" IS NOT NULL`,
  );
  const pos = await db.query<{ delay: number }>(`SELECT extract(epoch FROM ("submittedAt" - "detectedAt"))::float8 AS delay FROM "PurchaseOrder" WHERE "submittedAt" IS NOT NULL`);
  const units = await db.query<{ delay: number; units: number }>(
    `SELECT extract(epoch FROM (p."submittedAt" - b."detectedAt"))::float8 AS delay, c."units"
       FROM "PurchaseOrderCoverage" c JOIN "BackorderLine" b ON b."id" = c."backorderLineId"
       JOIN "PurchaseOrderLine" l ON l."id" = c."purchaseOrderLineId" JOIN "PurchaseOrder" p ON p."id" = l."purchaseOrderId"
      WHERE p."submittedAt" IS NOT NULL`,
  );
  const deficits = await db.query<{ fromOpen: number; fromClose: number }>(
    `SELECT extract(epoch FROM (min(p."submittedAt") - w."openedAt"))::float8 AS "fromOpen",
            extract(epoch FROM (min(p."submittedAt") - w."closedAt"))::float8 AS "fromClose"
       FROM "DeficitWindow" w JOIN "PurchaseOrderLine" l ON l."deficitWindowId" = w."id" AND l."live"
       JOIN "PurchaseOrder" p ON p."id" = l."purchaseOrderId"
      WHERE p."submittedAt" IS NOT NULL GROUP BY w."id"`,
  );
  const short = await db.query<{ units: number }>(`SELECT COALESCE(sum("quantityBackordered"), 0)::int AS units FROM "BackorderLine" WHERE "status" = 'backordered'`);
  const customerUnitsOrdered = lines.rows.reduce((n, l) => n + l.customerUnits, 0);
  const outside = lines.rows.reduce((n, l) => {
    const window = l.evaluations.find((e) => e.deficitWindowId === l.deficitWindowId)?.promiseWindowDays ?? PROMISE_WINDOW_DAYS.default;
    return n + (l.leadTimeDays > window ? l.customerUnits : 0);
  }, 0);
  const perUnit = units.rows.flatMap((r) => Array<number>(r.units).fill(r.delay));
  void s;
  return {
    purchaseOrdersSent: (await db.query(`SELECT 1 FROM "PurchaseOrder" WHERE "submittedAt" IS NOT NULL`)).rowCount ?? 0,
    unitsOrdered: lines.rows.reduce((n, l) => n + l.quantity, 0),
    customerUnitsOrdered,
    duplicateUnitsOrdered: Math.max(0, customerUnitsOrdered - short.rows[0].units),
    unitsOutsidePromiseWindow: outside,
    totalCost: round2(lines.rows.reduce((n, l) => n + l.quantity * Number(l.unitCost), 0)),
    escalations,
    detectionToSubmitSeconds: {
      perPurchaseOrder: { median: nullable(round1, median(pos.rows.map((r) => r.delay))), max: nullable(round1, max(pos.rows.map((r) => r.delay))) },
      perDeficit: stat(deficits.rows.map((r) => r.fromOpen)),
      perUnit: { median: nullable(round1, median(perUnit)), max: nullable(round1, max(perUnit)) },
      windowCloseToSubmit: stat(deficits.rows.map((r) => r.fromClose)),
    },
  };
}

const stat = (xs: number[]): Stat => ({ median: nullable(round1, median(xs)), max: nullable(round1, max(xs)) });

const nullable = <T, R>(f: (x: T) => R, x: T | null) => (x === null ? null : f(x));

/**
 * The naive policy on the same demand: every order line the app found oversold gets a PO of its
 * own, the moment it is found (so 0 s to submit), to the fixed default supplier, rounded to that
 * supplier's MOQ and pack size. Nothing is cancelled when the order is, nothing is deduplicated.
 */
function naiveColumn(s: Scenario, backorders: { sku: string | null; quantity: number; channel: string; status: string }[]): PolicyColumn {
  const offerOf = new Map(s.products.map((p) => [p.sku, p.offers.find((x) => x.supplier === NAIVE_SUPPLIER)!]));
  let unitsOrdered = 0;
  let customerUnitsOrdered = 0;
  let outside = 0;
  let cost = 0;
  for (const b of backorders) {
    const offer = offerOf.get(b.sku ?? "")!;
    const qty = Math.ceil(Math.max(b.quantity, offer.moq ?? 1) / (offer.packSize ?? 1)) * (offer.packSize ?? 1);
    unitsOrdered += qty;
    customerUnitsOrdered += b.quantity;
    cost += qty * offer.unitCost;
    if (offer.leadTimeDays > (PROMISE_WINDOW_DAYS[b.channel] ?? PROMISE_WINDOW_DAYS.default)) outside += b.quantity;
  }
  const stillShort = backorders.filter((b) => b.status === "backordered").reduce((n, b) => n + b.quantity, 0);
  return {
    purchaseOrdersSent: backorders.length,
    unitsOrdered,
    customerUnitsOrdered,
    duplicateUnitsOrdered: Math.max(0, customerUnitsOrdered - stillShort),
    unitsOutsidePromiseWindow: outside,
    totalCost: round2(cost),
    escalations: 0,
    detectionToSubmitSeconds: { perPurchaseOrder: { median: 0, max: 0 }, perDeficit: { median: 0, max: 0 }, perUnit: { median: 0, max: 0 }, windowCloseToSubmit: { median: 0, max: 0 } },
  };
}

/** Both columns side by side, then the result as one JSON line. */
export function printReplenishmentBench(r: ReplenishmentBenchResult): void {
  const rows: [string, (c: PolicyColumn) => unknown][] = [
    ["POs sent", (c) => c.purchaseOrdersSent],
    ["units ordered", (c) => c.unitsOrdered],
    ["  of which for waiting customers", (c) => c.customerUnitsOrdered],
    ["duplicate units ordered", (c) => c.duplicateUnitsOrdered],
    ["units outside the promise window", (c) => c.unitsOutsidePromiseWindow],
    ["total cost", (c) => c.totalCost.toFixed(2)],
    ["escalations (a person decides)", (c) => c.escalations],
    ["detection->submit per PO median/max s", (c) => `${c.detectionToSubmitSeconds.perPurchaseOrder.median} / ${c.detectionToSubmitSeconds.perPurchaseOrder.max}`],
    ["detection->submit per deficit median/max s", (c) => `${c.detectionToSubmitSeconds.perDeficit.median} / ${c.detectionToSubmitSeconds.perDeficit.max}`],
    ["detection->submit per unit median/max s", (c) => `${c.detectionToSubmitSeconds.perUnit.median} / ${c.detectionToSubmitSeconds.perUnit.max}`],
    ["window close->submit median/max s", (c) => `${c.detectionToSubmitSeconds.windowCloseToSubmit.median} / ${c.detectionToSubmitSeconds.windowCloseToSubmit.max}`],
  ];
  console.log(`\nReplenishment, ${r.orders} orders / ${r.skus} SKUs / 3 channels / 3 suppliers (${r.engine}): ${r.backorderLines} oversold lines, ${r.unitsShort} units short at the end, replayed in ${(r.wallMs / 1000).toFixed(1)} s`);
  console.log(`${"".padEnd(42)}${"pilot".padStart(16)}${`naive (1 PO/line -> ${NAIVE_SUPPLIER})`.padStart(30)}`);
  for (const [label, f] of rows) console.log(`${label.padEnd(42)}${String(f(r.pilot)).padStart(16)}${String(f(r.naive)).padStart(30)}`);
  console.log(`targets: median <= ${r.targets.medianSeconds} s ${r.targets.medianMet ? "met" : "MISSED"}, max <= ${r.targets.maxSeconds} s ${r.targets.maxMet ? "met" : "MISSED"} (per deficit)`);
  console.log(JSON.stringify(r));
}

// `npx tsx bench/replenishment-bench.ts [engine] [orders]`
if (process.argv[1]?.endsWith("replenishment-bench.ts")) {
  const engine = (process.argv[2] as Engine | undefined) ?? "pglite";
  const orders = process.argv[3] ? Number(process.argv[3]) : undefined;
  const stockCover = process.env.BENCH_STOCK_COVER?.split(",").map(Number) as [number, number] | undefined;
  process.env.NODE_ENV ??= "production";
  const r = await replenishmentBench(engine, { orders, ...(stockCover ? { stockCover } : {}) });
  printReplenishmentBench(r);
  process.exit(0);
}
