// A realistic purchase order for tests, the demo and benchmarks.
import type { PurchaseOrderDocument } from "./purchase-order-document";

export function samplePurchaseOrder(overrides: Partial<PurchaseOrderDocument> = {}): PurchaseOrderDocument {
  return {
    poNumber: "PO-1001",
    idempotencyKey: "po_7f3c2a",
    buyer: { shopName: "Northwind Outfitters", email: "buying@northwind.example" },
    supplier: { id: "acme", name: "Acme Wholesale" },
    currency: "USD",
    shipTo: { name: "Northwind Warehouse", address: "12 Harbour Road\nPortsmouth PO1 2AB" },
    requestedDeliveryDate: "2026-03-16",
    lines: [
      { sku: "TENT-2P", description: "Trail tent, 2 person", quantity: 12, unitCost: 84.5, supplierSku: "AC-T2" },
      { sku: "STOVE-MINI", description: 'Camp stove, "mini", gas', quantity: 3, unitCost: 19.125 },
    ],
    notes: "Deliver to dock 3.",
    ...overrides,
  };
}
