// Turns one deficit into purchase-order lines: which supplier, how many units, and why.
//
// 1. The whole order (customer units + buffer) is judged as one line: hard constraints, then the
//    weighted score. The best candidate takes the customer units.
// 2. The buffer goes to the same supplier, unless the best supplier for the buffer alone is one
//    the promise window kept out of step 1 (slow but better, e.g. cheaper): then it takes the
//    buffer in a line of its own.
// 3. When no single supplier can take the whole order, units are spread best-first over the
//    suppliers with room: customer units over those inside the promise window (then, escalated,
//    over the rest), buffer units over all.
// Units a line's MOQ or pack rounding already brings in count as buffer before any other
// supplier is asked for buffer. Every step's evaluations are kept as the plan's "why".
import {
  allSubmissionsFailedEscalation,
  costDeviationEscalation,
  exceedsCapacityEscalation,
  newSupplierEscalation,
  noEligibleSupplierEscalation,
  outsidePromiseWindowEscalation,
  type Escalation,
} from "./escalations";
import {
  CONSTRAINT_CODES,
  comparableUnitCost,
  evaluateCandidates,
  type CandidateEvaluation,
  type EvaluationContext,
  type ScopeDemand,
} from "./evaluate-candidates";
import { largestOrderableQuantity, roundOrderQuantity } from "./round-order-quantity";
import { normaliseScoreWeights, type ScoreWeights } from "./score-weights";
import type { Candidate } from "./types";

export type ReplenishmentInput = {
  sku: string;
  /** Units customers wait on (the deficit). */
  customerUnits: number;
  /** Safety stock to order on top; not bound by the promise window. */
  bufferUnits: number;
  /** Strictest promise window (days) among the channels of the waiting lines. */
  promiseWindowDays: number;
  candidates: readonly Candidate[];
  weights: ScoreWeights;
  /** Escalate when a line's unit cost differs more than this (%) from the last PO's. */
  costDeviationPct: number;
  /** Currency unit costs are compared in (the shop's). */
  costCurrency: string;
  /** Units of `costCurrency` per one unit of the keyed currency, for offers in other currencies. */
  exchangeRates?: Readonly<Record<string, number>>;
  /** Suppliers whose submission failed for good earlier in this deficit. */
  excludedSupplierIds?: readonly string[];
};

export type PlannedLine = {
  supplierId: string;
  /** Units to order: customer + buffer + rounding. */
  quantity: number;
  customerUnits: number;
  bufferUnits: number;
  /** Units the MOQ or pack size adds on top of customer and buffer units. */
  roundingUnits: number;
  unitCost: number;
  currency: string;
  leadTimeDays: number;
};

export type PlanStrategy = "single_supplier" | "promise_window_split" | "capacity_split" | "none";

export type ReplenishmentPlan = {
  sku: string;
  strategy: PlanStrategy;
  /** The lines to order; a draft for a person when there are escalations. */
  lines: PlannedLine[];
  /** Units no line covers (escalated). */
  unplaced: { customerUnits: number; bufferUnits: number };
  evaluations: CandidateEvaluation[];
  escalations: Escalation[];
};

type Draft = { candidate: Candidate; customerUnits: number; bufferUnits: number };

/** Per-supplier units placed so far, in the order suppliers were first given units. */
class Allocation {
  private readonly drafts = new Map<string, Draft>();

  /** Places units best-first within each supplier's remaining room; returns the units left. */
  place(kind: "customerUnits" | "bufferUnits", units: number, ranking: readonly Candidate[]): number {
    let left = units;
    for (const candidate of ranking) {
      if (left === 0) break;
      const take = Math.min(left, this.room(candidate));
      if (take <= 0) continue;
      const draft = this.draftFor(candidate);
      draft[kind] += take;
      left -= take;
    }
    return left;
  }

  /** Counts units that rounding already adds to existing lines as buffer; returns the buffer left. */
  absorbBuffer(units: number): number {
    let left = units;
    for (const draft of this.drafts.values()) {
      const take = Math.min(left, surplus(draft));
      draft.bufferUnits += take;
      left -= take;
    }
    return left;
  }

  lines(): { draft: Draft; line: PlannedLine }[] {
    return [...this.drafts.values()].map((draft) => ({ draft, line: toLine(draft) }));
  }

  private room(candidate: Candidate): number {
    const draft = this.drafts.get(candidate.supplier.id);
    const used = draft ? draft.customerUnits + draft.bufferUnits : 0;
    // Any total up to the largest orderable quantity still rounds to within capacity.
    return largestOrderableQuantity(candidate.offer.available, candidate.offer) - used;
  }

  private draftFor(candidate: Candidate): Draft {
    const id = candidate.supplier.id;
    const existing = this.drafts.get(id);
    if (existing) return existing;
    const draft: Draft = { candidate, customerUnits: 0, bufferUnits: 0 };
    this.drafts.set(id, draft);
    return draft;
  }
}

