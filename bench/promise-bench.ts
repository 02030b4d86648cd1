// Promise simulation: a year of purchase orders for a few suppliers and SKUs, with right-skewed
// (log-normal) lead times, ETAs that drift further off the further ahead they look, occasional
// big slips (some announced with a new ETA), and customers ordering into stockouts.
//
// Each backordered line is promised the way the app promises it: at backorder time, then again
// whenever its PO moves (sent, confirmed, ETA announced, received) and — time alone — once the
// range in force can no longer be kept (its stock has not come by the last day it could).
// Everything is learned only from receipts before that moment (rolling history). The simulation
// then ships the line (receipt + receiving + processing + transit) and scores three ranges:
//   first             the range given at backorder time,
//   last pre-receipt  the last range given while the stock was still with the supplier,
//   in force at ship  the range in force on the shipping day (after a receipt this is the
//                     receipt's own window, exact by construction here: read with care),
// and counts the update emails a customer would get (a later end than they were told).
// The same worlds are scored for the app's method in a few tunings and for naive baselines.
//
//   npx tsx bench/promise-bench.ts        BENCH_SEED=<n> (first world), BENCH_WORLDS=<n> (default 5)
//
// Prints a table and, last, one JSON line with the numbers; `promiseBench()` returns them.
import { pathToFileURL } from "node:url";
import { createBusinessCalendar, type LocalDate } from "../app/domain/calendar";
import { seededRandom } from "../app/emulator/seeded-random";
import {
  computePromise,
  type CustomerPromise,
  type LearningTuning,
  type PromisePhase,
  type PromiseWindow,
  type SupplyHistory,
  type SupplyState,
} from "../app/domain/promises";

const calendar = createBusinessCalendar({ timeZone: "America/New_York", country: "US" });
const FIRST_DAY: LocalDate = "2026-01-02";
const LAST_ORDER_DAY: LocalDate = "2026-12-31";
const WARM_FROM: LocalDate = "2026-04-01";
const SETTINGS = { receivingDays: 1, processingDays: 1 };
/** Rolling history kept per SKU, per supplier (lead times) and per supplier (ETA slips). */
const HISTORY_WINDOW = { sku: 30, supplier: 60, slips: 60 };
/** A drafted PO is approved and sent within this many business days (the shop's ordering rhythm). */
const MAX_APPROVAL_DAYS = 2;

// --- suppliers and SKUs --------------------------------------------------------------------------

type Supplier = {
  name: string;
  statedLeadDays: number;
  /** Actual lead time: log-normal with median stated × ratio. */
  leadRatio: number;
  leadSigma: number;
  confirmAfter: [number, number];
  /**
   * ETA error (receipt − ETA, business days): normal with this bias and a spread that grows with
   * how far ahead the ETA looks (0.3 + etaSdPerDay × days ahead), rounded; plus rare big slips.
   */
  etaBias: number;
  etaSdPerDay: number;
  bigSlip: number;
  /** A slip of 3+ days is announced (new ETA) two days before the old ETA with this probability. */
  announces: number;
};

const SUPPLIERS: readonly Supplier[] = [
  {
    name: "domestic",
    statedLeadDays: 5,
    leadRatio: 1.1,
    leadSigma: 0.15,
    confirmAfter: [1, 1],
    etaBias: 0.2,
    etaSdPerDay: 0.08,
    bigSlip: 0.03,
    announces: 0.6,
  },
  {
    name: "overseas",
    statedLeadDays: 20,
    leadRatio: 1.1,
    leadSigma: 0.2,
    confirmAfter: [1, 3],
    etaBias: 0.5,
    etaSdPerDay: 0.06,
    bigSlip: 0.08,
    announces: 0.5,
  },
  {
    name: "optimist",
    statedLeadDays: 10,
    leadRatio: 1.3,
    leadSigma: 0.2,
    confirmAfter: [1, 2],
    etaBias: 1,
    etaSdPerDay: 0.08,
    bigSlip: 0.05,
    announces: 0.4,
  },
  {
    name: "erratic",
    statedLeadDays: 7,
    leadRatio: 1,
    leadSigma: 0.35,
    confirmAfter: [2, 4],
    etaBias: 0.3,
    etaSdPerDay: 0.15,
    bigSlip: 0.08,
    announces: 0.3,
  },
];

