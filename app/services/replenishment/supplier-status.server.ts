// Confirmation and ETA updates read from an API supplier (its status endpoint): confirmed or
// shipped with an ETA confirms the PO, a moved ETA is recorded, a cancellation by the supplier
// cancels the PO and puts its units back to be ordered again. Email and EDI suppliers answer
// through the supplier link instead.
import { fetchSupplierStatus } from "../../integrations/suppliers";
import { findPurchaseOrder, type PurchaseOrderStatus } from "../../models/replenishment/purchase-orders.server";
import { findSupplier } from "../../models/replenishment/suppliers.server";
import { cancelPurchaseOrder, confirmPurchaseOrder, proposePurchaseOrderEta, type ServiceResult } from "./purchase-orders.server";

export async function refreshSupplierStatus(shop: string, poId: bigint): Promise<ServiceResult<{ status: PurchaseOrderStatus; eta: string | null }>> {
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
  const done = (r: ServiceResult<{ status: PurchaseOrderStatus; eta: string | null }>) => r;
  if (answer.status === "cancelled") {
    const r = await cancelPurchaseOrder(shop, poId, { reason: "Cancelled by the supplier", reorder: true, excludeSupplier: true, by: "supplier_api" });
    return r.ok ? done({ ok: true, value: { status: r.value.status, eta: r.value.eta } }) : r;
  }
  if (answer.eta && po.status === "submitted" && (answer.status === "confirmed" || answer.status === "shipped")) {
    const r = await confirmPurchaseOrder(shop, poId, { eta: answer.eta, via: "supplier_api" });
    return r.ok ? done({ ok: true, value: { status: r.value.status, eta: r.value.eta } }) : r;
  }
  if (answer.eta && answer.eta !== po.eta) {
    const r = await proposePurchaseOrderEta(shop, poId, { eta: answer.eta, via: "supplier_api" });
    return r.ok ? done({ ok: true, value: { status: r.value.status, eta: r.value.eta } }) : r;
  }
  return { ok: true, value: { status: po.status, eta: po.eta } };
}
