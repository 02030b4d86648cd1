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
// The floor: an oracle that knows how this world is drawn (every supplier's true distributions)
// and sees only what is observable when it promises gives, from the exact posterior of the receipt
// day, the range of each width holding the most probability: no method can keep more ranges that
// narrow. Printed per supplier and the PO's state at each promise moment.
//
// A separate scenario, never mixed into the base world's numbers: the same worlds (same draws) plus
// ship notices — a new date from the supplier once the goods are on their way, for a share of POs,
// noisy, consumed as the app consumes a date proposed through the supplier link.
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
export const TARGET = { inRange: 0.95, maxWidth: 3 };
const TARGET_WIDTH = TARGET.maxWidth;
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
  /**
   * Ship-notice scenario only (never in the base world): the share of confirmed POs for which the
   * supplier sends a new date once the goods are on their way — through the supplier link's
   * "propose a new date" (or its API status, "shipped" with an ETA) — and how many business days
   * before the receipt. Its error follows the supplier's ETA model at that horizon, bias included,
   * and a disruption after dispatch (carrier, customs) strikes at half the big-slip rate.
   */
  shipNotice: { share: number; daysBefore: [number, number] };
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
    shipNotice: { share: 0.6, daysBefore: [1, 2] },
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
    shipNotice: { share: 0.5, daysBefore: [3, 6] },
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
    shipNotice: { share: 0.4, daysBefore: [2, 4] },
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
    shipNotice: { share: 0.3, daysBefore: [1, 3] },
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
  /** The day the shop drafted it; a draft until approved and sent on `submitOn`. */
  draftedOn: LocalDate;
  submitOn: LocalDate;
  submitted: boolean;
  /** Drawn when submitted; the receipt day is the simulation's secret until it comes. */
  receiptOn?: LocalDate;
  confirmOn?: LocalDate;
  firstEta?: LocalDate;
  announceOn?: LocalDate;
  announcedEta?: LocalDate;
  /** Every date the supplier gave, oldest first: the confirmed ETA, an announced slip, a ship notice (scenario). */
  etas: { eta: LocalDate; givenOn: LocalDate }[];
  lines: Line[];
};

/**
 * A range given to the customer: on which day, and (app methods) the last day its stock may come;
 * what the PO's state was then; and (the floor's oracle only) the most a range of each width could hold then.
 */
type Given = { on: LocalDate; window: PromiseWindow; receiptLatest: LocalDate | null; state: GivenState; curve?: number[] };
/** The PO's state when a range is given; "announced": the supplier revised its ETA (see `stateOf`). */
type GivenState = "awaiting_po" | "submitted" | "confirmed" | "announced" | "received";

type Line = {
  supplier: string;
  backorderedOn: LocalDate;
  transitDays: number;
  phase: PromisePhase;
  /** Per method: every range given, oldest first. */
  given: Given[][];
  /** Every time the oracle promised (changed or not): the PO's state and the most a range of each width could hold. */
  floor: { on: LocalDate; state: GivenState; curve: number[] }[];
  receiptOn?: LocalDate;
  shipsOn?: LocalDate;
};

// --- promise methods (the app's in a few tunings, and naive baselines) ---------------------------

type Context = { sku: Sku; po: PurchaseOrder; supply: SupplyState; today: LocalDate; transitDays: number; history: SupplyHistory };
type Promised = { window: PromiseWindow; receiptLatest: LocalDate | null; curve?: number[] };
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


// --- the statistical floor: an oracle that knows how this world is drawn ---------------------------
//
// No method can beat this one on a range of a given width: it knows every supplier's true lead-time
// distribution, ETA-error model, slip and announcement rates (what the app has to learn), and
// conditions on everything observable at the moment it promises — the draft day, the submission,
// the confirmation day and ETA, whether a slip was announced (and, once the day it would have been
// announced has passed, that it was not), and that the stock has not come yet. From the exact
// posterior of the receipt day it gives the (TARGET.maxWidth + 1)-day range holding the most
// probability: the best hit rate any honest range that narrow can have. It never sees the draws.