const unitsOf = (d: Draft) => d.customerUnits + d.bufferUnits;
const surplus = (d: Draft) => roundOrderQuantity(unitsOf(d), d.candidate.offer) - unitsOf(d);

function toLine(draft: Draft): PlannedLine {
  const { offer, supplier } = draft.candidate;
  const quantity = roundOrderQuantity(unitsOf(draft), offer);
  return {
    supplierId: supplier.id,
    quantity,
    customerUnits: draft.customerUnits,
    bufferUnits: draft.bufferUnits,
    roundingUnits: quantity - unitsOf(draft),
    unitCost: offer.unitCost,
    currency: offer.currency,
    leadTimeDays: offer.leadTimeDays,
  };
}

function assertInput(input: ReplenishmentInput): void {
  const count = (name: string, n: number) => {
    if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be a non-negative integer, got ${n}`);
  };
  const nonNegative = (name: string, n: number) => {
    if (!Number.isFinite(n) || n < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${n}`);
  };
  const rate = (name: string, n: number) => {
    if (!(n >= 0 && n <= 1)) throw new RangeError(`${name} must be within 0..1, got ${n}`);
  };
  count("customerUnits", input.customerUnits);
  count("bufferUnits", input.bufferUnits);
  nonNegative("promiseWindowDays", input.promiseWindowDays);
  nonNegative("costDeviationPct", input.costDeviationPct);
  const seen = new Set<string>();
  for (const { supplier, offer, performance, lastUnitCost } of input.candidates) {
    if (seen.has(supplier.id)) throw new RangeError(`supplier ${supplier.id} is a candidate twice`);
    seen.add(supplier.id);
    const at = `candidate ${supplier.id}`;
    nonNegative(`${at} leadTimeDays`, offer.leadTimeDays);
    nonNegative(`${at} unitCost`, offer.unitCost);
    if (offer.available !== null) count(`${at} available`, offer.available);
    if (lastUnitCost !== null) nonNegative(`${at} lastUnitCost`, lastUnitCost);
    roundOrderQuantity(0, offer); // validates MOQ and pack size
    rate(`${at} fillRate`, performance.fillRate);
    rate(`${at} onTimeRate`, performance.onTimeRate);
    rate(`${at} apiAvailability`, performance.apiAvailability);
  }
}

function rankedCandidates(evaluations: readonly CandidateEvaluation[], byId: ReadonlyMap<string, Candidate>): Candidate[] {
  return evaluations.filter((e) => e.rank !== null).map((e) => byId.get(e.supplierId)!);
}

function lineEscalations(input: ReplenishmentInput, draft: Draft, line: PlannedLine): Escalation[] {
  const { supplier, lastUnitCost, orderedBefore } = draft.candidate;
  const out: Escalation[] = [];
  if (line.customerUnits > 0 && line.leadTimeDays > input.promiseWindowDays)
    out.push(
      outsidePromiseWindowEscalation({
        sku: input.sku,
        supplier,
        customerUnits: line.customerUnits,
        leadTimeDays: line.leadTimeDays,
        promiseWindowDays: input.promiseWindowDays,
      })
    );
  if (!orderedBefore) out.push(newSupplierEscalation(input.sku, supplier));
  const cost = costDeviationEscalation({
    sku: input.sku,
    supplier,
    unitCost: line.unitCost,
    lastUnitCost,
    currency: line.currency,
    thresholdPct: input.costDeviationPct,
  });
  if (cost) out.push(cost);
  return out;
}

/** Why units stayed unplaced: capacity, exclusions after failed submissions, or no usable supplier. */
function unplacedEscalation(input: ReplenishmentInput, ctx: EvaluationContext, customerUnits: number, bufferUnits: number): Escalation {
  const usable = input.candidates.filter((c) => c.supplier.status === "active" && comparableUnitCost(c, ctx) !== null);
  const notExcluded = usable.filter((c) => !ctx.excludedSupplierIds.has(c.supplier.id));
  if (notExcluded.length > 0) return exceedsCapacityEscalation(input.sku, customerUnits, bufferUnits);
  if (usable.length > 0)
    return allSubmissionsFailedEscalation(
      input.sku,
      usable.map((c) => c.supplier.id)
    );
  return noEligibleSupplierEscalation(input.sku, customerUnits, bufferUnits);
}

type Planning = {
  evaluate: (demand: ScopeDemand) => CandidateEvaluation[];
  ranked: (evaluations: readonly CandidateEvaluation[]) => Candidate[];
  allocation: Allocation;
};
type Placement = { customerLeft: number; bufferLeft: number; evaluations: CandidateEvaluation[]; split: Exclude<PlanStrategy, "none"> };

