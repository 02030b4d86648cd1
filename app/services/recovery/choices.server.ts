// The customer's choice about a delayed order, through a signed, expiring, single-use link (no
// login): wait; ship what is in stock now (the rest stays held); take a substitute the merchant
// allows; cancel the delayed line with a refund; cancel the whole order.
// - Viewing never spends the link (mail scanners open links); submitting does: the spent key is
//   unique, written in the transaction that records the choice (audit event on every open line of
//   the order, the order's hold rule from now on) and its outbox row. A second submit finds the key.
// - The outbox row is performed after commit (performOrderChoice): the pure planner turns the
//   choice into Admin steps; holds converge state-based, refunds carry Shopify's idempotency key, an
//   order edit or cancellation is journaled before it is sent and verified on a retry, so nothing is
//   done twice. The webhooks these send come back through the pipeline and close the lines.
import { z } from "zod";
import { now } from "../../clock.server";
import { planCustomerChoice, type ChoiceOrder, type CustomerChoice, type CustomerChoiceKind, type HoldRule, type OrderStep } from "../../domain/fulfillment-holds";
import { customerLinkSpentKey, verifyCustomerLink, type CustomerLinkClaims, type CustomerLinkFailure } from "../../security/customer-links";
import { insertBackorderEvents, type NewBackorderEvent } from "../../models/backorders.server";
import { insertEventAction, saveProgress, type ActionRow } from "../../models/recovery/actions.server";
import { recordConsent } from "../../models/recovery/aging.server";
import {
  findOrderHeader,
  findOrderRecovery,
  findSpentLink,
  lockOrderBackorders,
  orderBackorders,
  orderLinesOf,
  recordChoice,
  spendCustomerLink,
  type OrderBackorder,
} from "../../models/recovery/orders.server";
import { substituteVariants } from "../../models/recovery/settings.server";
import { findShop } from "../../models/shops.server";
import { withTransaction, type Tx } from "../../models/transaction.server";
import { failPoint } from "../../faults.server";
import type { AdminCallOptions } from "../../shopify/admin-client.server";
import { shopCalendar } from "../promises/shop-calendar.server";
import { customerLinkSecrets } from "./customer-links.server";
import { scheduleRecoveryRun } from "./schedule.server";
import { CHOICE_LABELS } from "./choice-labels";
import { backordersForHolds, performPlan, planOrderHolds, recordHoldSnapshot, type HoldSyncReport } from "./holds.server";
import { queueRecoveryNotices } from "./notices.server";
import { holdRuleFor, loadRecoverySettings } from "./settings.server";
import { cancelOrder, editOrder, prepareRefund, readRecoveryOrder, sendRefund, type PreparedRefund, type RecoveryOrder, type UserError, sumDecimals } from "./shopify-order.server";

export { CHOICE_LABELS };

export type ChoiceFailureReason = CustomerLinkFailure | "not_found" | "spent" | "invalid" | "nothing_to_choose";
export type ChoiceResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 403 | 404 | 409 | 410; reason: ChoiceFailureReason; message: string };

const FAILURE: Record<CustomerLinkFailure, { status: 403 | 410; message: string }> = {
  malformed: { status: 403, message: "This link is not valid." },
  bad_signature: { status: 403, message: "This link is not valid." },
  wrong_shop: { status: 403, message: "This link is not valid." },
  expired: { status: 410, message: "This link has expired. Reply to the shop's email to get a new one." },
};

/** The shop's day at `at` (its time zone). */
export async function shopDay(shop: string, at: Date): Promise<string> {
  const info = await findShop(shop);
  return shopCalendar({ timezone: info?.timezone ?? null, country: info?.country ?? null }).localDate(at);
}

async function resolveLink(token: string, at: Date) {
  const v = verifyCustomerLink(token, customerLinkSecrets(), { now: at });
  if (!v.ok) return { ok: false as const, status: FAILURE[v.reason].status, reason: v.reason, message: FAILURE[v.reason].message };
  // Scoped by the signed shop: another shop's order id under this shop's link finds nothing.
  const order = await findOrderHeader(v.claims.shop, BigInt(v.claims.orderId));
  if (!order) return { ok: false as const, status: 404 as const, reason: "not_found" as const, message: "We could not find this order." };
  return { ok: true as const, claims: v.claims, order };
}