/** Standard normal CDF (Abramowitz & Stegun 7.1.26 on erf: error below 1e-7). */
function phi(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const erf = 1 - t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429)))) * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}
/** P(max(lowest, round(median·e^(σZ))) = k) for k = 0…, as `simulateYear` draws it. */
function roundedLogNormalPmf(median: number, sigma: number, lowest: number): number[] {
  const cdf = (x: number) => (x <= 0 ? 0 : phi(Math.log(x / median) / sigma));
  const pmf: number[] = [];
  for (let k = 0; k === 0 || 1 - cdf(k - 0.5) > 1e-12; k++) pmf.push(k < lowest ? 0 : k === lowest ? cdf(k + 0.5) : cdf(k + 0.5) - cdf(k - 0.5));
  return pmf;
}
/** Per supplier: the lead-time pmf and, per ETA horizon, the pmf of the ETA's error (offset by `min`). */
const worldModel = new Map(
  SUPPLIERS.map((s) => {
    const lead = roundedLogNormalPmf(s.statedLeadDays * s.leadRatio, s.leadSigma, 1);
    const bigSlip = roundedLogNormalPmf(3, 0.5, 0); // + 3 days
    const errors = new Map<number, { min: number; pmf: number[] }>();
    const error = (ahead: number) => {
      let e = errors.get(ahead);
      if (e) return e;
      const sd = 0.3 + s.etaSdPerDay * ahead;
      const min = Math.floor(s.etaBias - 9 * sd);
      const normal: number[] = [];
      for (let j = min; j <= Math.ceil(s.etaBias + 9 * sd); j++) normal.push(phi((j + 0.5 - s.etaBias) / sd) - phi((j - 0.5 - s.etaBias) / sd));
      const pmf = new Array<number>(normal.length + 3 + bigSlip.length).fill(0);
      normal.forEach((p, i) => {
        pmf[i] += p * (1 - s.bigSlip);
        bigSlip.forEach((q, k) => (pmf[i + 3 + k] += p * s.bigSlip * q));
      });
      errors.set(ahead, (e = { min, pmf }));
      return e;
    };
    return [s, { lead, error }];
  }),
);
const ANNOUNCED_ERROR = [0.7, 0.3]; // an announced ETA is 0 or 1 business day early

/** The posterior of the receipt day: weights[k] for addBusinessDays(base, k). */
function receiptPosterior(c: Context): { base: LocalDate; weights: number[] } {
  const s = c.sku.supplier;
  const { lead, error } = worldModel.get(s)!;
  const { po, today, supply } = c;
  if (supply.phase === "awaiting_po") {
    // Sent MAX_APPROVAL_DAYS at most after its draft, uniformly; not yet, unless drafted today.
    const offsets = Array.from({ length: MAX_APPROVAL_DAYS + 1 }, (_, d) => calendar.addBusinessDays(po.draftedOn, d))
      .filter((on) => on > today || po.draftedOn === today)
      .map((on) => calendar.businessDaysBetween(today, on));
    const weights = new Array<number>(MAX_APPROVAL_DAYS + lead.length + 1).fill(0);
    for (const o of offsets) lead.forEach((p, k) => (weights[o + k] += p / offsets.length));
    return { base: today, weights };
  }
  const submitOn = po.submitOn;
  const elapsed = calendar.businessDaysBetween(submitOn, today);
  const [confirmMin, confirmMax] = s.confirmAfter;
  const weights = lead.map((p, k) => (k > elapsed ? p : 0)); // not in yet
  if (supply.phase === "submitted") {
    // No confirmation by today: it comes later, or never (the stock comes first).
    const confirms = confirmMax - confirmMin + 1;
    return {
      base: submitOn,
      weights: weights.map((w, k) => {
        let none = 0;
        for (let d = confirmMin; d <= confirmMax; d++) if (d > elapsed || d >= k) none += 1 / confirms;
        return w * none;
      }),
    };
  }
  const confirmAt = calendar.businessDaysBetween(submitOn, po.confirmOn!);
  const horizon = calendar.businessDaysBetween(po.confirmOn!, po.firstEta!);
  const announceAt = confirmAt + Math.max(1, horizon - 2);
  const announced = po.announceOn !== undefined && po.announceOn <= today;
  const announcedAhead = announced ? calendar.businessDaysBetween(po.announceOn!, po.announcedEta!) : 0;
  return {
    base: submitOn,
    weights: weights.map((w, k) => {
      if (w === 0 || k <= confirmAt) return 0;
      const ahead = k - confirmAt;
      const e = error(ahead);
      let likelihood = 0;
      e.pmf.forEach((p, i) => {
        const err = e.min + i;
        if (Math.max(1, ahead - err) !== horizon) return;
        const slipAnnounced = err >= 3 && announceAt < k ? s.announces : 0;
        if (announced) {
          let q = 0;
          ANNOUNCED_ERROR.forEach((r, err2) => (q += Math.max(1, k - announceAt - err2) === announcedAhead ? r : 0));
          likelihood += p * slipAnnounced * q;
        } else likelihood += p * (announceAt <= elapsed ? 1 - slipAnnounced : 1);
      });
      return w * likelihood;
    }),
  };
}