/**
 * "stocked": re-ordered when cover drops below ~80% of the stated lead time (a PO is usually out
 * when stock runs out); "lean": re-ordered only once sold out, so backorders come first.
 */
const POLICIES = ["stocked", "lean", "stocked"] as const;
const BASE_DEMAND = [0.6, 1.5, 3]; // units per business day, ±20 % per world

type Sku = {
  id: string;
  supplier: Supplier;
  demandPerDay: number;
  orderQty: number;
  reorderPoint: number;
  onHand: number;
  leadDays: number[];
};

type PurchaseOrder = {
  sku: Sku;
  qty: number;
  reserved: number;
  /** A draft until approved and sent on `submitOn`. */
  submitOn: LocalDate;
  submitted: boolean;
  /** Drawn when submitted; the receipt day is the simulation's secret until it comes. */
  receiptOn?: LocalDate;
  confirmOn?: LocalDate;
  firstEta?: LocalDate;
  announceOn?: LocalDate;
  announcedEta?: LocalDate;
  lines: Line[];
};

/** A range given to the customer: on which day, and (app methods) the last day its stock may come. */
type Given = { on: LocalDate; window: PromiseWindow; receiptLatest: LocalDate | null };

type Line = {
  supplier: string;
  backorderedOn: LocalDate;
  transitDays: number;
  phase: PromisePhase;
  /** Per method: every range given, oldest first. */
  given: Given[][];
  receiptOn?: LocalDate;
  shipsOn?: LocalDate;
};

// --- promise methods (the app's in a few tunings, and naive baselines) ---------------------------

type Context = { sku: Sku; po: PurchaseOrder; supply: SupplyState; today: LocalDate; transitDays: number; history: SupplyHistory };
type Promised = { window: PromiseWindow; receiptLatest: LocalDate | null };
/** `app`: re-promises as the app does (every PO event, a receipt, time alone); baselines re-state their rule when the supplier says something. */
type Method = { name: string; app: boolean; promise: (c: Context) => Promised };

const appMethod = (name: string, leadTime: LearningTuning, slip: LearningTuning = leadTime, horizonOffsetDays?: number | null): Method => ({
  name,
  app: true,
  promise: (c) => {
    const p: CustomerPromise = computePromise({
      calendar,
      now: new Date(`${c.today}T15:00:00Z`), // 10:00 or 11:00 in New York
      supply: c.supply,
      history: c.history,
      settings: { ...SETTINGS, transitDays: c.transitDays },
      tuning: { leadTime, slip, horizonOffsetDays },
    });
    return { window: { earliest: p.earliest, latest: p.latest }, receiptLatest: p.basis.receipt.latest };
  },
});

const afterReceipt = (c: Context) => SETTINGS.receivingDays + SETTINGS.processingDays + c.transitDays;
const single = (day: LocalDate): Promised => ({ window: { earliest: day, latest: day }, receiptLatest: null });
const statedDate = (c: Context) =>
  calendar.addBusinessDays(c.po.submitted ? c.po.submitOn : c.today, c.sku.supplier.statedLeadDays + afterReceipt(c));

/**
 * The app's tunings compared; the first is the app's default (LEARNING_DEFAULTS, HORIZON_OFFSET_DAYS).
 * "before tuning" is the method as it stood: no early day in the lateness prior, no horizon scaling.
 */
const APP_TUNINGS: [string, LearningTuning, number | null | undefined][] = [
  ["app (defaults)", {}, undefined],
  ["app before tuning", { priorEarlyDays: 0 }, null],
  ["app 10th/90th", { lowQuantile: 0.1, highQuantile: 0.9 }, undefined],
  ["app 5th/95th", { lowQuantile: 0.05, highQuantile: 0.95 }, undefined],
  ["app 2nd/98th", { lowQuantile: 0.02, highQuantile: 0.98 }, undefined],
  ["app 2 days early", { priorEarlyDays: 2 }, undefined],
];

