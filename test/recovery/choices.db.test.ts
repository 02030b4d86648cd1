// The customer's choices through the signed link, carried out through the emulator's Admin API,
// with the webhooks those send coming back through the pipeline: ship what's in stock (split, the
// rest stays held), wait, substitute (order edit), cancel the line (refund, once, with Shopify's
// idempotency key), cancel the order. And the link itself: not forgeable, single use (spent on
// submit, not on view), expiring, bound to its shop's order.
import "../setup/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { foState, startRecoveryHarness, type RecoveryHarness } from "./support";
import { callAction, callLoader } from "../support/call-route";

let h: RecoveryHarness;
beforeAll(async () => {
  h = await startRecoveryHarness(new Date("2026-06-01T14:00:00Z"));
});
afterAll(async () => {
  await h.stop();
});

const { armFault, disarmFaults } = await import("../../app/faults.server");
const { updateRecoverySettings } = await import("../../app/services/recovery/settings.server");
const { customerChoiceToken } = await import("../../app/services/recovery/customer-links.server");
const { signCustomerLink } = await import("../../app/security/customer-links");
const route = await import("../../app/routes/choice.$token");

const products = [
  { title: "Lamp", variants: [{ sku: "LAMP", price: 40, inventoryPolicy: "CONTINUE" as const, inventory: { Main: 1 } }] },
  { title: "Lamp XL", variants: [{ sku: "LAMP-XL", price: 55, inventory: { Main: 5 } }] },
  { title: "Plate", variants: [{ sku: "PLATE", price: 12, inventory: { Main: 20 } }] },
];

type PageData = { ok: true; page: { orderName: string; delayed: { lineItemId: string; title: string; quantity: number; substitutes: { variantId: string; title: string }[] }[]; onTrack: { title: string; quantity: number }[]; canShipAvailable: boolean } } | { ok: false; message: string; reason: string };

async function view(token: string): Promise<{ status: number; body: PageData }> {
  const res = (await callLoader(route.loader as never, new Request(`http://localhost:3999/choice/${token}`), { token })) as Response;
  return { status: res.status, body: (await res.json()) as PageData };
}

async function choose(token: string, option: string): Promise<{ status: number; body: { ok: boolean; message?: string; label?: string } }> {
  const form = new FormData();
  form.set("option", option);
  const res = await callAction(route.action, new Request(`http://localhost:3999/choice/${token}`, { method: "POST", body: form }), { token });
  return { status: res.status, body: await res.json() };
}

/**
 * A shop that asks the customer (the order is held whole until they answer) and allows Lamp XL in
 * place of Lamp; order #B waits for one lamp and has a plate in stock.
 */
async function heldOrder(name: string, o: { tax?: { rate: number; title: string } } = {}) {
  const { shop, variants } = await h.shop(products, o);
  expect((await updateRecoverySettings(shop, { holdRule: "ask_customer", substitutes: [{ sku: "LAMP", substitutes: ["LAMP-XL"] }] })).ok).toBe(true);
  h.emulator.placeOrder(shop, { name: `${name}-A`, channel: "web", lines: [{ sku: "LAMP", quantity: 1 }, { sku: "PLATE", quantity: 5 }] });
  const order = h.emulator.placeOrder(shop, { name, channel: "web", customer: { email: "bea@example.com", firstName: "Bea" }, lines: [{ sku: "LAMP", quantity: 1 }, { sku: "PLATE", quantity: 1 }] });
  await h.deliver();
  await h.recover(shop);
  const line = await h.prisma.backorderLine.findFirstOrThrow({ where: { shop } });
  expect(line.orderName).toBe(name);
  expect(foState(h, shop, order.id)).toEqual(["ON_HOLD:LAMPx1,PLATEx1:bp-order"]);
  // Held to ask the customer: they are asked, once (their link in the email).
  const asked = await h.prisma.customerNotice.findMany({ where: { shop } });
  expect(asked.map((n) => [n.kind, n.orderName])).toEqual([["choice_request", name]]);
  expect(asked[0].data).toMatchObject({ reason: "ask_customer", items: [{ title: "Lamp", quantity: 1 }], actionUrl: expect.stringMatching(/^http:\/\/localhost:3999\/choice\/v1\./) });
  h.operations.length = 0;
  return { shop, order, line, variants, token: customerChoiceToken(shop, String(order.id), h.clock.now(), 14) };
}

