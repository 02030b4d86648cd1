// Evaluation reads what is open at a position, not its history (ADR 0009): a backorder settles once
// it is no longer backordered and its order line is no longer open there, and is then never read
// again — until its line is open and short there again, when the detecting insert reopens it. Run
// through evaluatePositions on a real database: restock, then the line ships, then the fulfilment
// is cancelled and the units are short again.
import "../setup/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const { default: prisma } = await import("../../app/db.server");
const { withTransaction } = await import("../../app/models/transaction.server");
const { lockShopStock } = await import("../../app/models/stock-lock.server");
const { evaluatePositions } = await import("../../app/services/stock-evaluation.server");
const { upsertOrderLines, upsertOrdersIfNewer } = await import("../../app/models/orders.server");

const SHOP = "settled.myshopify.com";
const ITEM = 5n;
const LOC = 1n;
const T = (h: number) => new Date(Date.UTC(2026, 5, 1, h));

async function evaluate(at: Date) {
  return withTransaction(async (tx) => {
    await lockShopStock(tx, SHOP);
    return evaluatePositions(tx, SHOP, [[ITEM, LOC]], { cause: "inventory", source: `test@${at.toISOString()}`, at });
  });
}
const setLevel = (available: number) => prisma.inventoryLevel.update({ where: { shop_inventoryItemId_locationId: { shop: SHOP, inventoryItemId: ITEM, locationId: LOC } }, data: { available } });
const setOpen = (lineId: bigint, orderId: bigint, openQuantity: number, version: Date) =>
  withTransaction(async (tx) => {
    await upsertOrdersIfNewer(tx, SHOP, [{ id: orderId, name: `#${orderId}`, channel: "web", createdAt: T(0), updatedAt: version, triggeredAt: null, cancelledAt: null, closedAt: null, test: false, customerId: null, email: null, customerName: null, totalPrice: "10" }]);
    await upsertOrderLines(tx, SHOP, [{ id: lineId, orderId, variantId: 50n, inventoryItemId: ITEM, sku: "S", title: "S", quantity: 1, openQuantity, locationId: LOC, locationSource: "only_location", unitPrice: "10" }]);
  });
const rows = async () =>
  (await prisma.backorderLine.findMany({ where: { shop: SHOP }, orderBy: { lineItemId: "asc" } })).map((b) => [b.lineItemId, b.status, b.quantityBackordered, b.settled]);

beforeAll(async () => {
  await prisma.shop.create({ data: { domain: SHOP, timezone: "UTC", country: "US" } });
  await prisma.location.create({ data: { shop: SHOP, id: LOC, name: "Main" } });
  await prisma.inventoryItem.create({ data: { shop: SHOP, id: ITEM, variantId: 50n, productId: 500n, sku: "S", title: "S", tracked: true, inventoryPolicy: "CONTINUE", updatedAt: T(0) } });
  await prisma.inventoryLevel.create({ data: { shop: SHOP, inventoryItemId: ITEM, locationId: LOC, available: -2, sourceUpdatedAt: T(0), updatedAt: T(0) } });
  await setOpen(10n, 1n, 1, T(0));
  await setOpen(20n, 2n, 1, T(0));
});
afterAll(async () => {
  await prisma.$disconnect();
});

describe("settled backorders", () => {
  it("settle when resolved and shipped, are not read again, and reopen (with a 'reopened' event) when the line is short again", async () => {
    await evaluate(T(1));
    expect(await rows()).toEqual([[10n, "backordered", 1, false], [20n, "backordered", 1, false]]);

    // Stock arrives: both resolved, but their lines are still open — not settled (they may be short again).
    await setLevel(0);
    await evaluate(T(2));
    expect(await rows()).toEqual([[10n, "resolved", 1, false], [20n, "resolved", 1, false]]);

    // Line 10 ships: the next evaluation of the position settles its backorder; line 20's stays live.
    await setOpen(10n, 1n, 0, T(3));
    const shipped = await evaluate(T(3));
    expect(shipped.changes).toEqual({ detected: 0, quantity_changed: 0, resolved: 0, cancelled: 0, reopened: 0 });
    expect(await rows()).toEqual([[10n, "resolved", 1, true], [20n, "resolved", 1, false]]);

    // The fulfilment is cancelled (line 10 open again) and both are short: line 10's settled row
    // is reopened by the insert, line 20's live row by detection. No duplicate row, no lost unit.
    await setOpen(10n, 1n, 1, T(4));
    await setLevel(-2);
    const short = await evaluate(T(4));
    expect(short.changes.detected + short.changes.reopened).toBe(2);
    expect(await rows()).toEqual([[10n, "backordered", 1, false], [20n, "backordered", 1, false]]);
    const trail = await prisma.backorderEvent.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" }, include: { backorderLine: { select: { lineItemId: true } } } });
    // Each line's own trail, in order (events of one statement are not ordered between lines).
    const of = (lineItemId: bigint) => trail.filter((e) => e.backorderLine.lineItemId === lineItemId).map((e) => `${e.kind}:${e.toStatus}`);
    expect(of(10n)).toEqual(["detected:backordered", "resolved:resolved", "reopened:backordered"]);
    expect(of(20n)).toEqual(["detected:backordered", "resolved:resolved", "reopened:backordered"]);
    expect(await prisma.backorderLine.count({ where: { shop: SHOP } })).toBe(2);
  });
});
