// The purchase-order lifecycle: draft -> submitted -> confirmed -> partially_received -> received,
// or cancelled; escalated drafts wait in the inbox until a person approves (submits) or dismisses
// them. Every transition that changes what covers a deficit takes the shop's stock lock, so it is
// serialised with the webhook pipeline and the closing runs.
import { z } from "zod";
import { withTransaction, type Tx } from "../../models/transaction.server";
import { lockShopStock } from "../../models/stock-lock.server";
import type { StockPosition } from "../../models/backorders.server";
import {
  addPurchaseOrderEvent,
  editDraftLine,
  findPurchaseOrder,
  listPurchaseOrders,
  lockPurchaseOrder,
  openPurchaseOrdersFor,
  purchaseOrderEvents,
  recordReceipt,
  retireLines,
  updatePurchaseOrder,
  type PurchaseOrderFilter,
  type PurchaseOrderRecord,
  type PurchaseOrderStatus,
} from "../../models/replenishment/purchase-orders.server";
import { addFailedSupplier, backorderedLines, windowsByIds } from "../../models/replenishment/deficit-windows.server";
import { escalationOfPurchaseOrder, findEscalation, listEscalations, resolveEscalation, type EscalationRecord, type EscalationStatus } from "../../models/replenishment/escalations.server";
import { addOutbox, closeOutboxFor, outboxInFlight } from "../../models/replenishment/outbox.server";
import { IsoDateSchema } from "../../integrations/suppliers/purchase-order-document";
import { loadReplenishmentSettings } from "./settings.server";
import { planAndCreateOrders, type CreatedOrders, type PlanRequest } from "./plan-orders.server";
import { refreshCoverage } from "./coverage.server";
import { now } from "../../clock.server";

const key = (item: bigint, loc: bigint) => `${item}:${loc}`;
const positionsOf = (po: PurchaseOrderRecord): StockPosition[] => [...new Map(po.lines.map((l) => [key(l.inventoryItemId, l.locationId), [l.inventoryItemId, l.locationId] as StockPosition])).values()];

export type ServiceResult<T = undefined> = { ok: true; value: T } | { ok: false; status: 400 | 404 | 409; error: string };
const ok = <T>(value: T): ServiceResult<T> => ({ ok: true, value });
const fail = (status: 400 | 404 | 409, error: string): ServiceResult<never> => ({ ok: false, status, error });

// ---- submission outcomes (called by the dispatcher inside its settling transaction) ----

/** The supplier holds the order: submitted (confirmed when its answer carried an ETA). */
export async function recordAcceptedSubmission(tx: Tx, shop: string, poId: bigint, answer: { supplierReference: string; confirmedEta?: string }, at: Date): Promise<boolean> {
  const confirmed = Boolean(answer.confirmedEta);
  const changed = await updatePurchaseOrder(tx, shop, poId, ["draft"], {
    status: confirmed ? "confirmed" : "submitted",
    submittedAt: at,
    supplierReference: answer.supplierReference,
    ...(confirmed ? { confirmedAt: at, eta: answer.confirmedEta! } : {}),
    updatedAt: at,
  });
  if (changed) await addPurchaseOrderEvent(tx, shop, poId, at, "submitted", { supplierReference: answer.supplierReference, eta: answer.confirmedEta ?? null, via: "submission" });
  return changed;
}

/**
 * The submission failed for good (rejected, or retries exhausted): the PO is cancelled and its
 * units are planned again without this supplier — the next eligible one, or an escalated draft
 * when no path is left. All in the caller's transaction, under the shop's stock lock.
 */
