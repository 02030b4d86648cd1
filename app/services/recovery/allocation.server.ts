// Allocation of arriving stock. Detection already decides who it reaches (the shared priority
// policy resolves the highest-priority waiting lines first) and records an Allocation per line in
// the evaluation transaction (evaluation-hook.server.ts). Here:
// - follow-ups after commit, each planned once (the row is marked in the same transaction): the
//   holds of orders this app holds are synced again (a fully served line's hold is released; a
//   partly served one holds fewer units), and the customer of a fully served line who was told it
//   is backordered hears that it is in stock (notice `allocated`, once per allocation);
// - the preview before a large restock is committed (planAllocation: who gets what, who keeps
//   waiting, the deciding criterion), and the commit itself: an outbox row keyed by the form's
//   request id, performed as inventoryAdjustQuantities (reason `received`) with Shopify's
//   idempotency key, so a double submit or a retried job adds the stock once. The level update
//   Shopify then sends comes back through the pipeline, where detection allocates it.
import { z } from "zod";
import { now } from "../../clock.server";
import { DECIDING_FACTOR_LABELS, planAllocation, type PriorityLine } from "../../domain/allocation";
import { insertEventAction, upsertStateActions } from "../../models/recovery/actions.server";
import { markFollowedUp, openFollowUps, type FollowUpRow } from "../../models/recovery/allocations.server";
import { ordersWithHolds } from "../../models/recovery/orders.server";
import { itemsBySku, levelAt, queuedRestockIds, recentReceipts, shopLocations, waitingLinesAt } from "../../models/recovery/restock.server";
import { findShop } from "../../models/shops.server";
import { withTransaction } from "../../models/transaction.server";
import { failPoint } from "../../faults.server";
import type { AdminCallOptions } from "../../shopify/admin-client.server";
import { shopCalendar } from "../promises/shop-calendar.server";
import { holdSyncAction } from "./hold-keys";
import { scheduleRecoveryRun } from "./schedule.server";
import { noticesEnabled, queueRecoveryNotices, type RecoveryNotice } from "./notices.server";
import { effectivePriorityPolicy } from "./settings.server";
import { receiveInventory, type UserError } from "./shopify-order.server";

const FOLLOW_UP_BATCH = 500;

export type FollowUpReport = { allocations: number; holdSyncs: number; notices: number };

/** Plans the follow-ups of new allocations, each once. */
export async function followUpAllocations(shop: string, at: Date = now()): Promise<FollowUpReport> {
  const report: FollowUpReport = { allocations: 0, holdSyncs: 0, notices: 0 };
  const notify = await noticesEnabled(shop);
  for (let round = 0; round < 100; round++) {
    const n = await withTransaction(async (tx) => {
      const rows = await openFollowUps(tx, shop, FOLLOW_UP_BATCH);
      if (rows.length === 0) return 0;
      const orders = [...new Set(rows.map((r) => r.orderId))];
      // Orders this app holds: their holds follow (a served line's released, fewer units held).
      const held = await ordersWithHolds(tx, shop, orders);
      report.holdSyncs += await upsertStateActions(tx, shop, held.map(holdSyncAction), at);
      // Lines stock fully reached, still served now (not short again since), whose customer was told
      // they wait (a shortage that came and went within a batch or two is no news): told once.
      const served = rows.filter((r) => r.toQuantity === 0 && r.lineStatus === "resolved" && r.told);
      if (notify && served.length) report.notices += await queueRecoveryNotices(tx, shop, allocatedNotices(served), at);
      await markFollowedUp(tx, shop, rows.map((r) => r.id), at);
      await failPoint("recovery.beforeCommit");
      report.allocations += rows.length;
      return rows.length;
    });
    if (n < FOLLOW_UP_BATCH) break;
  }
  return report;
}

