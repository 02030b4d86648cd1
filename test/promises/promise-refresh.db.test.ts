// The promise refresh on the real pipeline (signed webhooks -> delivery worker -> detection), the
// replenishment engine's POs and its lifecycle services, on a virtual clock in Berlin (German
// holidays): the range each phase gives, on literal dates; every range in the history with its
// reason and an audit event; the customer told once at first, again only on a slip, and when the
// line ships; nothing when inputs did not move.
import "../setup/database";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { resetClock } from "../../app/clock.server";
import { startSupplierApiStandIn, type SupplierApiStandIn } from "../../app/stand-ins";
import { closeWebhookIntake } from "../../app/services/webhook-intake.server";
import { confirmPurchaseOrder, proposePurchaseOrderEta, receivePurchaseOrder } from "../../app/services/replenishment/purchase-orders.server";
import { updatePromiseSettings } from "../../app/services/promises/settings.server";
import { armFault, disarmFaults, InjectedFault } from "../../app/faults.server";
import { refreshPromises } from "../../app/services/promises/refresh.server";
import { shopsDueForPromiseRefresh } from "../../app/services/promises/sweep.server";
import { drainDeliveries } from "../../app/jobs/delivery-worker.server";
import { action as ordersCreate } from "../../app/routes/webhooks.orders.create";
import { action as inventoryUpdate } from "../../app/routes/webhooks.inventory_levels.update";
import { callAction } from "../support/call-route";
import { signedWebhook } from "../support/signed-webhook";
import { inventoryLevelPayload, orderPayload } from "../support/rest-payloads";
import { LOCATION, createShop, history, items, notices, promiseOf, purchaseOrder, storefront, supplier } from "./support";

const [LAMP, SHADE] = items(2);
// Monday 1 June 2026, 10:00 in Berlin: no public holiday in Germany for the next three weeks.
const MONDAY = new Date("2026-06-01T08:00:00Z");
const day = (n: number, hh = 10) => new Date(Date.UTC(2026, 5, n, hh - 2));

let api: SupplierApiStandIn;
let n = 0;
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
  shop = `promise-${++n}.myshopify.com`;
  await createShop(shop, [LAMP, SHADE]);
  await supplier(shop, "acme", [{ sku: LAMP.sku, leadTimeDays: 5 }, { sku: SHADE.sku, leadTimeDays: 5 }], { apiUrl: api.jsonUrl("acme") });
});

