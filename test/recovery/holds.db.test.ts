// Fulfillment holds on the real pipeline and the emulator: planned in the evaluation transaction
// that detects the shortage (an outbox row, rolled back with it), performed after commit once —
// stable handles, a split that lets the in-stock items ship, Shopify's 10-holds-per-app limit —
// and released when arriving stock serves the line (the customer told once).
import "../setup/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecoveryHarness, foState, type RecoveryHarness } from "./support";

let h: RecoveryHarness;
beforeAll(async () => {
  h = await startRecoveryHarness(new Date("2026-06-01T14:00:00Z"));
});
afterAll(async () => {
  await h.stop();
});

const { armFault, disarmFaults } = await import("../../app/faults.server");
const { updateRecoverySettings } = await import("../../app/services/recovery/settings.server");
const { recoveryCommand } = await import("../../app/services/recovery/admin.server");

const products = [
  { title: "Lamp", variants: [{ sku: "LAMP", price: 40, inventoryPolicy: "CONTINUE" as const, inventory: { Main: 1 } }] },
  { title: "Plate", variants: [{ sku: "PLATE", price: 12, inventory: { Main: 10 } }] },
];

const actions = (shop: string) => h.prisma.recoveryAction.findMany({ where: { shop }, orderBy: { id: "asc" } });
const backorders = (shop: string) =>
  h.prisma.backorderLine.findMany({ where: { shop }, orderBy: { id: "asc" } }).then((ls) => ls.map((l) => [l.orderName, l.sku, l.status, l.quantityBackordered]));