/** The audit trail of the order's backordered line. */
const events = (shop: string, lineId?: bigint) =>
  h.prisma.backorderEvent.findMany({ where: { shop, ...(lineId ? { backorderLineId: lineId } : {}) }, orderBy: { id: "asc" } }).then((es) => es.map((e) => e.kind));

describe("customer choices", () => {
  it("ship what's in stock: the plate is split off to ship, the lamp stays held; the link is spent on submit, not on view", async () => {
    const { shop, order, line, token } = await heldOrder("#S1");
    // Viewing twice spends nothing.
    for (let i = 0; i < 2; i++) {
      const v = await view(token);
      expect(v.status).toBe(200);
      expect(v.body).toMatchObject({ ok: true, page: { orderName: "#S1", delayed: [{ title: "Lamp", quantity: 1, substitutes: [{ title: "Lamp XL" }] }], onTrack: [{ title: "Plate", quantity: 1 }], canShipAvailable: true } });
    }
    expect(await h.prisma.spentCustomerLink.count()).toBe(0);

    const r = await choose(token, "ship_available");
    expect(r).toEqual({ status: 200, body: { ok: true, label: "Ship what's in stock now, the rest when it arrives", orderName: "#S1" } });
    // Recorded and queued in one transaction; nothing sent to Shopify before the run.
    expect(await h.prisma.spentCustomerLink.count({ where: { shop } })).toBe(1);
    expect((await h.prisma.orderRecovery.findUniqueOrThrow({ where: { shop_orderId: { shop, orderId: BigInt(order.id) } } })).ruleOverride).toBe("split_ship_rest");
    expect(await events(shop)).toEqual(["detected", "customer_choice"]);
    expect(h.mutations()).toEqual([]);

    await h.recover(shop);
    expect(h.mutations()).toEqual(["BackorderPilotReleaseFulfillmentHolds", "BackorderPilotHoldFulfillmentOrder"]);
    expect(foState(h, shop, order.id)).toEqual([`ON_HOLD:LAMPx1:bp-${line.id}`, "OPEN:PLATEx1:"]);
    expect(await events(shop)).toEqual(["detected", "customer_choice", "choice_carried_out"]);

    // Spent: the page says so, and a second submit (a replay) is refused and changes nothing.
    expect((await view(token)).status).toBe(410);
    const replay = await choose(token, "cancel_order");
    expect(replay.status).toBe(410);
    await h.recover(shop);
    expect(h.emulator.order(shop, order.id).cancelledAt).toBeNull();
    expect(h.mutations()).toEqual(["BackorderPilotReleaseFulfillmentHolds", "BackorderPilotHoldFulfillmentOrder"]);
  });

  it("wait: the order stays held whole, and the customer's consent stops automatic cancellation", async () => {
    const { shop, order, line, token } = await heldOrder("#W1");
    // The submit fails before its transaction commits: nothing is recorded, the link is not spent,
    // and the customer's second try goes through.
    armFault("recovery.beforeCommit", "throw", 1);
    await expect(choose(token, "wait")).rejects.toThrow(/injected fault at recovery.beforeCommit/);
    disarmFaults();
    expect(await h.prisma.spentCustomerLink.count({ where: { shop } })).toBe(0);
    expect(await h.prisma.recoveryAction.count({ where: { shop, kind: "customer_choice" } })).toBe(0);
    expect((await h.prisma.lineAging.findUniqueOrThrow({ where: { backorderLineId: line.id } })).consentGivenAt).toBeNull();
    expect((await choose(token, "wait")).status).toBe(200);
    await h.recover(shop);
    expect(h.mutations()).toEqual([]);
    expect(foState(h, shop, order.id)).toEqual(["ON_HOLD:LAMPx1,PLATEx1:bp-order"]);
    const aging = await h.prisma.lineAging.findUniqueOrThrow({ where: { backorderLineId: line.id } });
    expect(aging.consentGivenAt).toBe("2026-06-01");
    expect(aging.reason).toBe("customer_agreed_to_wait");
  });

  it("substitute: an order edit swaps the lamp for Lamp XL; the line closes from the webhook and everything can ship", async () => {
    const { shop, order, line, variants, token } = await heldOrder("#X1");
    const xl = variants["LAMP-XL"].variantId;
    expect((await choose(token, `substitute:${line.lineItemId}:${xl}`)).status).toBe(200);
    await h.recover(shop);
    expect(h.mutations()).toEqual([
      "BackorderPilotBeginOrderEdit",
      "BackorderPilotSetEditQuantity",
      "BackorderPilotAddEditVariant",
      "BackorderPilotCommitOrderEdit",
      "BackorderPilotReleaseFulfillmentHolds",
    ]);
    const em = h.emulator.order(shop, order.id);
    expect(em.lineItems.map((l) => [l.sku, l.currentQuantity])).toEqual([["LAMP", 0], ["PLATE", 1], ["LAMP-XL", 1]]);
    expect(foState(h, shop, order.id).every((fo) => fo.startsWith("OPEN:"))).toBe(true);
    // orders/updated came back through the pipeline: the lamp no longer waits.
    expect((await h.prisma.backorderLine.findUniqueOrThrow({ where: { id: line.id } })).status).toBe("resolved");
    const resolved = await h.prisma.backorderEvent.findFirstOrThrow({ where: { backorderLineId: line.id, kind: "resolved" } });
    expect(resolved.reasonCode).toBe("line_removed_or_fulfilled");
    expect(await events(shop, line.id)).toEqual(["detected", "customer_choice", "substituted", "resolved"]);
    // A substitute is not a cancellation: no "cancelled" email.
    expect(await h.prisma.customerNotice.count({ where: { shop, kind: "backorder_cancelled" } })).toBe(0);
  });

  it("cancel the line: one refund of the lamp and its sales tax (Shopify's reckoning), even when the worker dies after Shopify answered; the customer is told once", async () => {
    // New York City's sales tax on top of the price: the lamp cost the customer 40.00 + 3.55.
    const { shop, order, line, token } = await heldOrder("#C1", { tax: { rate: 0.08875, title: "NY State Tax" } });
    expect(h.emulator.order(shop, order.id).lineItems.map((l) => [l.sku, l.taxLines.map((t) => t.price)])).toEqual([["LAMP", ["3.55"]], ["PLATE", ["1.07"]]]);
    expect((await choose(token, `cancel_line:${line.lineItemId}`)).status).toBe(200);
    armFault("recovery.afterAdminCall", "throw", 1);
    const first = await h.recover(shop);
    disarmFaults();
    expect(first.dispatch).toMatchObject({ retried: 1, done: 0 });
    await h.prisma.recoveryAction.updateMany({ where: { shop, status: "pending" }, data: { availableAt: h.clock.now() } });
    const second = await h.recover(shop);
    // The retry carries out the plan journaled before the refund went out: the refund is sent
    // again with the same key and the same input (Shopify's suggestion was asked once, before the
    // first send, and journaled), and Shopify (the emulator) answers the first refund, not a second.
    // (The other row done: between the refund's orders/updated and its level update, the pipeline
    // briefly gave the shortage to #C1-A — its holds converge on their own.)
    expect(second.dispatch).toMatchObject({ claimed: 2, done: 2, failed: 0 });
    expect(h.operations.filter((o) => o.name === "BackorderPilotSuggestedRefund")).toHaveLength(1);
    const refunds = h.operations.filter((o) => o.name === "BackorderPilotRefundLines");
    expect(refunds).toHaveLength(2);
    expect(new Set(refunds.map((o) => o.variables?.idempotencyKey)).size).toBe(1);
    expect(refunds[1].variables).toEqual(refunds[0].variables);
    expect(refunds[0].variables?.input).toEqual({
      orderId: `gid://shopify/Order/${order.id}`,
      note: "Backorder Pilot: backordered units cancelled at the customer's request",
      notify: true,
      refundLineItems: [{ lineItemId: `gid://shopify/LineItem/${line.lineItemId}`, quantity: 1, restockType: "CANCEL" }],
      transactions: [{ orderId: `gid://shopify/Order/${order.id}`, parentId: `gid://shopify/OrderTransaction/${order.id}`, kind: "REFUND", gateway: "manual", amount: "43.55" }],
    });
    const em = h.emulator.order(shop, order.id);
    expect(em.refunds).toHaveLength(1);
    expect(em.refunds[0].lines.map((l) => [l.quantity, l.restockType, l.subtotal, l.totalTax])).toEqual([[1, "CANCEL", "40.00", "3.55"]]);
    expect(em.refunds[0].transactions).toEqual([expect.objectContaining({ amount: "43.55" })]);
    expect(em.lineItems.map((l) => [l.sku, l.currentQuantity])).toEqual([["LAMP", 0], ["PLATE", 1]]);
    // The plate ships; the lamp's line closed through the webhook; one cancellation email.
    expect(foState(h, shop, order.id)).toEqual(["OPEN:PLATEx1:"]);
    expect((await h.prisma.backorderLine.findUniqueOrThrow({ where: { id: line.id } })).status).toBe("resolved");
    const notices = await h.prisma.customerNotice.findMany({ where: { shop }, orderBy: { id: "asc" } });
    expect(notices.map((n) => [n.kind, n.status])).toEqual([["choice_request", "pending"], ["backorder_cancelled", "pending"]]);
    // The email names the money given back: the lamp and its tax, as Shopify reckoned it.
    expect(notices[1].data).toMatchObject({ reason: "customer", refunded: true, refund: { amount: "43.55", currencyCode: "USD" }, items: [{ title: "Lamp", quantity: 1 }] });
    // The refund's webhooks closed the line between the two attempts; the retry then recorded it.
    expect(await events(shop, line.id)).toEqual(["detected", "customer_choice", "resolved", "customer_cancelled"]);
  });

  it("cancel the line, retried from a journal an earlier version wrote (no refund input kept): the refund already made under the key is not made again", async () => {
    const { shop, order, line, token } = await heldOrder("#C2", { tax: { rate: 0.08875, title: "NY State Tax" } });
    expect((await choose(token, `cancel_line:${line.lineItemId}`)).status).toBe(200);
    armFault("recovery.afterAdminCall", "throw", 1);
    await h.recover(shop);
    disarmFaults();
    // As the earlier version journaled it: the step started, its input not kept.
    const row = await h.prisma.recoveryAction.findFirstOrThrow({ where: { shop, key: { startsWith: "choice:" } } });
    const progress = row.progress as { steps: { refund?: unknown }[] };
    expect(progress.steps).toEqual([expect.objectContaining({ kind: "refund", state: "started", refund: expect.any(Object) })]);
    await h.prisma.recoveryAction.update({ where: { id: row.id }, data: { progress: { ...progress, steps: progress.steps.map(({ refund: _r, ...rest }) => rest) } } });
    await h.prisma.recoveryAction.updateMany({ where: { shop, status: "pending" }, data: { availableAt: h.clock.now() } });
    const second = await h.recover(shop);
    // A fresh suggestion (nothing left to refund) differs from the first request: Shopify refuses the
    // key's reuse, which says the refund was made. Done, one refund, the line closed.
    expect(second.dispatch).toMatchObject({ failed: 0 });
    const refunds = h.operations.filter((o) => o.name === "BackorderPilotRefundLines");
    expect(refunds).toHaveLength(2);
    expect(refunds[1].variables?.input).not.toEqual(refunds[0].variables?.input);
    const em = h.emulator.order(shop, order.id);
    expect(em.refunds).toHaveLength(1);
    expect(em.refunds[0].transactions).toEqual([expect.objectContaining({ amount: "43.55" })]);
    expect((await h.prisma.recoveryAction.findUniqueOrThrow({ where: { id: row.id } })).status).toBe("done");
    // The customer is told it is refunded; the amount is not claimed (the journal lost it).
    const notice = await h.prisma.customerNotice.findFirstOrThrow({ where: { shop, kind: "backorder_cancelled" } });
    expect(notice.data).toMatchObject({ refunded: true });
    expect((notice.data as { refund?: unknown }).refund ?? null).toBeNull();
  });

  it("cancel the order: Shopify cancels it (nothing shipped), the cancellation webhook closes the line", async () => {
    const { shop, order, line, token } = await heldOrder("#O1");
    expect((await choose(token, "cancel_order")).status).toBe(200);
    await h.recover(shop);
    expect(h.mutations()).toEqual(["BackorderPilotCancelOrder"]);
    const cancel = h.operations.find((o) => o.name === "BackorderPilotCancelOrder")!;
    expect(cancel.variables).toMatchObject({ reason: "CUSTOMER", restock: true, refundMethod: { originalPaymentMethodsRefund: true } });
    expect(h.emulator.order(shop, order.id).cancelledAt).not.toBeNull();
    expect((await h.prisma.backorderLine.findUniqueOrThrow({ where: { id: line.id } })).status).toBe("cancelled");
  });
});

