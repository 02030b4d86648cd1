// The set-based reads of stock evaluation come back from the database as ONE text value each
// (rows split by line breaks, fields by tabs) instead of a row object per line. This checks, on a
// real database, that every field survives that trip exactly: ids beyond 2^53, millisecond order
// times, a missing order total, a cancelled order, an open promise (and a closed one ignored), a
// channel name holding a tab, quotes, a line break and non-ASCII text, and the empty results.
import "../setup/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const { default: prisma } = await import("../../app/db.server");
const { positionsDemand, pendingDemand, positionsBackorders, demandDetails } = await import("../../app/models/backorders.server");

const SHOP = "reads.myshopify.com";
const OTHER = "other-reads.myshopify.com";
const BIG = 9007199254740993n; // 2^53 + 1: a Number would read ...992
const ITEM = 7n;
const LOC = 3n;
const ODD_CHANNEL = 'Marché\t"EU"\nline two \\ end';

async function order(shop: string, id: bigint, o: { channel: string; createdAt: Date; totalPrice?: number | null; cancelledAt?: Date | null }) {
  await prisma.order.create({
    data: { shop, id, name: `#${id}`, channel: o.channel, createdAt: o.createdAt, sourceUpdatedAt: o.createdAt, totalPrice: o.totalPrice ?? null, cancelledAt: o.cancelledAt ?? null, email: `c${id}@example.com`, customerName: "Ana Ruiz", customerId: 55n },
  });
}

async function line(shop: string, id: bigint, orderId: bigint, o: { openQuantity: number; locationId: bigint | null; locationSource?: string }) {
  await prisma.orderLine.create({
    data: { shop, id, orderId, variantId: 70n, inventoryItemId: ITEM, sku: "TEA", title: "Tea tin", quantity: 2, openQuantity: o.openQuantity, currentQuantity: 2, locationId: o.locationId, locationSource: o.locationSource ?? "only_location", unitPrice: 5 },
  });
}

beforeAll(async () => {
  await order(SHOP, BIG, { channel: ODD_CHANNEL, createdAt: new Date("2026-03-04T05:06:07.891Z"), totalPrice: 1234.56 });
  await line(SHOP, BIG + 10n, BIG, { openQuantity: 2, locationId: LOC });
  await order(SHOP, 2n, { channel: "web", createdAt: new Date("2026-03-05T00:00:00.001Z"), totalPrice: null, cancelledAt: new Date("2026-03-06T00:00:00Z") });
  await line(SHOP, 20n, 2n, { openQuantity: 1, locationId: LOC });
  // Fulfilled (nothing open) and no backorder: not demand.
  await order(SHOP, 3n, { channel: "pos", createdAt: new Date("2026-03-05T00:00:00Z"), totalPrice: 9 });
  await line(SHOP, 30n, 3n, { openQuantity: 0, locationId: LOC });
  // Waiting for its location.
  await order(SHOP, 4n, { channel: "amazon", createdAt: new Date("2026-03-07T00:00:00Z"), totalPrice: 0.1 });
  await line(SHOP, 40n, 4n, { openQuantity: 3, locationId: null, locationSource: "pending" });
  // Another shop's line on the same item and location.
  await order(OTHER, BIG, { channel: "web", createdAt: new Date("2026-03-04T00:00:00Z") });
  await line(OTHER, BIG + 10n, BIG, { openQuantity: 5, locationId: LOC });

  const backorder = await prisma.backorderLine.create({
    data: {
      shop: SHOP, orderId: BIG, orderName: `#${BIG}`, orderCreatedAt: new Date("2026-03-04T05:06:07.891Z"), lineItemId: BIG + 10n, variantId: 70n, inventoryItemId: ITEM,
      sku: "TEA", title: "Tea tin", locationId: LOC, channel: ODD_CHANNEL, quantityOrdered: 2, quantityBackordered: 2, reasonCode: "x", status: "backordered",
      detectedAt: new Date("2026-03-04T06:00:00Z"), updatedAt: new Date("2026-03-04T06:00:00Z"),
    },
  });
  const promise = { shop: SHOP, orderId: BIG, lineItemId: BIG + 10n, inventoryItemId: ITEM, locationId: LOC, phase: "submitted", version: 1, inputsKey: "k", basis: {}, setAt: new Date(), checkedAt: new Date() };
  await prisma.linePromise.create({ data: { ...promise, backorderLineId: backorder.id, status: "open", earliest: "2026-03-10", latest: "2026-03-12" } });
});

afterAll(async () => {
  await prisma.$disconnect();
});

const read = <T>(f: (tx: Parameters<Parameters<typeof prisma.$transaction>[0]>[0]) => Promise<T>) => prisma.$transaction((tx) => f(tx));

describe("position reads as one text value", () => {
  it("demand: every field exactly, this shop only, fulfilled lines left out", async () => {
    const rows = await read((tx) => positionsDemand(tx, SHOP, [[ITEM, LOC]]));
    expect(rows.sort((a, b) => a.id.length - b.id.length || a.id.localeCompare(b.id))).toEqual([
      { id: "20", orderId: "2", inventoryItemId: "7", locationId: "3", openQuantity: 1, orderCreatedMs: Date.parse("2026-03-05T00:00:00.001Z"), cancelled: true, totalPrice: 0, promiseLatest: null, channel: "web" },
      { id: String(BIG + 10n), orderId: String(BIG), inventoryItemId: "7", locationId: "3", openQuantity: 2, orderCreatedMs: Date.parse("2026-03-04T05:06:07.891Z"), cancelled: false, totalPrice: 1234.56, promiseLatest: "2026-03-12", channel: ODD_CHANNEL },
    ]);
  });

  it("stored backorders and pending demand", async () => {
    const stored = await read((tx) => positionsBackorders(tx, SHOP, [[ITEM, LOC]]));
    expect(stored.map(({ id: _id, ...rest }) => rest)).toEqual([{ lineItemId: String(BIG + 10n), inventoryItemId: "7", locationId: "3", quantityBackordered: 2, status: "backordered" }]);
    expect(stored[0].id).toMatch(/^\d+$/);
    const pending = await read((tx) => pendingDemand(tx, SHOP, [ITEM]));
    expect(pending).toEqual([{ id: "40", orderId: "4", inventoryItemId: "7", locationId: "", openQuantity: 3, orderCreatedMs: Date.parse("2026-03-07T00:00:00Z"), cancelled: false, totalPrice: 0.1, promiseLatest: null, channel: "amazon" }]);
  });

  it("details only for the lines asked for", async () => {
    const details = await read((tx) => demandDetails(tx, SHOP, [BIG + 10n, 999n]));
    expect([...details.keys()]).toEqual([String(BIG + 10n)]);
    expect(details.get(String(BIG + 10n))).toEqual({
      id: BIG + 10n, orderId: BIG, orderName: `#${BIG}`, orderCreatedAt: new Date("2026-03-04T05:06:07.891Z"), variantId: 70n, sku: "TEA", title: "Tea tin", quantity: 2,
      channel: ODD_CHANNEL, customerId: 55n, email: `c${BIG}@example.com`, customerName: "Ana Ruiz",
    });
  });

  it("no rows: empty lists, no query for nothing", async () => {
    expect(await read((tx) => positionsDemand(tx, SHOP, [[ITEM, 99n]]))).toEqual([]);
    expect(await read((tx) => positionsBackorders(tx, SHOP, [[99n, LOC]]))).toEqual([]);
    expect(await read((tx) => pendingDemand(tx, SHOP, []))).toEqual([]);
    expect(await read((tx) => demandDetails(tx, SHOP, []))).toEqual(new Map());
  });
});
