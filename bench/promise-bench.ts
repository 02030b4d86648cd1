// Promise simulation: a year of purchase orders for a few suppliers and SKUs, with right-skewed
// (log-normal) lead times, ETAs that drift further off the further ahead they look, occasional
// big slips (some announced with a new ETA), and customers ordering into stockouts. Each
// backordered line gets its promise from the domain code at the moment it is backordered,
// learned only from receipts before that moment (rolling history); the simulation then ships it
// (receipt + receiving + processing + transit) and checks the promise. The same worlds are scored
// for the app's method in a few tunings and for naive single-date baselines.
//
//   npx tsx bench/promise-bench.ts        BENCH_SEED=<n> (first world), BENCH_WORLDS=<n> (default 5)
//
// Prints a table and, last, one JSON line with the numbers.
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

const FIRST_SEED = Number(process.env.BENCH_SEED ?? 2026);
const WORLDS = Number(process.env.BENCH_WORLDS ?? 5);
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

type Line = {
  supplier: string;
  backorderedOn: LocalDate;
  transitDays: number;
  phase: PromisePhase;
  windows: PromiseWindow[];
  shipsOn?: LocalDate;
};

// --- promise methods (the app's in a few tunings, and naive baselines) ---------------------------

type Context = { sku: Sku; po: PurchaseOrder; supply: SupplyState; today: LocalDate; transitDays: number; history: SupplyHistory };
type Method = { name: string; promise: (c: Context) => PromiseWindow | CustomerPromise };

const appMethod = (name: string, leadTime: LearningTuning, slip: LearningTuning = leadTime): Method => ({
  name,
  promise: (c) =>
    computePromise({
      calendar,
      now: new Date(`${c.today}T15:00:00Z`), // 10:00 or 11:00 in New York
      supply: c.supply,
      history: c.history,
      settings: { ...SETTINGS, transitDays: c.transitDays },
      tuning: { leadTime, slip },
    }),
});

const afterReceipt = (c: Context) => SETTINGS.receivingDays + SETTINGS.processingDays + c.transitDays;
const single = (day: LocalDate): PromiseWindow => ({ earliest: day, latest: day });
const statedDate = (c: Context) =>
  calendar.addBusinessDays(c.po.submitted ? c.po.submitOn : c.today, c.sku.supplier.statedLeadDays + afterReceipt(c));

const METHODS: readonly Method[] = [
  appMethod("app (defaults: 2nd/95th)", {}),
  appMethod("app 10th/90th", { lowQuantile: 0.1, highQuantile: 0.9 }),
  appMethod("app 5th/95th", { lowQuantile: 0.05, highQuantile: 0.95 }),
  appMethod("app 2nd/98th", { lowQuantile: 0.02, highQuantile: 0.98 }),
  { name: "baseline: stated lead time", promise: (c) => single(statedDate(c)) },
  {
    name: "baseline: supplier ETA",
    promise: (c) =>
      single(c.supply.phase === "confirmed" ? calendar.addBusinessDays(c.supply.supplierEta, afterReceipt(c)) : statedDate(c)),
  },
];

