// The running app's wiring, on the wall clock with the real job queue (pg-boss) and delivery
// worker: a webhook's backorder wakes `promises.refresh` after commit, the replenishment run's PO
// wakes it again, the first notice is emailed by `promises.notices` over SMTP, once.
import "../setup/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { startSmtpStandIn, startSupplierApiStandIn, type SmtpStandIn, type SupplierApiStandIn } from "../../app/stand-ins";
import { action as ordersCreate } from "../../app/routes/webhooks.orders.create";
import { action as inventoryUpdate } from "../../app/routes/webhooks.inventory_levels.update";
import { callAction } from "../support/call-route";
import { signedWebhook } from "../support/signed-webhook";
import { inventoryLevelPayload, orderPayload } from "../support/rest-payloads";
import { startTestWorker, stopTestWorker } from "../support/worker";
import { LOCATION, createShop, items, replenishmentSettings, supplier } from "./support";

const SHOP = "promise-jobs.myshopify.com";
const [LAMP] = items(1);
let api: SupplierApiStandIn;
let smtp: SmtpStandIn;

beforeAll(async () => {
  api = await startSupplierApiStandIn({ suppliers: { acme: { mode: "up" } } });
  smtp = await startSmtpStandIn();
  process.env.SMTP_URL = smtp.url;
  await createShop(SHOP, [LAMP]);
  await supplier(SHOP, "acme", [{ sku: LAMP.sku, leadTimeDays: 5 }], { apiUrl: api.jsonUrl("acme") });
  // A deficit window that closes a second after the last oversell.
  await replenishmentSettings(SHOP, { dedupQuietSeconds: 1, dedupWindowSeconds: 2 });
  await startTestWorker();
});
afterAll(async () => {
  await stopTestWorker();
  delete process.env.SMTP_URL;
  await api.stop();
  await smtp.stop();
});

async function until<T>(read: () => Promise<T>, done: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await read();
    if (done(v)) return v;
    if (Date.now() > deadline) throw new Error(`timed out; last: ${JSON.stringify(v, (_, x) => (typeof x === "bigint" ? x.toString() : x))}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe("promise jobs in a running worker", () => {
  it("a backorder from a webhook is promised, its PO re-promises it, and the customer gets one email", async () => {
    const now = new Date();
    const send = async (action: typeof ordersCreate, topic: string, payload: unknown) =>
      expect((await callAction(action, signedWebhook(topic, payload, { shop: SHOP, triggeredAt: now }))).status).toBe(200);
    await send(
      ordersCreate,
      "orders/create",
      orderPayload({ id: 9101, name: "#9101", sourceName: "web", createdAt: now, customer: { id: 77, email: "dana@example.com", first_name: "Dana" }, lines: [{ id: 91011, variantId: LAMP.variantId, sku: LAMP.sku, quantity: 1, title: "Lamp" }] }),
    );
    await send(inventoryUpdate, "inventory_levels/update", inventoryLevelPayload(LAMP.itemId, LOCATION, -1, now));

    // Woken by the delivery worker: promised while the deficit window collects (no email yet) ...
    const first = await until(() => prisma.linePromise.findFirst({ where: { shop: SHOP } }), (p) => p !== null);
    expect(first).toMatchObject({ status: "open", version: 1 });
    // ... then the window closes, acme's PO goes out, the refresh follows it and the email goes.
    const mail = await until(async () => smtp.messages(), (m) => m.length > 0);
    expect(mail.map((m) => [m.to, m.subject])).toEqual([[["dana@example.com"], "Your order #9101 is backordered"]]);
    const po = await prisma.purchaseOrder.findFirstOrThrow({ where: { shop: SHOP } });
    expect(po.status).toBe("submitted");
    const promise = await prisma.linePromise.findFirstOrThrow({ where: { shop: SHOP } });
    expect(promise).toMatchObject({ phase: "submitted", notifiedVersion: promise.version });
    expect(await prisma.customerNotice.findMany({ where: { shop: SHOP }, select: { kind: true, status: true, to: true } })).toEqual([
      { kind: "first_backorder", status: "sent", to: "dana@example.com" },
    ]);
    // The metafield outbox has the values (this shop has no Admin API here: they wait, with backoff).
    expect((await prisma.promiseMetafield.findMany({ where: { shop: SHOP }, select: { ownerType: true } })).map((r) => r.ownerType).sort()).toEqual(["order", "variant"]);
    // Nothing more comes.
    await new Promise((r) => setTimeout(r, 1500));
    expect(smtp.messages()).toHaveLength(1);
  });
});
