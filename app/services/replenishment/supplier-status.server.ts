// Confirmation and ETA updates read from an API supplier (its status endpoint): confirmed or
// shipped with an ETA confirms the PO, a moved ETA is recorded, a cancellation by the supplier
// cancels the PO and puts its units back to be ordered again. Email and EDI suppliers answer
// through the supplier link instead. The replenishment run asks for every open API purchase order
// every SUPPLIER_STATUS_CHECK_MINUTES (checkDueSupplierStatuses).
import { fetchSupplierStatus } from "../../integrations/suppliers";
import { SUPPLIER_STATUS_CHECK_MINUTES } from "../../domain/replenishment";
import { findPurchaseOrder, type PurchaseOrderStatus } from "../../models/replenishment/purchase-orders.server";
import { claimStatusChecks, oldestStatusCheck, shopsWithDueStatusChecks } from "../../models/replenishment/status-checks.server";
import { findSupplier } from "../../models/replenishment/suppliers.server";
import { cancelPurchaseOrder, confirmPurchaseOrder, proposePurchaseOrderEta, type ServiceResult } from "./purchase-orders.server";

/** What the supplier reported, after acting on it; `changed`: the PO was confirmed, cancelled or its date moved. */
export type SupplierStatusReading = { status: PurchaseOrderStatus; eta: string | null; changed: boolean };

export async function refreshSupplierStatus(shop: string, poId: bigint): Promise<ServiceResult<SupplierStatusReading>> {
  const po = await findPurchaseOrder(shop, poId);
  if (!po) return { ok: false, status: 404, error: "Purchase order not found" };
  if (!po.supplierReference || !["submitted", "confirmed", "partially_received"].includes(po.status)) return { ok: false, status: 409, error: `A ${po.status} purchase order has no supplier status to read` };
  const supplier = await findSupplier(shop, po.supplierId);
  if (!supplier || supplier.channel !== "api" || !supplier.apiUrl) return { ok: false, status: 409, error: "Only API suppliers report status; others answer through the supplier link" };
  const answer = await fetchSupplierStatus(po.supplierReference, {
    kind: supplier.apiKind === "graphql" ? "graphql" : "json",
    url: supplier.apiUrl,
    ...(supplier.apiToken ? { token: supplier.apiToken } : {}),
  });
  if (answer.outcome !== "found") return { ok: false, status: 409, error: `The supplier's status could not be read: ${answer.reason}` };
  const acted = (r: ServiceResult<{ status: PurchaseOrderStatus; eta: string | null }>): ServiceResult<SupplierStatusReading> =>
    r.ok ? { ok: true, value: { status: r.value.status, eta: r.value.eta, changed: true } } : r;
  if (answer.status === "cancelled") {
    return acted(await cancelPurchaseOrder(shop, poId, { reason: "Cancelled by the supplier", reorder: true, excludeSupplier: true, by: "supplier_api" }));
  }
  if (answer.eta && po.status === "submitted" && (answer.status === "confirmed" || answer.status === "shipped")) {
    return acted(await confirmPurchaseOrder(shop, poId, { eta: answer.eta, via: "supplier_api" }));
  }
  if (answer.eta && answer.eta !== po.eta) {
    return acted(await proposePurchaseOrderEta(shop, poId, { eta: answer.eta, via: "supplier_api" }));
  }
  return { ok: true, value: { status: po.status, eta: po.eta, changed: false } };
}

const CHECK_MS = SUPPLIER_STATUS_CHECK_MINUTES * 60_000;
/** Checks per run: a supplier answers in well under a second; the rest wait for the next run. */
const CHECKS_PER_RUN = 25;

export type StatusCheckRun = { checked: number; changed: number; failed: number };

/**
 * Asks API suppliers for the status of the shop's purchase orders whose last check (or submission)
 * is SUPPLIER_STATUS_CHECK_MINUTES old. Each check is claimed before the supplier is asked, so
 * concurrent runs never ask twice; a check that fails waits for the next interval.
 */
export async function checkDueSupplierStatuses(shop: string, at: Date): Promise<StatusCheckRun> {
  const ids = await claimStatusChecks(shop, { at, dueBefore: new Date(at.getTime() - CHECK_MS), limit: CHECKS_PER_RUN });
  const run: StatusCheckRun = { checked: ids.length, changed: 0, failed: 0 };
  for (const id of ids) {
    const r = await refreshSupplierStatus(shop, id).catch((e: Error) => ({ ok: false as const, status: 409 as const, error: e.message }));
    if (!r.ok) {
      run.failed++;
      console.warn(`[replenishment] status of purchase order ${id} (${shop}) not read: ${r.error}`);
    } else if (r.value.changed) run.changed++;
  }
  return run;
}

/** When the shop's next status check falls due (null: no open API purchase order). */
export async function nextStatusCheckAt(shop: string): Promise<Date | null> {
  const oldest = await oldestStatusCheck(shop);
  return oldest ? new Date(oldest.getTime() + CHECK_MS) : null;
}

export function shopsWithDueSupplierStatuses(at: Date): Promise<string[]> {
  return shopsWithDueStatusChecks(new Date(at.getTime() - CHECK_MS));
}