function allocatedNotices(rows: FollowUpRow[]): RecoveryNotice[] {
  const byOrder = new Map<string, FollowUpRow[]>();
  for (const r of rows) byOrder.set(r.orderId.toString(), [...(byOrder.get(r.orderId.toString()) ?? []), r]);
  return [...byOrder.values()].map((group) => ({
    kind: "allocated",
    orderId: group[0].orderId,
    orderName: group[0].orderName,
    event: `a${group[0].id}`,
    lines: group.map((r) => ({ backorderLineId: r.backorderLineId, title: r.title, sku: r.sku, quantity: r.units, event: `a${r.id}` })),
  }));
}

// ---- preview -------------------------------------------------------------------------------------

export const RestockSchema = z.object({
  sku: z.string().trim().min(1).max(255),
  locationId: z.string().regex(/^\d{1,20}$/, "Choose a location"),
  quantity: z.coerce.number().int("Whole units only").min(1, "At least 1 unit").max(1_000_000),
});

export type RestockPreview = {
  sku: string;
  title: string | null;
  locationId: string;
  location: string;
  quantity: number;
  available: number;
  /** Short units no waiting line explains (orders not received or located yet): the restock covers them first. */
  unexplained: number;
  allocated: number;
  toStock: number;
  linesAllocated: number;
  linesPartial: number;
  linesWaiting: number;
  unitsStillWaiting: number;
  lines: {
    rank: number;
    backorderLineId: string;
    order: string;
    channel: string;
    waiting: number;
    allocated: number;
    stillWaiting: number;
    outcome: "allocated" | "partial" | "waiting";
    decidedBy: string | null;
  }[];
};

export type PreviewResult = { ok: true; preview: RestockPreview } | { ok: false; fieldErrors: Record<string, string> };

export async function previewRestock(shop: string, input: unknown, at: Date = now()): Promise<PreviewResult> {
  const parsed = RestockSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])) };
  const { sku, quantity } = parsed.data;
  const locationId = BigInt(parsed.data.locationId);
  const [item] = await itemsBySku(shop, sku);
  if (!item) return { ok: false, fieldErrors: { sku: `No product with SKU ${sku}` } };
  const location = (await shopLocations(shop)).find((l) => l.id === locationId);
  if (!location) return { ok: false, fieldErrors: { locationId: "Choose a location" } };
  const available = (await levelAt(shop, item.id, locationId)) ?? 0;
  const waiting = await waitingLinesAt(shop, item.id, locationId);
  const short = waiting.reduce((n, l) => n + l.quantityBackordered, 0);
  const unexplained = Math.max(0, -available - short);
  const info = await findShop(shop);
  const today = shopCalendar({ timezone: info?.timezone ?? null, country: info?.country ?? null }).localDate(at);
  const policy = await effectivePriorityPolicy(shop);
  const lines: PriorityLine[] = waiting.map((l) => ({
    lineId: l.id.toString(),
    orderId: l.orderId.toString(),
    orderCreatedAt: l.orderCreatedAt,
    channel: l.channel,
    orderValue: l.totalPrice ?? 0,
    promiseLatest: l.promiseLatest,
    units: l.quantityBackordered,
  }));
  // Detection gives the shortage to the lowest-priority units: arriving units go to the highest
  // first — after the units no known line explains (they are the last in line).
  const plan = planAllocation(Math.max(0, quantity - unexplained), lines, policy, today);
  const byId = new Map(waiting.map((l) => [l.id.toString(), l]));
  return {
    ok: true,
    preview: {
      sku,
      title: item.title,
      locationId: locationId.toString(),
      location: location.name,
      quantity,
      available,
      unexplained,
      allocated: plan.allocated,
      toStock: Math.max(0, quantity - unexplained - plan.allocated),
      linesAllocated: plan.linesAllocated,
      linesPartial: plan.linesPartial,
      linesWaiting: plan.linesWaiting,
      unitsStillWaiting: plan.unitsStillWaiting,
      lines: plan.lines.map((l) => ({
        rank: l.rank,
        backorderLineId: l.line.lineId,
        order: byId.get(l.line.lineId)?.orderName ?? l.line.orderId,
        channel: l.line.channel,
        waiting: l.line.units,
        allocated: l.allocated,
        stillWaiting: l.stillWaiting,
        outcome: l.outcome,
        decidedBy: l.decidedBy ? DECIDING_FACTOR_LABELS[l.decidedBy] : null,
      })),
    },
  };
}

