// Initial sync and reconciliation against canned Admin API answers shaped exactly like the real
// API's (the emulator-backed version runs the same operations for real).
import "../setup/database";
import { afterEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { adminGraphql, setAdminTransport, throttleWaitMs, type AdminTransport } from "../../app/shopify/admin-client.server";
import { reconcileShop, syncShopInventory } from "../../app/services/inventory-sync.server";

const SHOP = "sync.myshopify.com";
const page = <T>(nodes: T[], hasNextPage = false, endCursor: string | null = null) => ({ nodes, pageInfo: { hasNextPage, endCursor } });

function variant(n: number, levels: [number, number][], policy: "DENY" | "CONTINUE" = "DENY", updatedAt = "2026-05-01T08:00:00Z") {
  return {
    id: `gid://shopify/ProductVariant/${n}`,
    sku: `SKU-${n}`,
    title: "Default Title",
    displayName: `Product ${n}`,
    inventoryPolicy: policy,
    product: { id: `gid://shopify/Product/${n * 10}` },
    inventoryItem: {
      id: `gid://shopify/InventoryItem/${n * 100}`,
      tracked: true,
      inventoryLevels: page(
        levels.map(([loc, available]) => ({
          id: `gid://shopify/InventoryLevel/${loc}?inventory_item_id=${n * 100}`,
          updatedAt,
          location: { id: `gid://shopify/Location/${loc}` },
          quantities: [{ name: "available", quantity: available }],
        })),
      ),
    },
  };
}

function cannedShop(state: { levels: Record<number, [number, number][]>; orders: unknown[]; updatedOrders?: unknown[]; updatedAt?: string }): { transport: AdminTransport; calls: string[]; queries: string[] } {
  const queries: string[] = [];
  const calls: string[] = [];
  const transport: AdminTransport = async (_shop, query, variables) => {
    const op = /query (\w+)/.exec(query)![1];
    calls.push(`${op}${variables?.after ? `@${variables.after}` : ""}`);
    if (op === "BackorderPilotShopInfo")
      return { data: { shop: { id: "gid://shopify/Shop/1", myshopifyDomain: SHOP, name: "Sync", currencyCode: "EUR", ianaTimezone: "Europe/Berlin" } } };
    if (op === "BackorderPilotLocations")
      return { data: { locations: page([{ id: "gid://shopify/Location/1", name: "Main", isActive: true }, { id: "gid://shopify/Location/2", name: "Outlet", isActive: true }]) } };
    if (op === "BackorderPilotInventorySnapshot") {
      // Two pages, to prove pagination.
      const all = Object.entries(state.levels).map(([n, lv]) => variant(Number(n), lv, "DENY", state.updatedAt));
      return variables?.after
        ? { data: { productVariants: page(all.slice(1)) } }
        : { data: { productVariants: page(all.slice(0, 1), true, "cursor-1") } };
    }
    if (op === "BackorderPilotOpenOrders") return { data: { orders: page(state.orders) } };
    if (op === "BackorderPilotOrdersUpdatedSince") {
      queries.push(String(variables?.query));
      return { data: { orders: page(state.updatedOrders ?? []) } };
    }
    throw new Error(`unexpected operation ${op}`);
  };
  return { transport, calls, queries };
}

const openOrder = (id: number, createdAt: string, variantN: number, qty: number, loc: number) => ({
  id: `gid://shopify/Order/${id}`,
  name: `#${id}`,
  createdAt,
  updatedAt: createdAt,
  cancelledAt: null,
  closedAt: null,
  test: false,
  sourceName: "web",
  email: `c${id}@example.com`,
  customer: { id: `gid://shopify/Customer/${id}`, displayName: "Test Customer" },
  lineItems: page([
    { id: `gid://shopify/LineItem/${id * 10}`, sku: `SKU-${variantN}`, name: "P", quantity: qty, currentQuantity: qty, unfulfilledQuantity: qty,
      variant: { id: `gid://shopify/ProductVariant/${variantN}`, inventoryItem: { id: `gid://shopify/InventoryItem/${variantN * 100}` } } },
  ]),
  fulfillmentOrders: page([
    { assignedLocation: { location: { id: `gid://shopify/Location/${loc}` } }, lineItems: page([{ remainingQuantity: qty, lineItem: { id: `gid://shopify/LineItem/${id * 10}` } }]) },
  ]),
});

afterEach(() => setAdminTransport(null));

describe("inventory sync after install", () => {
  it("mirrors shop, locations, items and levels, and backorders pre-install open orders", async () => {
    const state: { levels: Record<number, [number, number][]>; orders: unknown[]; updatedOrders?: (ReturnType<typeof openOrder> & { retailLocation?: { id: string } })[]; updatedAt?: string } = {
      levels: { 1: [[1, 5], [2, 0]], 2: [[1, -2]] },
      orders: [openOrder(501, "2026-04-30T10:00:00Z", 2, 1, 1), openOrder(502, "2026-04-30T11:00:00Z", 2, 2, 1)],
    };
    const canned = cannedShop(state);
    setAdminTransport(canned.transport);
    const summary = await syncShopInventory(SHOP);
    expect(canned.calls).toContain("BackorderPilotInventorySnapshot@cursor-1");
    expect(summary).toMatchObject({ variants: 2, levelsChecked: 3, orders: 2 });
    expect(await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).toMatchObject({ currency: "EUR", timezone: "Europe/Berlin" });
    expect(await prisma.location.count({ where: { shop: SHOP } })).toBe(2);
    expect(await prisma.inventoryItem.findUniqueOrThrow({ where: { shop_id: { shop: SHOP, id: 200n } } })).toMatchObject({ sku: "SKU-2", variantId: 2n });
    // -2 at location 1: the later order (#502, 2 units) carries the shortage.
    const lines = await prisma.backorderLine.findMany({ where: { shop: SHOP } });
    expect(lines).toEqual([expect.objectContaining({ orderName: "#502", quantityBackordered: 2, status: "backordered" })]);

    // A missed webhook: stock arrived at location 1 but no inventory_levels/update reached the app.
    state.levels[2] = [[1, 3]];
    state.updatedAt = "2026-05-01T09:00:00Z";
    const healed = await reconcileShop(SHOP);
    expect(healed.healed).toBe(1);
    expect(await prisma.backorderLine.findFirstOrThrow({ where: { shop: SHOP } })).toMatchObject({ status: "resolved" });
    // Orders are scanned from the sync's watermark (minus a 5-minute overlap).
    expect(canned.queries).toEqual([expect.stringMatching(/^updated_at:>='\d{4}-\d\d-\d\dT[\d:.]+Z'$/)]);

    // A missed orders/create: a POS sale of 4 units at location 1 (3 on hand) that no webhook
    // reported. The next reconciliation finds it through the updated-since scan.
    state.levels[2] = [[1, -1]];
    state.updatedAt = "2026-05-01T10:00:00Z";
    state.updatedOrders = [{ ...openOrder(503, "2026-05-01T09:30:00Z", 2, 4, 1), retailLocation: { id: "gid://shopify/Location/1" }, sourceName: "pos" }];
    const found = await reconcileShop(SHOP);
    expect(found).toMatchObject({ ordersHealed: 1, healed: 1 });
    const open = await prisma.backorderLine.findMany({ where: { shop: SHOP, status: "backordered" } });
    expect(open.map((l) => [l.orderName, l.quantityBackordered, l.channel])).toEqual([["#503", 1, "pos"]]);
    // Found once: a third run changes nothing.
    state.updatedOrders = [state.updatedOrders![0]];
    expect(await reconcileShop(SHOP)).toMatchObject({ ordersHealed: 0, healed: 0 });
    expect(await prisma.backorderEvent.count({ where: { shop: SHOP, backorderLine: { orderName: "#503" } } })).toBe(1);
  });
});

describe("Admin client", () => {
  it("waits for the bucket and retries a THROTTLED answer", async () => {
    const waits: number[] = [];
    let n = 0;
    const transport: AdminTransport = async () => {
      n++;
      if (n === 1)
        return {
          errors: [{ message: "Throttled", extensions: { code: "THROTTLED" } }],
          extensions: { cost: { requestedQueryCost: 752, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 52, restoreRate: 100 } } },
        };
      return { data: { shop: { id: "1" } } };
    };
    const data = await adminGraphql<{ shop: { id: string } }>(SHOP, "query { shop { id } }", {}, { transport, sleep: async (ms) => void waits.push(ms) });
    expect(data.shop.id).toBe("1");
    expect(n).toBe(2);
    // 700 points missing at 100/s: 7 s (+ margin).
    expect(waits).toEqual([throttleWaitMs({ requestedQueryCost: 752, throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 52, restoreRate: 100 } })]);
    expect(waits[0]).toBeGreaterThanOrEqual(7000);
  });

  it("surfaces GraphQL errors with Shopify's error list", async () => {
    const transport: AdminTransport = async () => ({ errors: [{ message: "Field 'nope' doesn't exist on type 'Shop'", extensions: { code: "undefinedField" } }] });
    await expect(adminGraphql(SHOP, "query { shop { nope } }", {}, { transport })).rejects.toMatchObject({ name: "AdminApiError", code: "undefinedField" });
  });

  it("retries transient network failures, not missing sessions", async () => {
    let n = 0;
    const flaky: AdminTransport = async () => {
      if (++n < 3) throw new TypeError("fetch failed");
      return { data: { ok: true } };
    };
    await expect(adminGraphql(SHOP, "query { shop { id } }", {}, { transport: flaky, sleep: async () => {} })).resolves.toEqual({ ok: true });
    let m = 0;
    const noSession: AdminTransport = async () => {
      m++;
      throw Object.assign(new Error("Could not find a session for shop"), { name: "SessionNotFoundError" });
    };
    await expect(adminGraphql(SHOP, "query { shop { id } }", {}, { transport: noSession, sleep: async () => {} })).rejects.toThrow(/session/);
    expect(m).toBe(1);
  });
});