export async function failSubmission(tx: Tx, shop: string, poId: bigint, reason: string, at: Date): Promise<CreatedOrders | null> {
  await lockShopStock(tx, shop);
  const po = await lockPurchaseOrder(tx, shop, poId);
  if (!po || po.status !== "draft") return null;
  await updatePurchaseOrder(tx, shop, poId, ["draft"], { status: "cancelled", cancelledAt: at, cancelReason: `Submission failed: ${reason}`, updatedAt: at });
  await addPurchaseOrderEvent(tx, shop, poId, at, "submission_failed", { reason });
  return replanLines(tx, shop, po, at, { excludeSupplier: true });
}

/**
 * Plans a cancelled PO's units again: what its live lines still had to bring (less anything
 * received), for the same deficits, without the PO's supplier when it is excluded — the next
 * eligible supplier, or an escalated draft pre-filled with the old lines when no path is left.
 */
async function replanLines(tx: Tx, shop: string, po: PurchaseOrderRecord, at: Date, o: { excludeSupplier: boolean }): Promise<CreatedOrders> {
  const open = po.lines.filter((l) => l.live && l.receivedQuantity < l.quantity);
  const windowIds = open.flatMap((l) => (l.deficitWindowId === null ? [] : [l.deficitWindowId]));
  if (o.excludeSupplier) await addFailedSupplier(tx, shop, windowIds, po.supplierId);
  const windows = new Map((await windowsByIds(tx, shop, windowIds)).map((w) => [w.id, w]));
  const positions = positionsOf(po);
  const channels = await channelsAt(tx, shop, positions);
  const requests: PlanRequest[] = open.flatMap((l) => {
    const w = l.deficitWindowId === null ? undefined : windows.get(l.deficitWindowId);
    // Received units went to waiting customers first.
    const customerUnits = Math.max(0, l.customerUnits - l.receivedQuantity);
    const bufferUnits = Math.max(0, l.bufferUnits - Math.max(0, l.receivedQuantity - l.customerUnits));
    if (customerUnits + bufferUnits === 0) return [];
    return [
      {
        windowId: l.deficitWindowId,
        inventoryItemId: l.inventoryItemId,
        locationId: l.locationId,
        sku: l.sku,
        title: l.title,
        customerUnits,
        bufferUnits,
        channels: channels.get(key(l.inventoryItemId, l.locationId)) ?? [],
        excludedSupplierIds: w?.failedSupplierIds ?? (o.excludeSupplier ? [po.supplierId] : []),
        detectedAt: po.detectedAt,
        fallbackDraft: {
          supplierId: po.supplierId,
          currency: po.currency,
          line: { quantity: l.quantity - l.receivedQuantity, customerUnits, bufferUnits, roundingUnits: l.quantity - l.receivedQuantity - customerUnits - bufferUnits, unitCost: l.unitCost, leadTimeDays: l.leadTimeDays },
        },
      },
    ];
  });
  await retireLines(tx, shop, po.id);
  const settings = await loadReplenishmentSettings(shop, tx);
  const created = await planAndCreateOrders(tx, shop, requests, { at, origin: "fallback", replacesId: po.id, settings });
  await refreshCoverage(tx, shop, positions);
  return created;
}

async function channelsAt(tx: Tx, shop: string, positions: StockPosition[]): Promise<Map<string, string[]>> {
  const out = new Map<string, Set<string>>();
  for (const l of await backorderedLines(tx, shop, positions)) {
    const k = key(l.inventoryItemId, l.locationId);
    out.set(k, (out.get(k) ?? new Set()).add(l.channel));
  }
  return new Map([...out].map(([k, v]) => [k, [...v]]));
}

// ---- supplier confirmation and ETA ----

export const EtaInputSchema = z.object({ eta: IsoDateSchema });

