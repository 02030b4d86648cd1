// What happens next to an open backordered line, by its age in the shop's business days.
// State-based: each action is due until the caller records it (lastNotifiedAt, escalatedAt, ...),
// so a missed daily run catches up and a repeated run does not act twice.
import { bucketForAge, bucketStartAge, nextAgingBucket, type AgingBucket } from "./aging";
import type { AgingSettings } from "./aging-settings";
import { businessDayAfter, type BusinessDays, type LocalDate } from "./business-days";

export const AGING_ACTIONS = ["monitor", "renotify", "escalate", "cancellation_outreach", "auto_cancel", "request_consent", "none"] as const;
export type AgingAction = (typeof AGING_ACTIONS)[number];

export const AGING_ACTION_LABELS: Record<AgingAction, string> = {
  monitor: "Monitor",
  renotify: "Re-notify the customer",
  escalate: "Escalate to staff",
  cancellation_outreach: "Reach out about cancelling",
  auto_cancel: "Cancel the backordered units",
  request_consent: "Ask the customer whether to keep waiting",
  none: "Nothing due",
};

export const AGING_REASONS = [
  "monitoring",
  "promise_passed",
  "renotify_due",
  "renotified",
  "escalation_due",
  "escalated",
  "outreach_due",
  "outreach_started",
  "auto_cancel_due",
  "consent_due",
  "awaiting_consent",
  "consent_unanswered",
  "customer_agreed_to_wait",
] as const;
export type AgingReason = (typeof AGING_REASONS)[number];

export const AGING_REASON_LABELS: Record<AgingReason, string> = {
  monitoring: "Recently detected: watching for stock",
  promise_passed: "The promised date passed since the customer was last told",
  renotify_due: "Waiting 4+ business days: tell the customer where things stand",
  renotified: "Customer already updated at this stage",
  escalation_due: "Waiting 8+ business days: staff should step in",
  escalated: "Already escalated at this stage",
  outreach_due: "Waiting 15+ business days: offer the customer a cancellation",
  outreach_started: "Cancellation outreach already started",
  auto_cancel_due: "Waited past the auto-cancel limit",
  consent_due: "Waited past the limit: ask the customer whether to keep waiting",
  awaiting_consent: "Waiting for the customer's answer",
  consent_unanswered: "The customer did not answer within the grace period",
  customer_agreed_to_wait: "The customer agreed to keep waiting",
};

/** Only these are acted on; "monitor" and "none" mean nothing is pending. */
const EXECUTABLE: ReadonlySet<AgingAction> = new Set(["renotify", "escalate", "cancellation_outreach", "auto_cancel", "request_consent"]);

/** Open-ended stages (nothing scheduled) are looked at again a business week later. */
export const OPEN_ENDED_REVIEW_DAYS = 5;

export type AgingLine = {
  detectedAt: LocalDate;
  /** Last time the customer was told about the delay (detection notice included). */
  lastNotifiedAt?: LocalDate | null;
  promiseLatest?: LocalDate | null;
  escalatedAt?: LocalDate | null;
  /** Staff started cancellation outreach. */
  outreachAt?: LocalDate | null;
  consentRequestedAt?: LocalDate | null;
  /** The customer chose to keep waiting: no automatic cancellation or outreach from then on. */
  consentGivenAt?: LocalDate | null;
};

export type AgingPlan = {
  ageBusinessDays: number;
  bucket: AgingBucket;
  /** The pending action, or "monitor"/"none" when nothing is pending. */
  action: AgingAction;
  /** The action is pending and today is a business day: act now. */
  dueToday: boolean;
  /** Today when due; the next business day when an action waits for one; else the next day on which something can change. */
  nextReviewOn: LocalDate;
  reason: AgingReason;
};

type Step = { action: AgingAction; reason: AgingReason; wakeUps?: (LocalDate | null)[] };

type Context = {
  line: AgingLine;
  today: LocalDate;
  settings: AgingSettings;
  calendar: BusinessDays;
  age: number;
  bucket: AgingBucket;
};

/** Business-day age of the line on `d` (never negative). */
function ageOn(line: AgingLine, calendar: BusinessDays, d: LocalDate): number {
  return Math.max(0, calendar.businessDaysBetween(line.detectedAt, d));
}

/**
 * Whether an action recorded on `at` was taken at this stage. Judged by the line's age on that
 * day — the same count as today's age — so no calendar convention can make it fire twice.
 */
function doneAtAge(ctx: Context, at: LocalDate | null | undefined, stageAge: number): boolean {
  return at != null && at >= ctx.line.detectedAt && ageOn(ctx.line, ctx.calendar, at) >= stageAge;
}

/** The first business day on which the line is `age` business days old. */
function firstDayAtAge(ctx: Context, age: number): LocalDate {
  return ctx.calendar.addBusinessDays(ctx.line.detectedAt, age);
}