describe("fulfillment holds", () => {
  it("plans the hold in the detection transaction, holds only the short units (split), once", async () => {
    const { shop } = await h.shop(products);
    // A bigger order first: the priority policy serves it (value, then age); #B2 carries the shortage.
    h.emulator.placeOrder(shop, { name: "#A1", channel: "web", lines: [{ sku: "LAMP", quantity: 1 }, { sku: "PLATE", quantity: 5 }] });
    const b = h.emulator.placeOrder(shop, { name: "#B2", channel: "web", customer: { email: "bea@example.com", firstName: "Bea" }, lines: [{ sku: "LAMP", quantity: 2 }, { sku: "PLATE", quantity: 1 }] });

    // The batch that detects the shortage fails before commit: no backorder, no planned hold.
    armFault("worker.beforeCommit", "throw", 1);
    await h.deliver().catch(() => undefined);
    disarmFaults();
    await h.deliver();
    expect(await backorders(shop)).toEqual([["#B2", "LAMP", "backordered", 2]]);
    const line = await h.prisma.backorderLine.findFirstOrThrow({ where: { shop } });
    // Planned with the detection, not performed: no mutation has been sent yet.
    expect((await actions(shop)).map((a) => [a.kind, a.key, a.status, a.orderId])).toEqual([["sync_holds", `holds:${b.id}`, "pending", BigInt(b.id)]]);
    h.operations.length = 0;

    // The Admin mutation succeeds but the worker dies before recording it: the retry re-reads the
    // fulfillment orders and finds the hold in place — it never sends a second one.
    armFault("recovery.afterAdminCall", "throw", 1);
    const first = await h.recover(shop);
    disarmFaults();
    expect(first.dispatch).toMatchObject({ claimed: 1, retried: 1, done: 0 });
    expect(h.mutations()).toEqual(["BackorderPilotHoldFulfillmentOrder"]);
    await h.prisma.recoveryAction.updateMany({ where: { shop }, data: { availableAt: h.clock.now() } });
    const second = await h.recover(shop);
    expect(second.dispatch).toMatchObject({ claimed: 1, done: 1, retried: 0 });
    expect(h.mutations()).toEqual(["BackorderPilotHoldFulfillmentOrder"]);

    // The two lamps are held under the line's handle; the plate is split off and can ship.
    expect(foState(h, shop, b.id)).toEqual([`ON_HOLD:LAMPx2:bp-${line.id}`, "OPEN:PLATEx1:"]);
    const fo = h.emulator.order(shop, b.id).fulfillmentOrders[0];
    expect(fo.holds).toEqual([expect.objectContaining({ reason: "INVENTORY_OUT_OF_STOCK", handle: `bp-${line.id}` })]);
    const recovery = await h.prisma.orderRecovery.findUniqueOrThrow({ where: { shop_orderId: { shop, orderId: BigInt(b.id) } } });
    expect(recovery.heldHandles).toEqual([`bp-${line.id}`]);

    // Nothing due: another run sends nothing. A re-sync (same desired state) reads and plans nothing.
    const again = await h.recover(shop);
    expect(again.dispatch.claimed).toBe(0);
    await h.prisma.recoveryAction.updateMany({ where: { shop }, data: { status: "pending", availableAt: h.clock.now() } });
    await h.recover(shop);
    expect(h.mutations()).toEqual(["BackorderPilotHoldFulfillmentOrder"]);
    expect(foState(h, shop, b.id)).toEqual([`ON_HOLD:LAMPx2:bp-${line.id}`, "OPEN:PLATEx1:"]);
  });

  it("holds the whole order under one handle when the rule says so", async () => {
    const { shop } = await h.shop(products);
    expect((await updateRecoverySettings(shop, { holdRule: "hold_whole_order" })).ok).toBe(true);
    const o = h.emulator.placeOrder(shop, { name: "#W1", channel: "web", lines: [{ sku: "LAMP", quantity: 3 }, { sku: "PLATE", quantity: 2 }] });
    await h.deliver();
    h.operations.length = 0;
    await h.recover(shop);
    expect(h.mutations()).toEqual(["BackorderPilotHoldFulfillmentOrder"]);
    expect(foState(h, shop, o.id)).toEqual(["ON_HOLD:LAMPx3,PLATEx2:bp-order"]);
  });

  it("respects Shopify's 10 holds per app: eleven backordered lines share one order-level hold", async () => {
    const many = Array.from({ length: 11 }, (_, i) => ({ title: `Part ${i + 1}`, variants: [{ sku: `PART-${i + 1}`, price: 5, inventory: { Main: 0 } }] }));
    const { shop } = await h.shop([...many, ...products]);
    const o = h.emulator.placeOrder(shop, { name: "#M1", channel: "web", lines: [...many.map((p) => ({ sku: p.variants[0].sku, quantity: 1 })), { sku: "PLATE", quantity: 1 }] });
    await h.deliver();
    expect((await backorders(shop)).length).toBe(11);
    h.operations.length = 0;
    await h.recover(shop);
    // One partial hold (the plate ships); never more than the limit, never a rejected 11th hold.
    expect(h.mutations()).toEqual(["BackorderPilotHoldFulfillmentOrder"]);
    const [held, rest] = foState(h, shop, o.id);
    expect(held).toMatch(/^ON_HOLD:(PART-\d+x1,){10}PART-\d+x1:bp-order$/);
    expect(rest).toBe("OPEN:PLATEx1:");
    const recovery = await h.prisma.orderRecovery.findUniqueOrThrow({ where: { shop_orderId: { shop, orderId: BigInt(o.id) } } });
    expect(recovery.holdNotes).toEqual([expect.objectContaining({ kind: "merged" })]);
  });

  it("releases the hold when a restock serves the line, records the allocation and tells the customer once", async () => {
    const { shop } = await h.shop(products);
    h.emulator.placeOrder(shop, { name: "#R1", channel: "web", lines: [{ sku: "LAMP", quantity: 1 }, { sku: "PLATE", quantity: 2 }] });
    const o = h.emulator.placeOrder(shop, { name: "#R2", channel: "web", customer: { email: "rui@example.com", firstName: "Rui" }, lines: [{ sku: "LAMP", quantity: 1 }, { sku: "PLATE", quantity: 1 }] });
    await h.deliver();
    await h.recover(shop);
    const line = await h.prisma.backorderLine.findFirstOrThrow({ where: { shop } });
    expect(foState(h, shop, o.id)).toEqual([`ON_HOLD:LAMPx1:bp-${line.id}`, "OPEN:PLATEx1:"]);
    // Staff tell the customer it is backordered (an "allocated" email only follows bad news).
    expect(await recoveryCommand(shop, { intent: "notify", ids: [line.id.toString()] })).toMatchObject({ ok: true });
    expect((await h.prisma.customerNotice.findMany({ where: { shop } })).map((n) => n.kind)).toEqual(["still_waiting"]);

    h.clock.advance(3_600_000);
    h.emulator.restock(shop, { sku: "LAMP", location: "Main", quantity: 5 });
    await h.deliver();
    expect(await backorders(shop)).toEqual([["#R2", "LAMP", "resolved", 1]]);
    const allocations = await h.prisma.allocation.findMany({ where: { shop } });
    expect(allocations.map((a) => [a.backorderLineId, a.units, a.fromQuantity, a.toQuantity, a.cause, a.followedUpAt])).toEqual([[line.id, 1, 1, 0, "restock", null]]);
    expect(allocations[0].source).toMatch(/^webhook:/);

    h.operations.length = 0;
    const r = await h.recover(shop);
    expect(r.followUps).toMatchObject({ allocations: 1, holdSyncs: 1, notices: 1 });
    expect(h.mutations()).toEqual(["BackorderPilotReleaseFulfillmentHolds"]);
    // Released: both fulfillment orders can ship (the split stays, as in Shopify).
    expect(foState(h, shop, o.id)).toEqual(["OPEN:LAMPx1:", "OPEN:PLATEx1:"]);
    const notices = await h.prisma.customerNotice.findMany({ where: { shop }, orderBy: { id: "asc" } });
    expect(notices.map((n) => [n.kind, n.orderName, n.status])).toEqual([["still_waiting", "#R2", "pending"], ["allocated", "#R2", "pending"]]);
    expect(notices[1].data).toMatchObject({ items: [{ title: "Lamp", quantity: 1, lineId: line.id.toString() }] });

    // Followed up once: later runs plan nothing more.
    const again = await h.recover(shop);
    expect(again.followUps).toEqual({ allocations: 0, holdSyncs: 0, notices: 0 });
    expect(await h.prisma.customerNotice.count({ where: { shop } })).toBe(2);
    expect(h.mutations()).toEqual(["BackorderPilotReleaseFulfillmentHolds"]);
  });
});
