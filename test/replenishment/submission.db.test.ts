import "../setup/database";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { resetClock } from "../../app/clock.server";
import { armFault, disarmFaults, InjectedFault } from "../../app/faults.server";
import { startSupplierApiStandIn, type SupplierApiStandIn } from "../../app/stand-ins";
import { closeWebhookIntake } from "../../app/services/webhook-intake.server";
import { closeDueWindows } from "../../app/services/replenishment/close-windows.server";
import { dispatchReplenishmentOutbox, retryDelayMs } from "../../app/services/replenishment/dispatch.server";
import { addOffer, addSupplier, at, createShop, purchaseOrders, settings, skus, storefront, windows } from "./support";

const [LAMP] = skus(1);
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
afterEach(() => disarmFaults());

beforeEach(async () => {
  shop = `submission-${++shopN}.myshopify.com`;
  api.setMode("acme", "up");
  api.setMode("beta", "up");
  await createShop(shop, [LAMP]);
  // acme: faster and cheaper, the planner's first choice; beta: the next eligible one.
  await addSupplier(shop, { id: "acme", name: "Acme", channel: "api", apiUrl: api.jsonUrl("acme") });
  await addSupplier(shop, { id: "beta", name: "Beta", channel: "api", apiUrl: api.jsonUrl("beta") });
  await addOffer(shop, { supplierId: "acme", sku: LAMP.sku, leadTimeDays: 2, unitCost: 10, lastUnitCostSeed: 10 });
  await addOffer(shop, { supplierId: "beta", sku: LAMP.sku, leadTimeDays: 4, unitCost: 11, lastUnitCostSeed: 11 });
  await settings(shop, { submissionMaxAttempts: 5, submissionRetrySeconds: 30 });
});

const mine = (o: { idempotencyKey: string }) => o.idempotencyKey.startsWith(`${shop}:`);
const acceptedOrders = () => [...api.orders("acme"), ...api.orders("beta")].filter(mine);
const requestsTo = (id: string) => api.requests(id).filter((r) => r.idempotencyKey?.startsWith(`${shop}:`));
const unitsAt = (orders: ReturnType<typeof acceptedOrders>) =>
  orders.reduce((n, o) => n + (o.channel === "edi" ? 0 : o.purchaseOrder.lines.reduce((m, l) => m + l.quantity, 0)), 0);

