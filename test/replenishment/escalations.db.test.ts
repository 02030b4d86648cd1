import "../setup/database";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { resetClock } from "../../app/clock.server";
import { startSlackStandIn, startSmtpStandIn, startSupplierApiStandIn, type SlackStandIn, type SmtpStandIn, type SupplierApiStandIn } from "../../app/stand-ins";
import { closeWebhookIntake } from "../../app/services/webhook-intake.server";
import { approveEscalation, dismissEscalation, listEscalationInbox } from "../../app/services/replenishment/purchase-orders.server";
import { addOffer, addSupplier, at, createShop, purchaseOrders, settings, skus, storefront } from "./support";

const [LAMP] = skus(1);
const OPS = "ops@shop.example";
let api: SupplierApiStandIn;
let slack: SlackStandIn;
let smtp: SmtpStandIn;
let shopN = 0;
let shop = "";

beforeAll(async () => {
  api = await startSupplierApiStandIn({ suppliers: { acme: { mode: "up" } } });
  slack = await startSlackStandIn();
  smtp = await startSmtpStandIn();
  process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await Promise.all([api.stop(), slack.stop(), smtp.stop()]);
  await closeWebhookIntake();
  resetClock();
});

beforeEach(async () => {
  shop = `escalations-${++shopN}.myshopify.com`;
  slack.clear();
  smtp.clear();
  api.setMode("acme", "up");
  await createShop(shop, [LAMP]);
  await addSupplier(shop, { id: "acme", name: "Acme", channel: "api", apiUrl: api.jsonUrl("acme") });
  await settings(shop, { slackWebhookUrl: slack.webhookUrl(`T0/B0/${shopN}`), opsEmails: [OPS], costDeviationEscalationPct: 15 });
});

const slackPosts = () => slack.posts().filter((p) => p.path === `T0/B0/${shopN}`);
const opsMails = () => smtp.messages().filter((m) => m.to.includes(OPS) && m.subject?.includes(LAMP.sku));
const ordersAtAcme = () => api.orders("acme").filter((o) => o.idempotencyKey.startsWith(`${shop}:`));

async function oversell(units: number) {
  const s = storefront(shop);
  s.setStock(LAMP, 0);
  await s.order(LAMP, 0, { qty: units });
  await s.run(10);
  return s;
}

async function expectOneEscalation(code: string, draft: [number, number][]) {
  const inbox = await listEscalationInbox(shop);
  expect(inbox.map((e) => [e.code, e.status, e.sku, e.supplierId])).toEqual([[code, "open", LAMP.sku, "acme"]]);
  const pos = await purchaseOrders(shop);
  expect(pos.map((p) => [p.supplierId, p.status])).toEqual([["acme", "escalated"]]);
  expect(pos[0].lines.map((l) => [l.quantity, l.customerUnits])).toEqual(draft);
  expect(inbox[0].purchaseOrderId).toBe(pos[0].id);
  // A person decides: nothing was sent to the supplier.
  expect(ordersAtAcme()).toEqual([]);
  // Exactly one Slack post and one email, naming the SKU, the draft and the inbox.
  expect(slackPosts()).toHaveLength(1);
  expect(JSON.stringify(slackPosts()[0].body)).toContain(pos[0].number);
  expect(JSON.stringify(slackPosts()[0].body)).toContain(`/app/escalations/${inbox[0].id}`);
  expect(opsMails()).toHaveLength(1);
  expect(opsMails()[0].text).toContain(inbox[0].message.slice(0, 40));
  return { escalation: inbox[0], po: pos[0] };
}

