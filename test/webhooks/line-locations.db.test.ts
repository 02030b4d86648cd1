// Where an order line draws stock from, through the real orders/create route: the fulfillment
// order's assigned location from the Admin API, else the payload's location_id, else the shop's
// primary (first active) location, else no evaluation and a reason on the delivery.
import "../setup/database";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { startJobs, stopJobs, waitForIdle } from "../../app/jobs/queue.server";
import { setAdminTransport, type AdminTransport } from "../../app/shopify/admin-client.server";
import { action as ordersCreate } from "../../app/routes/webhooks.orders.create";
import { action as ordersUpdated } from "../../app/routes/webhooks.orders.updated";
import { action as inventoryUpdate } from "../../app/routes/webhooks.inventory_levels.update";
import { signedWebhook } from "../support/signed-webhook";
import { inventoryLevelPayload, orderPayload } from "../support/rest-payloads";
import { callAction, type RouteAction } from "../support/call-route";

const CLOSED = 7001; // an inactive location: never the primary
const MAIN = 7002;
const OUTLET = 7003;
const ITEM = 880001;
const VARIANT = 990001;
const T0 = new Date("2026-05-01T08:00:00Z");

let shop = "";
let shopN = 0;
const send = (action: RouteAction, topic: string, payload: unknown, webhookId?: string) =>
  callAction(action, signedWebhook(topic, payload, { shop, webhookId }));
const order = (extra: { locationId?: number } = {}) =>
  orderPayload({
    id: 5001,
    name: "#1001",
    sourceName: "web",
    createdAt: T0,
    lines: [{ id: 70001, variantId: VARIANT, sku: "LAMP-1", quantity: 2 }],
    ...extra,
  });
const shortAt = (location: number) => send(inventoryUpdate, "inventory_levels/update", inventoryLevelPayload(ITEM, location, -2, T0));

/** Answers ORDER_ASSIGNMENTS_QUERY the way Shopify does, and records what was asked. */
function assignmentsTransport(location: number, inventoryItemId: number | null) {
  const calls: { query: string; variables?: Record<string, unknown> }[] = [];
  const transport: AdminTransport = async (_shop, query, variables) => {
    calls.push({ query, variables });
    return {
      data: {
        order: {
          id: "gid://shopify/Order/5001",
          fulfillmentOrders: {
            nodes: [
              {
                id: "gid://shopify/FulfillmentOrder/1",
                status: "OPEN",
                assignedLocation: { location: { id: `gid://shopify/Location/${location}` } },
                lineItems: {
                  nodes: [
                    {
                      id: "gid://shopify/FulfillmentOrderLineItem/1",
                      remainingQuantity: 2,
                      totalQuantity: 2,
                      inventoryItemId: inventoryItemId === null ? null : `gid://shopify/InventoryItem/${inventoryItemId}`,
                      lineItem: { id: "gid://shopify/LineItem/70001" },
                    },
                  ],
                },
              },
            ],
          },
        },
      },
    };
  };
  return { calls, transport };
}

beforeAll(async () => {
  await startJobs({ schedules: false });
});
afterAll(async () => {
  await stopJobs();
});
beforeEach(async () => {
  shop = `locations-${++shopN}.myshopify.com`;
  await prisma.location.createMany({
    data: [
      { shop, id: BigInt(CLOSED), name: "Closed store", active: false },
      { shop, id: BigInt(MAIN), name: "Main" },
      { shop, id: BigInt(OUTLET), name: "Outlet" },
    ],
  });
});
afterEach(() => setAdminTransport(null));

async function onlyLine() {
  const lines = await prisma.orderLine.findMany({ where: { shop } });
  expect(lines).toHaveLength(1);
  return lines[0];
}

describe("order line locations", () => {
  it("takes the assigned location and the inventory item from the Admin API", async () => {
    // The variant is not in the mirror yet (no sync, no products/update): the assignment names its item.
    const api = assignmentsTransport(OUTLET, ITEM);
    setAdminTransport(api.transport);
    await shortAt(OUTLET);
    await send(ordersCreate, "orders/create", order({ locationId: MAIN }), "order-1");
    await waitForIdle();

    expect(api.calls).toHaveLength(1);
    expect(api.calls[0].query).toContain("BackorderPilotOrderAssignments");
    expect(api.calls[0].variables).toEqual({ id: "gid://shopify/Order/5001" });
    expect(await onlyLine()).toMatchObject({ locationId: BigInt(OUTLET), inventoryItemId: BigInt(ITEM), openQuantity: 2 });
    const backorders = await prisma.backorderLine.findMany({ where: { shop } });
    expect(backorders.map((b) => [b.locationId, b.quantityBackordered])).toEqual([[BigInt(OUTLET), 2]]);
    expect(await prisma.webhookDelivery.findFirstOrThrow({ where: { shop, webhookId: "order-1" } })).toMatchObject({ status: "processed", statusReason: null });

    // An update of the same order keeps the stored location: no second lookup.
    await send(ordersUpdated, "orders/updated", { ...order(), updated_at: new Date(T0.getTime() + 60_000).toISOString() });
    await waitForIdle();
    expect(api.calls).toHaveLength(1);
  });

  it("uses the payload's location_id when the Admin API cannot answer (no session)", async () => {
    await prisma.inventoryItem.create({ data: { shop, id: BigInt(ITEM), variantId: BigInt(VARIANT), sku: "LAMP-1" } });
    await shortAt(OUTLET);
    await send(ordersCreate, "orders/create", order({ locationId: OUTLET }), "order-pos");
    await waitForIdle();

    expect(await onlyLine()).toMatchObject({ locationId: BigInt(OUTLET), inventoryItemId: BigInt(ITEM) });
    expect(await prisma.backorderLine.count({ where: { shop, locationId: BigInt(OUTLET), status: "backordered" } })).toBe(1);
    const d = await prisma.webhookDelivery.findFirstOrThrow({ where: { shop, webhookId: "order-pos" } });
    expect(d.status).toBe("processed");
    expect(d.statusReason).toMatch(/1 line\(s\) placed at the order's location_id: assigned location unavailable/);
  });

  it("falls back to the first active location, and says so", async () => {
    await prisma.inventoryItem.create({ data: { shop, id: BigInt(ITEM), variantId: BigInt(VARIANT), sku: "LAMP-1" } });
    await shortAt(MAIN);
    await send(ordersCreate, "orders/create", order(), "order-web");
    await waitForIdle();

    expect(await onlyLine()).toMatchObject({ locationId: BigInt(MAIN) });
    expect(await prisma.backorderLine.count({ where: { shop, locationId: BigInt(MAIN), status: "backordered" } })).toBe(1);
    const d = await prisma.webhookDelivery.findFirstOrThrow({ where: { shop, webhookId: "order-web" } });
    expect(d.statusReason).toMatch(/1 line\(s\) placed at the shop's primary location: assigned location unavailable/);
  });

  it("stores the order but skips evaluation, with the reason, when no location or item is known", async () => {
    await prisma.location.deleteMany({ where: { shop } });
    await send(ordersCreate, "orders/create", order(), "order-nowhere");
    await waitForIdle();

    expect(await onlyLine()).toMatchObject({ locationId: null, inventoryItemId: null, openQuantity: 2 });
    expect(await prisma.backorderLine.count({ where: { shop } })).toBe(0);
    const d = await prisma.webhookDelivery.findFirstOrThrow({ where: { shop, webhookId: "order-nowhere" } });
    expect(d.status).toBe("processed");
    expect(d.statusReason).toMatch(/1 line\(s\) not yet mapped to an inventory item\/location/);
  });
});
