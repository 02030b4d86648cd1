// Personal data in stored webhook bodies: trimmed to what processing needs after the retention
// period; scrubbed at once by customers/redact, after which the customer's email appears NOWHERE
// in the database (every column of every table, text and bytes, is searched); included in
// customers/data_request while stored.
import "../setup/database";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { drainDeliveries } from "../../app/jobs/delivery-worker.server";
import { closeWebhookIntake } from "../../app/services/webhook-intake.server";
import { trimProcessedBodies } from "../../app/services/privacy.server";
import { parseOrderPayload } from "../../app/webhooks/order-payload";
import { action as ordersCreate } from "../../app/routes/webhooks.orders.create";
import { action as ordersUpdated } from "../../app/routes/webhooks.orders.updated";
import { action as inventoryUpdate } from "../../app/routes/webhooks.inventory_levels.update";
import { action as customersRedact } from "../../app/routes/webhooks.customers.redact";
import { action as customersDataRequest } from "../../app/routes/webhooks.customers.data_request";
import { signedWebhook } from "../support/signed-webhook";
import { callAction, type RouteAction } from "../support/call-route";
import { inventoryLevelPayload, orderPayload } from "../support/rest-payloads";

const SHOP = "privacy.myshopify.com";
const LOCATION = 7001;
const ITEM = 880001;
const VARIANT = 990001;
const T0 = new Date("2026-05-01T08:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const alice = { id: 301, email: "Alice.Liddell@example.com", first_name: "Alice", last_name: "Liddell" };
const bob = { id: 302, email: "bob.builder@example.com", first_name: "Bob", last_name: "Builder" };

const send = (action: RouteAction, topic: string, payload: unknown, webhookId: string) =>
  callAction(action, signedWebhook(topic, payload, { shop: SHOP, webhookId, triggeredAt: at(0) }));

function order(n: number, customer: typeof alice, extra: Record<string, unknown> = {}) {
  return {
    ...orderPayload({ id: 5000 + n, name: `#${1000 + n}`, sourceName: "web", createdAt: at(n), customer, lines: [{ id: 70000 + n, variantId: VARIANT, sku: "LAMP-1", quantity: 1 }] }),
    billing_address: { first_name: customer.first_name, last_name: customer.last_name, address1: "1 Rabbit Hole", phone: "+15555550100", email: customer.email },
    shipping_address: { first_name: customer.first_name, last_name: customer.last_name, address1: "1 Rabbit Hole", city: "Oxford" },
    note: `Gift for ${customer.first_name}`,
    ...extra,
  };
}

/** Rows, in any table of any schema the app owns (public and pg-boss), whose any column contains `needle` (case-insensitive; bytes too). */
async function findEverywhere(needle: string): Promise<string[]> {
  const columns = await prisma.$queryRaw<{ table_schema: string; table_name: string; column_name: string; data_type: string }[]>`
    SELECT c.table_schema::text, c.table_name::text, c.column_name::text, c.data_type::text FROM information_schema.columns c
      JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE'
     WHERE c.table_schema IN ('public', 'pgboss')`;
  const hits: string[] = [];
  for (const c of columns) {
    const col = `"${c.table_schema}"."${c.table_name}"."${c.column_name}"`;
    const where = c.data_type === "bytea" ? `position(lower($1) IN lower(convert_from(${col}, 'UTF8'))) > 0` : `lower(${col}::text) LIKE '%' || lower($1) || '%'`;
    const [{ n }] = await prisma.$queryRawUnsafe<{ n: number }[]>(`SELECT count(*)::int AS n FROM "${c.table_schema}"."${c.table_name}" WHERE ${where}`, needle);
    if (n > 0) hits.push(`${c.table_schema}.${c.table_name}.${c.column_name}`);
  }
  return hits.sort();
}

beforeEach(async () => {
  await prisma.$executeRawUnsafe(`TRUNCATE "BackorderEvent","BackorderLine","OrderLine","Order","Shop","WebhookDelivery","ComplianceRequest","InventoryItem","InventoryLevel","Location" CASCADE`);
  await prisma.shop.create({ data: { domain: SHOP } });
  await prisma.location.create({ data: { shop: SHOP, id: BigInt(LOCATION), name: "Main" } });
  await prisma.inventoryItem.create({ data: { shop: SHOP, id: BigInt(ITEM), variantId: BigInt(VARIANT), sku: "LAMP-1", title: "Lamp" } });
});
afterAll(() => closeWebhookIntake());

async function oversellForBoth() {
  await send(ordersCreate, "orders/create", order(1, bob), "o1");
  await send(ordersCreate, "orders/create", order(2, alice), "o2");
  await send(ordersUpdated, "orders/updated", order(2, alice, { updated_at: at(30).toISOString() }), "o2u");
  await send(ordersCreate, "orders/create", order(3, alice), "o3");
  await send(inventoryUpdate, "inventory_levels/update", inventoryLevelPayload(ITEM, LOCATION, -2, at(3)), "l3");
  await drainDeliveries();
  expect((await prisma.backorderLine.findMany({ orderBy: { orderName: "asc" } })).map((l) => [l.orderName, l.customerEmail])).toEqual([
    ["#1002", alice.email],
    ["#1003", alice.email],
  ]);
}

describe("stored webhook bodies", () => {
  it("are trimmed after the retention period to what processing needs, and parse the same", async () => {
    await oversellForBoth();
    expect(await trimProcessedBodies(new Date(), { retentionMs: 3_600_000 })).toBe(0);
    expect(await trimProcessedBodies(new Date(Date.now() + 2 * 3_600_000), { retentionMs: 3_600_000 })).toBe(5);
    for (const email of [alice.email, bob.email]) expect(await findEverywhere(email)).toEqual([
      "public.BackorderLine.customerEmail", "public.Order.email",
    ].filter((t) => email === alice.email || t === "public.Order.email"));
    for (const pii of ["Rabbit Hole", "+15555550100", "Liddell", "Gift for"]) {
      // Only the mirror's own columns (kept for notices until a redaction) still name the customer.
      expect(await findEverywhere(pii), pii).toEqual(
        pii === "Liddell" ? ["public.BackorderLine.customerEmail", "public.BackorderLine.customerName", "public.Order.customerName", "public.Order.email"] : [],
      );
    }
    // What processing needs is intact: the trimmed body parses to the same order, minus the person.
    const d = await prisma.webhookDelivery.findFirstOrThrow({ where: { webhookId: "o3" } });
    const trimmed = parseOrderPayload(JSON.parse(Buffer.from(d.body).toString("utf8")));
    const original = parseOrderPayload(order(3, alice));
    expect(trimmed.ok && original.ok).toBe(true);
    if (trimmed.ok && original.ok) expect(trimmed.value).toEqual({ ...original.value, email: null, customerName: null });
    expect(d.trimmedAt).not.toBeNull();
  });

  it("are scrubbed by customers/redact: the customer's email is nowhere in the database afterwards", async () => {
    await oversellForBoth();
    // A data request first: its assembled copy holds the email too, and the stored payloads.
    await send(customersDataRequest, "customers/data_request", { shop_domain: SHOP, customer: { id: alice.id, email: alice.email }, orders_requested: [5002, 5003], data_request: { id: 9 } }, "dr");
    await drainDeliveries();
    const request = await prisma.complianceRequest.findFirstOrThrow({ where: { topic: "customers/data_request" } });
    const exported = request.result as { orders: unknown[]; backorderLines: unknown[]; storedPayloads: { topic: string }[] };
    expect([exported.orders.length, exported.backorderLines.length]).toEqual([2, 2]);
    expect(exported.storedPayloads.map((p) => p.topic).sort()).toEqual(["orders/create", "orders/create", "orders/updated"]);
    expect(await findEverywhere(alice.email)).toEqual([
      "public.BackorderLine.customerEmail", "public.ComplianceRequest.email", "public.ComplianceRequest.result",
      "public.Order.email", "public.WebhookDelivery.body",
    ]);

    await send(customersRedact, "customers/redact", { shop_domain: SHOP, customer: { id: alice.id, email: alice.email, phone: null }, orders_to_redact: [5002, 5003] }, "redact");
    await drainDeliveries();
    expect(await prisma.webhookDelivery.findFirstOrThrow({ where: { webhookId: "redact" } })).toMatchObject({ status: "processed" });
    expect(await findEverywhere(alice.email)).toEqual([]);
    expect(await findEverywhere("Liddell")).toEqual([]);
    expect(await findEverywhere("Rabbit Hole")).toEqual(["public.WebhookDelivery.body"]); // bob's order, untouched
    // Bob is not redacted: his order, his stored body.
    expect(await findEverywhere(bob.email)).toEqual(["public.Order.email", "public.WebhookDelivery.body"]);
    // The operational facts stay: lines, quantities, statuses.
    expect((await prisma.backorderLine.findMany({ orderBy: { orderName: "asc" } })).map((l) => [l.orderName, l.status, l.customerEmail])).toEqual([
      ["#1002", "backordered", null],
      ["#1003", "backordered", null],
    ]);
  });
});
