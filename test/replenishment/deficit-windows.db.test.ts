import "../setup/database";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { resetClock } from "../../app/clock.server";
import { startSupplierApiStandIn, type SupplierApiStandIn } from "../../app/stand-ins";
import { closeWebhookIntake } from "../../app/services/webhook-intake.server";
import { withTransaction } from "../../app/models/transaction.server";
import { insertOpenWindows } from "../../app/models/replenishment/deficit-windows.server";
import { purgeShopData } from "../../app/models/shops.server";
import { addOffer, addSupplier, at, createShop, purchaseOrders, settings, skus, storefront, windows, LOCATION } from "./support";

const ITEMS = skus(2);
const [LAMP, SHADE] = ITEMS;
let api: SupplierApiStandIn;
let shopN = 0;
let shop = "";

beforeAll(async () => {
  api = await startSupplierApiStandIn({ suppliers: { acme: { mode: "up" } } });
});
afterAll(async () => {
  await api.stop();
  await closeWebhookIntake();
  resetClock();
});

beforeEach(async () => {
  shop = `windows-${++shopN}.myshopify.com`;
  await createShop(shop, ITEMS);
  await addSupplier(shop, { id: "acme", name: "Acme", channel: "api", apiUrl: api.jsonUrl("acme") });
  for (const i of ITEMS) await addOffer(shop, { supplierId: "acme", sku: i.sku, leadTimeDays: 3, unitCost: 10, lastUnitCostSeed: 10 });
  await settings(shop, { dedupQuietSeconds: 10, dedupWindowSeconds: 90 });
});

const ordersAtStandIn = () => api.orders("acme").filter((o) => o.idempotencyKey.startsWith(`${shop}:`));