describe("submission", () => {
  it("retries a supplier that is down with exponential backoff, then orders from the next eligible supplier: nothing lost, nothing doubled", async () => {
    api.setMode("acme", "down");
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    await s.order(LAMP, 0, { qty: 3 });
    const times: number[] = [];
    for (let t = 10, guard = 0; guard < 20; guard++) {
      const r = await s.run(t);
      if (r.dispatch.claimed) times.push(t);
      if (!r.nextAt) break;
      t = (r.nextAt.getTime() - at(0).getTime()) / 1000;
    }
    // 10 s, then 30, 60, 120 and 240 s later; the fifth failure hands the units to beta at once.
    expect(times).toEqual([10, 40, 100, 220, 460]);
    expect(retryDelayMs(1, 30)).toBe(30_000);
    expect(retryDelayMs(4, 30)).toBe(240_000);
    expect(retryDelayMs(1, 30, 90_000)).toBe(90_000);
    const pos = await purchaseOrders(shop);
    expect(pos.map((p) => [p.number, p.supplierId, p.status, p.origin, p.lines.map((l) => [l.customerUnits, l.live])])).toEqual([
      ["PO-1001", "acme", "cancelled", "auto", [[3, false]]],
      ["PO-1002", "beta", "submitted", "fallback", [[3, true]]],
    ]);
    expect(pos[1].replacesId).toBe(pos[0].id);
    expect(pos[1].submittedAt).toEqual(at(460));
    expect(requestsTo("acme").map((r) => r.answer)).toEqual(Array(5).fill("destroyed"));
    // Exactly one accepted order at the suppliers, for exactly the 3 units short.
    const accepted = acceptedOrders();
    expect(accepted.map((o) => o.supplierId)).toEqual(["beta"]);
    expect(unitsAt(accepted)).toBe(3);
    expect(await prisma.escalation.count({ where: { shop } })).toBe(0);
    const [w] = await windows(shop);
    expect(w).toMatchObject({ status: "ordered", orderedUnits: 3, outstandingUnits: 3, failedSupplierIds: ["acme"] });
    const attempts = await prisma.supplierSubmissionAttempt.groupBy({ by: ["supplierId", "outcome"], where: { shop }, _count: true, orderBy: { supplierId: "asc" } });
    expect(attempts.map((a) => [a.supplierId, a.outcome, a._count])).toEqual([
      ["acme", "transient", 5],
      ["beta", "accepted", 1],
    ]);
  });

  it("falls back at once on a permanent rejection", async () => {
    api.setMode("acme", "rejects", { rejectReason: "Account on credit hold" });
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    await s.order(LAMP, 0, { qty: 2 });
    await s.run(10);
    const pos = await purchaseOrders(shop);
    expect(pos.map((p) => [p.supplierId, p.status, p.cancelReason])).toEqual([
      ["acme", "cancelled", "Submission failed: HTTP 422: Account on credit hold"],
      ["beta", "submitted", null],
    ]);
    expect(acceptedOrders().map((o) => [o.supplierId, unitsAt([o])])).toEqual([["beta", 2]]);
  });

  it("escalates with a pre-filled draft when every path failed, and sends nothing more", async () => {
    api.setMode("acme", "rejects");
    api.setMode("beta", "rejects");
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    await s.order(LAMP, 0, { qty: 2 });
    await s.run(10);
    const pos = await purchaseOrders(shop);
    expect(pos.map((p) => [p.supplierId, p.status, p.origin])).toEqual([
      ["acme", "cancelled", "auto"],
      ["beta", "cancelled", "fallback"],
      ["beta", "escalated", "fallback"],
    ]);
    const [e] = await prisma.escalation.findMany({ where: { shop } });
    expect(e).toMatchObject({ status: "open", code: "all_submissions_failed", purchaseOrderId: pos[2].id, units: 2, sku: LAMP.sku });
    expect(pos[2].lines.map((l) => [l.sku, l.quantity, l.customerUnits, l.live])).toEqual([[LAMP.sku, 2, 2, true]]);
    expect(acceptedOrders()).toEqual([]);
    // The draft waits for a person: later runs submit nothing.
    await s.run(3600);
    expect(requestsTo("acme")).toHaveLength(1);
    expect(requestsTo("beta")).toHaveLength(1);
  });

  it("a submission performed twice (the worker died before recording it) places one order: same idempotency key", async () => {
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    await s.order(LAMP, 0, { qty: 2 });
    await closeDueWindows(shop, at(10));
    // The supplier accepts, then the worker dies before the outcome is recorded.
    armFault("replenishment.afterSubmit", "throw", 1);
    const first = await dispatchReplenishmentOutbox({ shop, at: at(10), leaseMs: 60_000 });
    expect(first).toMatchObject({ claimed: 1, lost: 1, accepted: 0 });
    expect((await purchaseOrders(shop))[0].status).toBe("draft");
    // Another worker while the lease holds: nothing to claim.
    expect(await dispatchReplenishmentOutbox({ shop, at: at(30) })).toMatchObject({ claimed: 0 });
    // After the lease: the same PO is sent again with the same key; the supplier replays its order.
    const second = await dispatchReplenishmentOutbox({ shop, at: at(71) });
    expect(second).toMatchObject({ claimed: 1, accepted: 1 });
    expect(requestsTo("acme").map((r) => [r.idempotencyKey, r.answer])).toEqual([
      [`${shop}:po:${(await purchaseOrders(shop))[0].id}`, 201],
      [`${shop}:po:${(await purchaseOrders(shop))[0].id}`, 200],
    ]);
    expect(acceptedOrders()).toHaveLength(1);
    const [po] = await purchaseOrders(shop);
    expect(po).toMatchObject({ status: "submitted", submittedAt: at(71), supplierReference: acceptedOrders()[0].reference });
    expect(await prisma.replenishmentOutbox.findMany({ where: { shop }, select: { status: true, attempts: true } })).toEqual([{ status: "done", attempts: 2 }]);
  });

  it("two dispatchers at once: each row is claimed by one of them, each PO sent once", async () => {
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    await s.order(LAMP, 0);
    await closeDueWindows(shop, at(10));
    const [a, b] = await Promise.all([dispatchReplenishmentOutbox({ shop, at: at(10) }), dispatchReplenishmentOutbox({ shop, at: at(10) })]);
    expect(a.claimed + b.claimed).toBe(1);
    expect(requestsTo("acme")).toHaveLength(1);
    expect(acceptedOrders()).toHaveLength(1);
  });

  it("a fault after the PO insert, before commit, leaves nothing half-done; the next run orders once", async () => {
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    await s.order(LAMP, 0, { qty: 2 });
    armFault("replenishment.afterPurchaseOrderInsert", "throw", 1);
    await expect(closeDueWindows(shop, at(10))).rejects.toBeInstanceOf(InjectedFault);
    expect(await purchaseOrders(shop)).toEqual([]);
    expect(await prisma.purchaseOrderLine.count({ where: { shop } })).toBe(0);
    expect(await prisma.replenishmentOutbox.count({ where: { shop } })).toBe(0);
    expect(await prisma.purchaseOrderCoverage.count({ where: { shop } })).toBe(0);
    expect(await windows(shop)).toMatchObject([{ status: "open", oversoldUnits: 2, orderedUnits: 0 }]);
    await s.run(11);
    const pos = await purchaseOrders(shop);
    expect(pos.map((p) => [p.supplierId, p.status, p.lines[0].customerUnits])).toEqual([["acme", "submitted", 2]]);
    expect(acceptedOrders()).toHaveLength(1);
  });

  it("a fault while the pipeline updates windows rolls the batch back; the retried batch counts each unit once", async () => {
    const s = storefront(shop);
    s.setStock(LAMP, 0);
    armFault("replenishment.track", "throw", 1);
    // The first attempt fails inside the batch transaction; the worker retries the deliveries alone.
    await s.order(LAMP, 0, { qty: 2 });
    expect(await windows(shop)).toMatchObject([{ status: "open", oversoldUnits: 2 }]);
    expect(await prisma.backorderLine.aggregate({ where: { shop }, _sum: { quantityBackordered: true } })).toMatchObject({ _sum: { quantityBackordered: 2 } });
    await s.run(10);
    expect((await purchaseOrders(shop)).map((p) => p.lines[0].customerUnits)).toEqual([2]);
  });
});