/** Widths (business days, first to last day) the floor is traced for. */
const CURVE_WIDTHS = 20;

/** The most probability any range of each width 0…CURVE_WIDTHS holds, and where the TARGET-wide one starts. */
function bestRanges(weights: readonly number[]): { curve: number[]; start: number } {
  const cumulative = [0];
  for (const w of weights) cumulative.push(cumulative[cumulative.length - 1] + w);
  const total = cumulative[weights.length];
  const curve: number[] = [];
  let start = 0;
  for (let w = 0; w <= CURVE_WIDTHS; w++) {
    let best = -1;
    for (let k = 0; k < weights.length; k++) {
      const m = cumulative[Math.min(weights.length, k + w + 1)] - cumulative[k];
      if (m <= best) continue;
      best = m;
      if (w === TARGET_WIDTH) start = k;
    }
    curve.push(best / total);
  }
  return { curve, start };
}

const oracleMethod: Method = {
  name: `floor: best ${TARGET_WIDTH}-wide (oracle)`,
  app: true,
  promise: (c) => {
    if (c.supply.phase === "received") return METHODS[0].promise(c);
    const { base, weights } = receiptPosterior(c);
    const { curve, start } = bestRanges(weights);
    const after = afterReceipt(c);
    return {
      window: { earliest: calendar.addBusinessDays(base, start + after), latest: calendar.addBusinessDays(base, start + TARGET_WIDTH + after) },
      receiptLatest: calendar.addBusinessDays(base, start + TARGET_WIDTH),
      curve,
    };
  },
};

const STATED_BASELINE_NAME = "baseline: stated lead time";

const METHODS: readonly Method[] = [
  ...APP_TUNINGS.map(([name, tuning, c]) => appMethod(name, tuning, tuning, c)),
  { name: STATED_BASELINE_NAME, app: false, promise: (c) => single(statedDate(c)) },
  {
    name: "baseline: supplier ETA",
    app: false,
    promise: (c) => single(c.supply.phase === "confirmed" ? calendar.addBusinessDays(c.supply.supplierEta, afterReceipt(c)) : statedDate(c)),
  },
  oracleMethod,
];

// --- one simulated year ---------------------------------------------------------------------------

/** "announced": the ETA in force is one the supplier revised (an announced slip; in the scenario, a ship notice too). */
const stateOf = (s: SupplyState): GivenState =>
  s.phase === "confirmed" && s.firstEta !== undefined && s.supplierEta !== s.firstEta ? "announced" : (s.phase as GivenState);
const phaseOf = (s: SupplyState): PromisePhase =>
  s.phase === "confirmed" && s.firstEta !== undefined && s.supplierEta > s.firstEta ? "slipped" : s.phase;

type WorldOptions = { methods: readonly Method[]; shipNotices: boolean };