describe("promise refresh through a purchase order's life", () => {
  it("detected, PO submitted, confirmed, slipped, moved back, received, shipped: each range on business days, the customer told three times", async () => {
    const s = storefront(shop, MONDAY);
    s.setStock(LAMP, 0);
    await s.order([{ item: LAMP }], 0);

    // Detected, no PO yet: acme's stated 5 days (+ a quarter, at least a day: 7) from today, then
    // 1 receiving + 1 processing day. Receipt 8-10 June; ships 10-12 June.
    let r = await s.refresh(1);
    expect(r).toMatchObject({ positions: 1, lines: 1, changed: 1, closed: 0, notices: 0 });
    let line = await promiseOf(shop, "#1001");
    expect(line.promise).toMatchObject({ status: "open", earliest: "2026-06-10", latest: "2026-06-12", phase: "awaiting_po", version: 1, notifiedVersion: null });
    // The deficit window is still collecting oversells: the PO (and its own window) is seconds
    // away, so the customer is not emailed a guess yet.
    expect(await notices(shop)).toEqual([]);

    // The window closes; acme's PO goes out the same day. Same range, now on a submitted PO: no new
    // range (no history entry), and the first notice goes out with it.
    await s.replenish(30);
    const po = await purchaseOrder(shop);
    expect(po.status).toBe("submitted");
    r = await s.refresh(31);
    expect(r).toMatchObject({ changed: 0, notices: 1 });
    line = await promiseOf(shop, "#1001");
    expect(line.promise).toMatchObject({ earliest: "2026-06-10", latest: "2026-06-12", phase: "submitted", version: 1, notifiedVersion: 1, notifiedLatest: "2026-06-12" });

    // Nothing moved: a second run writes nothing.
    r = await s.refresh(40);
    expect(r).toMatchObject({ positions: 0, changed: 0, notices: 0, metafields: 0 });

    // Tuesday: acme confirms Friday 5 June (3 business days out). No lateness history: from a day
    // early to 2 days late (a quarter of the stated 5, at least 1). Receipt 4-9 June; ships 8-11
    // June: earlier than told, so no email.
    s.clock.set(day(2));
    expect((await confirmPurchaseOrder(shop, po.id, { eta: "2026-06-05", via: "test" })).ok).toBe(true);
    r = await s.refresh(day(2));
    expect(r).toMatchObject({ changed: 1, notices: 0 });

    // Wednesday: acme moves the ETA to Friday 12 June. A revised ETA opens the window (the
    // supplier's latest word), its usual lateness (up to 2 days) closes it: receipt 12-16 June,
    // ships 16-18 June — later than the 12 June the customer was told: an update.
    s.clock.set(day(3));
    expect((await proposePurchaseOrderEta(shop, po.id, { eta: "2026-06-12", via: "test" })).ok).toBe(true);
    r = await s.refresh(day(3));
    expect(r).toMatchObject({ changed: 1, notices: 1 });

    // Thursday: back to 11 June (still later than the first ETA): receipt 11-15, ships 15-17 June.
    // Earlier than told: no email.
    s.clock.set(day(4));
    expect((await proposePurchaseOrderEta(shop, po.id, { eta: "2026-06-11", via: "test" })).ok).toBe(true);
    r = await s.refresh(day(4));
    expect(r).toMatchObject({ changed: 1, notices: 0 });

    // Wednesday 10 June: received at the dock. 1 receiving + 1 processing day: ships 12 June.
    s.clock.set(day(10));
    expect((await receivePurchaseOrder(shop, po.id, [{ sku: LAMP.sku, quantity: po.lines[0].quantity }])).ok).toBe(true);
    r = await s.refresh(day(10));
    expect(r).toMatchObject({ changed: 1, notices: 0 });

    expect(await history(shop, "#1001")).toEqual([
      [1, "2026-06-10", "2026-06-12", "awaiting_po", "detected", "set"],
      [2, "2026-06-08", "2026-06-11", "confirmed", "po_confirmed", "earlier"],
      [3, "2026-06-16", "2026-06-18", "slipped", "eta_slipped", "slipped"],
      [4, "2026-06-15", "2026-06-17", "slipped", "eta_changed", "earlier"],
      [5, "2026-06-12", "2026-06-12", "received", "po_received", "earlier"],
    ]);
    // Each range given is in the line's audit trail too.
    const events = await prisma.backorderEvent.findMany({ where: { shop, kind: { in: ["promise_set", "promise_changed"] } }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.kind, e.reasonCode, (e.detail as { to: { latest: string } }).to.latest, (e.detail as { from: { latest: string } | null }).from?.latest ?? null])).toEqual([
      ["promise_set", "detected", "2026-06-12", null],
      ["promise_changed", "po_confirmed", "2026-06-11", "2026-06-12"],
      ["promise_changed", "eta_slipped", "2026-06-18", "2026-06-11"],
      ["promise_changed", "eta_changed", "2026-06-17", "2026-06-18"],
      ["promise_changed", "po_received", "2026-06-12", "2026-06-17"],
    ]);

    // Thursday 11 June: shipped (fulfilled while backordered, a day early): closed as shipped, a shipped note.
    await s.fulfill(1, day(11));
    expect((await prisma.backorderLine.findFirstOrThrow({ where: { shop } })).status).toBe("resolved");
    r = await s.refresh(day(11));
    expect(r).toMatchObject({ closed: 1, notices: 1 });
    line = await promiseOf(shop, "#1001");
    expect(line.promise).toMatchObject({ status: "closed", closedReason: "shipped", earliest: "2026-06-12", latest: "2026-06-12", version: 5 });

    const sent = await notices(shop);
    expect(sent.map((x) => [x.kind, x.orderName, x.status, x.lines.map((l) => l.key)])).toEqual([
      ["first_backorder", "#1001", "pending", [`${line.id}:first_backorder:1`]],
      ["window_slipped", "#1001", "pending", [`${line.id}:window_slipped:3`]],
      ["shipped", "#1001", "pending", [`${line.id}:shipped:5`]],
    ]);
    expect(sent[0].data).toEqual({
      delayed: [{ lineId: line.id.toString(), title: "Item 1", quantity: 1, window: { earliest: "2026-06-10", latest: "2026-06-12" } }],
      onTrack: [],
      // The business day after the window's end: by then it shipped or was re-promised.
      nextUpdateBy: "2026-06-15",
      // The customer's own choice link, a fresh one per notice.
      actionUrl: expect.stringMatching(/^http:\/\/localhost:3999\/choice\/v1\./),
    });
    expect(sent[1].data).toEqual({
      items: [{ lineId: line.id.toString(), title: "Item 1", quantity: 1, previous: { earliest: "2026-06-10", latest: "2026-06-12" }, window: { earliest: "2026-06-16", latest: "2026-06-18" } }],
      nextUpdateBy: "2026-06-19",
      actionUrl: expect.stringMatching(/^http:\/\/localhost:3999\/choice\/v1\./),
    });
    expect((sent[0].data as { actionUrl: string }).actionUrl).not.toBe((sent[1].data as { actionUrl: string }).actionUrl);
    expect(sent[2].data).toEqual({ items: [{ lineId: line.id.toString(), title: "Item 1", quantity: 1 }] });
    expect(new Set(sent.map((x) => x.messageId)).size).toBe(3);

    // Everything settled: again, nothing.
    expect(await s.refresh(day(11, 11))).toMatchObject({ positions: 0, changed: 0, closed: 0, notices: 0 });
  });

  it("time alone keeps a range while it can still be kept, and moves it (with an update) the day it cannot", async () => {
    const s = storefront(shop, MONDAY);
    s.setStock(LAMP, 0);
    await s.order([{ item: LAMP }], 0);
    await s.replenish(30);
    await s.refresh(31);
    expect((await promiseOf(shop, "#1001")).promise).toMatchObject({ earliest: "2026-06-10", latest: "2026-06-12", notifiedVersion: 1 });
    // Wednesday 10 June, nothing heard: the stock can still come in today (the 7th business day, the
    // end of the learned 5-7) and ship by Friday: the range stands, even though a recomputation
    // from today would already be later.
    expect(await s.refresh(day(10))).toMatchObject({ full: true, changed: 0, notices: 0 });
    expect((await promiseOf(shop, "#1001")).promise).toMatchObject({ earliest: "2026-06-10", latest: "2026-06-12", version: 1 });
    // Thursday 11 June: it cannot ship by Friday any more. 8 business days out rules the shorter lead
    // times out (the prior moves along to 8-10): receipt 11-15 June, ships 15-17 June. An update.
    const r = await s.refresh(day(11));
    expect(r).toMatchObject({ full: true, changed: 1, notices: 1 });
    expect((await history(shop, "#1001")).at(-1)).toEqual([2, "2026-06-15", "2026-06-17", "submitted", "time_passed", "slipped"]);
    expect((await notices(shop)).map((x) => x.kind)).toEqual(["first_backorder", "window_slipped"]);
    // Friday: still nothing, but the new range still holds: nothing new.
    expect(await s.refresh(day(12))).toMatchObject({ changed: 0, notices: 0 });
  });

  it("closes the promise without a note when the line is refunded, or served from stock; the order's other line is on track", async () => {
    const s = storefront(shop, MONDAY);
    s.setStock(LAMP, 0);
    s.setStock(SHADE, 5);
    await s.order([{ item: LAMP, qty: 2 }, { item: SHADE, qty: 1 }], 0);
    await s.order([{ item: LAMP }], 5);
    await s.replenish(30);
    await s.refresh(31);
    const [first, second] = await notices(shop);
    // One email per order: #1001's backordered lamps, and its shade that ships as usual.
    expect(first.data).toMatchObject({ delayed: [{ title: "Item 1", quantity: 2 }], onTrack: [{ title: "Item 2", quantity: 1 }] });
    expect(second.data).toMatchObject({ delayed: [{ title: "Item 1", quantity: 1 }], onTrack: [] });

    await s.refund(2, 60);
    await s.restock(LAMP, 2, 70);
    const r = await s.refresh(80);
    expect(r).toMatchObject({ closed: 2, notices: 0 });
    expect((await promiseOf(shop, "#1002")).promise).toMatchObject({ status: "closed", closedReason: "removed" });
    expect((await promiseOf(shop, "#1001")).promise).toMatchObject({ status: "closed", closedReason: "in_stock" });
    expect((await notices(shop)).map((x) => x.kind)).toEqual(["first_backorder", "first_backorder"]);
  });

  it("ranks lines already past their promise first when detection decides who waits", async () => {
    // Amazon orders ship 5 business days later than web ones here (transit).
    expect((await updatePromiseSettings(shop, { transitDays: { amazon: 5 } })).ok).toBe(true);
    const s = storefront(shop, MONDAY);
    s.setStock(LAMP, 0);
    await s.order([{ item: LAMP }], 0, { channel: "amazon" });
    await s.order([{ item: LAMP }], 5, { channel: "web" });
    await s.replenish(30);
    await s.refresh(31);
    expect((await promiseOf(shop, "#1001")).promise).toMatchObject({ earliest: "2026-06-17", latest: "2026-06-19" });
    expect((await promiseOf(shop, "#1002")).promise).toMatchObject({ earliest: "2026-06-10", latest: "2026-06-12" });
    // Monday 15 June: one lamp arrives. #1002 (the later order) is past its 12 June promise, #1001
    // is not: #1002 is served first, #1001 waits — by order age alone it would be the other way.
    await s.restock(LAMP, 1, day(15));
    const lines = await prisma.backorderLine.findMany({ where: { shop }, orderBy: { orderName: "asc" } });
    expect(lines.map((l) => [l.orderName, l.status, l.quantityBackordered])).toEqual([
      ["#1001", "backordered", 1],
      ["#1002", "resolved", 1],
    ]);
  });
});