// ---- the page ------------------------------------------------------------------------------------

export type ChoicePageView = {
  shopName: string;
  orderName: string;
  expiresAt: string;
  delayed: { lineItemId: string; title: string; quantity: number; window: { earliest: string; latest: string } | null; substitutes: { variantId: string; title: string }[] }[];
  onTrack: { title: string; quantity: number }[];
  canShipAvailable: boolean;
};

async function pageView(claims: CustomerLinkClaims, orderName: string): Promise<ChoicePageView> {
  const orderId = BigInt(claims.orderId);
  const shopRow = await findShop(claims.shop);
  const backorders = (await orderBackorders(claims.shop, [orderId])).filter((b) => b.status === "backordered");
  const lines = await orderLinesOf(claims.shop, orderId);
  const short = new Map<string, number>();
  for (const b of backorders) short.set(b.lineItemId.toString(), (short.get(b.lineItemId.toString()) ?? 0) + b.quantityBackordered);
  const subs = await substituteVariants(claims.shop, [...new Set(backorders.map((b) => b.sku).filter((s): s is string => Boolean(s)))]);
  const onTrack = lines.flatMap((l) => {
    const units = l.openQuantity - (short.get(l.id.toString()) ?? 0);
    return units > 0 ? [{ title: l.title, quantity: units }] : [];
  });
  return {
    shopName: shopRow?.name ?? claims.shop.replace(/\.myshopify\.com$/, ""),
    orderName,
    expiresAt: claims.expiresAt.toISOString(),
    delayed: backorders.map((b) => ({
      lineItemId: b.lineItemId.toString(),
      title: b.title ?? b.sku ?? "Item",
      quantity: b.quantityBackordered,
      window: b.promiseEarliest && b.promiseLatest ? { earliest: b.promiseEarliest, latest: b.promiseLatest } : null,
      substitutes: subs.filter((s) => s.sku === b.sku).map((s) => ({ variantId: s.variantId.toString(), title: s.title ?? s.substituteSku })),
    })),
    onTrack,
    canShipAvailable: onTrack.length > 0,
  };
}

export async function loadChoicePage(token: string): Promise<ChoiceResult<ChoicePageView>> {
  const at = now();
  const r = await resolveLink(token, at);
  if (!r.ok) return r;
  const spent = await findSpentLink(customerLinkSpentKey(r.claims));
  if (spent) return { ok: false, status: 410, reason: "spent", message: `You already told us what to do with this order (${CHOICE_LABELS[spent.choice as CustomerChoiceKind] ?? spent.choice}).` };
  const view = await pageView(r.claims, r.order.name);
  if (r.order.cancelledAt || view.delayed.length === 0) return { ok: false, status: 409, reason: "nothing_to_choose", message: "Nothing in this order is waiting any more: there is nothing to choose." };
  return { ok: true, value: view };
}

// ---- submitting ----------------------------------------------------------------------------------

const numericId = z.string().regex(/^\d{1,20}$/);
export const ChoiceInputSchema = z.discriminatedUnion("choice", [
  z.object({ choice: z.literal("wait") }),
  z.object({ choice: z.literal("ship_available") }),
  z.object({ choice: z.literal("substitute"), lineItemId: numericId, variantId: numericId }),
  z.object({ choice: z.literal("cancel_line"), lineItemId: numericId }),
  z.object({ choice: z.literal("cancel_order") }),
]);
export type ChoiceInput = z.infer<typeof ChoiceInputSchema>;

/** The order's hold rule after a choice (wait: everything together; ship what's in stock: split). */
const RULE_AFTER: Partial<Record<CustomerChoiceKind, HoldRule>> = { wait: "hold_whole_order", ship_available: "split_ship_rest" };

export type SubmittedChoice = { choice: CustomerChoiceKind; label: string; orderName: string };

