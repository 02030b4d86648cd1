// The purchase-order screens' loaders and actions, over the real engine: oversells through the
// webhook routes, closing runs, submissions to the supplier API stand-in. Requests carry session
// tokens; another shop's ids answer 404 and change nothing.
import "../setup/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { resetClock } from "../../app/clock.server";
import { startSupplierApiStandIn, type SupplierApiStandIn } from "../../app/stand-ins";
import { closeWebhookIntake } from "../../app/services/webhook-intake.server";
import { pendingJobs, stopQueue } from "../../app/jobs/queue.server";
import { loader as listLoader } from "../../app/routes/app.purchase-orders._index";
import { action as detailAction, loader as detailLoader } from "../../app/routes/app.purchase-orders.$id";
import { loader as supplierLoader, action as supplierAction } from "../../app/routes/app.suppliers.$id";
import { adminRequest, storeOfflineSession } from "../support/admin-request";
import { adminJson, answer } from "../support/admin-action";
import { callAction, callLoader } from "../support/call-route";
import { TEST_APP_URL } from "../support/test-env";
import { addOffer, addSupplier, at, createShop, skus, storefront } from "../replenishment/support";

const A = "po-admin-a.myshopify.com";
const B = "po-admin-b.myshopify.com";
const [LAMP, MUG] = skus(2);
let api: SupplierApiStandIn;
let s: ReturnType<typeof storefront>;

type List = Awaited<ReturnType<typeof listLoader>>;
type Detail = Awaited<ReturnType<typeof detailLoader>>;
const list = (shop: string, qs = "") => callLoader(listLoader, adminRequest(shop, `/app/purchase-orders${qs}`)) as Promise<List>;
const detail = (shop: string, id: string | bigint, qs = "") => callLoader(detailLoader, adminRequest(shop, `/app/purchase-orders/${id}${qs}`), { id: String(id) }) as Promise<Detail>;
const command = async (shop: string, id: string | bigint, body: unknown) =>
  answer<{ ok: boolean; message?: string; error?: string; fieldErrors?: Record<string, string> }>(await callAction(detailAction, adminJson(shop, `/app/purchase-orders/${id}`, body), { id: String(id) }));
const poByNumber = (number: string) => prisma.purchaseOrder.findFirstOrThrow({ where: { shop: A, number }, include: { lines: true } });
const ordersAt = (supplier: string) => api.orders(supplier).filter((o) => o.idempotencyKey.startsWith(`${A}:`));

beforeAll(async () => {
  api = await startSupplierApiStandIn({ suppliers: { acme: { mode: "up" }, beta: { mode: "up" } } });
  for (const shop of [A, B]) await storeOfflineSession(shop);
  await createShop(A, [LAMP, MUG]);
  await addSupplier(A, { id: "acme", name: "Acme", channel: "api", apiUrl: api.jsonUrl("acme"), fillRateSeed: 0.95 });
  await addSupplier(A, { id: "beta", name: "Beta", channel: "api", apiUrl: api.jsonUrl("beta") });
  // LAMP: both ordered before (no escalation); acme is faster and cheaper.
  await addOffer(A, { supplierId: "acme", sku: LAMP.sku, leadTimeDays: 2, unitCost: 10, lastUnitCostSeed: 10 });
  await addOffer(A, { supplierId: "beta", sku: LAMP.sku, leadTimeDays: 4, unitCost: 11, lastUnitCostSeed: 11, moq: 5 });
  // MUG: never ordered from either: the first draft waits for a person.
  await addOffer(A, { supplierId: "acme", sku: MUG.sku, leadTimeDays: 3, unitCost: 5 });
  await addOffer(A, { supplierId: "beta", sku: MUG.sku, leadTimeDays: 3, unitCost: 6, moq: 4, packSize: 2 });
  s = storefront(A);
  s.setStock(LAMP, 0);
  s.setStock(MUG, 0);
});

