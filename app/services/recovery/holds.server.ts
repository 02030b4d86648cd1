// Fulfillment holds, performed from the outbox ("holds:<order>", planned in the evaluation
// transaction that changed the order's backorders, or by a choice, an allocation, a cancellation):
// read the order's fulfillment orders and their holds from Shopify (one minimal query), plan with
// the pure planner (domain/fulfillment-holds planHolds: stable handles "bp-<backorder line id>",
// Shopify's 10-holds-per-app limit), perform the holds and releases in order, and read again until
// nothing is left to do. State-based: a retry after a crash re-reads what Shopify holds and plans
// only what is missing, so a handle is never added twice (Shopify's DUPLICATE handle answer counts
// as done, should it happen anyway).
import type { AdminCallOptions } from "../../shopify/admin-client.server";
import { planHolds, isManagedHandle, type BackorderedLine, type FulfillmentOrderSnapshot, type HoldNote, type HoldPlan, type HoldRule } from "../../domain/fulfillment-holds";
import { findOrderRecovery, orderBackorders, recordHoldSync, type OrderBackorder } from "../../models/recovery/orders.server";
import { failPoint } from "../../faults.server";
import { withTransaction } from "../../models/transaction.server";
import { recordNotified } from "../../models/recovery/aging.server";
import { findShop } from "../../models/shops.server";
import { shopCalendar } from "../promises/shop-calendar.server";
import { customerChoiceUrl } from "./customer-links.server";
import { noticesEnabled, queueRecoveryNotices } from "./notices.server";
import { holdRuleFor, loadRecoverySettings } from "./settings.server";
import { placeHold, readRecoveryOrder, releaseHolds, type RecoveryOrder, type UserError } from "./shopify-order.server";

/** Fulfillment orders that can still be held or released (closed and cancelled ones are history). */
const LIVE = new Set(["OPEN", "ON_HOLD", "IN_PROGRESS", "SCHEDULED", "INCOMPLETE"]);

export type HoldSyncReport = {
  /** Holds placed and releases performed. */
  performed: { kind: "hold" | "release"; fulfillmentOrderId: string; handles: string[]; lineItems?: { id: string; quantity: number }[] }[];
  notes: HoldNote[];
  heldHandles: string[];
  /** Why nothing was done (order gone or cancelled). */
  skipped: string | null;
};

export class HoldSyncError extends Error {
  constructor(
    message: string,
    readonly userErrors: UserError[],
  ) {
    super(message);
    this.name = "HoldSyncError";
  }
}

/** What the planner needs from the app's backorders: lines short now, the rest at 0 (released). */
export function backordersForHolds(lines: OrderBackorder[], rule: HoldRule | null, cancelled: boolean): BackorderedLine[] {
  return lines.map((l) => ({
    backorderId: l.id.toString(),
    lineItemId: l.lineItemId.toString(),
    unitsShort: rule && !cancelled && l.status === "backordered" ? l.quantityBackordered : 0,
    locationId: l.locationId.toString(),
  }));
}

export function planOrderHolds(order: RecoveryOrder, lines: OrderBackorder[], rule: HoldRule | null): HoldPlan {
  const fulfillmentOrders = order.fulfillmentOrders.filter((fo) => LIVE.has(fo.status));
  // No rule (holds off): every managed hold goes; split_ship_rest with nothing short plans exactly that.
  return planHolds({ fulfillmentOrders, backorders: backordersForHolds(lines, rule, order.cancelled), rule: rule ?? "split_ship_rest" });
}

/** Brings the order's holds in line with its backorders and the rule in force; returns what it did. */
export async function syncOrderHolds(shop: string, orderId: bigint, o: { at: Date; admin?: AdminCallOptions; rule?: HoldRule | null }): Promise<HoldSyncReport> {
  const settings = await loadRecoverySettings(shop);
  const recovery = await findOrderRecovery(shop, orderId);
  const rule = o.rule !== undefined ? o.rule : holdRuleFor(settings.holdRule, recovery?.ruleOverride ?? null);
  const lines = await orderBackorders(shop, [orderId]);
  const report: HoldSyncReport = { performed: [], notes: [], heldHandles: [], skipped: null };
  const first = await readRecoveryOrder(shop, orderId, o.admin);
  if (!first) {
    report.skipped = "the order no longer exists in Shopify";
    return report;
  }
  let order: RecoveryOrder = first;
  const reread = async () => (order = (await readRecoveryOrder(shop, orderId, o.admin)) ?? order);
  await performPlan(shop, order, () => planOrderHolds(order, lines, rule), report, o.admin, reread);
  await recordHoldSnapshot(shop, order, lines, report, o.at);
  // ask_customer: the order waits for the customer's answer — ask them (once per backordered line).
  if (rule === "ask_customer" && !recovery?.choice && report.heldHandles.length) await askCustomer(shop, lines, o.at);
  return report;
}