export async function submitCustomerChoice(token: string, input: unknown): Promise<ChoiceResult<SubmittedChoice>> {
  const at = now();
  const r = await resolveLink(token, at);
  if (!r.ok) return r;
  const parsed = ChoiceInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, reason: "invalid", message: "Choose one of the options." };
  const choice = parsed.data;
  const { claims, order } = r;
  const orderId = BigInt(claims.orderId);
  const key = customerLinkSpentKey(claims);
  const day = await shopDay(claims.shop, at);
  const done = await withTransaction(async (tx): Promise<ChoiceResult<SubmittedChoice>> => {
    await lockOrderBackorders(tx, claims.shop, orderId);
    const open = (await orderBackorders(claims.shop, [orderId], tx)).filter((b) => b.status === "backordered");
    if (order.cancelledAt || open.length === 0) return { ok: false, status: 409, reason: "nothing_to_choose", message: "Nothing in this order is waiting any more." };
    const problem = await checkChoice(tx, claims.shop, choice, open);
    if (problem) return { ok: false, status: 400, reason: "invalid", message: problem };
    if (!(await spendCustomerLink(tx, { key, shop: claims.shop, orderId, choice: choice.choice, at }))) {
      return { ok: false, status: 410, reason: "spent", message: "This link was used already: your earlier choice stands." };
    }
    await recordOrderChoice(tx, claims.shop, { orderId, orderName: order.name, open, choice, initiatedBy: "customer", key: `choice:${claims.nonce}`, at, day });
    await failPoint("recovery.beforeCommit");
    return { ok: true, value: { choice: choice.choice, label: CHOICE_LABELS[choice.choice], orderName: order.name } };
  });
  if (done.ok) await scheduleRecoveryRun(claims.shop);
  return done;
}

/** What makes a choice impossible for these open lines (null: fine). */
async function checkChoice(tx: Tx, shop: string, choice: ChoiceInput, open: OrderBackorder[]): Promise<string | null> {
  if (choice.choice !== "substitute" && choice.choice !== "cancel_line") return null;
  const line = open.find((b) => b.lineItemId.toString() === choice.lineItemId);
  if (!line) return "That item is not backordered.";
  if (choice.choice === "substitute") {
    const subs = await substituteVariants(shop, line.sku ? [line.sku] : [], tx);
    if (!subs.some((s) => s.variantId.toString() === choice.variantId)) return "That alternative is not offered for this item.";
  }
  return null;
}

export type ChoiceRecord = {
  orderId: bigint;
  orderName: string;
  open: OrderBackorder[];
  choice: ChoiceInput;
  initiatedBy: "customer" | "app" | "staff";
  /** The outbox key: one effect per link nonce, aging step or staff request. */
  key: string;
  at: Date;
  /** The shop's day at `at` (consent to wait is recorded on it). */
  day: string;
  note?: string | null;
};

/**
 * Records a decision about an order in the caller's transaction: the audit event on each open line,
 * the order's choice and hold rule, consent to wait, and the outbox row that carries it out.
 */
export async function recordOrderChoice(tx: Tx, shop: string, c: ChoiceRecord): Promise<boolean> {
  const detail = { choice: c.choice.choice, initiatedBy: c.initiatedBy, ...("lineItemId" in c.choice ? { lineItemId: c.choice.lineItemId } : {}), ...("variantId" in c.choice ? { variantId: c.choice.variantId } : {}), ...(c.note ? { note: c.note } : {}) };
  const created = await insertEventAction(
    tx,
    shop,
    { kind: c.initiatedBy === "customer" ? "customer_choice" : "cancel_line", key: c.key, orderId: c.orderId, payload: { ...detail, orderId: c.orderId.toString() } },
    c.at,
  );
  if (created === null) return false;
  const events: NewBackorderEvent[] = c.open.map((b) => ({
    backorderLineId: b.id,
    kind: c.initiatedBy === "customer" ? "customer_choice" : c.initiatedBy === "app" ? "auto_cancel_requested" : "cancel_requested",
    fromStatus: b.status,
    toStatus: b.status,
    fromQuantity: b.quantityBackordered,
    toQuantity: b.quantityBackordered,
    reasonCode: c.choice.choice,
    source: c.initiatedBy === "customer" ? "customer_link" : c.initiatedBy === "app" ? "aging" : "staff",
    detail,
  }));
  await insertBackorderEvents(tx, shop, events, c.at);
  if (c.initiatedBy === "customer") await recordChoice(tx, shop, { orderId: c.orderId, orderName: c.orderName, choice: c.choice.choice, ruleOverride: RULE_AFTER[c.choice.choice] ?? null, at: c.at });
  if (c.choice.choice === "wait") await recordConsent(tx, shop, c.open.map((b) => ({ backorderLineId: b.id, orderId: c.orderId })), c.day, c.at);
  return true;
}