/** The supplier confirms (with an ETA): submitted -> confirmed; a confirmed PO just takes the new ETA. */
export async function confirmPurchaseOrder(shop: string, poId: bigint, input: { eta: string; via: string }): Promise<ServiceResult<PurchaseOrderRecord>> {
  const eta = IsoDateSchema.safeParse(input.eta);
  if (!eta.success) return fail(400, "eta must be a date (YYYY-MM-DD)");
  const at = now();
  return withTransaction(async (tx) => {
    const po = await lockPurchaseOrder(tx, shop, poId);
    if (!po) return fail(404, "Purchase order not found");
    if (!["submitted", "confirmed", "partially_received"].includes(po.status)) return fail(409, `A ${po.status} purchase order cannot be confirmed`);
    const status: PurchaseOrderStatus = po.status === "submitted" ? "confirmed" : po.status;
    await updatePurchaseOrder(tx, shop, poId, [po.status], { status, eta: eta.data, confirmedAt: po.confirmedAt ?? at, updatedAt: at });
    await addPurchaseOrderEvent(tx, shop, poId, at, "confirmed", { eta: eta.data, previousEta: po.eta, via: input.via });
    return ok((await findPurchaseOrder(shop, poId, tx))!);
  });
}

/** The supplier proposes a new delivery date: recorded as the ETA, the status stays. */
export async function proposePurchaseOrderEta(shop: string, poId: bigint, input: { eta: string; via: string; note?: string }): Promise<ServiceResult<PurchaseOrderRecord>> {
  const eta = IsoDateSchema.safeParse(input.eta);
  if (!eta.success) return fail(400, "eta must be a date (YYYY-MM-DD)");
  const at = now();
  return withTransaction(async (tx) => {
    const po = await lockPurchaseOrder(tx, shop, poId);
    if (!po) return fail(404, "Purchase order not found");
    if (!["submitted", "confirmed", "partially_received"].includes(po.status)) return fail(409, `A ${po.status} purchase order takes no ETA`);
    await updatePurchaseOrder(tx, shop, poId, [po.status], { eta: eta.data, updatedAt: at });
    await addPurchaseOrderEvent(tx, shop, poId, at, "eta_changed", { eta: eta.data, previousEta: po.eta, via: input.via, note: input.note?.slice(0, 500) ?? null });
    return ok((await findPurchaseOrder(shop, poId, tx))!);
  });
}

// ---- receiving ----

export const ReceiptLinesSchema = z.array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive() })).min(1);
export type ReceiptLine = z.infer<typeof ReceiptLinesSchema>[number];

/**
 * Records goods received against a PO (full or partial): received quantities per line and the PO
 * status. It does NOT touch Shopify inventory: the merchant's restock arrives as
 * inventory_levels/update, and detection resolves the backorder lines.
 */
export async function receivePurchaseOrder(shop: string, poId: bigint, lines: ReceiptLine[], o: { at?: Date } = {}): Promise<ServiceResult<PurchaseOrderRecord>> {
  const parsed = ReceiptLinesSchema.safeParse(lines);
  if (!parsed.success) return fail(400, "lines must list SKUs with positive whole quantities");
  const at = o.at ?? now();
  return withTransaction(async (tx) => {
    const po = await lockPurchaseOrder(tx, shop, poId);
    if (!po) return fail(404, "Purchase order not found");
    if (!["submitted", "confirmed", "partially_received"].includes(po.status)) return fail(409, `A ${po.status} purchase order cannot be received`);
    const received = new Map(po.lines.map((l) => [l.id, l.receivedQuantity]));
    for (const r of parsed.data) {
      const line = po.lines.find((l) => l.sku === r.sku && l.live);
      if (!line) return fail(400, `${r.sku} is not on ${po.number}`);
      received.set(line.id, received.get(line.id)! + r.quantity);
    }
    for (const [id, qty] of received) if (qty !== po.lines.find((l) => l.id === id)!.receivedQuantity) await recordReceipt(tx, shop, id, qty, at);
    const complete = po.lines.filter((l) => l.live).every((l) => received.get(l.id)! >= l.quantity);
    const status: PurchaseOrderStatus = complete ? "received" : "partially_received";
    await updatePurchaseOrder(tx, shop, poId, [po.status], { status, ...(complete ? { receivedAt: at } : {}), updatedAt: at });
    await addPurchaseOrderEvent(tx, shop, poId, at, "received", { lines: parsed.data, status });
    return ok((await findPurchaseOrder(shop, poId, tx))!);
  });
}