function simulateYear(seed: number, { methods, shipNotices }: WorldOptions): Line[] {
  const oracle = methods.indexOf(oracleMethod);
  const random = seededRandom(seed);
  // The ship-notice scenario draws from its own stream: demand, lead times, ETAs and slips stay
  // exactly those of the base world; only the notices come on top.
  const noticeRandom = seededRandom(seed ^ 0x5eed5);
  const noticeNormal = () => Math.sqrt(-2 * Math.log(1 - noticeRandom())) * Math.cos(2 * Math.PI * noticeRandom());
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
    SUPPLIERS.map((s) => [
      s,
      { leads: [] as SupplyHistory["supplierLeadDays"][number][], slips: [] as number[], slipHorizons: [] as number[] },
    ])
  );
  const history = (sku: Sku): SupplyHistory => {
    const h = supplierHistory.get(sku.supplier)!;
    return { skuLeadDays: sku.leadDays, supplierLeadDays: h.leads, slipDays: h.slips, slipHorizonDays: h.slipHorizons };
  };
  const openOrders: PurchaseOrder[] = [];
  const lines: Line[] = [];

  function draftOrder(sku: Sku, today: LocalDate): PurchaseOrder {
    const submitOn = calendar.addBusinessDays(today, between(0, MAX_APPROVAL_DAYS));
    const po: PurchaseOrder = { sku, qty: sku.orderQty, reserved: 0, draftedOn: today, submitOn, submitted: false, etas: [], lines: [] };
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
    po.etas.push({ eta: po.firstEta, givenOn: confirmOn });
    if (error >= 3 && random() < s.announces) {
      const announceOn = calendar.addBusinessDays(confirmOn, Math.max(1, calendar.businessDaysBetween(confirmOn, po.firstEta) - 2));
      if (announceOn < receiptOn) {
        po.announceOn = announceOn;
        po.announcedEta = etaFrom(announceOn, random() < 0.7 ? 0 : 1);
        po.etas.push({ eta: po.announcedEta, givenOn: announceOn });
      }
    }
  }

  /**
   * Scenario only: the supplier's new date once the goods are on their way (`Supplier.shipNotice`),
   * drawn for every PO from the scenario's own stream, sent for a share of them. Consumed as the
   * app consumes a date proposed through the supplier link: the PO's ETA changes (a date equal to
   * the one in force changes nothing and is dropped).
   */
  function shipNotice(po: PurchaseOrder) {
    const s = po.sku.supplier;
    const [minBefore, maxBefore] = s.shipNotice.daysBefore;
    const sends = noticeRandom() < s.shipNotice.share;
    const before = minBefore + Math.floor(noticeRandom() * (maxBefore - minBefore + 1));
    let error = Math.round(s.etaBias + noticeNormal() * (0.3 + s.etaSdPerDay * before));
    if (noticeRandom() < s.bigSlip / 2) error += 3 + Math.round(3 * Math.exp(0.5 * noticeNormal()));
    if (!sends || !po.confirmOn) return;
    const lead = calendar.businessDaysBetween(po.submitOn, po.receiptOn!);
    if (lead - before <= calendar.businessDaysBetween(po.submitOn, po.confirmOn)) return; // not after the confirmation
    const noticeOn = calendar.addBusinessDays(po.submitOn, lead - before);
    if (po.etas.some((e) => e.givenOn >= noticeOn)) return; // the supplier already spoke that day or later
    const eta = calendar.addBusinessDays(noticeOn, Math.max(1, before - error));
    if (eta !== po.etas[po.etas.length - 1].eta) po.etas.push({ eta, givenOn: noticeOn });
  }

  /** The ETA in force today: the last date the supplier gave. */
  const etaInForce = (po: PurchaseOrder, today: LocalDate) => po.etas.filter((e) => e.givenOn <= today).at(-1)!;

  function supplyState(po: PurchaseOrder, today: LocalDate): SupplyState {
    const statedLeadDays = po.sku.supplier.statedLeadDays;
    if (!po.submitted) return { phase: "awaiting_po", statedLeadDays, orderWithinDays: MAX_APPROVAL_DAYS };
    if (!po.confirmOn || po.confirmOn > today) return { phase: "submitted", submittedOn: po.submitOn, statedLeadDays };
    return {
      phase: "confirmed",
      statedLeadDays,
      supplierEta: etaInForce(po, today).eta,
      firstEta: po.firstEta,
      firstEtaHorizonDays: calendar.businessDaysBetween(po.confirmOn, po.firstEta!),
    };
  }

  function contextFor(po: PurchaseOrder, today: LocalDate, supply: SupplyState, transitDays: number): Context {
    return { sku: po.sku, po, supply, today, transitDays, history: history(po.sku) };
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
      const context = contextFor(po, today, supply, line.transitDays);
      methods.forEach((m, i) => {
        const given = line.given[i];
        const last = given[given.length - 1];
        const due =
          event === "moved" || (event === "received" && m.app) || (event === null && m.app && last.receiptLatest !== null && today > last.receiptLatest);
        if (!due) return;
        const p = m.promise(context);
        if (p.curve) line.floor.push({ on: today, state: stateOf(supply), curve: p.curve });
        if (p.window.earliest !== last.window.earliest || p.window.latest !== last.window.latest) given.push({ on: today, ...p, state: stateOf(supply) });
        else last.receiptLatest = p.receiptLatest;
      });
    }
  }

  function backorder(sku: Sku, today: LocalDate) {
    // Backorders take the earliest PO with units not yet spoken for, else a new draft.
    const po = openOrders.find((o) => o.sku === sku && o.reserved < o.qty) ?? draftOrder(sku, today);
    po.reserved++;
    const context = contextFor(po, today, supplyState(po, today), random() < 0.3 ? 2 : 0);
    const line: Line = {
      supplier: sku.supplier.name,
      backorderedOn: today,
      transitDays: context.transitDays,
      phase: phaseOf(context.supply),
      given: methods.map((m) => [{ on: today, ...m.promise(context), state: stateOf(context.supply) }]),
      floor: [],
    };
    if (oracle >= 0) {
      const first = line.given[oracle][0];
      line.floor.push({ on: today, state: first.state, curve: first.curve! });
    }
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
      if (!po.submitted && po.submitOn <= today) {
        submit(po);
        if (shipNotices) shipNotice(po);
      }
      if (po.submitted && po.receiptOn! <= today) receive(po);
    }
    // Lines waiting on a PO: re-promised when the PO moved today, else checked against time.
    for (const po of openOrders) {
      if (po.lines.length === 0) continue;
      const moved = (po.submitted && po.submitOn === today) || po.etas.some((e) => e.givenOn === today);
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

// --- the floor ------------------------------------------------------------------------------------

/** What ranges of each width could do over a set of promise moments (each a curve: the most a range of width w can hold). */
type FloorCurve = {
  moments: number;
  /** The best hit rate with every range exactly w wide, w = 0…CURVE_WIDTHS. */
  atWidth: number[];
  /** The narrowest single width with which 95 % is possible (null: none up to CURVE_WIDTHS). */
  widthFor95: number | null;
  /** Widths free per moment (narrow where sure, wide where not): the best hit rate at a mean width of TARGET.maxWidth, and the mean width 95 % needs. */
  atMeanWidth: number;
  meanWidthFor95: number | null;
};

/** Per moment, the width w maximising curve[w] − λw: a point on the best (hit rate, mean width) frontier. */
function frontier(curves: readonly number[][], lambda: number): { hit: number; width: number } {
  let hit = 0;
  let width = 0;
  for (const c of curves) {
    let best = 0;
    for (let w = 1; w < c.length; w++) if (c[w] - lambda * w > c[best] - lambda * best) best = w;
    hit += c[best];
    width += best;
  }
  return { hit: hit / curves.length, width: width / curves.length };
}

function floorCurve(curves: readonly number[][]): FloorCurve {
  const n = Math.max(1, curves.length);
  const atWidth = Array.from({ length: CURVE_WIDTHS + 1 }, (_, w) => curves.reduce((a, c) => a + c[w], 0) / n);
  const w95 = atWidth.findIndex((h) => h >= TARGET.inRange);
  // λ: the hit rate a day of width must buy. Mean width and hit rate fall as λ grows; bisect for
  // the least λ within the target's mean width, and for the greatest λ still at 95 %.
  const bisect = (keepRaising: (p: { hit: number; width: number }) => boolean) => {
    let [lo, hi] = [0, 1];
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (keepRaising(frontier(curves, mid))) lo = mid;
      else hi = mid;
    }
    return [lo, hi];
  };
  const withinWidth = frontier(curves, bisect((p) => p.width > TARGET.maxWidth)[1]);
  const at95 = frontier(curves, bisect((p) => p.hit >= TARGET.inRange)[0]);
  return {
    moments: curves.length,
    atWidth,
    widthFor95: w95 < 0 ? null : w95,
    atMeanWidth: Math.max(atWidth[TARGET.maxWidth], withinWidth.hit),
    meanWidthFor95: at95.hit >= TARGET.inRange ? at95.width : null,
  };
}

