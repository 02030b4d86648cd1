// An order as the Admin GraphQL API returns it (sync, reconciliation) -> the same ParsedOrder a
// webhook yields, so both go through one code path.
import { gidNumber } from "./gid";
import type { ParsedOrder } from "../webhooks/order-payload";

export type AdminOrderNode = {
  id: string;
  name: string;
  createdAt: string;
  updatedAt: string;
  cancelledAt: string | null;
  closedAt: string | null;
  test: boolean;
  sourceName: string | null;
  email: string | null;
  customer: { id: string; displayName: string } | null;
  currentTotalPriceSet?: { shopMoney: { amount: string } } | null;
  retailLocation?: { id: string } | null;
  lineItems: {
    nodes: {
      id: string;
      sku: string | null;
      name: string;
      quantity: number;
      currentQuantity?: number;
      unfulfilledQuantity: number;
      variant: { id: string } | null;
      originalUnitPriceSet?: { shopMoney: { amount: string } } | null;
    }[];
  };
};

export function orderFromAdmin(n: AdminOrderNode): ParsedOrder {
  const cancelled = n.cancelledAt !== null;
  return {
    id: gidNumber(n.id),
    name: n.name,
    channel: n.sourceName ?? "unknown",
    createdAt: new Date(n.createdAt),
    updatedAt: new Date(n.updatedAt),
    cancelledAt: n.cancelledAt ? new Date(n.cancelledAt) : null,
    closedAt: n.closedAt ? new Date(n.closedAt) : null,
    test: n.test,
    customerId: n.customer ? gidNumber(n.customer.id) : null,
    email: n.email || null,
    customerName: n.customer?.displayName ?? null,
    locationId: n.retailLocation ? gidNumber(n.retailLocation.id) : null,
    totalPrice: n.currentTotalPriceSet?.shopMoney.amount ?? null,
    lines: n.lineItems.nodes.map((li) => ({
      id: gidNumber(li.id),
      variantId: li.variant ? gidNumber(li.variant.id) : null,
      sku: li.sku || null,
      title: li.name,
      quantity: li.quantity,
      openQuantity: cancelled ? 0 : Math.max(0, Math.min(li.currentQuantity ?? li.quantity, li.unfulfilledQuantity)),
      ...(li.currentQuantity !== undefined ? { currentQuantity: Math.max(0, li.currentQuantity) } : {}),
      untrackedReason: li.variant ? null : "custom line item (no variant)",
      unitPrice: li.originalUnitPriceSet?.shopMoney.amount ?? null,
    })),
  };
}