describe("deficit windows", () => {
  it("orders a lone oversell once the SKU has been quiet for 10 s", async () => {
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    await s.order(LAMP, 0);
    expect(await windows(shop)).toMatchObject([{ status: "open", oversoldUnits: 1, openedAt: at(0), lastOversellAt: at(0), closesAt: at(10) }]);

    const early = await s.run(9.999);
    expect(early.closing.windowsClosed).toBe(0);
    expect(await purchaseOrders(shop)).toEqual([]);
    expect(early.nextAt).toEqual(at(10));

    const run = await s.run(10);
    expect(run.closing).toMatchObject({ windowsClosed: 1, windowsEmpty: 0, escalations: [] });
    const [po] = await purchaseOrders(shop);
    expect(po).toMatchObject({ supplierId: "acme", status: "submitted", origin: "auto", detectedAt: at(0), createdAt: at(10), submittedAt: at(10) });
    expect(po.lines.map((l) => [l.sku, l.quantity, l.customerUnits, l.bufferUnits, Number(l.unitCost)])).toEqual([[LAMP.sku, 1, 1, 0, 10]]);
    expect(await windows(shop)).toMatchObject([{ status: "ordered", orderedUnits: 1, outstandingUnits: 1, closedAt: at(10) }]);
    expect(ordersAtStandIn()).toHaveLength(1);
    // Nothing left: no open window, nothing in the outbox, no second PO on a second run.
    await s.run(60);
    expect(await purchaseOrders(shop)).toHaveLength(1);
    expect(ordersAtStandIn()).toHaveLength(1);
    expect(await prisma.replenishmentOutbox.count({ where: { shop, status: { not: "done" } } })).toBe(0);
  });

  it("keeps a 60 s burst in one window: one PO, when the burst has been quiet for 10 s", async () => {
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    for (let t = 0; t <= 60; t += 5) {
      await s.order(LAMP, t);
      // A run at any moment of the burst closes nothing.
      expect((await s.run(t + 4.9)).closing.windowsClosed).toBe(0);
    }
    expect(await windows(shop)).toMatchObject([{ status: "open", oversoldUnits: 13, closesAt: at(70) }]);
    await s.run(70);
    const pos = await purchaseOrders(shop);
    expect(pos).toHaveLength(1);
    expect(pos[0].lines.map((l) => [l.sku, l.customerUnits])).toEqual([[LAMP.sku, 13]]);
    expect(pos[0].submittedAt).toEqual(at(70));
  });

  it("never keeps a window open past 90 s: a longer burst becomes two deficits", async () => {
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    for (let t = 0; t <= 100; t += 5) {
      await s.run(t);
      await s.order(LAMP, t);
    }
    // 0..85 s (18 units) closed at the 90 s maximum; 90..100 s (3 units) in a second window.
    const pos = await purchaseOrders(shop);
    expect(pos.map((p) => [p.createdAt, p.lines[0].customerUnits])).toEqual([[at(90), 18]]);
    await s.run(110);
    const after = await purchaseOrders(shop);
    expect(after.map((p) => [p.createdAt, p.lines[0].customerUnits])).toEqual([
      [at(90), 18],
      [at(110), 3],
    ]);
    expect((await windows(shop)).map((w) => [w.openedAt, w.closedAt, w.orderedUnits])).toEqual([
      [at(0), at(90), 18],
      [at(90), at(110), 3],
    ]);
  });

  it("seals a window past its closing time when a new oversell comes before the closing run", async () => {
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    await s.order(LAMP, 0, { qty: 2 });
    // No run at 10 s (a slow worker): the oversell at 12 s belongs to a new window all the same.
    await s.order(LAMP, 12);
    expect((await windows(shop)).map((w) => [w.status, w.oversoldUnits, w.closedAt])).toEqual([
      ["due", 2, at(10)],
      ["open", 1, null],
    ]);
    await s.run(15);
    await s.run(22);
    expect((await purchaseOrders(shop)).map((p) => [p.createdAt, p.lines[0].customerUnits])).toEqual([
      [at(15), 2],
      [at(22), 1],
    ]);
  });

  it("shrinks the window when an oversold order is cancelled inside it; a cancellation does not extend it", async () => {
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    await s.order(LAMP, 0);
    const second = await s.order(LAMP, 2);
    await s.order(LAMP, 4);
    await s.cancel(second, 9);
    const [w] = await windows(shop);
    expect(w).toMatchObject({ status: "open", oversoldUnits: 3, cancelledUnits: 1, lastOversellAt: at(4), closesAt: at(14) });
    await s.run(14);
    const [po] = await purchaseOrders(shop);
    expect(po.lines.map((l) => [l.sku, l.quantity, l.customerUnits])).toEqual([[LAMP.sku, 2, 2]]);
    expect(await purchaseOrders(shop)).toHaveLength(1);
  });

  it("closes a window whose oversells were all cancelled without ordering anything", async () => {
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    const n = await s.order(LAMP, 0);
    await s.cancel(n, 3);
    await s.run(10);
    expect(await purchaseOrders(shop)).toEqual([]);
    expect(await windows(shop)).toMatchObject([{ status: "empty", oversoldUnits: 1, cancelledUnits: 1, orderedUnits: 0 }]);
    expect(ordersAtStandIn()).toEqual([]);
  });

  it("never orders units an earlier window already ordered", async () => {
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    await s.order(LAMP, 0, { qty: 2 });
    await s.run(10);
    // Three more units short: only they form the second deficit (5 short in all).
    await s.order(LAMP, 20);
    await s.order(LAMP, 21, { qty: 2 });
    await s.run(31);
    const pos = await purchaseOrders(shop);
    expect(pos.map((p) => p.lines.map((l) => l.customerUnits))).toEqual([[2], [3]]);
    const short = await prisma.backorderLine.aggregate({ where: { shop, status: "backordered" }, _sum: { quantityBackordered: true } });
    expect(short._sum.quantityBackordered).toBe(5);
    // Every short unit is linked to exactly one PO line; the lines stay backordered.
    const links = await prisma.purchaseOrderCoverage.findMany({ where: { shop }, include: { backorderLine: true } });
    expect(links.reduce((n, l) => n + l.units, 0)).toBe(5);
    expect(new Set(links.map((l) => l.backorderLine.status))).toEqual(new Set(["backordered"]));
    // A run later does not order anything again.
    await s.run(120);
    expect(await purchaseOrders(shop)).toHaveLength(2);
    expect(ordersAtStandIn()).toHaveLength(2);
  });

  it("releases coverage as stock arrives: a new oversell after the restock is a new deficit", async () => {
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    await s.order(LAMP, 0, { qty: 2 });
    await s.run(10);
    // The PO's goods arrive in Shopify: the lines resolve and the ordered window is consumed.
    await s.restock(LAMP, 2, 100);
    expect(await windows(shop)).toMatchObject([{ status: "ordered", orderedUnits: 2, outstandingUnits: 0 }]);
    expect(await prisma.purchaseOrderCoverage.count({ where: { shop } })).toBe(0);
    await s.order(LAMP, 200);
    await s.run(210);
    expect((await purchaseOrders(shop)).map((p) => p.lines[0].customerUnits)).toEqual([2, 1]);
  });

  it("joins windows of different SKUs closing in the same run into one PO per supplier, one line per SKU", async () => {
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    s.setStock(SHADE, 0);
    await s.order(LAMP, 0);
    await s.order(SHADE, 1, { qty: 2 });
    await s.run(30);
    const pos = await purchaseOrders(shop);
    expect(pos).toHaveLength(1);
    expect(pos[0].lines.map((l) => [l.sku, l.customerUnits])).toEqual([
      [LAMP.sku, 1],
      [SHADE.sku, 2],
    ]);
    expect(pos[0].detectedAt).toEqual(at(0));
    expect(ordersAtStandIn()).toHaveLength(1);
  });

  it("purging the shop's data deletes every replenishment row of that shop and nothing of another", async () => {
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    await s.order(LAMP, 0, { qty: 2 });
    await s.run(10);
    await s.order(LAMP, 20);
    const tables = ["purchaseOrderCoverage", "replenishmentOutbox", "supplierSubmissionAttempt", "purchaseOrderEvent", "purchaseOrderLine", "purchaseOrder", "deficitWindow", "supplierOffer", "supplier", "replenishmentSettings"] as const;
    const count = (t: (typeof tables)[number], where: { shop: string }) => (prisma[t] as unknown as { count: (a: { where: { shop: string } }) => Promise<number> }).count({ where });
    for (const t of tables) expect(await count(t, { shop }), t).toBeGreaterThan(0);
    const other = `windows-other-${shopN}.myshopify.com`;
    await createShop(other, [LAMP]);
    await addSupplier(other, { id: "acme", name: "Acme", channel: "api", apiUrl: api.jsonUrl("acme") });
    await withTransaction((tx) => purgeShopData(tx, shop));
    for (const t of tables) expect(await count(t, { shop }), t).toBe(0);
    expect(await prisma.supplier.count({ where: { shop: other } })).toBe(1);
  });

  it("the database refuses a second open window for a position, even without the stock lock", async () => {
    const row = { inventoryItemId: BigInt(LAMP.itemId), locationId: BigInt(LOCATION), sku: LAMP.sku, openedAt: at(0), closesAt: at(10), oversoldUnits: 1 };
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    // Two transactions insert concurrently; the first holds its row until the second has tried.
    const first = withTransaction(async (tx) => {
      await insertOpenWindows(tx, shop, [row]);
      await Promise.race([gate, new Promise((r) => setTimeout(r, 300))]);
    });
    const second = (async () => {
      await new Promise((r) => setTimeout(r, 50));
      try {
        return await withTransaction((tx) => insertOpenWindows(tx, shop, [{ ...row, oversoldUnits: 2 }]));
      } finally {
        release();
      }
    })();
    const results = await Promise.allSettled([first, second]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const rejected = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(String(rejected.reason?.message ?? rejected.reason)).toMatch(/DeficitWindow_one_open_per_position|unique/i);
    expect(await windows(shop)).toMatchObject([{ status: "open", oversoldUnits: 1 }]);
    // A closed window does not count: the next deficit may open.
    await prisma.deficitWindow.updateMany({ where: { shop }, data: { status: "empty" } });
    await withTransaction((tx) => insertOpenWindows(tx, shop, [row]));
    expect((await windows(shop)).map((w) => w.status)).toEqual(["empty", "open"]);
  });
});
