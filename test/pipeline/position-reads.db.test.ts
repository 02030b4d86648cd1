// The set-based reads of stock evaluation come back from the database as ONE text value each
// (rows split by line breaks, fields by tabs) instead of a row object per line. This checks, on a
// real database, that every field survives that trip exactly: ids beyond 2^53, millisecond order
// times, a missing order total, a cancelled order, an open promise (and a closed one ignored), a
// channel name holding a tab, quotes, a line break and non-ASCII text, and the empty results.
import "../setup/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const { default: prisma } = await import("../../app/db.server");
const { positionsDemand, demandOfLines, pendingDemand, positionsBackorders, insertDetectedLines, updateBackorderLines, settleBackorderLines } = await import("../../app/models/backorders.server");
const { upsertOrderLines, upsertOrdersIfNewer, closeRemovedLines } = await import("../../app/models/orders.server");

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

// Written as the order mirror writes lines: through upsertOrderLines, which copies the order's
// creation time, channel, cancellation and total onto the line from the stored order.
async function line(shop: string, id: bigint, orderId: bigint, o: { openQuantity: number; locationId: bigint | null; locationSource?: string }) {
  await prisma.$transaction((tx) =>
    upsertOrderLines(tx, shop, [
      { id, orderId, variantId: 70n, inventoryItemId: ITEM, sku: "TEA", title: "Tea tin", quantity: 2, openQuantity: o.openQuantity, currentQuantity: 2, locationId: o.locationId, locationSource: o.locationSource ?? "only_location", unitPrice: "5" },
    ]),
  );
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
  it("demand: every field exactly, this shop only, fulfilled and cancelled lines left out (read by id when a backorder waits on them)", async () => {
    const rows = await read((tx) => positionsDemand(tx, SHOP, [[ITEM, LOC]]));
    expect(rows).toEqual([
      { id: String(BIG + 10n), orderId: String(BIG), inventoryItemId: "7", locationId: "3", openQuantity: 2, orderCreatedMs: Date.parse("2026-03-04T05:06:07.891Z"), cancelled: false, totalPrice: 1234.56, promiseLatest: "2026-03-12", channel: ODD_CHANNEL },
    ]);
    const byId = await read((tx) => demandOfLines(tx, SHOP, [{ lineItemId: 20n, inventoryItemId: ITEM, locationId: LOC }, { lineItemId: 30n, inventoryItemId: ITEM, locationId: 99n }]));
    // Line 30 is not at location 99: a line read by id must still be at the position asked for.
    expect(byId).toEqual([
      { id: "20", orderId: "2", inventoryItemId: "7", locationId: "3", openQuantity: 1, orderCreatedMs: Date.parse("2026-03-05T00:00:00.001Z"), cancelled: true, totalPrice: 0, promiseLatest: null, channel: "web" },
    ]);
  });

  it("stored backorders and pending demand", async () => {
    const stored = await read((tx) => positionsBackorders(tx, SHOP, [[ITEM, LOC]]));
    expect(stored.map(({ id: _id, ...rest }) => rest)).toEqual([{ lineItemId: String(BIG + 10n), inventoryItemId: "7", locationId: "3", quantityBackordered: 2, status: "backordered" }]);
    expect(stored[0].id).toMatch(/^\d+$/);
    const pending = await read((tx) => pendingDemand(tx, SHOP, [ITEM]));
    expect(pending).toEqual([{ id: "40", orderId: "4", inventoryItemId: "7", locationId: "", openQuantity: 3, orderCreatedMs: Date.parse("2026-03-07T00:00:00Z"), cancelled: false, totalPrice: 0.1, promiseLatest: null, channel: "amazon" }]);
  });

  it("a detected line copies its order line and order inside the insert, with its audit event in the same statement", async () => {
    const at = new Date("2026-03-10T12:00:00.123Z");
    // Line 40 waits for its location: it is attributed to the position detection chose.
    const written = await read((tx) =>
      insertDetectedLines(tx, SHOP, [{ lineItemId: 40n, inventoryItemId: ITEM, locationId: LOC, itemSku: "ITEM-SKU", quantityBackordered: 3, reasonCode: "single_channel_oversell", source: "webhook:9", detail: { available: -3, deficit: 3 } }], at),
    );
    expect(written).toBe(1);
    const line = await prisma.backorderLine.findFirstOrThrow({ where: { shop: SHOP, lineItemId: 40n } });
    expect({ ...line, id: undefined }).toEqual({
      id: undefined, shop: SHOP, orderId: 4n, orderName: "#4", orderCreatedAt: new Date("2026-03-07T00:00:00Z"), lineItemId: 40n, variantId: 70n, inventoryItemId: ITEM,
      sku: "TEA", title: "Tea tin", locationId: LOC, channel: "amazon", quantityOrdered: 2, quantityBackordered: 3, status: "backordered", reasonCode: "single_channel_oversell",
      detectedAt: at, resolvedAt: null, updatedAt: at, customerId: 55n, customerEmail: "c4@example.com", customerName: "Ana Ruiz", settled: false,
    });
    const events = await prisma.backorderEvent.findMany({ where: { backorderLineId: line.id } });
    expect(events.map(({ id: _id, ...e }) => e)).toEqual([
      { shop: SHOP, backorderLineId: line.id, at, kind: "detected", fromStatus: null, toStatus: "backordered", fromQuantity: null, toQuantity: 3, reasonCode: "single_channel_oversell", source: "webhook:9", detail: { available: -3, deficit: 3 } },
    ]);

    // An update carries its own event; a null reason keeps the stored one; another shop's id is not touched.
    const later = new Date("2026-03-11T00:00:00Z");
    await read((tx) =>
      updateBackorderLines(tx, OTHER, [{ id: line.id, status: "resolved", quantityBackordered: 3, reasonCode: null, resolvedAt: later, settled: false, event: { kind: "resolved", fromStatus: "backordered", toStatus: "resolved", fromQuantity: 3, toQuantity: 0, reasonCode: "x", source: "other", detail: null } }], later),
    );
    await read((tx) =>
      updateBackorderLines(tx, SHOP, [{ id: line.id, status: "resolved", quantityBackordered: 3, reasonCode: null, resolvedAt: later, settled: false, event: { kind: "resolved", fromStatus: "backordered", toStatus: "resolved", fromQuantity: 3, toQuantity: 0, reasonCode: "stock_available", source: "webhook:10", detail: null } }], later),
    );
    const after = await prisma.backorderLine.findUniqueOrThrow({ where: { id: line.id } });
    expect([after.status, after.quantityBackordered, after.reasonCode, after.resolvedAt, after.updatedAt]).toEqual(["resolved", 3, "single_channel_oversell", later, later]);
    const trail = await prisma.backorderEvent.findMany({ where: { backorderLineId: line.id }, orderBy: { id: "asc" } });
    expect(trail.map((e) => [e.shop, e.kind, e.fromQuantity, e.toQuantity, e.reasonCode, e.source, e.detail])).toEqual([
      [SHOP, "detected", null, 3, "single_channel_oversell", "webhook:9", { available: -3, deficit: 3 }],
      [SHOP, "resolved", 3, 0, "stock_available", "webhook:10", null],
    ]);
    await prisma.backorderEvent.deleteMany({ where: { backorderLineId: line.id } });
    await prisma.backorderLine.delete({ where: { id: line.id } });
  });

  it("a channel that starts with a quote or holds a backslash comes back as it is", async () => {
    const ITEM2 = 8n;
    for (const [n, channel] of [[61n, '"quoted" shop'], [62n, "back\\slash"], [63n, ""]] as const) {
      await order(SHOP, n, { channel, createdAt: new Date("2026-03-08T00:00:00Z") });
      await prisma.$transaction((tx) =>
        upsertOrderLines(tx, SHOP, [{ id: n * 10n, orderId: n, variantId: 80n, inventoryItemId: ITEM2, sku: null, title: "x", quantity: 1, openQuantity: 1, locationId: LOC, locationSource: "only_location", unitPrice: null }]),
      );
    }
    const rows = await read((tx) => positionsDemand(tx, SHOP, [[ITEM2, LOC]]));
    expect(Object.fromEntries(rows.map((r) => [r.id, r.channel]))).toEqual({ "610": '"quoted" shop', "620": "back\\slash", "630": "" });
  });

  it("a line's copies of its order follow the order: cancellation, total, removed lines; an older version changes nothing", async () => {
    const OID = 70n;
    const ITEM3 = 9n;
    const at = (s: string) => new Date(`2026-03-09T${s}Z`);
    const version = (updatedAt: Date, o: { cancelledAt?: Date | null; totalPrice: string }) => ({
      id: OID, name: "#70", channel: "pos", createdAt: at("00:00:00"), updatedAt, triggeredAt: null, cancelledAt: o.cancelledAt ?? null, closedAt: null,
      test: false, customerId: null, email: null, customerName: null, totalPrice: o.totalPrice,
    });
    const lineWrite = (id: bigint) => ({ id, orderId: OID, variantId: 90n, inventoryItemId: ITEM3, sku: null, title: "x", quantity: 1, openQuantity: 1, locationId: LOC, locationSource: "only_location", unitPrice: null });
    // As the order mirror applies a version: the order if newer, then its lines, then the removed ones.
    const apply = (updatedAt: Date, o: { cancelledAt?: Date | null; totalPrice: string }, lines: bigint[]) =>
      prisma.$transaction(async (tx) => {
        const applied = await upsertOrdersIfNewer(tx, SHOP, [version(updatedAt, o)]);
        if (!applied.has(OID)) return;
        await upsertOrderLines(tx, SHOP, lines.map(lineWrite));
        await closeRemovedLines(tx, SHOP, [OID], lines);
      });
    const copies = async () =>
      (await prisma.orderLine.findMany({ where: { shop: SHOP, orderId: OID }, orderBy: { id: "asc" }, select: { id: true, orderCancelled: true, orderTotal: true, orderChannel: true, orderCreatedAt: true } })).map(
        (l) => ({ id: l.id, cancelled: l.orderCancelled, total: l.orderTotal?.toString() ?? null, channel: l.orderChannel, createdAt: l.orderCreatedAt.toISOString() }),
      );
    await apply(at("01:00:00"), { totalPrice: "20" }, [701n, 702n]);
    expect(await copies()).toEqual([
      { id: 701n, cancelled: false, total: "20", channel: "pos", createdAt: "2026-03-09T00:00:00.000Z" },
      { id: 702n, cancelled: false, total: "20", channel: "pos", createdAt: "2026-03-09T00:00:00.000Z" },
    ]);
    // An edit removes line 702 and changes the total; then the order is cancelled.
    await apply(at("02:00:00"), { totalPrice: "10" }, [701n]);
    await apply(at("03:00:00"), { totalPrice: "10", cancelledAt: at("03:00:00") }, [701n]);
    // A late delivery of the first version is older: nothing changes.
    await apply(at("01:00:00"), { totalPrice: "20" }, [701n, 702n]);
    expect(await copies()).toEqual([
      { id: 701n, cancelled: true, total: "10", channel: "pos", createdAt: "2026-03-09T00:00:00.000Z" },
      { id: 702n, cancelled: true, total: "10", channel: "pos", createdAt: "2026-03-09T00:00:00.000Z" },
    ]);
    // Cancelled: no longer open demand; read by id, the line says so.
    expect(await read((tx) => positionsDemand(tx, SHOP, [[ITEM3, LOC]]))).toEqual([]);
    const demand = await read((tx) => demandOfLines(tx, SHOP, [{ lineItemId: 701n, inventoryItemId: ITEM3, locationId: LOC }]));
    expect(demand.map((d) => [d.id, d.openQuantity, d.cancelled, d.totalPrice])).toEqual([["701", 1, true, 10]]);
  });

  it("settled backorders are not read; detecting a settled line's shortage again reopens it (one closed by staff stays closed)", async () => {
    const ITEM5 = 12n;
    const at = new Date("2026-03-13T00:00:00Z");
    const rows: bigint[] = [];
    for (const [n, status] of [[91n, "resolved"], [92n, "closed"], [93n, "resolved"]] as const) {
      await order(SHOP, n, { channel: "web", createdAt: at });
      await prisma.$transaction((tx) =>
        upsertOrderLines(tx, SHOP, [{ id: n * 10n, orderId: n, variantId: 120n, inventoryItemId: ITEM5, sku: null, title: "x", quantity: 1, openQuantity: 1, locationId: LOC, locationSource: "only_location", unitPrice: null }]),
      );
      const b = await prisma.backorderLine.create({
        data: {
          shop: SHOP, orderId: n, orderName: `#${n}`, orderCreatedAt: at, lineItemId: n * 10n, inventoryItemId: ITEM5, locationId: LOC, channel: "web",
          quantityOrdered: 1, quantityBackordered: 1, reasonCode: "x", status, detectedAt: at, updatedAt: at,
        },
      });
      rows.push(b.id);
    }
    // 91 and 92 settle (their lines were fulfilled, say); 93 stays live. Settling skips a backordered line.
    await read((tx) => settleBackorderLines(tx, SHOP, [rows[0], rows[1]]));
    expect((await read((tx) => positionsBackorders(tx, SHOP, [[ITEM5, LOC]]))).map((b) => b.lineItemId)).toEqual(["930"]);
    // The lines are short again (a fulfilment was cancelled): detection, not seeing the settled
    // rows, detects them; the insert reopens 910 and leaves 920 closed.
    const later = new Date("2026-03-14T00:00:00Z");
    const written = await read((tx) =>
      insertDetectedLines(
        tx, SHOP,
        [910n, 920n].map((lineItemId) => ({ lineItemId, inventoryItemId: ITEM5, locationId: LOC, itemSku: null, quantityBackordered: 1, reasonCode: "single_channel_oversell", source: "webhook:11", detail: null })),
        later,
      ),
    );
    expect(written).toBe(1);
    const after = await prisma.backorderLine.findMany({ where: { shop: SHOP, inventoryItemId: ITEM5 }, orderBy: { lineItemId: "asc" } });
    expect(after.map((b) => [b.lineItemId, b.status, b.settled, b.resolvedAt])).toEqual([[910n, "backordered", false, null], [920n, "closed", true, null], [930n, "resolved", false, null]]);
    const events = await prisma.backorderEvent.findMany({ where: { shop: SHOP, backorderLineId: { in: rows } } });
    expect(events.map((e) => [e.backorderLineId, e.kind, e.toStatus, e.toQuantity, e.source])).toEqual([[rows[0], "reopened", "backordered", 1, "webhook:11"]]);
    expect((await read((tx) => positionsBackorders(tx, SHOP, [[ITEM5, LOC]]))).map((b) => b.lineItemId).sort()).toEqual(["910", "930"]);
  });

  it("no rows: empty lists, no query for nothing", async () => {
    expect(await read((tx) => positionsDemand(tx, SHOP, [[ITEM, 99n]]))).toEqual([]);
    expect(await read((tx) => positionsBackorders(tx, SHOP, [[99n, LOC]]))).toEqual([]);
    expect(await read((tx) => pendingDemand(tx, SHOP, []))).toEqual([]);
    expect(await read((tx) => insertDetectedLines(tx, SHOP, [], new Date()))).toBe(0);
  });
});