describe("the customer link", () => {
  it("cannot be forged, used after it expires, used for another shop's order, or submitted with a choice the merchant does not allow", async () => {
    const { shop, order, line, token } = await heldOrder("#L1");
    const other = await heldOrder("#L2");
    // Tampered: a flipped signature character, or claims re-encoded under the same signature.
    const [v, claims, sig] = token.split(".");
    const flipped = `${v}.${claims}.${sig[0] === "A" ? "B" : "A"}${sig.slice(1)}`;
    expect((await view(flipped)).status).toBe(403);
    expect((await choose(flipped, "cancel_order")).status).toBe(403);
    const [otherV, otherClaims] = other.token.split(".");
    expect((await view(`${otherV}.${otherClaims}.${sig}`)).status).toBe(403);
    // Signed with a key that is not the app's.
    const foreign = signCustomerLink({ shop, orderId: String(order.id), purpose: "backorder_choice", nonce: "x".repeat(24), expiresAt: new Date(h.clock.now().getTime() + 86_400_000) }, "another-secret-that-is-at-least-32-bytes-long");
    expect((await view(foreign)).status).toBe(403);
    expect((await view("not-a-token")).status).toBe(403);
    // A valid link for this shop naming another shop's order finds nothing.
    const crossShop = customerChoiceToken(shop, String(other.order.id), h.clock.now(), 14);
    expect((await view(crossShop)).status).toBe(404);
    expect((await choose(crossShop, "cancel_order")).status).toBe(404);
    // A substitute the merchant did not allow, or a line that is not backordered.
    expect((await choose(token, `substitute:${line.lineItemId}:999999`)).status).toBe(400);
    expect((await choose(token, `cancel_line:1`)).status).toBe(400);
    expect(await h.prisma.spentCustomerLink.count({ where: { shop } })).toBe(0);

    // Expired: 14 days later the link is refused, even though it was never used.
    h.clock.advance(14 * 86_400_000 + 1000);
    expect((await view(token)).status).toBe(410);
    expect((await choose(token, "cancel_order")).status).toBe(410);
    await h.recover(shop);
    await h.recover(other.shop);
    // Nothing of it reached Shopify.
    expect(h.emulator.order(shop, order.id).cancelledAt).toBeNull();
    expect(h.emulator.order(other.shop, other.order.id).cancelledAt).toBeNull();
    expect(h.mutations()).toEqual([]);
  });
});
