// Allocation of arriving stock: the shared priority policy decides who a restock reaches (the
// preview says so before it is committed, with the deciding criterion), an Allocation row records
// each line it reached (the delivery that caused it), a duplicate level update changes nothing, and
// a committed restock — or a purchase-order receipt put into stock — adds the units once, even when
// submitted twice or retried after a crash (Shopify's idempotency key).
import "../setup/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecoveryHarness, type RecoveryHarness } from "./support";

let h: RecoveryHarness;
beforeAll(async () => {
  h = await startRecoveryHarness(new Date("2026-06-01T14:00:00Z"));
});
afterAll(async () => {
  await h.stop();
});

const { armFault, disarmFaults } = await import("../../app/faults.server");
const { commitRestock, previewRestock, receiptRequestId, receiptsToStock } = await import("../../app/services/recovery/allocation.server");
const { updateRecoverySettings } = await import("../../app/services/recovery/settings.server");
const { available } = await import("../../app/emulator/emulated-shop");

const products = [
  { title: "Lamp", variants: [{ sku: "LAMP", price: 40, inventoryPolicy: "CONTINUE" as const, inventory: { Main: 0 } }] },
  { title: "Plate", variants: [{ sku: "PLATE", price: 10, inventory: { Main: 50 } }] },
];

/** Three orders waiting for a lamp: a small web order, a big web order, an Amazon order. */
async function waiting() {
  const s = await h.shop(products);
  expect((await updateRecoverySettings(s.shop, { holdRule: "off" })).ok).toBe(true);
  const small = h.emulator.placeOrder(s.shop, { name: "#SMALL", channel: "web", lines: [{ sku: "LAMP", quantity: 1 }] });
  h.clock.advance(60_000);
  const big = h.emulator.placeOrder(s.shop, { name: "#BIG", channel: "web", lines: [{ sku: "LAMP", quantity: 1 }, { sku: "PLATE", quantity: 10 }] });
  h.clock.advance(60_000);
  const amazon = h.emulator.placeOrder(s.shop, { name: "#AMZ", channel: "amazon", lines: [{ sku: "LAMP", quantity: 1 }] });
  await h.deliver();
  const lines = await h.prisma.backorderLine.findMany({ where: { shop: s.shop }, orderBy: { id: "asc" } });
  expect(lines.map((l) => [l.orderName, l.status, l.quantityBackordered])).toEqual([["#SMALL", "backordered", 1], ["#BIG", "backordered", 1], ["#AMZ", "backordered", 1]]);
  const main = s.locations.Main;
  return { ...s, small, big, amazon, lines, main, item: s.variants.LAMP.inventoryItemId };
}

const lampAvailable = (shop: string, item: number, loc: number) => available(h.emulator.shop(shop).items.get(item)!.levels.get(loc)!);