// --- one simulated year ---------------------------------------------------------------------------

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
    SUPPLIERS.map((s) => [s, { leads: [] as SupplyHistory["supplierLeadDays"][number][], slips: [] as number[] }])
  );
  const history = (sku: Sku): SupplyHistory => {
    const h = supplierHistory.get(sku.supplier)!;
    return { skuLeadDays: sku.leadDays, supplierLeadDays: h.leads, slipDays: h.slips };
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
    return { phase: "confirmed", statedLeadDays, supplierEta: announced ? po.announcedEta! : po.firstEta!, firstEta: po.firstEta };
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
    if (po.firstEta) rolling(h.slips, calendar.businessDaysBetween(po.firstEta, receiptOn), HISTORY_WINDOW.slips);
    for (const line of po.lines)
      line.shipsOn = calendar.addBusinessDays(receiptOn, SETTINGS.receivingDays + SETTINGS.processingDays + line.transitDays);
  }

  function backorder(sku: Sku, today: LocalDate) {
    // Backorders take the earliest PO with units not yet spoken for, else a new draft.
    const po = openOrders.find((o) => o.sku === sku && o.reserved < o.qty) ?? draftOrder(sku, today);
    po.reserved++;
    const context: Context = { sku, po, supply: supplyState(po, today), today, transitDays: random() < 0.3 ? 2 : 0, history: history(sku) };
    const windows = METHODS.map((m) => m.promise(context));
    const app = windows[0];
    const line: Line = {
      supplier: sku.supplier.name,
      backorderedOn: today,
      transitDays: context.transitDays,
      phase: "basis" in app ? app.basis.phase : context.supply.phase,
      windows,
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

type Score = { lines: number; inRange: number; early: number; late: number; meanWidth: number };

/** Width: business days from the first to the last day of the window (a one-day window is 0). */
function score(subset: readonly Line[], method: number): Score {
  let inRange = 0;
  let early = 0;
  let width = 0;
  for (const line of subset) {
    const { earliest, latest } = line.windows[method];
    if (line.shipsOn! < earliest) early++;
    else if (line.shipsOn! <= latest) inRange++;
    width += calendar.businessDaysBetween(earliest, latest);
  }
  const n = Math.max(1, subset.length);
  return {
    lines: subset.length,
    inRange: inRange / n,
    early: early / n,
    late: (subset.length - inRange - early) / n,
    meanWidth: width / n,
  };
}

const lines = Array.from({ length: WORLDS }, (_, i) => simulateYear(FIRST_SEED + i)).flat();
const warm = lines.filter((l) => l.backorderedOn >= WARM_FROM);
const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
const num = (x: number) => x.toFixed(2);
const row = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("");

console.log(
  `Promise simulation: ${WORLDS} worlds (seeds ${FIRST_SEED}–${FIRST_SEED + WORLDS - 1}) of ${SUPPLIERS.length} suppliers × ${
    POLICIES.length
  } SKUs, ` + `${lines.length} backordered lines in 2026 (${warm.length} from ${WARM_FROM}, once history has built up).`
);
console.log(
  `Receiving ${SETTINGS.receivingDays} + processing ${SETTINGS.processingDays} business days, transit 0 or 2. Width: business days from first to last day.\n`
);
const W = [32, 8, 10, 9, 9, 8, 14, 8];
console.log(row(["method", "lines", "in range", "early", "late", "width", "from April:", "width"], W));
const results = METHODS.map((m, i) => {
  const all = score(lines, i);
  const fromApril = score(warm, i);
  console.log(
    row(
      [
        m.name,
        String(all.lines),
        pct(all.inRange),
        pct(all.early),
        pct(all.late),
        num(all.meanWidth),
        pct(fromApril.inRange),
        num(fromApril.meanWidth),
      ],
      W
    )
  );
  return { method: m.name, all, fromApril };
});

const breakdown = (key: (l: Line) => string) => {
  const groups = new Map<string, Line[]>();
  for (const l of lines) groups.set(key(l), [...(groups.get(key(l)) ?? []), l]);
  return Object.fromEntries([...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, ls]) => [k, score(ls, 0)]));
};
const byPhase = breakdown((l) => l.phase);
const bySupplier = breakdown((l) => l.supplier);
console.log(`\n${METHODS[0].name}, by phase when backordered and by supplier:`);
for (const [k, s] of [...Object.entries(byPhase), ...Object.entries(bySupplier)]) {
  console.log(row([`  ${k}`, String(s.lines), pct(s.inRange), pct(s.early), pct(s.late), num(s.meanWidth)], W));
}

console.log(
  JSON.stringify({ bench: "promise", seeds: [FIRST_SEED, FIRST_SEED + WORLDS - 1], lines: lines.length, results, byPhase, bySupplier })
);