/** Every range a method gave before the stock came, scored on its own, by a key (supplier, the PO's state then). */
type RangeScore = { ranges: number; inRange: number; meanWidth: number };
function rangesBy(subset: readonly Line[], method: number, key: (line: Line, g: Given) => string): Record<string, RangeScore> {
  const acc = new Map<string, { n: number; hit: number; width: number }>();
  for (const line of subset) {
    for (const g of line.given[method]) {
      if (g.state === "received" || g.on >= line.receiptOn!) continue;
      const k = key(line, g);
      const a = acc.get(k) ?? { n: 0, hit: 0, width: 0 };
      a.n++;
      if (line.shipsOn! >= g.window.earliest && line.shipsOn! <= g.window.latest) a.hit++;
      a.width += calendar.businessDaysBetween(g.window.earliest, g.window.latest);
      acc.set(k, a);
    }
  }
  return Object.fromEntries([...acc].map(([k, a]) => [k, { ranges: a.n, inRange: a.hit / a.n, meanWidth: a.width / a.n }]));
}
const STATES: GivenState[] = ["awaiting_po", "submitted", "confirmed", "announced"];

/** `shipNotices: false` skips the ship-notice scenario (the base world is always run). */
export type PromiseBenchOptions = { seed?: number; worlds?: number; shipNotices?: boolean };

