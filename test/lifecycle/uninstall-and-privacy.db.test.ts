import "../setup/database";
import fs from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { startTestWorker, stopTestWorker, waitForIdle } from "../support/worker";
import { purgeDueShops, PURGE_GRACE_MS } from "../../app/services/uninstall.server";
import { afterInstall } from "../../app/services/after-install.server";
import { signedWebhook } from "../support/signed-webhook";
import { callAction } from "../support/call-route";
import { action as appUninstalled } from "../../app/routes/webhooks.app.uninstalled";
import { action as customersRedact } from "../../app/routes/webhooks.customers.redact";
import { action as customersDataRequest } from "../../app/routes/webhooks.customers.data_request";
import { action as shopRedact } from "../../app/routes/webhooks.shop.redact";
import { action as scopesUpdate } from "../../app/routes/webhooks.app.scopes_update";

const SAMPLES = path.resolve(__dirname, "../../../shared/shopify/webhook-samples");
const A = "shop-a.myshopify.com";
const B = "shop-b.myshopify.com";

async function seedShop(shop: string, customer: { id: bigint; email: string }, other: { id: bigint; email: string }) {
  await prisma.shop.create({ data: { domain: shop } });
  await prisma.session.create({ data: { id: `offline_${shop}`, shop, state: "x", accessToken: "tok", scope: "read_orders" } });
  let n = 0;
  for (const c of [customer, other]) {
    n++;
    const orderId = BigInt(shop === A ? 100 + n : 200 + n);
    const createdAt = new Date();
    await prisma.order.create({
      data: {
        shop, id: orderId, name: `#${orderId}`, channel: "web", createdAt, sourceUpdatedAt: createdAt,
        customerId: c.id, email: c.email, customerName: "Test Customer",
        lines: { create: [{ id: orderId * 10n, title: "Lamp", quantity: 1, openQuantity: 1, inventoryItemId: 1n, locationId: 1n, orderCreatedAt: createdAt, orderChannel: "web" }] },
      },
    });
    const line = await prisma.backorderLine.create({
      data: {
        shop, orderId, orderName: `#${orderId}`, orderCreatedAt: new Date(), lineItemId: orderId * 10n, inventoryItemId: 1n,
        locationId: 1n, channel: "web", quantityOrdered: 1, quantityBackordered: 1, status: "backordered",
        reasonCode: "single_channel_oversell", detectedAt: new Date(), customerId: c.id, customerEmail: c.email, customerName: "Test Customer",
      },
    });
    await prisma.backorderEvent.create({ data: { shop, backorderLineId: line.id, at: new Date(), kind: "detected", toStatus: "backordered" } });
  }
}

const alice = { id: 1001n, email: "alice@example.com" };
const bob = { id: 1002n, email: "bob@example.com" };

beforeAll(async () => {
  await startTestWorker();
});
afterAll(async () => {
  await stopTestWorker();
});
beforeEach(async () => {
  await prisma.$executeRawUnsafe(
    `TRUNCATE "BackorderEvent","BackorderLine","OrderLine","Order","Session","Shop","WebhookDelivery","ComplianceRequest" CASCADE`,
  );
  await seedShop(A, alice, bob);
  await seedShop(B, alice, bob);
});

describe("app/uninstalled", () => {
  it("drops the shop's sessions at once and schedules its data for deletion", async () => {
    const at = new Date("2026-06-01T10:00:00Z");
    const res = await callAction(appUninstalled, signedWebhook("app/uninstalled", { id: 1, domain: A }, { shop: A, triggeredAt: at }));
    expect(res.status).toBe(200);
    await waitForIdle();
    expect(await prisma.session.count({ where: { shop: A } })).toBe(0);
    expect(await prisma.session.count({ where: { shop: B } })).toBe(1);
    const s = await prisma.shop.findUniqueOrThrow({ where: { domain: A } });
    expect(s.uninstalledAt).toEqual(at);
    expect(s.purgeAfter).toEqual(new Date(at.getTime() + PURGE_GRACE_MS));
    // Still there during the grace period...
    expect((await purgeDueShops(new Date(at.getTime() + 3_600_000))).purged).toEqual([]);
    expect(await prisma.backorderLine.count({ where: { shop: A } })).toBe(2);
    // ...gone after it, and only that shop.
    expect((await purgeDueShops(new Date(at.getTime() + PURGE_GRACE_MS))).purged).toEqual([A]);
    for (const table of ["backorderLine", "backorderEvent", "order", "orderLine", "webhookDelivery"] as const) {
      expect(await (prisma[table] as unknown as { count: (a: object) => Promise<number> }).count({ where: { shop: A } }), table).toBe(0);
    }
    expect(await prisma.backorderLine.count({ where: { shop: B } })).toBe(2);
  });

  it("a reinstall within the grace period cancels the deletion", async () => {
    await callAction(appUninstalled, signedWebhook("app/uninstalled", { id: 1 }, { shop: A }));
    await waitForIdle();
    await prisma.shop.update({ where: { domain: A }, data: { syncedAt: new Date() } });
    await afterInstall(A);
    const s = await prisma.shop.findUniqueOrThrow({ where: { domain: A } });
    expect(s.uninstalledAt).toBeNull();
    expect(s.purgeAfter).toBeNull();
    // A reinstall re-syncs inventory (the job cannot reach Shopify here: drop it).
    const jobs = await prisma.$queryRaw<{ data: { shop: string } }[]>`SELECT data FROM pgboss.job WHERE name = 'shop.sync'`;
    expect(jobs.map((j) => j.data.shop)).toEqual([A]);
    await prisma.$executeRaw`DELETE FROM pgboss.job WHERE name = 'shop.sync'`;
  });
});