/**
 * Performs plans until one comes back empty: each round acts on a fresh read. A refusal other than
 * "already held under this handle" stops the round; three rounds without converging is an error
 * (the outbox retries later from the state Shopify then has).
 */
export async function performPlan(
  shop: string,
  order: RecoveryOrder,
  plan: () => HoldPlan,
  report: HoldSyncReport,
  admin: AdminCallOptions | undefined,
  reread: () => Promise<RecoveryOrder>,
): Promise<void> {
  let refused: UserError[] = [];
  for (let round = 0; round < 3; round++) {
    const p = plan();
    if (round === 0) report.notes = p.notes;
    if (p.actions.length === 0) return;
    refused = [];
    for (const a of p.actions) {
      if (a.kind === "hold") {
        const r = await placeHold(shop, a, admin);
        await failPoint("recovery.afterAdminCall");
        const real = r.errors.filter((e) => e.code !== "DUPLICATE_FULFILLMENT_HOLD_HANDLE");
        if (real.length) {
          refused = real;
          break;
        }
        report.performed.push({ kind: "hold", fulfillmentOrderId: a.fulfillmentOrderId, handles: [a.handle], ...(a.lineItems ? { lineItems: a.lineItems } : {}) });
      } else {
        const errors = await releaseHolds(shop, a, admin);
        await failPoint("recovery.afterAdminCall");
        if (errors.length) {
          refused = errors;
          break;
        }
        report.performed.push({ kind: "release", fulfillmentOrderId: a.fulfillmentOrderId, handles: a.handles });
      }
    }
    order = await reread();
  }
  const left = plan();
  if (left.actions.length) {
    throw new HoldSyncError(`holds of order ${order.name} did not converge${refused.length ? `: ${refused.map((e) => e.message).join("; ")}` : ""}`, refused);
  }
}

async function shopDay(shop: string, at: Date): Promise<string> {
  const info = await findShop(shop);
  return shopCalendar({ timezone: info?.timezone ?? null, country: info?.country ?? null }).localDate(at);
}

/** The customer of an order held under ask_customer gets their choice link (a notice per new backordered line). */
async function askCustomer(shop: string, lines: OrderBackorder[], at: Date): Promise<void> {
  const open = lines.filter((l) => l.status === "backordered");
  if (open.length === 0 || !open.some((l) => l.customerEmail) || !(await noticesEnabled(shop))) return;
  const actionUrl = await customerChoiceUrl(shop, open[0].orderId, at);
  const day = await shopDay(shop, at);
  await withTransaction(async (tx) => {
    const created = await queueRecoveryNotices(
      tx,
      shop,
      [
        {
          kind: "choice_request",
          orderId: open[0].orderId,
          orderName: open[0].orderName,
          event: "ask",
          lines: open.map((l) => ({ backorderLineId: l.id, title: l.title, sku: l.sku, quantity: l.quantityBackordered, window: l.promiseEarliest && l.promiseLatest ? { earliest: l.promiseEarliest, latest: l.promiseLatest } : null })),
          extra: { reason: "ask_customer", actionUrl },
        },
      ],
      at,
    );
    // Told about the delay today (aging counts from here; an "in stock" email may follow).
    if (created) await recordNotified(tx, shop, open.map((l) => ({ backorderLineId: l.id, orderId: l.orderId })), day, at);
  });
}

/** Stores what the admin shows: each live fulfillment order, its units and holds. */
export async function recordHoldSnapshot(shop: string, order: RecoveryOrder, lines: OrderBackorder[], report: HoldSyncReport, at: Date): Promise<void> {
  const titles = new Map(order.lines.map((l) => [l.lineItemId, l.title]));
  const fos = order.fulfillmentOrders.filter((fo) => LIVE.has(fo.status) || fo.holds.length > 0);
  report.heldHandles = fos.flatMap((fo) => fo.holds.filter((h) => h.heldByRequestingApp && isManagedHandle(h.handle)).map((h) => h.handle)).sort();
  const snapshot = fos.map((fo: FulfillmentOrderSnapshot) => ({
    id: fo.id,
    status: fo.status,
    locationId: fo.locationId,
    lines: fo.lineItems.filter((li) => li.remainingQuantity > 0).map((li) => ({ lineItemId: li.lineItemId, title: titles.get(li.lineItemId) ?? null, quantity: li.remainingQuantity })),
    holds: fo.holds.map((h) => ({ handle: h.handle, ours: h.heldByRequestingApp })),
  }));
  await recordHoldSync(shop, {
    orderId: BigInt(order.orderId),
    orderName: lines[0]?.orderName ?? order.name,
    fulfillmentOrders: snapshot,
    heldHandles: report.heldHandles,
    notes: JSON.parse(JSON.stringify(report.notes)),
    at,
  });
}