type MethodResult = { method: string; first: Score; lastBeforeReceipt: Score; inForceAtShip: Score; fromApril: { first: Score; lastBeforeReceipt: Score }; updates: ReturnType<typeof updates> };
type Comparison = { app: string; baseline: string; first: { app: Score; baseline: Score }; lastBeforeReceipt: { app: Score; baseline: Score } };
type Breakdown = Record<string, { first: Score; lastBeforeReceipt: Score }>;

export type PromiseBenchResult = {
  bench: "promise";
  seeds: [number, number];
  lines: number;
  target: typeof TARGET;
  results: MethodResult[];
  /** The app's default method against the stated-lead-time baseline, side by side. */
  comparison: Comparison;
  byPhase: Breakdown;
  bySupplier: Breakdown;
  rangesByState: Record<string, Record<string, RangeScore>>;
  /**
   * A separate scenario, never mixed into the numbers above: the same worlds (same demand, lead
   * times, ETAs, slips) plus suppliers' ship notices (`Supplier.shipNotice`), every method but the
   * floor's oracle (its model knows no notices).
   */
  shipNotices?: { note: string; lines: number; results: MethodResult[]; comparison: Comparison; byPhase: Breakdown; bySupplier: Breakdown; rangesByState: Record<string, Record<string, RangeScore>> };
  /**
   * The floor: every range given before receipt, by supplier and the PO's state when given — for
   * the oracle (its realised and expected hit rate: the best a range <= TARGET.maxWidth wide can
   * do) and for the app's default method beside it.
   */
  floor: {
    oracle: string;
    /** Over the first promise of each line, and over the oracle's last one before receipt. */
    first: FloorCurve;
    lastBeforeReceipt: FloorCurve;
    /** Over every promise moment before receipt ("supplier state"; "all state"; "supplier all"), with the app's own ranges given in the same state. */
    byState: Record<string, { floor: FloorCurve; app: RangeScore | null }>;
  };
};

function floorReport(lines: readonly Line[]): PromiseBenchResult["floor"] {
  const moments = lines.flatMap((l) => l.floor.filter((f) => f.on < l.receiptOn!).map((f) => ({ ...f, supplier: l.supplier })));
  const lastCurves = lines.map((l) => l.floor.filter((f) => f.on < l.receiptOn!).at(-1)?.curve ?? l.floor[0].curve);
  const appRanges = {
    ...rangesBy(lines, 0, (l, g) => `${l.supplier} ${g.state}`),
    ...rangesBy(lines, 0, (_, g) => `all ${g.state}`),
    ...rangesBy(lines, 0, (l) => `${l.supplier} all`),
  };
  const byState: PromiseBenchResult["floor"]["byState"] = {};
  for (const supplier of [...SUPPLIERS.map((s) => s.name), "all"]) {
    for (const state of [...STATES, "all"]) {
      const group = moments.filter((m) => (supplier === "all" || m.supplier === supplier) && (state === "all" || m.state === state));
      if (group.length === 0 || (supplier === "all" && state === "all")) continue;
      byState[`${supplier} ${state}`] = { floor: floorCurve(group.map((m) => m.curve)), app: appRanges[`${supplier} ${state}`] ?? null };
    }
  }
  return { oracle: oracleMethod.name, first: floorCurve(lines.map((l) => l.floor[0].curve)), lastBeforeReceipt: floorCurve(lastCurves), byState };
}