function promiseBreachUnannounced({ line, today }: Context): boolean {
  const promise = line.promiseLatest;
  return promise != null && promise < today && !(line.lastNotifiedAt != null && line.lastNotifiedAt > promise);
}

/** The first business day after the promised date, while that date is still ahead. */
function promiseBreachDay({ line, today, calendar }: Context): LocalDate | null {
  return line.promiseLatest != null && line.promiseLatest >= today ? businessDayAfter(line.promiseLatest, calendar) : null;
}

function nextBucketDay(ctx: Context): LocalDate | null {
  const next = nextAgingBucket(ctx.bucket);
  return next ? firstDayAtAge(ctx, bucketStartAge(next)) : null;
}

function autoStageDay(ctx: Context): LocalDate | null {
  const { mode, afterDays } = ctx.settings.autoCancel;
  return mode !== "off" && ctx.age <= afterDays ? firstDayAtAge(ctx, afterDays + 1) : null;
}

function consentStep(ctx: Context): Step | null {
  const { line, today, calendar } = ctx;
  const { mode, afterDays, consentGraceDays } = ctx.settings.autoCancel;
  const pastLimit = ctx.age > afterDays;
  if (mode === "cancel" && pastLimit) return { action: "auto_cancel", reason: "auto_cancel_due" };
  // Once asked, the grace clock runs even if the limit is raised meanwhile: the customer was told.
  if (mode !== "ask_consent" || !(pastLimit || line.consentRequestedAt)) return null;
  if (!line.consentRequestedAt) return { action: "request_consent", reason: "consent_due" };
  if (calendar.businessDaysBetween(line.consentRequestedAt, today) >= consentGraceDays) return { action: "auto_cancel", reason: "consent_unanswered" };
  return { action: "none", reason: "awaiting_consent", wakeUps: [calendar.addBusinessDays(line.consentRequestedAt, consentGraceDays)] };
}

function bucketStep(ctx: Context): Step {
  const { line } = ctx;
  const stageAge = bucketStartAge(ctx.bucket);
  const breach: Step | null = promiseBreachUnannounced(ctx) ? { action: "renotify", reason: "promise_passed" } : null;
  const wakeUps = [nextBucketDay(ctx), promiseBreachDay(ctx), autoStageDay(ctx)];
  switch (ctx.bucket) {
    case "0-3":
      return breach ?? { action: "monitor", reason: "monitoring", wakeUps };
    case "4-7":
      if (!doneAtAge(ctx, line.lastNotifiedAt, stageAge)) return { action: "renotify", reason: "renotify_due" };
      return breach ?? { action: "none", reason: "renotified", wakeUps };
    case "8-14":
      if (!doneAtAge(ctx, line.escalatedAt, stageAge)) return { action: "escalate", reason: "escalation_due" };
      return breach ?? { action: "none", reason: "escalated", wakeUps };
    case "15+":
      // The cancellation stage: a missed promise is part of that conversation, not a separate notice.
      if (!doneAtAge(ctx, line.outreachAt, stageAge)) return { action: "cancellation_outreach", reason: "outreach_due" };
      return { action: "none", reason: "outreach_started", wakeUps: [autoStageDay(ctx)] };
  }
}

function decide(ctx: Context): Step {
  if (ctx.line.consentGivenAt) {
    if (promiseBreachUnannounced(ctx)) return { action: "renotify", reason: "promise_passed" };
    return { action: "monitor", reason: "customer_agreed_to_wait", wakeUps: [promiseBreachDay(ctx)] };
  }
  return consentStep(ctx) ?? bucketStep(ctx);
}

/**
 * The aging plan of one open backordered line on `today`. Actions fall due on the shop's business
 * days only (a pending action on a weekend waits for the next one). Perform the action when
 * `dueToday`, record it on the line (lastNotifiedAt, escalatedAt, outreachAt, consentRequestedAt)
 * and plan again: a second action due the same day (escalate, then a missed promise) comes next.
 * "auto_cancel" stays due until the line is closed.
 */
export function agingPlan(line: AgingLine, today: LocalDate, settings: AgingSettings, calendar: BusinessDays): AgingPlan {
  const age = ageOn(line, calendar, today);
  const ctx: Context = { line, today, settings, calendar, age, bucket: bucketForAge(age) };
  const step = decide(ctx);
  const pending = EXECUTABLE.has(step.action);
  const dueToday = pending && calendar.isBusinessDay(today);
  const upcoming = (step.wakeUps ?? []).filter((d): d is LocalDate => d !== null && d > today).sort();
  const nextReviewOn = dueToday
    ? today
    : pending
      ? businessDayAfter(today, calendar)
      : (upcoming[0] ?? businessDayAfter(today, calendar, OPEN_ENDED_REVIEW_DAYS));
  return { ageBusinessDays: age, bucket: ctx.bucket, action: step.action, dueToday, nextReviewOn, reason: step.reason };
}