const METHODS: readonly Method[] = [
  ...APP_TUNINGS.map(([name, tuning, c]) => appMethod(name, tuning, tuning, c)),
  { name: "baseline: stated lead time", app: false, promise: (c) => single(statedDate(c)) },
  {
    name: "baseline: supplier ETA",
    app: false,
    promise: (c) => single(c.supply.phase === "confirmed" ? calendar.addBusinessDays(c.supply.supplierEta, afterReceipt(c)) : statedDate(c)),
  },
];
const STATED_BASELINE = METHODS.findIndex((m) => m.name === "baseline: stated lead time");

// --- one simulated year ---------------------------------------------------------------------------

const phaseOf = (s: SupplyState): PromisePhase =>
  s.phase === "confirmed" && s.firstEta !== undefined && s.supplierEta > s.firstEta ? "slipped" : s.phase;

function simulateYear(seed: number): Line[] {
  const random = seededRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const logNormal = (median: number, sigma: number) => median * Math.exp(sigma * normal());
  const between = (min: number, max: number) => min + Math.floor(random() * (max - min + 1));
  const poisson = (lambda: number) => {
    let k = 0;
    for (let p = random(), limit = Math.exp(-lambda); p > limit; p *= random()) k++;
    return k;
  };
  const rolling = <T>(list: T[], value: T, max: number) => {
    list.push(value);
    if (list.length > max) list.shift();
  };

  const skus: Sku[] = SUPPLIERS.flatMap((supplier) =>
    POLICIES.map((policy, i) => {
      const demandPerDay = BASE_DEMAND[i] * (0.8 + 0.4 * random());
      return {
        id: `${supplier.name}-${i + 1}`,
        supplier,
        demandPerDay,
        orderQty: Math.max(4, Math.round(demandPerDay * 20)),
        reorderPoint: policy === "stocked" ? Math.round(demandPerDay * supplier.statedLeadDays * 0.8) : -1,
        onHand: Math.round(demandPerDay * 15),
        leadDays: [],
      };
    })
  );
  const supplierHistory = new Map(
    SUPPLIERS.map((s) => [s, { leads: [] as SupplyHistory["supplierLeadDays"][number][], slips: [] as number[], slipHorizons: [] as number[] }])
  );
  const history = (sku: Sku): SupplyHistory => {
    const h = supplierHistory.get(sku.supplier)!;
    return { skuLeadDays: sku.leadDays, supplierLeadDays: h.leads, slipDays: h.slips, slipHorizonDays: h.slipHorizons };
  };
  const openOrders: PurchaseOrder[] = [];
  const lines: Line[] = [];

  function draftOrder(sku: Sku, today: LocalDate): PurchaseOrder {
    const submitOn = calendar.addBusinessDays(today, between(0, MAX_APPROVAL_DAYS));
    const po: PurchaseOrder = { sku, qty: sku.orderQty, reserved: 0, submitOn, submitted: false, lines: [] };
    openOrders.push(po);
    return po;
  }

  function submit(po: PurchaseOrder) {
    const s = po.sku.supplier;
    po.submitted = true;
    const receiptOn = calendar.addBusinessDays(
      po.submitOn,
      Math.max(1, Math.round(logNormal(s.statedLeadDays * s.leadRatio, s.leadSigma)))
    );
    po.receiptOn = receiptOn;
    const confirmOn = calendar.addBusinessDays(po.submitOn, between(...s.confirmAfter));
    if (confirmOn >= receiptOn) return; // in before the supplier ever confirms
    const ahead = calendar.businessDaysBetween(confirmOn, receiptOn);
    let error = Math.round(s.etaBias + normal() * (0.3 + s.etaSdPerDay * ahead));
    if (random() < s.bigSlip) error += 3 + Math.round(logNormal(3, 0.5));
    const etaFrom = (day: LocalDate, err: number) =>
      calendar.addBusinessDays(day, Math.max(1, calendar.businessDaysBetween(day, receiptOn) - err));
    po.confirmOn = confirmOn;
    po.firstEta = etaFrom(confirmOn, error);
    if (error >= 3 && random() < s.announces) {
      const announceOn = calendar.addBusinessDays(confirmOn, Math.max(1, calendar.businessDaysBetween(confirmOn, po.firstEta) - 2));
      if (announceOn < receiptOn) {
        po.announceOn = announceOn;
        po.announcedEta = etaFrom(announceOn, random() < 0.7 ? 0 : 1);
      }
    }
  }

  function supplyState(po: PurchaseOrder, today: LocalDate): SupplyState {
    const statedLeadDays = po.sku.supplier.statedLeadDays;
    if (!po.submitted) return { phase: "awaiting_po", statedLeadDays, orderWithinDays: MAX_APPROVAL_DAYS };
    if (!po.confirmOn || po.confirmOn > today) return { phase: "submitted", submittedOn: po.submitOn, statedLeadDays };
    const announced = po.announceOn !== undefined && po.announceOn <= today;
    return {
      phase: "confirmed",
      statedLeadDays,
      supplierEta: announced ? po.announcedEta! : po.firstEta!,
      firstEta: po.firstEta,
      firstEtaHorizonDays: calendar.businessDaysBetween(po.confirmOn, po.firstEta!),
    };
  }

  function receive(po: PurchaseOrder) {
    const { sku } = po;
    const receiptOn = po.receiptOn!;
    openOrders.splice(openOrders.indexOf(po), 1);
    sku.onHand += po.qty - po.reserved;
    const actual = calendar.businessDaysBetween(po.submitOn, receiptOn);
    const h = supplierHistory.get(sku.supplier)!;
    rolling(sku.leadDays, actual, HISTORY_WINDOW.sku);
    rolling(h.leads, { actualDays: actual, statedDays: sku.supplier.statedLeadDays }, HISTORY_WINDOW.supplier);
    if (po.firstEta) {
      rolling(h.slips, calendar.businessDaysBetween(po.firstEta, receiptOn), HISTORY_WINDOW.slips);
      rolling(h.slipHorizons, calendar.businessDaysBetween(po.confirmOn!, po.firstEta), HISTORY_WINDOW.slips);
    }
    for (const line of po.lines) {
      line.receiptOn = receiptOn;
      line.shipsOn = calendar.addBusinessDays(receiptOn, SETTINGS.receivingDays + SETTINGS.processingDays + line.transitDays);
    }
    // The app re-promises on the receipt (baselines have no rule for it).
    repromise(po, receiptOn, { phase: "received", receivedOn: receiptOn }, "received");
  }

  /**
   * Re-promises a PO's lines as the app would: on an event (the PO moved), every method re-states
   * its rule (baselines not on a receipt); with no event, the app's methods only where the range in
   * force can no longer be kept (its stock did not come by the last day it could).
   */
  function repromise(po: PurchaseOrder, today: LocalDate, supply: SupplyState, event: "moved" | "received" | null) {
    for (const line of po.lines) {
      const context: Context = { sku: po.sku, po, supply, today, transitDays: line.transitDays, history: history(po.sku) };
      METHODS.forEach((m, i) => {
        const given = line.given[i];
        const last = given[given.length - 1];
        const due =
          event === "moved" || (event === "received" && m.app) || (event === null && m.app && last.receiptLatest !== null && today > last.receiptLatest);
        if (!due) return;
        const p = m.promise(context);
        if (p.window.earliest !== last.window.earliest || p.window.latest !== last.window.latest) given.push({ on: today, ...p });
        else last.receiptLatest = p.receiptLatest;
      });
    }
  }

  function backorder(sku: Sku, today: LocalDate) {
    // Backorders take the earliest PO with units not yet spoken for, else a new draft.
    const po = openOrders.find((o) => o.sku === sku && o.reserved < o.qty) ?? draftOrder(sku, today);
    po.reserved++;
    const context: Context = { sku, po, supply: supplyState(po, today), today, transitDays: random() < 0.3 ? 2 : 0, history: history(sku) };
    const line: Line = {
      supplier: sku.supplier.name,
      backorderedOn: today,
      transitDays: context.transitDays,
      phase: phaseOf(context.supply),
      given: METHODS.map((m) => [{ on: today, ...m.promise(context) }]),
    };
    po.lines.push(line);
    lines.push(line);
  }

  const position = (sku: Sku) => sku.onHand + openOrders.filter((po) => po.sku === sku).reduce((n, po) => n + po.qty - po.reserved, 0);

  for (
    let today = calendar.addBusinessDays(FIRST_DAY, 0);
    today <= LAST_ORDER_DAY || openOrders.length > 0;
    today = calendar.nextBusinessDay(today)
  ) {
    for (const po of [...openOrders]) {
      if (!po.submitted && po.submitOn <= today) submit(po);
      if (po.submitted && po.receiptOn! <= today) receive(po);
    }
    // Lines waiting on a PO: re-promised when the PO moved today, else checked against time.
    for (const po of openOrders) {
      if (po.lines.length === 0) continue;
      const moved = (po.submitted && po.submitOn === today) || po.confirmOn === today || po.announceOn === today;
      repromise(po, today, supplyState(po, today), moved ? "moved" : null);
    }
    if (today > LAST_ORDER_DAY) continue;
    for (const sku of skus) {
      for (let n = poisson(sku.demandPerDay); n > 0; n--) {
        if (sku.onHand > 0) sku.onHand--;
        else backorder(sku, today);
        if (position(sku) <= sku.reorderPoint) draftOrder(sku, today);
      }
    }
  }
  return lines;
}