/** Scenario `poReceived`: the supplier's oldest open PO with the SKU. */
export async function openPurchaseOrderFor(shop: string, supplierId: string, sku: string): Promise<bigint | null> {
  const ids = await openPurchaseOrdersFor(shop, supplierId, sku);
  return ids[0] ?? null;
}

// ---- cancellation ----

/**
 * Cancels a PO; its pending submission is dropped. With `reorder`, what it still had to bring is
 * planned again at once for the same deficits (without this supplier when `excludeSupplier`);
 * without, those units stay counted as handled (the merchant orders them some other way).
 */
export async function cancelPurchaseOrder(shop: string, poId: bigint, o: { reason: string; reorder?: boolean; excludeSupplier?: boolean; by?: string }): Promise<ServiceResult<PurchaseOrderRecord>> {
  const at = now();
  return withTransaction(async (tx) => {
    // Lock order everywhere: the shop's stock lock, then the outbox row, then the PO row.
    await lockShopStock(tx, shop);
    // A submission in flight may be accepted any moment: cancel once its outcome is known.
    if (await outboxInFlight(tx, shop, "submit_purchase_order", poId, at)) return fail(409, "The purchase order is being sent to the supplier right now: try again in a minute");
    const po = await lockPurchaseOrder(tx, shop, poId);
    if (!po) return fail(404, "Purchase order not found");
    if (po.status === "cancelled" || po.status === "received") return fail(409, `A ${po.status} purchase order cannot be cancelled`);
    await updatePurchaseOrder(tx, shop, poId, [po.status], { status: "cancelled", cancelledAt: at, cancelReason: o.reason.slice(0, 500), updatedAt: at });
    if (po.status === "escalated") {
      const e = await escalationOfPurchaseOrder(shop, poId, tx);
      if (e?.status === "open") await resolveEscalation(tx, shop, e.id, "dismissed", at, o.by ?? null);
    }
    await closeOutboxFor(tx, shop, "submit_purchase_order", poId, at, "purchase order cancelled");
    await addPurchaseOrderEvent(tx, shop, poId, at, "cancelled", { reason: o.reason.slice(0, 500), reorder: Boolean(o.reorder), by: o.by ?? null });
    if (o.reorder) await replanLines(tx, shop, po, at, { excludeSupplier: Boolean(o.excludeSupplier) });
    else {
      await retireLines(tx, shop, poId);
      await refreshCoverage(tx, shop, positionsOf(po));
    }
    return ok((await findPurchaseOrder(shop, poId, tx))!);
  });
}

// ---- the escalation inbox ----

export const DraftEditsSchema = z
  .array(z.object({ sku: z.string().min(1), quantity: z.number().int().positive().optional(), unitCost: z.number().finite().nonnegative().optional() }))
  .optional();