/** Steps 1–2: the whole-order winner takes the customer units, and the buffer unless the window calls for a split. */
function placeWithWinner(
  winner: Candidate,
  order: readonly CandidateEvaluation[],
  { customerUnits, bufferUnits }: ReplenishmentInput,
  { evaluate, ranked, allocation }: Planning
): Placement {
  const customerLeft = allocation.place("customerUnits", customerUnits, [winner]);
  const bufferToPlace = allocation.absorbBuffer(bufferUnits);
  const forBuffer =
    customerUnits > 0 && bufferToPlace > 0
      ? evaluate({ scope: "buffer_units", customerUnits: 0, bufferUnits, boundByPromiseWindow: false, capacity: "whole" })
      : [];
  const best = forBuffer.find((e) => e.rank === 1);
  const keptOutByWindow = order.some(
    (e) => e.supplierId === best?.supplierId && e.failed.some((f) => f.code === CONSTRAINT_CODES.OUTSIDE_PROMISE_WINDOW)
  );
  if (!keptOutByWindow)
    return {
      customerLeft,
      bufferLeft: allocation.place("bufferUnits", bufferToPlace, [winner]),
      evaluations: [],
      split: "single_supplier",
    };
  return {
    customerLeft,
    bufferLeft: allocation.place("bufferUnits", bufferToPlace, ranked(forBuffer)),
    evaluations: forBuffer,
    split: "promise_window_split",
  };
}

/** Step 3: no single supplier can take the whole order; spread units best-first over those with room. */
function spreadBestFirst({ customerUnits, bufferUnits }: ReplenishmentInput, { evaluate, ranked, allocation }: Planning): Placement {
  const evaluations: CandidateEvaluation[] = [];
  const placeOver = (kind: "customerUnits" | "bufferUnits", units: number, demand: ScopeDemand) => {
    const scoped = evaluate(demand);
    evaluations.push(...scoped);
    return allocation.place(kind, units, ranked(scoped));
  };
  const partial = { customerUnits: 0, bufferUnits: 0, capacity: "partial" } as const;

  let customerLeft = customerUnits;
  if (customerLeft > 0)
    customerLeft = placeOver("customerUnits", customerLeft, {
      ...partial,
      scope: "customer_units",
      customerUnits,
      boundByPromiseWindow: true,
    });
  // Customers keep waiting either way: a late supplier in a draft beats no draft at all (escalated).
  if (customerLeft > 0)
    customerLeft = placeOver("customerUnits", customerLeft, {
      ...partial,
      scope: "late_customer_units",
      customerUnits: customerLeft,
      boundByPromiseWindow: false,
    });
  let bufferLeft = allocation.absorbBuffer(bufferUnits);
  if (bufferLeft > 0)
    bufferLeft = placeOver("bufferUnits", bufferLeft, {
      ...partial,
      scope: "buffer_units",
      bufferUnits: bufferLeft,
      boundByPromiseWindow: false,
    });
  return { customerLeft, bufferLeft, evaluations, split: "capacity_split" };
}

/** Plans the purchase-order lines for one deficit of one SKU. Pure and deterministic. */
export function planReplenishment(input: ReplenishmentInput): ReplenishmentPlan {
  assertInput(input);
  const ctx: EvaluationContext = {
    promiseWindowDays: input.promiseWindowDays,
    weights: normaliseScoreWeights(input.weights),
    costCurrency: input.costCurrency,
    exchangeRates: input.exchangeRates ?? {},
    excludedSupplierIds: new Set(input.excludedSupplierIds ?? []),
  };
  const { sku, customerUnits, bufferUnits, candidates } = input;
  if (customerUnits + bufferUnits === 0)
    return { sku, strategy: "none", lines: [], unplaced: { customerUnits: 0, bufferUnits: 0 }, evaluations: [], escalations: [] };

  const byId = new Map(candidates.map((c) => [c.supplier.id, c]));
  const planning: Planning = {
    evaluate: (demand) => evaluateCandidates(candidates, demand, ctx),
    ranked: (evaluations) => rankedCandidates(evaluations, byId),
    allocation: new Allocation(),
  };
  const order = planning.evaluate({
    scope: "order",
    customerUnits,
    bufferUnits,
    boundByPromiseWindow: customerUnits > 0,
    capacity: "whole",
  });
  const winner = planning.ranked(order)[0];
  const placement = winner ? placeWithWinner(winner, order, input, planning) : spreadBestFirst(input, planning);

  const placed = planning.allocation.lines();
  const { customerLeft, bufferLeft } = placement;
  const escalations = placed.flatMap(({ draft, line }) => lineEscalations(input, draft, line));
  if (customerLeft + bufferLeft > 0) escalations.push(unplacedEscalation(input, ctx, customerLeft, bufferLeft));
  return {
    sku,
    strategy: placed.length === 0 ? "none" : placed.length === 1 ? "single_supplier" : placement.split,
    lines: placed.map((p) => p.line),
    unplaced: { customerUnits: customerLeft, bufferUnits: bufferLeft },
    evaluations: [...order, ...placement.evaluations],
    escalations,
  };
}