// --- scoring ----------------------------------------------------------------------------------------

export const TARGET = { inRange: 0.95, maxWidth: 3 };

type Score = {
  lines: number;
  inRange: number;
  early: number;
  late: number;
  /** Business days from the first to the last day of the window (a one-day window is 0). */
  meanWidth: number;
  /** Share of ranges no wider than the target's width. */
  narrow: number;
};
type Which = "first" | "lastBeforeReceipt" | "inForceAtShip";

function pick(line: Line, method: number, which: Which): Given {
  const given = line.given[method];
  if (which === "first") return given[0];
  const cutoff = which === "lastBeforeReceipt" ? (on: LocalDate) => on < line.receiptOn! : (on: LocalDate) => on <= line.shipsOn!;
  let chosen = given[0];
  for (const g of given) if (cutoff(g.on)) chosen = g;
  return chosen;
}

function score(subset: readonly Line[], method: number, which: Which): Score {
  let inRange = 0;
  let early = 0;
  let width = 0;
  let narrow = 0;
  for (const line of subset) {
    const { earliest, latest } = pick(line, method, which).window;
    if (line.shipsOn! < earliest) early++;
    else if (line.shipsOn! <= latest) inRange++;
    const w = calendar.businessDaysBetween(earliest, latest);
    width += w;
    if (w <= TARGET.maxWidth) narrow++;
  }
  const n = Math.max(1, subset.length);
  return { lines: subset.length, inRange: inRange / n, early: early / n, late: (subset.length - inRange - early) / n, meanWidth: width / n, narrow: narrow / n };
}