/** Approving submits the (possibly edited) draft: escalated -> draft with its submission in the outbox. */
export async function approveEscalation(shop: string, escalationId: bigint, o: { by?: string; edits?: z.input<typeof DraftEditsSchema> } = {}): Promise<ServiceResult<{ escalation: EscalationRecord; purchaseOrder: PurchaseOrderRecord }>> {
  const edits = DraftEditsSchema.safeParse(o.edits);
  if (!edits.success) return fail(400, "edits must name SKUs with positive quantities and unit costs");
  const at = now();
  return withTransaction(async (tx) => {
    await lockShopStock(tx, shop);
    const e = await findEscalation(tx, shop, escalationId);
    if (!e) return fail(404, "Escalation not found");
    if (e.status !== "open") return fail(409, `The escalation is already ${e.status}`);
    if (e.purchaseOrderId === null) return fail(409, "No supplier can take this deficit: there is no draft to submit");
    const po = await lockPurchaseOrder(tx, shop, e.purchaseOrderId);
    if (!po || po.status !== "escalated") return fail(409, "The draft purchase order is no longer waiting for approval");
    for (const edit of edits.data ?? []) {
      const line = po.lines.find((l) => l.sku === edit.sku);
      if (!line) return fail(400, `${edit.sku} is not on the draft`);
      const quantity = edit.quantity ?? line.quantity;
      const customerUnits = Math.min(line.customerUnits, quantity);
      const bufferUnits = Math.min(line.bufferUnits, quantity - customerUnits);
      await editDraftLine(tx, shop, line.id, { quantity, customerUnits, bufferUnits, roundingUnits: quantity - customerUnits - bufferUnits, unitCost: edit.unitCost ?? line.unitCost });
    }
    await updatePurchaseOrder(tx, shop, po.id, ["escalated"], { status: "draft", updatedAt: at });
    await addOutbox(tx, shop, [{ kind: "submit_purchase_order", subjectId: po.id }], at);
    await resolveEscalation(tx, shop, escalationId, "approved", at, o.by ?? null);
    await addPurchaseOrderEvent(tx, shop, po.id, at, "approved", { escalationId: escalationId.toString(), by: o.by ?? null, edits: edits.data ?? [] });
    await refreshCoverage(tx, shop, positionsOf(po));
    return ok({ escalation: (await findEscalation(tx, shop, escalationId))!, purchaseOrder: (await findPurchaseOrder(shop, po.id, tx))! });
  });
}

/** Dismissing: nothing is ordered by the app (the draft is cancelled); the units stay counted as handled. */
export async function dismissEscalation(shop: string, escalationId: bigint, o: { by?: string; reason?: string } = {}): Promise<ServiceResult<EscalationRecord>> {
  const at = now();
  return withTransaction(async (tx) => {
    await lockShopStock(tx, shop);
    const e = await findEscalation(tx, shop, escalationId);
    if (!e) return fail(404, "Escalation not found");
    if (e.status !== "open") return fail(409, `The escalation is already ${e.status}`);
    await resolveEscalation(tx, shop, escalationId, "dismissed", at, o.by ?? null);
    if (e.purchaseOrderId !== null) {
      const po = await lockPurchaseOrder(tx, shop, e.purchaseOrderId);
      if (po && po.status === "escalated") {
        await updatePurchaseOrder(tx, shop, po.id, ["escalated"], { status: "cancelled", cancelledAt: at, cancelReason: `Escalation dismissed${o.reason ? `: ${o.reason.slice(0, 300)}` : ""}`, updatedAt: at });
        await retireLines(tx, shop, po.id);
        await addPurchaseOrderEvent(tx, shop, po.id, at, "dismissed", { escalationId: escalationId.toString(), by: o.by ?? null });
        await refreshCoverage(tx, shop, positionsOf(po));
      }
    }
    return ok((await findEscalation(tx, shop, escalationId))!);
  });
}

// ---- reads for the admin screens ----

export function listPurchaseOrdersForAdmin(shop: string, filter: PurchaseOrderFilter = {}): Promise<PurchaseOrderRecord[]> {
  return listPurchaseOrders(shop, filter);
}

export async function getPurchaseOrderDetail(shop: string, poId: bigint) {
  const po = await findPurchaseOrder(shop, poId);
  if (!po) return null;
  return { purchaseOrder: po, events: await purchaseOrderEvents(shop, poId), escalation: await escalationOfPurchaseOrder(shop, poId) };
}

/** Deficit windows by id (PO detail, scenario metrics). */
export function deficitWindows(shop: string, ids: bigint[]) {
  return windowsByIds(undefined, shop, ids);
}

export function listEscalationInbox(shop: string, status: EscalationStatus[] = ["open"]): Promise<EscalationRecord[]> {
  return listEscalations(shop, { status });
}