afterAll(async () => {
  await api.stop();
  await closeWebhookIntake();
  await stopQueue();
  resetClock();
});

describe("purchase order list and detail", () => {
  it("lists the PO the closing run placed, newest first, with filters; another shop sees none", async () => {
    await s.order(LAMP, 0, { qty: 3 });
    await s.run(10);
    const l = await list(A);
    expect(l.list.rows.map((r) => [r.number, r.supplierName, r.status, r.statusLabel, r.lines, r.units, r.total, r.currency, r.eta])).toEqual([
      ["PO-1001", "Acme", "submitted", "Submitted", 1, 3, 30, "EUR", null],
    ]);
    expect(l.list.rows[0].submittedAt).toBe(at(10).toISOString());
    expect(l.list.statusCounts.submitted).toBe(1);
    expect((await list(A, "?status=submitted,confirmed&supplier=acme")).list.rows).toHaveLength(1);
    expect((await list(A, "?status=cancelled")).list.rows).toEqual([]);
    expect((await list(A, "?supplier=beta")).list.rows).toEqual([]);
    // A hand-edited status falls back to no filter rather than an error.
    expect((await list(A, "?status=bogus")).params.status).toEqual([]);
    const other = await list(B);
    expect(other.list).toMatchObject({ rows: [], total: 0, hasSuppliers: false });
  });

  it("the detail explains the choice: every candidate, its score components, the winner; attempts, coverage and a supplier link", async () => {
    const po = await poByNumber("PO-1001");
    const { po: d } = await detail(A, po.id);
    expect(d).toMatchObject({ number: "PO-1001", status: "submitted", supplier: { id: "acme", name: "Acme", channel: "api" }, location: "Main", total: 30 });
    expect(d.why).toHaveLength(1);
    const [why] = d.why;
    expect([why.sku, why.customerUnits, why.bufferUnits, why.promiseWindowDays]).toEqual([LAMP.sku, 3, 0, 7]);
    const order = why.scopes.find((x) => x.scope === "order")!;
    expect(order.title).toBe("Whole order");
    expect(order.candidates.map((c) => [c.supplierName, c.chosen, c.eligible, c.rank, c.orderQuantity])).toEqual([
      ["Acme", true, true, 1, 3],
      ["Beta", false, true, 2, 5],
    ]);
    const acme = order.candidates[0];
    expect(acme.components.map((c) => [c.key, c.display, c.normalised, c.weight])).toEqual([
      ["leadTime", "2 d", 1, 0.4],
      ["fillRate", "95%", 1, 0.3],
      ["unitCost", "10.00 EUR", 1, 0.2],
      ["apiAvailability", "95%", 1, 0.1],
    ]);
    expect(acme.total).toBe(1);
    expect(order.candidates[1].components.find((c) => c.key === "leadTime")).toMatchObject({ display: "4 d", normalised: 0, points: 0 });
    expect(d.attempts.map((a) => [a.supplierName, a.outcome, a.reason])).toEqual([["Acme", "accepted", null]]);
    expect(d.coverage.map((c) => [c.order, c.sku, c.units])).toEqual([["#1001", LAMP.sku, 3]]);
    expect(d.windows.map((w) => [w.sku, w.oversoldUnits, w.orderedUnits])).toEqual([[LAMP.sku, 3, 3]]);
    expect(d.events.map((e) => e.kind)).toEqual(["created", "submitted"]);
    expect(d.supplierLink).toMatch(new RegExp(`^${TEST_APP_URL}/supplier/po/v1\\.`));
    expect(d.actions).toEqual({ approve: false, editDraft: false, submitNow: false, cancel: true, receive: true, confirm: true, checkStatus: true });
  });

  it("answers 404 for another shop's PO and for ids that are not ids, from the loader and the action", async () => {
    const po = await poByNumber("PO-1001");
    for (const id of [po.id.toString(), "abc", "999999"]) {
      const res = await detail(B, id).catch((e) => e);
      expect(res).toBeInstanceOf(Response);
      expect((res as Response).status).toBe(404);
    }
    const r = await command(B, po.id, { intent: "cancel", reason: "not yours" });
    expect(r).toEqual({ status: 404, body: { ok: false, status: 404, error: "Purchase order not found" } });
    expect((await poByNumber("PO-1001")).status).toBe("submitted");
  });

  it("a GET never acts, whatever its query says", async () => {
    const po = await poByNumber("PO-1001");
    await detail(A, po.id, "?intent=cancel&reason=by-get&mode=full");
    await list(A, "?intent=cancel&reason=by-get");
    expect((await poByNumber("PO-1001")).status).toBe("submitted");
    expect(await prisma.purchaseOrderEvent.count({ where: { shop: A, purchaseOrderId: po.id, kind: "cancelled" } })).toBe(0);
  });
});