describe("compliance webhooks", () => {
  it("customers/redact removes that customer's personal data only", async () => {
    const payload = { shop_id: 1, shop_domain: A, customer: { id: Number(alice.id), email: alice.email, phone: null }, orders_to_redact: [101] };
    const res = await callAction(customersRedact, signedWebhook("customers/redact", payload, { shop: A }));
    expect(res.status).toBe(200);
    await waitForIdle();
    const aliceLine = await prisma.backorderLine.findFirstOrThrow({ where: { shop: A, orderId: 101n } });
    expect(aliceLine).toMatchObject({ customerEmail: null, customerName: null, customerId: null, quantityBackordered: 1 });
    const aliceOrder = await prisma.order.findUniqueOrThrow({ where: { shop_id: { shop: A, id: 101n } } });
    expect(aliceOrder).toMatchObject({ email: null, customerName: null });
    // Bob, and Alice at the other shop, untouched.
    expect(await prisma.backorderLine.findFirstOrThrow({ where: { shop: A, orderId: 102n } })).toMatchObject({ customerEmail: bob.email });
    expect(await prisma.backorderLine.findFirstOrThrow({ where: { shop: B, customerId: alice.id } })).toMatchObject({ customerEmail: alice.email });
    const trail = await prisma.backorderEvent.findMany({ where: { backorderLineId: aliceLine.id } });
    expect(trail.map((e) => e.kind)).toContain("redacted");
  });

  it("customers/redact sample payload is handled", async () => {
    const body = fs.readFileSync(path.join(SAMPLES, "customers-redact--basic.json"), "utf8");
    const res = await callAction(customersRedact, signedWebhook("customers/redact", null, { shop: A, rawBody: body }));
    expect(res.status).toBe(200);
    await waitForIdle();
    expect(await prisma.webhookDelivery.findFirstOrThrow({ where: { shop: A } })).toMatchObject({ status: "processed" });
  });

  it("customers/data_request assembles what is stored about the customer (legacy payload too)", async () => {
    const payload = { shop_id: 1, shop_domain: A, customer: { id: Number(alice.id), email: alice.email }, orders_requested: [101] };
    await callAction(customersDataRequest, signedWebhook("customers/data_request", payload, { shop: A }));
    const legacy = fs.readFileSync(path.join(SAMPLES, "customers-data-request--legacy-no-request-id.json"), "utf8");
    await callAction(customersDataRequest, signedWebhook("customers/data_request", null, { shop: A, rawBody: legacy }));
    await waitForIdle();
    const requests = await prisma.complianceRequest.findMany({ where: { shop: A, topic: "customers/data_request" }, orderBy: { id: "asc" } });
    expect(requests).toHaveLength(2);
    // The worker may settle the two deliveries of one batch in either order: pick Alice's request by its customer.
    expect(requests.map((r) => r.customerId).sort()).toEqual([alice.id, 688988520501n].sort());
    const doc = requests.find((r) => r.customerId === alice.id)!.result as { orders: { name: string; email: string }[]; backorderLines: { order: string; events: unknown[] }[] };
    expect(doc.orders).toEqual([expect.objectContaining({ name: "#101", email: alice.email })]);
    expect(doc.backorderLines).toEqual([expect.objectContaining({ order: "#101", events: [expect.objectContaining({ kind: "detected" })] })]);
    expect(JSON.stringify(doc)).not.toContain(bob.email);
  });

  it("shop/redact deletes the shop's data, not other shops'", async () => {
    await callAction(shopRedact, signedWebhook("shop/redact", { shop_id: 1, shop_domain: A }, { shop: A }));
    await waitForIdle();
    expect(await prisma.backorderLine.count({ where: { shop: A } })).toBe(0);
    expect(await prisma.order.count({ where: { shop: A } })).toBe(0);
    expect(await prisma.backorderLine.count({ where: { shop: B } })).toBe(2);
  });

  it("app/scopes_update stores the granted scopes on the shop's sessions", async () => {
    await callAction(scopesUpdate, signedWebhook("app/scopes_update", { id: 1, previous: ["read_orders"], current: ["read_orders", "read_inventory"] }, { shop: A }));
    await waitForIdle();
    expect(await prisma.session.findFirstOrThrow({ where: { shop: A } })).toMatchObject({ scope: "read_orders,read_inventory" });
    expect(await prisma.session.findFirstOrThrow({ where: { shop: B } })).toMatchObject({ scope: "read_orders" });
  });
});