/** Emails a customer gets after the first: each range ending later than the one they were told. */
function updates(subset: readonly Line[], method: number): { perLine: number; linesWithAny: number; ranges: number } {
  let total = 0;
  let withAny = 0;
  let ranges = 0;
  for (const line of subset) {
    const given = line.given[method];
    ranges += given.length;
    let told = given[0].window;
    let n = 0;
    for (const g of given.slice(1)) {
      if (g.on >= line.shipsOn!) break;
      if (g.window.latest > told.latest) {
        n++;
        told = g.window;
      }
    }
    total += n;
    if (n) withAny++;
  }
  const count = Math.max(1, subset.length);
  return { perLine: total / count, linesWithAny: withAny / count, ranges: ranges / count };
}

export type PromiseBenchOptions = { seed?: number; worlds?: number };

export type PromiseBenchResult = {
  bench: "promise";
  seeds: [number, number];
  lines: number;
  target: typeof TARGET;
  results: { method: string; first: Score; lastBeforeReceipt: Score; inForceAtShip: Score; fromApril: { first: Score; lastBeforeReceipt: Score }; updates: ReturnType<typeof updates> }[];
  /** The app's default method against the stated-lead-time baseline, side by side. */
  comparison: { app: string; baseline: string; first: { app: Score; baseline: Score }; lastBeforeReceipt: { app: Score; baseline: Score } };
  byPhase: Record<string, { first: Score; lastBeforeReceipt: Score }>;
  bySupplier: Record<string, { first: Score; lastBeforeReceipt: Score }>;
};