describe("purchase order actions", () => {
  it("rejects malformed commands with the field at fault", async () => {
    const po = await poByNumber("PO-1001");
    expect(await command(A, po.id, "not json")).toMatchObject({ status: 400, body: { ok: false } });
    expect(await command(A, po.id, { intent: "explode" })).toMatchObject({ status: 400, body: { ok: false } });
    const short = await command(A, po.id, { intent: "cancel", reason: "x" });
    expect(short).toMatchObject({ status: 400, body: { fieldErrors: { reason: "Give a reason (at least 3 characters)" } } });
    const eta = await command(A, po.id, { intent: "confirm", eta: "next week" });
    expect(eta).toMatchObject({ status: 400, body: { fieldErrors: { eta: "Give the delivery date as YYYY-MM-DD" } } });
    const none = await command(A, po.id, { intent: "receive", mode: "lines", lines: [{ sku: LAMP.sku, quantity: 0 }] });
    expect(none).toMatchObject({ status: 400, body: { error: "Enter a quantity received for at least one line", fieldErrors: { lines: "Enter at least one quantity" } } });
    expect((await poByNumber("PO-1001")).status).toBe("submitted");
  });

  it("asks the API supplier now: no change, then the delivery date it moved", async () => {
    const po = await poByNumber("PO-1001");
    const asked = () => api.requests(po.supplierId).filter((r) => r.endpoint === "status").length;
    const before = asked();
    const eta = po.eta ? `, delivery ${po.eta}` : "";
    expect(await command(A, po.id, { intent: "check-status" })).toEqual({ status: 200, body: { ok: true, message: `The supplier reports no change (Submitted${eta})` } });
    api.slip(po.supplierReference!, "2026-05-12");
    expect(await command(A, po.id, { intent: "check-status" })).toEqual({ status: 200, body: { ok: true, message: "The supplier reports: Submitted, delivery 2026-05-12" } });
    expect(asked()).toBe(before + 2);
    expect(await poByNumber("PO-1001")).toMatchObject({ status: "submitted", eta: "2026-05-12" });
  });

  it("records the supplier's confirmation, then partial and full receipts; a received PO cannot be cancelled", async () => {
    const po = await poByNumber("PO-1001");
    expect(await command(A, po.id, { intent: "confirm", eta: "2026-05-09" })).toEqual({ status: 200, body: { ok: true, message: "PO-1001 confirmed for 2026-05-09" } });
    expect(await poByNumber("PO-1001")).toMatchObject({ status: "confirmed", eta: "2026-05-09" });
    expect(await command(A, po.id, { intent: "receive", mode: "lines", lines: [{ sku: LAMP.sku, quantity: 1 }] })).toEqual({
      status: 200,
      body: { ok: true, message: "PO-1001: 1 unit(s) received (Partially received)" },
    });
    expect((await poByNumber("PO-1001")).lines.map((l) => l.receivedQuantity)).toEqual([1]);
    expect(await command(A, po.id, { intent: "receive", mode: "full" })).toEqual({ status: 200, body: { ok: true, message: "PO-1001: 2 unit(s) received (Received)" } });
    expect(await poByNumber("PO-1001")).toMatchObject({ status: "received" });
    expect(await command(A, po.id, { intent: "cancel", reason: "changed my mind" })).toEqual({
      status: 409,
      body: { ok: false, status: 409, error: "A received purchase order cannot be cancelled" },
    });
    expect((await detail(A, po.id)).po.actions).toEqual({ approve: false, editDraft: false, submitNow: false, cancel: false, receive: false, confirm: false, checkStatus: false });
  });

  it("an escalated draft: moved to another supplier, edited and approved — then submitted to that supplier only", async () => {
    await s.order(MUG, 100, { qty: 3 });
    await s.run(110);
    const po = await poByNumber("PO-1002");
    expect(po).toMatchObject({ status: "escalated", supplierId: "acme" });
    expect(ordersAt("acme").filter((o) => o.channel !== "edi" && o.purchaseOrder.lines.some((l) => l.sku === MUG.sku))).toEqual([]);
    const before = (await detail(A, po.id)).po;
    expect(before.escalation).toMatchObject({ status: "open", code: "new_supplier_for_sku", label: "First order of this SKU from this supplier" });
    expect(before.actions).toMatchObject({ approve: true, editDraft: true, submitNow: false });
    expect(before.supplierChoices).toEqual([{ id: "beta", name: "Beta" }]);

    expect(await command(A, po.id, { intent: "change-supplier", supplierId: "nope" })).toMatchObject({ status: 400, body: { fieldErrors: { supplierId: "Unknown supplier" } } });
    expect(await command(B, po.id, { intent: "change-supplier", supplierId: "beta" })).toMatchObject({ status: 400 });
    expect((await poByNumber("PO-1002")).supplierId).toBe("acme");
    expect(await command(A, po.id, { intent: "change-supplier", supplierId: "beta" })).toEqual({ status: 200, body: { ok: true, message: "PO-1002 now drafted for Beta" } });
    const moved = await poByNumber("PO-1002");
    // Beta's terms: MOQ 4 in packs of 2 -> 4 units (3 for customers, 1 rounding), at its cost.
    expect([moved.supplierId, moved.status, moved.currency]).toEqual(["beta", "escalated", "EUR"]);
    expect(moved.lines.map((l) => [l.supplierId, l.quantity, l.customerUnits, l.roundingUnits, Number(l.unitCost), l.leadTimeDays])).toEqual([["beta", 4, 3, 1, 6, 3]]);
    expect((await prisma.escalation.findFirstOrThrow({ where: { shop: A, purchaseOrderId: po.id } })).supplierId).toBe("beta");
    const after = (await detail(A, po.id)).po;
    expect(after.events.map((e) => e.kind)).toEqual(["escalated", "supplier_changed"]);
    expect(after.events[1].sentence).toBe("Supplier changed from Acme to Beta by staff:1");
    // The why-table still shows the evaluation; the chosen mark follows the person's choice.
    expect(after.why[0].scopes[0].candidates.filter((c) => c.chosen).map((c) => c.supplierName)).toEqual(["Beta"]);

    const bad = await command(A, po.id, { intent: "approve", edits: [{ sku: MUG.sku, quantity: 0 }] });
    expect(bad).toMatchObject({ status: 400, body: { fieldErrors: { "edits.0.quantity": "Quantity must be a whole number above 0" } } });
    expect((await poByNumber("PO-1002")).status).toBe("escalated");
    const approved = await command(A, po.id, { intent: "approve", edits: [{ sku: MUG.sku, quantity: 6, unitCost: 5.5 }] });
    expect(approved).toEqual({ status: 200, body: { ok: true, message: "PO-1002 approved and queued for submission" } });
    expect(await poByNumber("PO-1002")).toMatchObject({ status: "draft" });
    // The web process wakes the workers: a replenishment run is queued.
    expect(await pendingJobs(["replenishment.run"])).toBeGreaterThanOrEqual(1);
    expect(await command(A, po.id, { intent: "approve" })).toEqual({ status: 409, body: { ok: false, status: 409, error: "The escalation is already approved" } });

    await s.run(120);
    expect(await poByNumber("PO-1002")).toMatchObject({ status: "submitted", supplierId: "beta" });
    const atBeta = ordersAt("beta").flatMap((o) => (o.channel === "edi" ? [] : o.purchaseOrder.lines));
    expect(atBeta.map((l) => [l.sku, l.quantity, l.unitCost])).toEqual([[MUG.sku, 6, 5.5]]);
    expect(ordersAt("acme").flatMap((o) => (o.channel === "edi" ? [] : o.purchaseOrder.lines)).map((l) => l.sku)).toEqual([LAMP.sku]);
    expect(await command(A, po.id, { intent: "change-supplier", supplierId: "acme" })).toEqual({
      status: 409,
      body: { ok: false, status: 409, error: "A submitted purchase order cannot change supplier" },
    });
  });

  it("submit now: a draft waiting out its retry backoff is submitted at once", async () => {
    api.setMode("acme", "down");
    await s.order(LAMP, 200, { qty: 1 });
    await s.run(210);
    const po = await poByNumber("PO-1003");
    expect(po).toMatchObject({ status: "draft", supplierId: "acme" });
    const waiting = (await detail(A, po.id)).po;
    expect(waiting.attempts.map((a) => a.outcome)).toEqual(["transient"]);
    expect(waiting.submission).toMatchObject({ status: "pending", attempts: 1, nextAt: at(240).toISOString() });
    expect(waiting.actions.submitNow).toBe(true);

    api.setMode("acme", "up");
    s.clock.set(at(215));
    expect(await command(A, po.id, { intent: "submit-now" })).toEqual({ status: 200, body: { ok: true, message: "PO-1003 will be submitted now" } });
    expect((await detail(A, po.id)).po.submission).toMatchObject({ status: "pending", nextAt: at(215).toISOString() });
    const run = await s.run(215);
    expect(run.dispatch.accepted).toBe(1);
    expect(await poByNumber("PO-1003")).toMatchObject({ status: "submitted", submittedAt: at(215) });
    expect((await detail(A, po.id)).po.events.map((e) => e.kind)).toEqual(["created", "attempt_failed", "submit_requested", "submitted"]);
    expect(await command(A, po.id, { intent: "submit-now" })).toEqual({ status: 409, body: { ok: false, status: 409, error: "A submitted purchase order is not waiting for submission" } });
  });

  it("cancels with a reason (shown in the timeline); the supplier with purchase orders cannot be deleted", async () => {
    const po = await poByNumber("PO-1003");
    expect(await command(A, po.id, { intent: "cancel", reason: "Found stock elsewhere" })).toEqual({ status: 200, body: { ok: true, message: "PO-1003 cancelled" } });
    const d = (await detail(A, po.id)).po;
    expect([d.status, d.cancelReason]).toEqual(["cancelled", "Found stock elsewhere"]);
    expect(d.events.at(-1)).toMatchObject({ kind: "cancelled", sentence: "Cancelled: Found stock elsewhere" });
    expect(d.supplierLink).toBeNull();

    const del = await answer(await callAction(supplierAction, adminJson(A, "/app/suppliers/acme", { intent: "delete-supplier" }), { id: "acme" }));
    expect(del).toEqual({ status: 409, body: { ok: false, status: 409, error: "The supplier has purchase orders: pause it instead" } });
    const page = (await callLoader(supplierLoader, adminRequest(A, "/app/suppliers/acme"), { id: "acme" })) as Awaited<ReturnType<typeof supplierLoader>>;
    expect(page.detail.purchaseOrders.map((p) => [p.number, p.status])).toEqual([
      ["PO-1003", "cancelled"],
      ["PO-1001", "received"],
    ]);
    // Two accepted submissions and one that failed: API availability is computed from them.
    expect(page.detail.supplier.apiAvailability.observations).toBe(3);
  });
});