describe("allocation", () => {
  it("previews who a restock reaches and why, then allocates exactly that when it arrives; a duplicate delivery changes nothing", async () => {
    const { shop, main, item, small, emulated } = await waiting();
    // Amazon's promise window (4 days) is stricter than the default (7): its customers come first.
    expect((await updateRecoverySettings(shop, {})).ok).toBe(true);
    await h.prisma.replenishmentSettings.create({ data: { shop, supplierWeights: {}, promiseWindowDays: { default: 7, amazon: 4 }, updatedAt: h.clock.now() } });
    const r = await previewRestock(shop, { sku: "LAMP", locationId: String(main), quantity: "2" });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.preview).toMatchObject({ quantity: 2, available: -3, unexplained: 0, allocated: 2, toStock: 0, linesAllocated: 2, linesWaiting: 1, unitsStillWaiting: 1 });
    expect(r.preview.lines.map((l) => [l.rank, l.order, l.allocated, l.outcome, l.decidedBy])).toEqual([
      [1, "#AMZ", 1, "allocated", "Channel with a stricter service level (shorter promise window)"],
      [2, "#BIG", 1, "allocated", "Higher order value"],
      [3, "#SMALL", 0, "waiting", "Higher order value"],
    ]);
    // Previewing commits nothing.
    expect(await h.prisma.recoveryAction.count({ where: { shop } })).toBe(0);
    expect(lampAvailable(shop, item, main)).toBe(-3);

    // The restock arrives (a level update from Shopify): the preview's two lines are served.
    h.clock.advance(60_000);
    h.emulator.restock(shop, { sku: "LAMP", location: main, quantity: 2 });
    await h.deliver();
    const lines = await h.prisma.backorderLine.findMany({ where: { shop }, orderBy: { id: "asc" } });
    expect(lines.map((l) => [l.orderName, l.status])).toEqual([["#SMALL", "backordered"], ["#BIG", "resolved"], ["#AMZ", "resolved"]]);
    const allocations = await h.prisma.allocation.findMany({ where: { shop }, orderBy: { id: "asc" } });
    expect(allocations.map((a) => [lines.find((l) => l.id === a.backorderLineId)!.orderName, a.units, a.cause])).toEqual([["#AMZ", 1, "restock"], ["#BIG", 1, "restock"]]);
    const delivery = await h.prisma.webhookDelivery.findFirstOrThrow({ where: { shop, topic: "inventory_levels/update" }, orderBy: { id: "desc" } });
    expect(allocations.every((a) => a.source === `webhook:${delivery.webhookId}`)).toBe(true);

    // The same level again (a duplicate delivery under another webhook id): nothing moves.
    const eventsBefore = await h.prisma.backorderEvent.count({ where: { shop } });
    const level = emulated.items.get(item)!.levels.get(main)!;
    h.emulator.sendWebhook(shop, "inventory_levels/update", { inventory_item_id: item, location_id: main, available: available(level), updated_at: level.updatedAt.toISOString() });
    await h.deliver();
    expect(await h.prisma.allocation.count({ where: { shop } })).toBe(2);
    expect((await h.prisma.backorderLine.findMany({ where: { shop }, orderBy: { id: "asc" } })).map((l) => l.status)).toEqual(["backordered", "resolved", "resolved"]);
    expect(await h.prisma.backorderEvent.count({ where: { shop } })).toBe(eventsBefore);
    const processed = await h.prisma.webhookDelivery.findFirstOrThrow({ where: { shop, topic: "inventory_levels/update" }, orderBy: { id: "desc" } });
    expect(processed.status).toBe("processed");
    expect(small.id).toBeGreaterThan(0);
  });

  it("serves a line already past its customer promise first: detection reads each line's open promise with its demand", async () => {
    const { shop, main, lines } = await waiting();
    const small = lines.find((l) => l.orderName === "#SMALL")!;
    // #SMALL was promised to ship by the end of May; today is June 1st in the shop: it is late.
    const promise = (l: typeof small, latest: string, status = "open") => ({
      backorderLineId: l.id, shop, orderId: l.orderId, lineItemId: l.lineItemId, inventoryItemId: l.inventoryItemId, locationId: l.locationId,
      status, earliest: "2026-05-15", latest, phase: "submitted", version: 1, inputsKey: "test", basis: {}, setAt: h.clock.now(), checkedAt: h.clock.now(),
    });
    const big = lines.find((l) => l.orderName === "#BIG")!;
    await h.prisma.linePromise.createMany({ data: [promise(small, "2026-05-29"), promise(big, "2026-05-20", "closed")] });
    h.clock.advance(60_000);
    h.emulator.restock(shop, { sku: "LAMP", location: main, quantity: 1 });
    await h.deliver();
    const after = await h.prisma.backorderLine.findMany({ where: { shop }, orderBy: { id: "asc" } });
    // A closed promise (#BIG's) does not count; without #SMALL's, #BIG (highest value) would be served.
    expect(after.map((l) => [l.orderName, l.status])).toEqual([["#SMALL", "resolved"], ["#BIG", "backordered"], ["#AMZ", "backordered"]]);
    expect(await h.prisma.allocation.count({ where: { shop } })).toBe(1);
  });

  it("a committed restock adds the units once: a double submit is one row, a retry after a crash is one adjustment", async () => {
    const { shop, main, item } = await waiting();
    const input = { sku: "LAMP", locationId: String(main), quantity: 2, requestId: "req-0001-abcd", reference: "Delivery note 77" };
    expect(await commitRestock(shop, input)).toMatchObject({ ok: true, queued: true, key: "restock:req-0001-abcd" });
    expect(await commitRestock(shop, input)).toMatchObject({ ok: true, queued: false });
    expect(await h.prisma.recoveryAction.count({ where: { shop, kind: "adjust_inventory" } })).toBe(1);
    expect(lampAvailable(shop, item, main)).toBe(-3);

    // Shopify applies the adjustment, the worker dies before recording it; the retry sends the same
    // idempotency key and Shopify answers the first adjustment instead of making a second.
    armFault("recovery.afterAdminCall", "throw", 1);
    const first = await h.recover(shop);
    disarmFaults();
    expect(first.dispatch).toMatchObject({ retried: 1, done: 0 });
    expect(lampAvailable(shop, item, main)).toBe(-1);
    await h.prisma.recoveryAction.updateMany({ where: { shop, status: "pending" }, data: { availableAt: h.clock.now() } });
    const second = await h.recover(shop);
    expect(second.dispatch).toMatchObject({ done: 1 });
    expect(lampAvailable(shop, item, main)).toBe(-1);
    const sent = h.operations.filter((o) => o.name === "BackorderPilotReceiveInventory");
    expect(sent).toHaveLength(2);
    expect(sent.map((o) => o.variables?.idempotencyKey)).toEqual([`${shop}:restock:req-0001-abcd`, `${shop}:restock:req-0001-abcd`]);
    expect(sent[0].variables?.input).toMatchObject({ reason: "received", name: "available", referenceDocumentUri: "gid://backorder-pilot/Receipt/Delivery%20note%2077" });
    // Two lines served by the two units (one allocation each), the third still waits.
    expect(await h.prisma.allocation.count({ where: { shop } })).toBe(2);
    expect(await h.prisma.backorderLine.count({ where: { shop, status: "backordered" } })).toBe(1);
  });

  it("a purchase-order receipt put into stock twice adds its units once", async () => {
    const { shop, main, item } = await waiting();
    const now = h.clock.now();
    await h.prisma.supplier.create({ data: { shop, id: "acme", name: "Acme", status: "active", channel: "email", createdAt: now, updatedAt: now } });
    const po = await h.prisma.purchaseOrder.create({
      data: {
        shop, number: "PO-1001", supplierId: "acme", locationId: BigInt(main), status: "submitted", currency: "USD", origin: "manual", evaluations: [],
        detectedAt: now, createdAt: now, updatedAt: now,
        lines: { create: [{ shop, supplierId: "acme", inventoryItemId: BigInt(item), locationId: BigInt(main), sku: "LAMP", quantity: 3, customerUnits: 3, bufferUnits: 0, roundingUnits: 0, unitCost: 10, leadTimeDays: 5 }] },
      },
    });
    const { receivePurchaseOrder } = await import("../../app/services/replenishment/purchase-orders.server");
    expect((await receivePurchaseOrder(shop, po.id, [{ sku: "LAMP", quantity: 3 }])).ok).toBe(true);
    const [receipt] = await receiptsToStock(shop);
    expect(receipt).toMatchObject({ purchaseOrder: "PO-1001", sku: "LAMP", quantity: 3, locationId: String(main), queued: false });
    const event = await h.prisma.purchaseOrderEvent.findFirstOrThrow({ where: { shop, kind: "received" } });
    expect(receipt.requestId).toBe(receiptRequestId(event.id, "LAMP"));
    const put = { sku: "LAMP", locationId: receipt.locationId, quantity: receipt.quantity, requestId: receipt.requestId, reference: receipt.purchaseOrder };
    expect(await commitRestock(shop, put)).toMatchObject({ ok: true, queued: true });
    expect(await commitRestock(shop, put)).toMatchObject({ ok: true, queued: false });
    expect((await receiptsToStock(shop))[0].queued).toBe(true);
    await h.recover(shop);
    await h.recover(shop);
    expect(lampAvailable(shop, item, main)).toBe(0);
    expect(await h.prisma.backorderLine.count({ where: { shop, status: "backordered" } })).toBe(0);
    expect(await h.prisma.allocation.count({ where: { shop } })).toBe(3);
  });

  it("refuses a preview or restock of an unknown SKU or location, or a fractional quantity, with field errors", async () => {
    const { shop, main } = await waiting();
    expect(await previewRestock(shop, { sku: "NOPE", locationId: String(main), quantity: "2" })).toEqual({ ok: false, fieldErrors: { sku: "No product with SKU NOPE" } });
    expect(await previewRestock(shop, { sku: "LAMP", locationId: "1", quantity: "2" })).toEqual({ ok: false, fieldErrors: { locationId: "Choose a location" } });
    expect(await previewRestock(shop, { sku: "LAMP", locationId: String(main), quantity: "1.5" })).toEqual({ ok: false, fieldErrors: { quantity: "Whole units only" } });
    expect(await commitRestock(shop, { sku: "LAMP", locationId: String(main), quantity: 2 })).toEqual({ ok: false, fieldErrors: { requestId: "Required" } });
    expect(await h.prisma.recoveryAction.count({ where: { shop } })).toBe(0);
  });
});
