// How far below zero a SKU may sell before the app stops selling it (Shopify inventory policy
// DENY) — and when it may resume (CONTINUE). Exposure counts only backorders no open purchase
// order covers: units already on their way are a delay, not a risk.

export type SellingPolicy = "DENY" | "CONTINUE";

export type CapInput = {
  /** May this SKU be backordered on this channel at all? */
  eligible: boolean;
  /** Most backordered units not covered by open POs; null: no cap. */
  maxUnits: number | null;
  /** Shopify "available"; negative once sold below zero. */
  available: number;
  /** Units on open purchase orders not yet received. */
  openPoUnits: number;
  currentPolicy: SellingPolicy;
  /** Units of room needed before selling resumes; defaults to `defaultResumeMargin(maxUnits)`. */
  resumeMargin?: number;
};

export const CAP_REASONS = ["not_eligible", "no_cap", "within_cap", "cap_reached", "waiting_for_room", "room_restored"] as const;
export type CapReason = (typeof CAP_REASONS)[number];

export const CAP_REASON_LABELS: Record<CapReason, string> = {
  not_eligible: "Not eligible for backorders: stop selling at zero",
  no_cap: "No backorder cap",
  within_cap: "Backorders within the cap",
  cap_reached: "Backorder cap reached: stop selling",
  waiting_for_room: "Stopped: waiting for stock or a purchase order to make room",
  room_restored: "Stock or a purchase order made room: resume selling",
};

export type CapDecision = {
  policy: SellingPolicy;
  /** The policy differs from the current one: write it to Shopify. */
  change: boolean;
  reason: CapReason;
  /** Backordered units no open PO covers. */
  uncoveredUnits: number;
  /** Selling resumes once uncovered units are at or below this; null without a cap. */
  resumeAt: number | null;
};

/** A fifth of the cap, at least 2 units, so a single order or cancellation cannot flip it back and forth. */
export function defaultResumeMargin(maxUnits: number): number {
  return Math.max(2, Math.ceil(maxUnits / 5));
}

function assertWhole(what: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) throw new RangeError(`${what} must be a whole number >= ${min}, got ${n}`);
}

export function capDecision(input: CapInput): CapDecision {
  const { eligible, maxUnits, available, openPoUnits, currentPolicy } = input;
  assertWhole("available", available, Number.NEGATIVE_INFINITY);
  assertWhole("openPoUnits", openPoUnits, 0);
  if (maxUnits !== null) assertWhole("maxUnits", maxUnits, 0);

  const uncoveredUnits = Math.max(0, -available - openPoUnits);
  const margin = maxUnits === null ? 0 : (input.resumeMargin ?? defaultResumeMargin(maxUnits));
  assertWhole("resumeMargin", margin, 0);
  const resumeAt = maxUnits === null ? null : Math.max(0, maxUnits - margin);

  const decide = (policy: SellingPolicy, reason: CapReason): CapDecision => ({
    policy,
    change: policy !== currentPolicy,
    reason,
    uncoveredUnits,
    resumeAt,
  });

  if (!eligible) return decide("DENY", "not_eligible");
  if (maxUnits === null || resumeAt === null) return decide("CONTINUE", "no_cap");
  // At the cap, one more sale would exceed it.
  if (uncoveredUnits >= maxUnits) return decide("DENY", "cap_reached");
  if (currentPolicy === "CONTINUE") return decide("CONTINUE", "within_cap");
  // Stopped: resume only with real room, not the first unit that frees up.
  return uncoveredUnits <= resumeAt ? decide("CONTINUE", "room_restored") : decide("DENY", "waiting_for_room");
}