describe("escalations", () => {
  it("a supplier new for the SKU: an open escalation with the draft, one Slack post and one email; approving submits the draft", async () => {
    await addOffer(shop, { supplierId: "acme", sku: LAMP.sku, leadTimeDays: 3, unitCost: 10 });
    const s = await oversell(2);
    const { escalation, po } = await expectOneEscalation("new_supplier_for_sku", [[2, 2]]);
    expect(escalation.message).toBe(`${LAMP.sku} has never been ordered from Acme: confirm the first order.`);
    // Runs later do not alert again.
    await s.run(600);
    expect(slackPosts()).toHaveLength(1);
    expect(opsMails()).toHaveLength(1);

    s.clock.set(at(700));
    const approved = await approveEscalation(shop, escalation.id, { by: "staff@shop.example" });
    expect(approved.ok && approved.value.escalation.status).toBe("approved");
    expect((await purchaseOrders(shop))[0].status).toBe("draft");
    await s.run(700);
    const [after] = await purchaseOrders(shop);
    expect(after).toMatchObject({ id: po.id, status: "submitted", submittedAt: at(700) });
    expect(ordersAtAcme().map((o) => (o.channel === "edi" ? null : o.purchaseOrder.lines))).toEqual([[{ sku: LAMP.sku, quantity: 2, unitCost: 10, description: `Item ${LAMP.sku}` }]]);
    expect(await approveEscalation(shop, escalation.id)).toEqual({ ok: false, status: 409, error: "The escalation is already approved" });
    // The next deficit of this SKU goes out without a person: acme is no longer new for it.
    await s.order(LAMP, 800);
    await s.run(810);
    expect((await purchaseOrders(shop)).map((p) => p.status)).toEqual(["submitted", "submitted"]);
    expect(await prisma.escalation.count({ where: { shop } })).toBe(1);
  });

  it("further deficits of a SKU a person is deciding about wait for the decision instead of escalating again", async () => {
    await addOffer(shop, { supplierId: "acme", sku: LAMP.sku, leadTimeDays: 3, unitCost: 12, lastUnitCostSeed: 10 });
    const s = await oversell(3);
    const { escalation } = await expectOneEscalation("cost_deviation", [[3, 3]]);
    // Two more oversells of the same SKU, each in a window of its own, while the inbox waits.
    for (const t of [100, 300]) {
      await s.order(LAMP, t, { qty: 2 });
      await s.run(t + 20);
    }
    expect(await prisma.escalation.count({ where: { shop } })).toBe(1);
    expect((await purchaseOrders(shop)).map((p) => p.status)).toEqual(["escalated"]);
    expect(slackPosts()).toHaveLength(1);
    expect((await prisma.deficitWindow.findMany({ where: { shop }, orderBy: { id: "asc" } })).map((w) => [w.status, w.oversoldUnits])).toEqual([
      ["ordered", 3],
      ["due", 2],
      ["due", 2],
    ]);
    // The decision releases them: the draft goes out, and the held units are planned in one run.
    s.clock.set(at(400));
    expect((await approveEscalation(shop, escalation.id, { by: "staff@shop.example" })).ok).toBe(true);
    await s.run(400);
    const pos = await purchaseOrders(shop);
    expect(pos.map((p) => [p.status, p.lines.map((l) => l.customerUnits)])).toEqual([
      ["submitted", [3]],
      ["submitted", [2]],
      ["submitted", [2]],
    ]);
    expect(await prisma.escalation.count({ where: { shop } })).toBe(1);
    expect(ordersAtAcme()).toHaveLength(3);
  });

  it("a unit cost more than 15% off the last PO escalates; the person may correct the draft before approving", async () => {
    await addOffer(shop, { supplierId: "acme", sku: LAMP.sku, leadTimeDays: 3, unitCost: 12, lastUnitCostSeed: 10 });
    const s = await oversell(3);
    const { escalation } = await expectOneEscalation("cost_deviation", [[3, 3]]);
    expect(escalation.message).toContain("20% above the last purchase order");
    const r = await approveEscalation(shop, escalation.id, { edits: [{ sku: LAMP.sku, quantity: 5, unitCost: 10.5 }] });
    expect(r.ok).toBe(true);
    await s.run(20);
    const [po] = await purchaseOrders(shop);
    expect(po.lines.map((l) => [l.quantity, l.customerUnits, l.bufferUnits, l.roundingUnits, Number(l.unitCost)])).toEqual([[5, 3, 0, 2, 10.5]]);
    expect(po.status).toBe("submitted");
  });

  it("a deficit beyond the supplier's capacity escalates with a draft for what it can take", async () => {
    await addOffer(shop, { supplierId: "acme", sku: LAMP.sku, leadTimeDays: 3, unitCost: 10, lastUnitCostSeed: 10, available: 3 });
    await oversell(5);
    const { escalation } = await expectOneEscalation("exceeds_capacity", [[3, 3]]);
    expect(escalation.message).toBe(`No eligible supplier can take 2 units (2 for customers, 0 buffer) of ${LAMP.sku}: not enough capacity.`);
  });

  it("every path failed: the alert goes out once even when Slack first answers 500", async () => {
    await addOffer(shop, { supplierId: "acme", sku: LAMP.sku, leadTimeDays: 3, unitCost: 10, lastUnitCostSeed: 10 });
    api.setMode("acme", "rejects");
    slack.failNext(1, 500);
    const s = await oversell(1);
    const inbox = await listEscalationInbox(shop);
    expect(inbox.map((e) => e.code)).toEqual(["all_submissions_failed"]);
    expect(slackPosts()).toHaveLength(0);
    // The Slack post is retried with backoff (30 s) and succeeds; the email went out at once.
    await s.run(40);
    expect(slackPosts()).toHaveLength(1);
    expect(opsMails()).toHaveLength(1);
    expect(await prisma.replenishmentOutbox.findMany({ where: { shop, kind: { in: ["slack_alert", "ops_email"] } }, select: { kind: true, status: true, attempts: true }, orderBy: { kind: "asc" } })).toEqual([
      { kind: "ops_email", status: "done", attempts: 1 },
      { kind: "slack_alert", status: "done", attempts: 2 },
    ]);
    // The pre-filled draft (to acme, the failed path) waits for a person.
    const pos = await purchaseOrders(shop);
    expect(pos.map((p) => p.status)).toEqual(["cancelled", "escalated"]);
  });

  it("dismissing cancels the draft and orders nothing; another shop cannot act on it", async () => {
    await addOffer(shop, { supplierId: "acme", sku: LAMP.sku, leadTimeDays: 3, unitCost: 10 });
    const s = await oversell(1);
    const [e] = await listEscalationInbox(shop);
    expect(await approveEscalation("intruder.myshopify.com", e.id)).toEqual({ ok: false, status: 404, error: "Escalation not found" });
    expect(await dismissEscalation("intruder.myshopify.com", e.id)).toEqual({ ok: false, status: 404, error: "Escalation not found" });
    const d = await dismissEscalation(shop, e.id, { by: "staff", reason: "ordered by phone" });
    expect(d.ok && d.value.status).toBe("dismissed");
    const [po] = await purchaseOrders(shop);
    expect(po).toMatchObject({ status: "cancelled", cancelReason: "Escalation dismissed: ordered by phone" });
    await s.run(600);
    expect(ordersAtAcme()).toEqual([]);
    expect(await purchaseOrders(shop)).toHaveLength(1);
  });
});
