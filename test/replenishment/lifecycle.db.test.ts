import "../setup/database";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { resetClock } from "../../app/clock.server";
import { startSupplierApiStandIn, type SupplierApiStandIn } from "../../app/stand-ins";
import { closeWebhookIntake } from "../../app/services/webhook-intake.server";
import { cancelPurchaseOrder, getPurchaseOrderDetail, receivePurchaseOrder } from "../../app/services/replenishment/purchase-orders.server";
import { refreshSupplierStatus } from "../../app/services/replenishment/supplier-status.server";
import { runReplenishment } from "../../app/services/replenishment/run-replenishment.server";
import { addOffer, addSupplier, at, createShop, purchaseOrders, skus, storefront } from "./support";

const [LAMP, SHADE] = skus(2);
let api: SupplierApiStandIn;
let shopN = 0;
let shop = "";

beforeAll(async () => {
  api = await startSupplierApiStandIn({ suppliers: { acme: { mode: "up" }, beta: { mode: "up" } } });
});
afterAll(async () => {
  await api.stop();
  await closeWebhookIntake();
  resetClock();
});
beforeEach(async () => {
  shop = `lifecycle-${++shopN}.myshopify.com`;
  await createShop(shop, [LAMP, SHADE]);
  await addSupplier(shop, { id: "acme", name: "Acme", channel: "api", apiUrl: api.jsonUrl("acme") });
  await addSupplier(shop, { id: "beta", name: "Beta", channel: "api", apiUrl: api.jsonUrl("beta") });
  for (const i of [LAMP, SHADE]) {
    await addOffer(shop, { supplierId: "acme", sku: i.sku, leadTimeDays: 2, unitCost: 10, lastUnitCostSeed: 10 });
    await addOffer(shop, { supplierId: "beta", sku: i.sku, leadTimeDays: 4, unitCost: 11, lastUnitCostSeed: 11 });
  }
});

async function submitted(units: { lamp: number; shade: number }) {
  const s = storefront(shop);
  s.setStock(LAMP, 0);
  s.setStock(SHADE, 0);
  if (units.lamp) await s.order(LAMP, 0, { qty: units.lamp });
  if (units.shade) await s.order(SHADE, 1, { qty: units.shade });
  await s.run(20);
  const [po] = await purchaseOrders(shop);
  return { s, po };
}