function scoreWorld(lines: readonly Line[], methods: readonly Method[]) {
  const warm = lines.filter((l) => l.backorderedOn >= WARM_FROM);
  const results: MethodResult[] = methods.map((m, i) => ({
    method: m.name,
    first: score(lines, i, "first"),
    lastBeforeReceipt: score(lines, i, "lastBeforeReceipt"),
    inForceAtShip: score(lines, i, "inForceAtShip"),
    fromApril: { first: score(warm, i, "first"), lastBeforeReceipt: score(warm, i, "lastBeforeReceipt") },
    updates: updates(lines, i),
  }));
  const baseline = methods.findIndex((m) => m.name === STATED_BASELINE_NAME);
  const breakdown = (key: (l: Line) => string): Breakdown => {
    const groups = new Map<string, Line[]>();
    for (const l of lines) groups.set(key(l), [...(groups.get(key(l)) ?? []), l]);
    return Object.fromEntries(
      [...groups].sort(([a], [b]) => a.localeCompare(b)).map(([k, ls]) => [k, { first: score(ls, 0, "first"), lastBeforeReceipt: score(ls, 0, "lastBeforeReceipt") }]),
    );
  };
  return {
    lines: lines.length,
    results,
    comparison: {
      app: methods[0].name,
      baseline: methods[baseline].name,
      first: { app: results[0].first, baseline: results[baseline].first },
      lastBeforeReceipt: { app: results[0].lastBeforeReceipt, baseline: results[baseline].lastBeforeReceipt },
    },
    byPhase: breakdown((l) => l.phase),
    bySupplier: breakdown((l) => l.supplier),
    /** Every range given before receipt by the PO's state then: the app's default. */
    rangesByState: { [methods[0].name]: rangesBy(lines, 0, (_, g) => g.state) },
  };
}

/** Runs the simulation and scores every method; the JSON `npm run bench` records. */
export function promiseBench(o: PromiseBenchOptions = {}): PromiseBenchResult {
  const firstSeed = o.seed ?? 2026;
  const worlds = o.worlds ?? 5;
  const run = (options: WorldOptions) => Array.from({ length: worlds }, (_, i) => simulateYear(firstSeed + i, options)).flat();
  const lines = run({ methods: METHODS, shipNotices: false });
  const result: PromiseBenchResult = {
    bench: "promise",
    seeds: [firstSeed, firstSeed + worlds - 1],
    target: TARGET,
    ...scoreWorld(lines, METHODS),
    floor: floorReport(lines),
  };
  if (o.shipNotices !== false) {
    const methods = METHODS.filter((m) => m !== oracleMethod);
    result.shipNotices = { note: SHIP_NOTICE_NOTE, ...scoreWorld(run({ methods, shipNotices: true }), methods) };
  }
  return result;
}

const SHIP_NOTICE_NOTE =
  "Scenario (separate from the base world): the same worlds plus a new date from the supplier once the goods are on their way, " +
  "for a share of confirmed POs (domestic 60 %, overseas 50 %, optimist 40 %, erratic 30 %), 1–6 business days before receipt, " +
  "with the supplier's own ETA error at that horizon and disruptions after dispatch at half its big-slip rate; " +
  "consumed as the app consumes a date proposed through the supplier link (the PO's ETA changes).";

function printReport(r: PromiseBenchResult): void {
  printTable(r.results, r.comparison.app, r.byPhase, r.bySupplier, r, `Promise simulation: ${r.seeds[1] - r.seeds[0] + 1} worlds (seeds ${r.seeds[0]}–${r.seeds[1]}) of ${SUPPLIERS.length} suppliers × ${POLICIES.length} SKUs, ${r.lines} backordered lines in 2026.`, r.rangesByState);
  if (r.shipNotices) {
    const n = r.shipNotices;
    console.log(`\n=== ${n.note}`);
    printTable(n.results, n.comparison.app, n.byPhase, n.bySupplier, r, `Ship-notice scenario: the same ${n.lines} backordered lines.`, n.rangesByState);
  }
}