// ---- performing (outbox) -------------------------------------------------------------------------

/** The row's journal: the plan as first made (a retry carries out the same one) and each step's state. */
type StepJournal = {
  plan?: { steps: OrderStep[]; closes: { backorderId: string; reason: string }[]; ruleAfter: HoldRule | null };
  /** `refund`: refundCreate's input as first sent (a retry sends it again unchanged under its key) and its money. */
  steps: { index: number; kind: OrderStep["kind"]; state: "started" | "done"; refund?: PreparedRefund }[];
};

export type ChoiceOutcome =
  | {
      ok: true;
      steps: string[];
      closes: { backorderId: string; reason: string }[];
      holds: HoldSyncReport;
      notice: boolean;
      /** Whether the customer gets money back: a cancelled order (Shopify refunds it all) or a refund with money. */
      refunded: boolean;
      /** The money the plan's refunds gave back (null: none, or a whole-order cancellation's, which Shopify reckons). */
      refundedMoney: { amount: string; currencyCode: string } | null;
    }
  | { ok: false; permanent: boolean; error: string; userErrors?: UserError[] };

function choiceOf(payload: Record<string, unknown>): CustomerChoice | null {
  const kind = payload.choice as CustomerChoiceKind;
  switch (kind) {
    case "wait":
    case "ship_available":
    case "cancel_order":
      return { kind };
    case "substitute":
      return { kind, lineItemId: String(payload.lineItemId), variantId: String(payload.variantId) };
    case "cancel_line":
      return { kind, lineItemId: String(payload.lineItemId) };
    default:
      return null;
  }
}

async function choiceOrder(shop: string, order: RecoveryOrder, lines: OrderBackorder[]): Promise<ChoiceOrder> {
  const skuOf = new Map(lines.map((b) => [b.lineItemId.toString(), b.sku]));
  const mirrored = await orderLinesOf(shop, BigInt(order.orderId));
  for (const l of mirrored) if (!skuOf.has(l.id.toString())) skuOf.set(l.id.toString(), l.sku);
  const subs = await substituteVariants(shop, [...new Set([...skuOf.values()].filter((s): s is string => Boolean(s)))]);
  return {
    orderId: order.orderId,
    lines: order.lines.map((l) => ({
      lineItemId: l.lineItemId,
      quantity: l.quantity,
      unfulfilledQuantity: l.unfulfilledQuantity,
      substituteVariantIds: subs.filter((s) => s.sku === skuOf.get(l.lineItemId)).map((s) => s.variantId.toString()),
    })),
    backorders: backordersForHolds(lines, "split_ship_rest", order.cancelled),
    fulfillmentOrders: order.fulfillmentOrders.filter((fo) => fo.status !== "CLOSED" && fo.status !== "CANCELLED"),
  };
}

/** What the plan gave back: a cancelled order is refunded by Shopify in full; refunds by their journaled money. */
function refundedBy(steps: OrderStep[], journal: StepJournal): { refunded: boolean; refundedMoney: { amount: string; currencyCode: string } | null } {
  const refunds = journal.steps.filter((s) => s.kind === "refund" && s.state === "done" && (s.refund?.money || s.refund?.madeEarlier)).map((s) => s.refund!);
  const monies = refunds.map((r) => r.money);
  const currencies = [...new Set(monies.map((m) => m?.currencyCode))];
  // The amount only when every refund's money is known, in one currency.
  const refundedMoney = monies.length && currencies.length === 1 && monies.every(Boolean) ? { amount: sumDecimals(monies.map((m) => m!.amount)), currencyCode: currencies[0]! } : null;
  return { refunded: steps.some((s) => s.kind === "cancel_order") || refunds.length > 0, refundedMoney };
}

