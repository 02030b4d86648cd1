// The supplier's page (no login, outside /app): a signed, expiring link bound to the shop and the
// PO shows the order and lets the supplier confirm it with an ETA or propose a new one. The token
// is the only credential: an expired, tampered or foreign link finds nothing.
import { z } from "zod";
import { signSupplierLink, verifySupplierLink, type SupplierLinkFailure } from "../../security/supplier-links";
import { findPurchaseOrder, type PurchaseOrderStatus } from "../../models/replenishment/purchase-orders.server";
import { findSupplier } from "../../models/replenishment/suppliers.server";
import { IsoDateSchema } from "../../integrations/suppliers/purchase-order-document";
import { appUrl, supplierLinkLifetimeDays, supplierLinkSecrets } from "./replenishment-env.server";
import { confirmPurchaseOrder, proposePurchaseOrderEta } from "./purchase-orders.server";
import { now } from "../../clock.server";

export function supplierLinkToken(shop: string, poId: bigint, issuedAt: Date, lifetimeDays = supplierLinkLifetimeDays()): string {
  return signSupplierLink(
    { shop, purchaseOrderId: poId.toString(), expiresAt: new Date(issuedAt.getTime() + lifetimeDays * 86_400_000) },
    supplierLinkSecrets()[0],
  );
}

export function supplierLinkUrl(shop: string, poId: bigint, issuedAt: Date): string {
  return `${appUrl()}/supplier/po/${supplierLinkToken(shop, poId, issuedAt)}`;
}

export type SupplierPurchaseOrderView = {
  number: string;
  supplierName: string;
  status: PurchaseOrderStatus;
  currency: string;
  eta: string | null;
  submittedAt: string | null;
  lines: { sku: string; description: string | null; quantity: number; unitCost: number; received: number }[];
  canRespond: boolean;
};

export type SupplierLinkResult<T> = { ok: true; value: T } | { ok: false; status: 400 | 403 | 404 | 409 | 410; reason: SupplierLinkFailure | "not_found" | "invalid" | "closed"; message: string };

const FAILURE: Record<SupplierLinkFailure, { status: 403 | 410; message: string }> = {
  malformed: { status: 403, message: "This link is not valid." },
  bad_signature: { status: 403, message: "This link is not valid." },
  expired: { status: 410, message: "This link has expired. Ask the buyer for a new one." },
};

const RESPONDABLE: readonly PurchaseOrderStatus[] = ["submitted", "confirmed", "partially_received"];

async function resolve(token: string) {
  const v = verifySupplierLink(token, supplierLinkSecrets(), { now: now() });
  if (!v.ok) return { ok: false as const, status: FAILURE[v.reason].status, reason: v.reason, message: FAILURE[v.reason].message };
  const po = await findPurchaseOrder(v.claims.shop, BigInt(v.claims.purchaseOrderId));
  // Another shop's PO id under this shop's link finds nothing: the lookup is scoped by the signed shop.
  if (!po) return { ok: false as const, status: 404 as const, reason: "not_found" as const, message: "This purchase order no longer exists." };
  return { ok: true as const, shop: v.claims.shop, po };
}

export async function loadSupplierPurchaseOrder(token: string): Promise<SupplierLinkResult<SupplierPurchaseOrderView>> {
  const r = await resolve(token);
  if (!r.ok) return r;
  const supplier = await findSupplier(r.shop, r.po.supplierId);
  return {
    ok: true,
    value: {
      number: r.po.number,
      supplierName: supplier?.name ?? r.po.supplierId,
      status: r.po.status,
      currency: r.po.currency,
      eta: r.po.eta,
      submittedAt: r.po.submittedAt?.toISOString() ?? null,
      lines: r.po.lines.filter((l) => l.live).map((l) => ({ sku: l.sku, description: l.title, quantity: l.quantity, unitCost: l.unitCost, received: l.receivedQuantity })),
      canRespond: RESPONDABLE.includes(r.po.status),
    },
  };
}

export const SupplierResponseSchema = z.object({
  intent: z.enum(["confirm", "propose"]),
  eta: IsoDateSchema,
  note: z.string().max(500).optional(),
});

export async function respondViaSupplierLink(token: string, input: unknown): Promise<SupplierLinkResult<{ status: PurchaseOrderStatus; eta: string | null }>> {
  const r = await resolve(token);
  if (!r.ok) return r;
  const parsed = SupplierResponseSchema.safeParse(input);
  if (!parsed.success) return { ok: false, status: 400, reason: "invalid", message: "Give the delivery date as YYYY-MM-DD." };
  if (!RESPONDABLE.includes(r.po.status)) return { ok: false, status: 409, reason: "closed", message: `This purchase order is ${r.po.status}.` };
  const { intent, eta, note } = parsed.data;
  const done =
    intent === "confirm"
      ? await confirmPurchaseOrder(r.shop, r.po.id, { eta, via: "supplier_link" })
      : await proposePurchaseOrderEta(r.shop, r.po.id, { eta, via: "supplier_link", note });
  if (!done.ok) return { ok: false, status: done.status === 404 ? 404 : done.status === 409 ? 409 : 400, reason: done.status === 404 ? "not_found" : "invalid", message: done.error };
  return { ok: true, value: { status: done.value.status, eta: done.value.eta } };
}
