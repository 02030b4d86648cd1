// One priority policy decides both sides of a shortage: detection backorders the LOWEST-priority
// open units, allocation serves the HIGHEST-priority waiting units first. Sharing one ordering is
// what keeps the two from disagreeing about who waits.
import { z } from "zod";

/** "YYYY-MM-DD" in the shop's time zone; compares correctly as a string. */
export type LocalDate = string;

export const PRIORITY_CRITERIA = ["past_promise", "service_level", "order_value", "order_age"] as const;
export type PriorityCriterion = (typeof PRIORITY_CRITERIA)[number];

export const PRIORITY_CRITERION_LABELS: Record<PriorityCriterion, string> = {
  past_promise: "Already past its promised date (oldest order first)",
  service_level: "Channel with a stricter service level (shorter promise window)",
  order_value: "Higher order value",
  order_age: "Older order",
};

/** Ties after every criterion: creation time, then order id, then line id. */
export type DecidingFactor = PriorityCriterion | "tiebreak";

export const DECIDING_FACTOR_LABELS: Record<DecidingFactor, string> = {
  ...PRIORITY_CRITERION_LABELS,
  tiebreak: "Same priority: earlier order (then lower order and line id)",
};

/** Promise window in days per channel; `default` applies to every channel not listed. */
export type ServiceLevelDays = { default: number; [channel: string]: number };

export type PriorityPolicy = {
  criteria: readonly PriorityCriterion[];
  serviceLevelDays: ServiceLevelDays;
};

/** The product spec's order: overdue first, strict channels, big orders, then the rest FIFO. */
export const DEFAULT_PRIORITY_CRITERIA: readonly PriorityCriterion[] = ["past_promise", "service_level", "order_value", "order_age"];

export const DEFAULT_PRIORITY_POLICY: PriorityPolicy = {
  criteria: DEFAULT_PRIORITY_CRITERIA,
  serviceLevelDays: { default: 10, amazon: 4 },
};

/** One order line competing for a SKU's stock at a location. */
export type PriorityLine = {
  lineId: string;
  orderId: string;
  orderCreatedAt: Date;
  channel: string;
  /** Order total in the shop currency (minor units avoid float noise in ties). */
  orderValue: number;
  /** Latest promised delivery/ship date, or null when nothing was promised. */
  promiseLatest: LocalDate | null;
  /** Units in play: open units for detection, units still waiting for allocation. */
  units: number;
};

const windowDays = z.number().int().positive().max(365);

export const priorityPolicySchema = z.object({
  criteria: z
    .array(z.enum(PRIORITY_CRITERIA))
    .superRefine((criteria, ctx) => {
      criteria.forEach((c, i) => {
        if (criteria.indexOf(c) !== i) ctx.addIssue({ code: z.ZodIssueCode.custom, path: [i], message: `Duplicate criterion "${c}"` });
      });
    }),
  serviceLevelDays: z.object({ default: windowDays }).catchall(windowDays),
});