describe("purchase order lifecycle", () => {
  it("receives in parts: partially_received, then received; never touches the shop's stock itself", async () => {
    const { s, po } = await submitted({ lamp: 3, shade: 2 });
    s.clock.set(at(3600));
    const part = await receivePurchaseOrder(shop, po.id, [{ sku: LAMP.sku, quantity: 2 }]);
    expect(part.ok && part.value.status).toBe("partially_received");
    const rest = await receivePurchaseOrder(shop, po.id, [
      { sku: LAMP.sku, quantity: 1 },
      { sku: SHADE.sku, quantity: 2 },
    ]);
    expect(rest.ok && [rest.value.status, rest.value.receivedAt, rest.value.lines.map((l) => [l.sku, l.receivedQuantity, l.firstReceivedAt])]).toEqual([
      "received",
      at(3600),
      [
        [LAMP.sku, 3, at(3600)],
        [SHADE.sku, 2, at(3600)],
      ],
    ]);
    // The lines stay backordered until the restock arrives from Shopify.
    expect(await prisma.backorderLine.count({ where: { shop, status: "backordered" } })).toBe(2);
    expect(await prisma.inventoryLevel.findMany({ where: { shop }, select: { available: true }, orderBy: { inventoryItemId: "asc" } })).toEqual([{ available: -3 }, { available: -2 }]);
    expect(await receivePurchaseOrder(shop, po.id, [{ sku: LAMP.sku, quantity: 1 }])).toEqual({ ok: false, status: 409, error: "A received purchase order cannot be received" });
    const detail = await getPurchaseOrderDetail(shop, po.id);
    expect(detail!.events.map((e) => e.kind)).toEqual(["created", "submitted", "received", "received"]);
  });

  it("refuses receipts for unknown SKUs, bad quantities and other shops' POs", async () => {
    const { po } = await submitted({ lamp: 1, shade: 0 });
    expect(await receivePurchaseOrder(shop, po.id, [{ sku: "NOPE", quantity: 1 }])).toEqual({ ok: false, status: 400, error: `NOPE is not on ${po.number}` });
    expect(await receivePurchaseOrder(shop, po.id, [{ sku: LAMP.sku, quantity: 0 }])).toMatchObject({ ok: false, status: 400 });
    expect(await receivePurchaseOrder("intruder.myshopify.com", po.id, [{ sku: LAMP.sku, quantity: 1 }])).toEqual({ ok: false, status: 404, error: "Purchase order not found" });
    expect((await purchaseOrders(shop))[0].lines[0].receivedQuantity).toBe(0);
  });

  it("reads confirmation and ETA changes from the supplier's API; a supplier cancellation is ordered again elsewhere", async () => {
    const { s, po } = await submitted({ lamp: 2, shade: 0 });
    const reference = po.supplierReference!;
    expect(await refreshSupplierStatus(shop, po.id)).toEqual({ ok: true, value: { status: "submitted", eta: null, changed: false } });
    api.confirm(reference, "2026-05-05");
    expect(await refreshSupplierStatus(shop, po.id)).toEqual({ ok: true, value: { status: "confirmed", eta: "2026-05-05", changed: true } });
    api.slip(reference, "2026-05-08");
    expect(await refreshSupplierStatus(shop, po.id)).toEqual({ ok: true, value: { status: "confirmed", eta: "2026-05-08", changed: true } });
    s.clock.set(at(7200));
    api.cancel(reference);
    expect(await refreshSupplierStatus(shop, po.id)).toEqual({ ok: true, value: { status: "cancelled", eta: "2026-05-08", changed: true } });
    // The 2 units are planned again at once, without acme, and go out on the next run.
    await s.run(7200);
    const pos = await purchaseOrders(shop);
    expect(pos.map((p) => [p.supplierId, p.status, p.origin, p.lines.map((l) => [l.customerUnits, l.live])])).toEqual([
      ["acme", "cancelled", "auto", [[2, false]]],
      ["beta", "submitted", "fallback", [[2, true]]],
    ]);
    expect(pos[0].cancelReason).toBe("Cancelled by the supplier");
    const links = await prisma.purchaseOrderCoverage.findMany({ where: { shop }, include: { purchaseOrderLine: true } });
    expect(links.map((l) => [l.purchaseOrderLine.purchaseOrderId, l.units])).toEqual([[pos[1].id, 2]]);
  });

  it("the replenishment run asks the API supplier for an open PO's status every 30 minutes, once per check even when two runs race", async () => {
    const { s, po } = await submitted({ lamp: 2, shade: 0 });
    const reference = po.supplierReference!;
    const statusRequests = () => api.requests("acme").filter((r) => r.endpoint === "status" && r.path.endsWith(encodeURIComponent(reference))).length;
    api.confirm(reference, "2026-05-05");
    // Submitted at +20 s: not due before +30 min 20 s, and nothing is asked.
    const early = await s.run(20 + 1799);
    expect(early.statusChecks).toEqual({ checked: 0, changed: 0, failed: 0 });
    expect(early.nextAt).toEqual(at(20 + 1800));
    expect(statusRequests()).toBe(0);
    expect((await purchaseOrders(shop))[0].status).toBe("submitted");
    // Due: two runs at once ask once between them, and the PO is confirmed with the supplier's ETA.
    const [a, b] = await Promise.all([s.run(20 + 1800), runReplenishment(shop, at(20 + 1800))]);
    expect([a.statusChecks.checked + b.statusChecks.checked, a.statusChecks.changed + b.statusChecks.changed]).toEqual([1, 1]);
    expect(statusRequests()).toBe(1);
    const [confirmed] = await purchaseOrders(shop);
    expect([confirmed.status, confirmed.eta, confirmed.statusCheckedAt]).toEqual(["confirmed", "2026-05-05", at(20 + 1800)]);
    expect((await getPurchaseOrderDetail(shop, po.id))!.events.filter((e) => e.kind === "confirmed").length).toBe(1);
    // The next check is 30 minutes after this one; a run in between asks nothing.
    expect((await s.run(20 + 3000)).nextAt).toEqual(at(20 + 3600));
    expect(statusRequests()).toBe(1);
    // The supplier moves the date: the next check records it; an unchanged answer changes nothing.
    api.slip(reference, "2026-05-08");
    expect((await s.run(20 + 3600)).statusChecks).toEqual({ checked: 1, changed: 1, failed: 0 });
    expect((await s.run(20 + 5400)).statusChecks).toEqual({ checked: 1, changed: 0, failed: 0 });
    expect(statusRequests()).toBe(3);
    expect((await purchaseOrders(shop))[0].eta).toBe("2026-05-08");
    // Received: never asked again, and no check is scheduled.
    await receivePurchaseOrder(shop, po.id, [{ sku: LAMP.sku, quantity: 2 }]);
    const after = await s.run(20 + 9000);
    expect([after.statusChecks.checked, after.nextAt]).toEqual([0, null]);
    expect(statusRequests()).toBe(3);
  });

  it("a supplier that cannot answer is asked again at the next interval, not at once", async () => {
    const { s, po } = await submitted({ lamp: 1, shade: 0 });
    api.setMode("acme", "down");
    try {
      expect((await s.run(20 + 1800)).statusChecks).toEqual({ checked: 1, changed: 0, failed: 1 });
      expect((await s.run(20 + 1900)).statusChecks.checked).toBe(0);
      api.setMode("acme", "up");
      api.confirm(po.supplierReference!, "2026-05-06");
      expect((await s.run(20 + 3600)).statusChecks).toEqual({ checked: 1, changed: 1, failed: 0 });
      expect((await purchaseOrders(shop))[0].status).toBe("confirmed");
    } finally {
      api.setMode("acme", "up");
    }
  });

  it("a merchant's cancellation without reorder orders nothing more and keeps the units counted", async () => {
    const { s, po } = await submitted({ lamp: 2, shade: 0 });
    const r = await cancelPurchaseOrder(shop, po.id, { reason: "Bought locally", by: "staff" });
    expect(r.ok && r.value.status).toBe("cancelled");
    expect(await prisma.purchaseOrderCoverage.count({ where: { shop } })).toBe(0);
    await s.run(3600);
    expect((await purchaseOrders(shop)).map((p) => p.status)).toEqual(["cancelled"]);
    expect(await cancelPurchaseOrder(shop, po.id, { reason: "again" })).toEqual({ ok: false, status: 409, error: "A cancelled purchase order cannot be cancelled" });
  });
});