// ---- commit --------------------------------------------------------------------------------------

export const CommitRestockSchema = RestockSchema.extend({
  /** Generated when the preview was shown: the same submit twice is one restock. */
  requestId: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "Missing request id: open the preview again"),
  /** A purchase order number or the supplier's delivery note, for Shopify's inventory history. */
  reference: z.string().trim().max(100).optional(),
});

export type CommitResult = { ok: true; queued: boolean; key: string } | { ok: false; fieldErrors: Record<string, string> };

export async function commitRestock(shop: string, input: unknown, at: Date = now()): Promise<CommitResult> {
  const parsed = CommitRestockSchema.safeParse(input);
  if (!parsed.success) return { ok: false, fieldErrors: Object.fromEntries(parsed.error.issues.map((i) => [i.path.join("."), i.message])) };
  const { sku, quantity, requestId, reference } = parsed.data;
  const [item] = await itemsBySku(shop, sku);
  if (!item) return { ok: false, fieldErrors: { sku: `No product with SKU ${sku}` } };
  const locationId = BigInt(parsed.data.locationId);
  if (!(await shopLocations(shop)).some((l) => l.id === locationId)) return { ok: false, fieldErrors: { locationId: "Choose a location" } };
  const key = `restock:${requestId}`;
  const id = await withTransaction((tx) =>
    insertEventAction(
      tx,
      shop,
      {
        kind: "adjust_inventory",
        key,
        orderId: null,
        payload: { sku, inventoryItemId: item.id.toString(), locationId: locationId.toString(), quantity, requestId, reference: reference || null },
      },
      at,
    ),
  );
  if (id !== null) await scheduleRecoveryRun(shop);
  return { ok: true, queued: id !== null, key };
}

/**
 * A purchase-order receipt's request id: the receipt (its event) and the SKU, so putting the same
 * receipt into stock twice — a double click, two tabs, a retried request — is one restock.
 */
export function receiptRequestId(eventId: bigint, sku: string): string {
  return `po${eventId}-${Buffer.from(sku).toString("base64url")}`.slice(0, 64);
}

export type ReceiptToStock = { requestId: string; purchaseOrder: string; sku: string; quantity: number; locationId: string; at: string; queued: boolean };

/** Recent PO receipts per SKU, and whether each was put into Shopify stock from here already. */
export async function receiptsToStock(shop: string): Promise<ReceiptToStock[]> {
  const receipts = await recentReceipts(shop);
  const rows = receipts.flatMap((r) =>
    ((r.lines as { sku: string; quantity: number }[] | null) ?? []).map((l) => ({
      requestId: receiptRequestId(r.eventId, l.sku),
      purchaseOrder: r.number,
      sku: l.sku,
      quantity: l.quantity,
      locationId: r.locationId.toString(),
      at: r.at.toISOString(),
    })),
  );
  const queued = await queuedRestockIds(shop, rows.map((r) => r.requestId));
  return rows.map((r) => ({ ...r, queued: queued.has(r.requestId) }));
}

/** The received units into Shopify (reason `received`), once: Shopify's idempotency key is the request's. */
export async function performRestock(shop: string, payload: Record<string, unknown>, o: { admin?: AdminCallOptions } = {}): Promise<UserError[]> {
  const requestId = String(payload.requestId);
  const reference = typeof payload.reference === "string" && payload.reference ? payload.reference : null;
  const uri = `gid://backorder-pilot/${reference ? "Receipt" : "Restock"}/${encodeURIComponent(reference ?? requestId)}`;
  const errors = await receiveInventory(
    shop,
    { inventoryItemId: BigInt(String(payload.inventoryItemId)), locationId: BigInt(String(payload.locationId)), delta: Number(payload.quantity), referenceDocumentUri: uri, idempotencyKey: `${shop}:restock:${requestId}` },
    o.admin,
  );
  await failPoint("recovery.afterAdminCall");
  return errors;
}
