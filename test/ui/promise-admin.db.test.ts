// The admin pages show the promise: the queue's promise column with a "Past promise" flag (and a
// filter for those lines), the detail page's current promise, every range given with why, and the
// customer emails — all from the real pipeline and refresh, through the real loaders.
import "../setup/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resetClock } from "../../app/clock.server";
import { loader as queueLoader } from "../../app/routes/app._index";
import { loader as detailLoader } from "../../app/routes/app.backorders.$id";
import { startSupplierApiStandIn, type SupplierApiStandIn } from "../../app/stand-ins";
import { closeWebhookIntake } from "../../app/services/webhook-intake.server";
import { confirmPurchaseOrder } from "../../app/services/replenishment/purchase-orders.server";
import { adminRequest, storeOfflineSession } from "../support/admin-request";
import { callLoader } from "../support/call-route";
import { createShop, items, promiseOf, purchaseOrder, storefront, supplier } from "../promises/support";

const SHOP = "promise-admin.myshopify.com";
const [LAMP, DESK] = items(2);
const MONDAY = new Date("2026-06-01T08:00:00Z");
let api: SupplierApiStandIn;

type QueueData = Awaited<ReturnType<typeof queueLoader>>;
type DetailData = Awaited<ReturnType<typeof detailLoader>>;
const queue = (qs = "") => callLoader(queueLoader, adminRequest(SHOP, `/app${qs}`)) as Promise<QueueData>;
const detail = (id: bigint) => callLoader(detailLoader, adminRequest(SHOP, `/app/backorders/${id}`), { id: id.toString() }) as Promise<DetailData>;

let s: ReturnType<typeof storefront>;
beforeAll(async () => {
  api = await startSupplierApiStandIn({ suppliers: { acme: { mode: "up" } } });
  await storeOfflineSession(SHOP);
  await createShop(SHOP, [LAMP, DESK]);
  await supplier(SHOP, "acme", [{ sku: LAMP.sku, leadTimeDays: 5 }, { sku: DESK.sku, leadTimeDays: 5 }], { apiUrl: api.jsonUrl("acme") });
  s = storefront(SHOP, MONDAY);
  s.setStock(LAMP, 0);
  s.setStock(DESK, 0);
  await s.order([{ item: LAMP }], 0);
  await s.order([{ item: DESK }], 5);
  await s.replenish(30);
  await s.refresh(31);
  // Tuesday: acme confirms the PO for Friday.
  s.clock.set(new Date("2026-06-02T08:00:00Z"));
  await confirmPurchaseOrder(SHOP, (await purchaseOrder(SHOP)).id, { eta: "2026-06-05", via: "test" });
  await s.refresh(new Date("2026-06-02T08:00:00Z"));
});
afterAll(async () => {
  await api.stop();
  await closeWebhookIntake();
  resetClock();
});

describe("promises in the admin", () => {
  it("the queue shows each line's promise; none is past its promise yet", async () => {
    const q = await queue();
    expect(q.queue.rows.map((r) => [r.order, r.promise, r.pastPromise])).toEqual([
      // Both on acme's PO, confirmed for 5 June.
      ["#1002", { earliest: "2026-06-08", latest: "2026-06-11" }, false],
      ["#1001", { earliest: "2026-06-08", latest: "2026-06-11" }, false],
    ]);
    expect((await queue("?promise=past")).queue.rows).toEqual([]);
  });

  it("flags lines whose window has ended (the shop's day after it), and filters them", async () => {
    // Friday 12 June, before any refresh moved the promises: both are past 11 June.
    s.clock.set(new Date("2026-06-12T08:00:00Z"));
    const q = await queue();
    expect(q.queue.rows.map((r) => [r.order, r.pastPromise])).toEqual([
      ["#1002", true],
      ["#1001", true],
    ]);
    expect((await queue("?promise=past")).queue.rows.map((r) => r.order)).toEqual(["#1002", "#1001"]);
    // The lamp's line is refunded (it waits no more) and the refresh re-promises the desk's overdue
    // line from today (the supplier is a week past its ETA): neither is past its promise now.
    await s.refund(1, new Date("2026-06-12T08:00:00Z"));
    await s.refresh(new Date("2026-06-12T08:00:01Z"));
    expect((await queue("?promise=past&status=all")).queue.rows).toEqual([]);
    expect((await queue("?status=all")).queue.rows.map((r) => [r.order, r.status, r.promise, r.pastPromise])).toEqual([
      ["#1002", "backordered", { earliest: "2026-06-16", latest: "2026-06-18" }, false],
      ["#1001", "resolved", null, false],
    ]);
  });

  it("the detail page shows the current promise, every range given with why, the emails and the audit trail", async () => {
    const line = await promiseOf(SHOP, "#1002");
    const d = await detail(line.id);
    expect(d.detail).toMatchObject({
      promise: { earliest: "2026-06-16", latest: "2026-06-18" },
      pastPromise: false,
      promisePhase: "Supplier confirmed a date",
      promiseClosed: null,
    });
    expect(d.detail.promiseHistory.map((h) => [h.earliest, h.latest, h.reasonLabel, h.change])).toEqual([
      ["2026-06-10", "2026-06-12", "Backordered: first promise", "set"],
      ["2026-06-08", "2026-06-11", "Supplier confirmed a delivery date", "earlier"],
      ["2026-06-16", "2026-06-18", "Overdue: no news from the supplier", "slipped"],
    ]);
    expect(d.detail.notices.map((n) => [n.kind, n.status])).toEqual([
      ["first_backorder", "pending"],
      ["window_slipped", "pending"],
    ]);
    expect(d.detail.trail.filter((e) => e.kind.startsWith("promise")).map((e) => [e.kind, e.reason, e.promise?.to?.latest])).toEqual([
      ["promise_set", "Backordered: first promise", "2026-06-12"],
      ["promise_changed", "Supplier confirmed a delivery date", "2026-06-11"],
      ["promise_changed", "Overdue: no news from the supplier", "2026-06-18"],
    ]);
    const closed = await detail((await promiseOf(SHOP, "#1001")).id);
    expect(closed.detail).toMatchObject({ promise: null, pastPromise: false, promiseClosed: "removed" });
  });
});