/** Runs the simulation and scores every method; the JSON `npm run bench` records. */
export function promiseBench(o: PromiseBenchOptions = {}): PromiseBenchResult {
  const firstSeed = o.seed ?? 2026;
  const worlds = o.worlds ?? 5;
  const lines = Array.from({ length: worlds }, (_, i) => simulateYear(firstSeed + i)).flat();
  const warm = lines.filter((l) => l.backorderedOn >= WARM_FROM);
  const results = METHODS.map((m, i) => ({
    method: m.name,
    first: score(lines, i, "first"),
    lastBeforeReceipt: score(lines, i, "lastBeforeReceipt"),
    inForceAtShip: score(lines, i, "inForceAtShip"),
    fromApril: { first: score(warm, i, "first"), lastBeforeReceipt: score(warm, i, "lastBeforeReceipt") },
    updates: updates(lines, i),
  }));
  const breakdown = (key: (l: Line) => string) => {
    const groups = new Map<string, Line[]>();
    for (const l of lines) groups.set(key(l), [...(groups.get(key(l)) ?? []), l]);
    return Object.fromEntries(
      [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, ls]) => [k, { first: score(ls, 0, "first"), lastBeforeReceipt: score(ls, 0, "lastBeforeReceipt") }]),
    );
  };
  return {
    bench: "promise",
    seeds: [firstSeed, firstSeed + worlds - 1],
    lines: lines.length,
    target: TARGET,
    results,
    comparison: {
      app: METHODS[0].name,
      baseline: METHODS[STATED_BASELINE].name,
      first: { app: results[0].first, baseline: results[STATED_BASELINE].first },
      lastBeforeReceipt: { app: results[0].lastBeforeReceipt, baseline: results[STATED_BASELINE].lastBeforeReceipt },
    },
    byPhase: breakdown((l) => l.phase),
    bySupplier: breakdown((l) => l.supplier),
  };
}

function printReport(r: PromiseBenchResult): void {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const num = (x: number) => x.toFixed(2);
  const row = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("");
  console.log(
    `Promise simulation: ${r.seeds[1] - r.seeds[0] + 1} worlds (seeds ${r.seeds[0]}–${r.seeds[1]}) of ${SUPPLIERS.length} suppliers × ${POLICIES.length} SKUs, ${r.lines} backordered lines in 2026.`,
  );
  console.log(
    `Receiving ${SETTINGS.receivingDays} + processing ${SETTINGS.processingDays} business days, transit 0 or 2. Width: business days from first to last day. Target: >= ${pct(TARGET.inRange)} in range, <= ${TARGET.maxWidth} wide.\n`,
  );
  const W = [30, 8, 9, 8, 9, 10, 8, 9, 8, 10, 9];
  console.log(row(["", "", "first range", "", "", "last before receipt", "", "", "in force at ship", "", "updates"], W));
  console.log(row(["method", "lines", "in range", "width", "<=3 wide", "in range", "width", "<=3 wide", "in range", "width", "per line"], W));
  for (const m of r.results) {
    console.log(
      row(
        [
          m.method,
          String(m.first.lines),
          pct(m.first.inRange),
          num(m.first.meanWidth),
          pct(m.first.narrow),
          pct(m.lastBeforeReceipt.inRange),
          num(m.lastBeforeReceipt.meanWidth),
          pct(m.lastBeforeReceipt.narrow),
          pct(m.inForceAtShip.inRange),
          num(m.inForceAtShip.meanWidth),
          num(m.updates.perLine),
        ],
        W,
      ),
    );
  }
  console.log(`\n${r.comparison.app}, by phase when backordered and by supplier (first range | last before receipt):`);
  for (const [k, s] of [...Object.entries(r.byPhase), ...Object.entries(r.bySupplier)]) {
    console.log(
      row(
        [`  ${k}`, String(s.first.lines), pct(s.first.inRange), num(s.first.meanWidth), pct(s.first.narrow), pct(s.lastBeforeReceipt.inRange), num(s.lastBeforeReceipt.meanWidth), pct(s.lastBeforeReceipt.narrow)],
        W,
      ),
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = promiseBench({ seed: Number(process.env.BENCH_SEED ?? 2026), worlds: Number(process.env.BENCH_WORLDS ?? 5) });
  printReport(result);
  console.log(JSON.stringify(result));
}