function printTable(results: readonly MethodResult[], appName: string, byPhase: Breakdown, bySupplier: Breakdown, r: PromiseBenchResult, title: string, rangesByState?: Record<string, Record<string, RangeScore>>): void {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const num = (x: number) => x.toFixed(2);
  const row = (cells: string[], widths: number[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("");
  console.log(title);
  console.log(
    `Receiving ${SETTINGS.receivingDays} + processing ${SETTINGS.processingDays} business days, transit 0 or 2. Width: business days from first to last day. Target: >= ${pct(TARGET.inRange)} in range, <= ${TARGET.maxWidth} wide.\n`,
  );
  const W = [30, 8, 9, 8, 9, 10, 8, 9, 8, 10, 9];
  console.log(row(["", "", "first range", "", "", "last before receipt", "", "", "in force at ship", "", "updates"], W));
  console.log(row(["method", "lines", "in range", "width", "<=3 wide", "in range", "width", "<=3 wide", "in range", "width", "per line"], W));
  for (const m of results) {
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
  console.log(`\n${appName}, by phase when backordered and by supplier (first range | last before receipt):`);
  for (const [k, s] of [...Object.entries(byPhase), ...Object.entries(bySupplier)]) {
    console.log(
      row(
        [`  ${k}`, String(s.first.lines), pct(s.first.inRange), num(s.first.meanWidth), pct(s.first.narrow), pct(s.lastBeforeReceipt.inRange), num(s.lastBeforeReceipt.meanWidth), pct(s.lastBeforeReceipt.narrow)],
        W,
      ),
    );
  }
  if (!rangesByState) return;
  console.log(`Every range given before receipt, by the PO's state then (ranges, in range, width):`);
  for (const [method, byState] of Object.entries(rangesByState)) {
    console.log(`  ${method.padEnd(30)}${STATES.map((k) => (byState[k] ? `${k} ${byState[k].ranges} ${pct(byState[k].inRange)} ${num(byState[k].meanWidth)}` : "")).join(" | ")}`);
  }
}

function printFloor(r: PromiseBenchResult): void {
  const pct = (x: number) => `${(100 * x).toFixed(1)} %`;
  const W = [24, 9, 11, 11, 12, 11, 12, 8, 10, 8];
  const row = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(W[i]) : c.padStart(W[i]))).join("");
  const f = r.floor;
  const curve = (name: string, c: FloorCurve) =>
    console.log(
      `  ${name}: best possible in range with every range w wide: ${[0, 1, 2, 3, 4, 5, 6, 8, 10].map((w) => `w=${w} ${pct(c.atWidth[w])}`).join(", ")};` +
        ` 95 % needs w=${c.widthFor95 ?? `>${CURVE_WIDTHS}`}. Widths free per line: ${pct(c.atMeanWidth)} at a mean of ${TARGET.maxWidth}; 95 % needs a mean of ${c.meanWidthFor95?.toFixed(2) ?? "n/a"}.`,
    );
  console.log(`\nThe floor (${f.oracle}: knows how the world is drawn, sees only what is observable when it promises):`);
  curve("first range", f.first);
  curve("its last range before receipt", f.lastBeforeReceipt);
  console.log(`Every promise moment before receipt, by supplier and the PO's state then (the app's ranges given in that state beside it):`);
  console.log(row(["", "oracle:", "best w=3", "best w=1", "95 % needs", "mean w 3", "95 % needs", "app:", "", ""]));
  console.log(row(["supplier, state", "moments", "in range", "in range", "width", "in range", "mean width", "ranges", "in range", "width"]));
  for (const [k, { floor: c, app }] of Object.entries(f.byState)) {
    console.log(
      row([
        `  ${k}`,
        String(c.moments),
        pct(c.atWidth[3]),
        pct(c.atWidth[1]),
        c.widthFor95 === null ? `>${CURVE_WIDTHS}` : `w=${c.widthFor95}`,
        pct(c.atMeanWidth),
        c.meanWidthFor95?.toFixed(2) ?? "n/a",
        app ? String(app.ranges) : "",
        app ? pct(app.inRange) : "",
        app ? app.meanWidth.toFixed(2) : "",
      ]),
    );
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const result = promiseBench({ seed: Number(process.env.BENCH_SEED ?? 2026), worlds: Number(process.env.BENCH_WORLDS ?? 5) });
  printReport(result);
  printFloor(result);
  console.log(JSON.stringify(result));
}