/** Whether a step journaled as started already took effect in Shopify (read back). */
function alreadyApplied(step: OrderStep, order: RecoveryOrder): boolean {
  if (step.kind === "cancel_order") return order.cancelled;
  if (step.kind === "edit_order") {
    const line = order.lines.find((l) => l.lineItemId === step.setQuantity.lineItemId);
    return !line || line.quantity <= step.setQuantity.quantity;
  }
  return false;
}

/**
 * Carries out an order decision from its outbox row. `progress` is the row's journal; every step is
 * journaled before it is sent and after it answered.
 */
export async function performOrderChoice(
  shop: string,
  row: Pick<ActionRow, "id" | "key" | "payload" | "progress">,
  o: { token: string; at: Date; admin?: AdminCallOptions },
): Promise<ChoiceOutcome> {
  const payload = row.payload as Record<string, unknown>;
  const choice = choiceOf(payload);
  if (!choice) return { ok: false, permanent: true, error: `unknown choice ${String(payload.choice)}` };
  const orderId = BigInt(String(payload.orderId));
  const initiatedBy = payload.initiatedBy === "customer" ? "customer" : "app";
  let order = await readRecoveryOrder(shop, orderId, o.admin);
  if (!order) return { ok: false, permanent: true, error: "the order no longer exists in Shopify" };
  const lines = await orderBackorders(shop, [orderId]);
  const journal: StepJournal = { plan: (row.progress as StepJournal | null)?.plan, steps: ((row.progress as StepJournal | null)?.steps ?? []).slice() };
  // Planned once, from the state when the row was first performed: a retry carries out the same
  // steps (the webhooks of a step already done may have changed what a new plan would say).
  if (!journal.plan) {
    const planned = planCustomerChoice(await choiceOrder(shop, order, lines), choice, { initiatedBy });
    if (!planned.ok) return { ok: false, permanent: true, error: planned.error };
    journal.plan = { steps: planned.steps, closes: planned.closes, ruleAfter: planned.ruleAfter };
    await saveProgress(row.id, o.token, JSON.parse(JSON.stringify(journal)));
  }
  const plan = journal.plan;
  const state = (i: number) => journal.steps.find((s) => s.index === i)?.state;
  const mark = async (i: number, kind: OrderStep["kind"], s: "started" | "done", refund?: PreparedRefund) => {
    const before = journal.steps.find((x) => x.index === i)?.refund;
    journal.steps = [...journal.steps.filter((x) => x.index !== i), { index: i, kind, state: s, ...((refund ?? before) ? { refund: refund ?? before } : {}) }];
    await saveProgress(row.id, o.token, JSON.parse(JSON.stringify(journal)));
  };
  const performed: string[] = [];
  // Holds steps converge from fresh reads (below); edits, refunds and cancellations run in order.
  const orderSteps = plan.steps.map((step, index) => ({ step, index })).filter(({ step }) => step.kind === "edit_order" || step.kind === "refund" || step.kind === "cancel_order");
  for (const { step, index } of orderSteps) {
    if (state(index) === "done") continue;
    if (state(index) === "started" && alreadyApplied(step, order)) {
      await mark(index, step.kind, "done");
      continue;
    }
    // A refund's money is Shopify's reckoning (goods and tax), taken once and journaled with the step:
    // a retry after a lost answer resends the same input under the same idempotency key.
    let refund = step.kind === "refund" ? (journal.steps.find((x) => x.index === index)?.refund ?? (await prepareRefund(shop, step, o.admin))) : undefined;
    await mark(index, step.kind, "started", refund);
    let errors: UserError[] = [];
    if (step.kind === "edit_order") errors = await editOrder(shop, step, o.admin);
    else if (step.kind === "refund") {
      const sent = await sendRefund(shop, refund!.input, `${shop}:${row.key}:refund:${index}`, o.admin);
      errors = sent.errors;
      if (sent.madeEarlier) refund = { input: refund!.input, money: null, madeEarlier: true };
    }
    else if (step.kind === "cancel_order") {
      errors = await cancelOrder(shop, step, o.admin);
      if (errors.some((e) => /already been cancelled/i.test(e.message))) errors = [];
    }
    await failPoint("recovery.afterAdminCall");
    if (errors.length) return { ok: false, permanent: true, error: `${step.kind}: ${errors.map((e) => e.message).join("; ")}`, userErrors: errors };
    await mark(index, step.kind, "done", refund);
    performed.push(step.kind);
    order = (await readRecoveryOrder(shop, orderId, o.admin)) ?? order;
  }

  // Holds: the rule from now on (the choice's, else the order's), with the lines this decision
  // settles counted as no longer short (the webhooks that close them may not be processed yet).
  const settings = await loadRecoverySettings(shop);
  const recovery = await findOrderRecovery(shop, orderId);
  const rule = plan.ruleAfter ?? holdRuleFor(settings.holdRule, recovery?.ruleOverride ?? null);
  const settled = new Set(plan.closes.map((c) => c.backorderId));
  const remaining = lines.map((l) => (settled.has(l.id.toString()) ? { ...l, status: "settled" } : l));
  const holds: HoldSyncReport = { performed: [], notes: [], heldHandles: [], skipped: null };
  let current = order;
  await performPlan(shop, current, () => planOrderHolds(current, remaining, rule), holds, o.admin, async () => (current = (await readRecoveryOrder(shop, orderId, o.admin)) ?? current));
  await recordHoldSnapshot(shop, current, lines, holds, o.at);
  performed.push(...holds.performed.map((p) => p.kind));
  return { ok: true, steps: performed, closes: plan.closes, holds, notice: plan.closes.length > 0, ...refundedBy(plan.steps, journal) };
}

