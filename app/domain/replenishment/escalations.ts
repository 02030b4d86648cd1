// When a plan needs a person: machine-readable codes for filters, jobs and scenario results, and
// a sentence for the staff member who opens the pre-filled draft.

export const ESCALATION_CODES = {
  NEW_SUPPLIER_FOR_SKU: "new_supplier_for_sku",
  COST_DEVIATION: "cost_deviation",
  EXCEEDS_CAPACITY: "exceeds_capacity",
  OUTSIDE_PROMISE_WINDOW: "outside_promise_window",
  NO_ELIGIBLE_SUPPLIER: "no_eligible_supplier",
  ALL_SUBMISSIONS_FAILED: "all_submissions_failed",
} as const;
export type EscalationCode = (typeof ESCALATION_CODES)[keyof typeof ESCALATION_CODES];

export const ESCALATION_LABELS: Record<EscalationCode, string> = {
  new_supplier_for_sku: "First order of this SKU from this supplier",
  cost_deviation: "Unit cost differs from the last purchase order",
  exceeds_capacity: "Quantity exceeds what eligible suppliers can supply",
  outside_promise_window: "No supplier delivers within the promise window",
  no_eligible_supplier: "No supplier can be used",
  all_submissions_failed: "Every submission path failed",
};

export type Escalation =
  | { code: "new_supplier_for_sku"; sku: string; supplierId: string; message: string }
  | {
      code: "cost_deviation";
      sku: string;
      supplierId: string;
      unitCost: number;
      lastUnitCost: number;
      currency: string;
      /** Signed: positive when the cost went up. */
      deviationPct: number;
      thresholdPct: number;
      message: string;
    }
  | { code: "exceeds_capacity"; sku: string; customerUnits: number; bufferUnits: number; message: string }
  | {
      code: "outside_promise_window";
      sku: string;
      supplierId: string;
      customerUnits: number;
      leadTimeDays: number;
      promiseWindowDays: number;
      message: string;
    }
  | { code: "no_eligible_supplier"; sku: string; customerUnits: number; bufferUnits: number; message: string }
  | { code: "all_submissions_failed"; sku: string; supplierIds: string[]; message: string };

type SupplierRef = { id: string; name: string };

const units = (n: number) => `${n} unit${n === 1 ? "" : "s"}`;
const money = (amount: number, currency: string) => `${amount.toFixed(2)} ${currency}`;
const split = (customerUnits: number, bufferUnits: number) =>
  `${units(customerUnits + bufferUnits)} (${customerUnits} for customers, ${bufferUnits} buffer)`;

/** Signed percentage change from the last unit cost, to 2 decimals; null without a usable last cost. */
export function costDeviationPct(unitCost: number, lastUnitCost: number | null): number | null {
  if (lastUnitCost === null || lastUnitCost <= 0) return null;
  return Math.round(((unitCost - lastUnitCost) / lastUnitCost) * 10_000) / 100;
}

export function newSupplierEscalation(sku: string, supplier: SupplierRef): Escalation {
  return {
    code: ESCALATION_CODES.NEW_SUPPLIER_FOR_SKU,
    sku,
    supplierId: supplier.id,
    message: `${sku} has never been ordered from ${supplier.name}: confirm the first order.`,
  };
}

/** Null when the cost is within the threshold (or there is nothing to compare with). */
export function costDeviationEscalation(input: {
  sku: string;
  supplier: SupplierRef;
  unitCost: number;
  lastUnitCost: number | null;
  currency: string;
  thresholdPct: number;
}): Escalation | null {
  const deviationPct = costDeviationPct(input.unitCost, input.lastUnitCost);
  if (deviationPct === null || input.lastUnitCost === null || Math.abs(deviationPct) <= input.thresholdPct) return null;
  const direction = deviationPct > 0 ? "above" : "below";
  return {
    code: ESCALATION_CODES.COST_DEVIATION,
    sku: input.sku,
    supplierId: input.supplier.id,
    unitCost: input.unitCost,
    lastUnitCost: input.lastUnitCost,
    currency: input.currency,
    deviationPct,
    thresholdPct: input.thresholdPct,
    message:
      `Unit cost ${money(input.unitCost, input.currency)} for ${input.sku} from ${input.supplier.name} is ` +
      `${Math.abs(deviationPct)}% ${direction} the last purchase order (${money(input.lastUnitCost, input.currency)}); ` +
      `the limit is ${input.thresholdPct}%.`,
  };
}

export function exceedsCapacityEscalation(sku: string, customerUnits: number, bufferUnits: number): Escalation {
  return {
    code: ESCALATION_CODES.EXCEEDS_CAPACITY,
    sku,
    customerUnits,
    bufferUnits,
    message: `No eligible supplier can take ${split(customerUnits, bufferUnits)} of ${sku}: not enough capacity.`,
  };
}

export function outsidePromiseWindowEscalation(input: {
  sku: string;
  supplier: SupplierRef;
  customerUnits: number;
  leadTimeDays: number;
  promiseWindowDays: number;
}): Escalation {
  return {
    code: ESCALATION_CODES.OUTSIDE_PROMISE_WINDOW,
    sku: input.sku,
    supplierId: input.supplier.id,
    customerUnits: input.customerUnits,
    leadTimeDays: input.leadTimeDays,
    promiseWindowDays: input.promiseWindowDays,
    message:
      `No supplier can deliver ${input.sku} within the ${input.promiseWindowDays}-day promise window: ` +
      `${units(input.customerUnits)} customers wait on are drafted from ${input.supplier.name} (${input.leadTimeDays}-day lead time).`,
  };
}

export function noEligibleSupplierEscalation(sku: string, customerUnits: number, bufferUnits: number): Escalation {
  return {
    code: ESCALATION_CODES.NO_ELIGIBLE_SUPPLIER,
    sku,
    customerUnits,
    bufferUnits,
    message: `No active supplier offers ${sku}: ${split(customerUnits, bufferUnits)} cannot be ordered.`,
  };
}

/** Also for the submission service, once the last fallback supplier has failed for good. */
export function allSubmissionsFailedEscalation(sku: string, supplierIds: readonly string[]): Escalation {
  const ids = [...supplierIds].sort();
  return {
    code: ESCALATION_CODES.ALL_SUBMISSIONS_FAILED,
    sku,
    supplierIds: ids,
    message: `Every submission path for ${sku} failed (${ids.join(", ")}): place the order by hand.`,
  };
}