describe("the refresh must not lose or double anything", () => {
  it("a refresh that fails before commit leaves nothing; the next one does it all, once; two at once do it once", async () => {
    const s = storefront(shop, MONDAY);
    s.setStock(LAMP, 0);
    await s.order([{ item: LAMP }], 0);
    await s.replenish(30);
    armFault("promises.beforeCommit", "throw", 1);
    await expect(s.refresh(31)).rejects.toBeInstanceOf(InjectedFault);
    disarmFaults();
    expect(await prisma.linePromise.count({ where: { shop } })).toBe(0);
    expect(await prisma.customerNotice.count({ where: { shop } })).toBe(0);
    expect(await prisma.promiseMetafield.count({ where: { shop } })).toBe(0);
    const [a, b] = await Promise.all([refreshPromises(shop, s.at(32)), refreshPromises(shop, s.at(32))]);
    expect(a.changed + b.changed).toBe(1);
    expect(a.notices + b.notices).toBe(1);
    expect(await history(shop, "#1001")).toEqual([[1, "2026-06-10", "2026-06-12", "submitted", "detected", "set"]]);
    expect((await notices(shop)).map((x) => x.kind)).toEqual(["first_backorder"]);
    expect(await prisma.backorderEvent.count({ where: { shop, kind: { startsWith: "promise" } } })).toBe(1);
    // Variant LAMP and order #1001: one desired value each.
    expect(await prisma.promiseMetafield.findMany({ where: { shop }, select: { ownerType: true, version: true }, orderBy: { ownerType: "asc" } })).toEqual([
      { ownerType: "order", version: 1 },
      { ownerType: "variant", version: 1 },
    ]);
  });

  it("the delivery worker wakes the refresh for shops whose lines changed (not for others); the minute sweep finds what a lost wake-up left", async () => {
    const s = storefront(shop, MONDAY);
    const woken: string[] = [];
    const drain = () => drainDeliveries({ batchSize: 500, onPositionsChanged: async (x) => void woken.push(x) });
    const send = (action: typeof ordersCreate, topic: string, payload: unknown) => callAction(action, signedWebhook(topic, payload, { shop, triggeredAt: s.at(0) }));
    // An order whose level update has not come yet: no shortage known, nothing to wake.
    await send(ordersCreate, "orders/create", orderPayload({ id: 9001, sourceName: "web", createdAt: s.at(0), lines: [{ id: 99001, variantId: LAMP.variantId, sku: LAMP.sku, quantity: 1 }] }));
    await drain();
    expect(woken).toEqual([]);
    // The level goes below zero: the line is backordered, the refresh is woken for this shop, once.
    await send(inventoryUpdate, "inventory_levels/update", inventoryLevelPayload(LAMP.itemId, LOCATION, -1, s.at(0)));
    await drain();
    expect(woken).toEqual([shop]);
    // Say that wake-up was lost: the minute sweep lists the shop (a line without its promise)...
    expect(await shopsDueForPromiseRefresh(s.at(2))).toContain(shop);
    await s.refresh(3);
    // ... and while the first notice waits for the PO (the deficit window is still open) ...
    expect(await shopsDueForPromiseRefresh(s.at(4))).toContain(shop);
    await s.replenish(30);
    await s.refresh(31);
    // ... but not once all is refreshed; again on the shop's next day (the daily re-check).
    expect(await shopsDueForPromiseRefresh(s.at(32))).not.toContain(shop);
    expect(await shopsDueForPromiseRefresh(day(2))).toContain(shop);
  });
});