/** After a cancellation went through: the audit events and the customer's confirmation (in the settle transaction). */
export async function recordChoiceDone(
  tx: Tx,
  shop: string,
  c: { orderId: bigint; payload: Record<string, unknown>; outcome: Extract<ChoiceOutcome, { ok: true }>; at: Date; eventKey: string },
): Promise<void> {
  const lines = await orderBackorders(shop, [c.orderId], tx);
  const byId = new Map(lines.map((l) => [l.id.toString(), l]));
  const events: NewBackorderEvent[] = [];
  const initiatedBy = String(c.payload.initiatedBy ?? "customer");
  for (const line of lines) {
    const closing = c.outcome.closes.find((x) => x.backorderId === line.id.toString());
    events.push({
      backorderLineId: line.id,
      kind: closing
        ? closing.reason === "substituted"
          ? "substituted"
          : initiatedBy === "staff"
            ? "staff_cancelled"
            : closing.reason === "auto_cancelled"
              ? "auto_cancelled"
              : "customer_cancelled"
        : "choice_carried_out",
      fromStatus: line.status,
      toStatus: line.status,
      fromQuantity: line.quantityBackordered,
      toQuantity: line.quantityBackordered,
      reasonCode: String(c.payload.choice),
      source: initiatedBy === "customer" ? "customer_link" : initiatedBy === "app" ? "aging" : "staff",
      detail: { steps: c.outcome.steps, heldHandles: c.outcome.holds.heldHandles, initiatedBy },
    });
  }
  await insertBackorderEvents(tx, shop, events.filter((e) => byId.has(e.backorderLineId.toString())), c.at);
  const cancelled = c.outcome.closes.filter((x) => x.reason !== "substituted").map((x) => byId.get(x.backorderId)).filter((l): l is OrderBackorder => Boolean(l));
  if (cancelled.length) {
    await queueRecoveryNotices(
      tx,
      shop,
      [
        {
          kind: "backorder_cancelled",
          orderId: c.orderId,
          orderName: cancelled[0].orderName,
          event: c.eventKey,
          lines: cancelled.map((l) => ({ backorderLineId: l.id, title: l.title, sku: l.sku, quantity: l.quantityBackordered })),
          extra: { reason: initiatedBy === "customer" ? "customer" : initiatedBy === "app" ? "app" : "staff", refunded: c.outcome.refunded, refund: c.outcome.refundedMoney },
        },
      ],
      c.at,
    );
  }
}
