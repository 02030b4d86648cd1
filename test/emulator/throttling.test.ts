// Calculated query cost and the leaky bucket, as Shopify reports them in `extensions.cost`, on the
// emulator's (virtual) clock: THROTTLED when the bucket cannot cover the requested cost, refill at
// the restore rate, MAX_COST_EXCEEDED over 1,000 points.
import { describe, expect, it } from "vitest";
import { Kind, parse, type OperationDefinitionNode } from "graphql";
import { adminSchema } from "../../app/emulator";
import { requestedQueryCost } from "../../app/emulator/query-cost";
import { adminCall, createFixture, offlineToken, SHOP } from "./emulator-fixture";

const cost = (query: string, variables: Record<string, unknown> = {}) => {
  const op = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
  return requestedQueryCost(adminSchema(), op, {}, variables);
};

describe("calculated query cost", () => {
  it("follows Shopify's rules: object 1, scalar 0, connection 2 + first x selection, mutation 10", () => {
    expect(cost(`{ shop { id name currencyCode } }`)).toBe(1);
    expect(cost(`{ shop { id } locations(first: 1) { nodes { id } } }`)).toBe(1 + 2 + 1 * 1);
    expect(cost(`{ locations(first: 10) { nodes { id } } }`)).toBe(2 + 10 * 1);
    expect(cost(`query($n: Int!) { locations(first: $n) { nodes { id } pageInfo { hasNextPage } } }`, { n: 5 })).toBe(2 + 5 * (1 + 1));
    expect(cost(`{ productVariants(first: 10) { nodes { inventoryItem { inventoryLevels(first: 3) { nodes { id } } } } } }`)).toBe(2 + 10 * (1 + 1 + (2 + 3 * 1)));
    expect(cost(`mutation { tagsAdd(id: "gid://shopify/Order/1", tags: ["a"]) { userErrors { message } } }`)).toBe(10 + 1 + 1);
  });
});

describe("calculated cost of lookups by ids", () => {
  it("nodes(ids:) costs its selection once per requested id; other plain lists cost one object", () => {
    expect(cost(`{ nodes(ids: ["gid://shopify/Order/1", "gid://shopify/Order/2", "gid://shopify/Order/3"]) { id } }`)).toBe(3 * 1);
    expect(cost(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ["a", "b", "c", "d", "e"] })).toBe(5 * 1);
    expect(cost(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: [] })).toBe(0);
    // Per node: the node, plus product and inventoryItem.
    expect(cost(`{ nodes(ids: ["a", "b", "c"]) { ... on ProductVariant { product { id } inventoryItem { id } } } }`)).toBe(3 * (1 + 1 + 1));
    // With a connection inside each node, next to another field.
    expect(cost(`{ shop { id } nodes(ids: ["a", "b"]) { ... on Order { lineItems(first: 5) { nodes { id } } } } }`)).toBe(1 + 2 * (1 + (2 + 5 * 1)));
    // A plain list without ids (quantities) still costs one object.
    expect(cost(`{ inventoryItem(id: "a") { inventoryLevel(locationId: "b") { quantities(names: ["available", "on_hand", "committed"]) { name quantity } } } }`)).toBe(1 + 1 + 1);
    // node(id:) is one object.
    expect(cost(`{ node(id: "a") { ... on ProductVariant { product { id } } } }`)).toBe(1 + 1);
  });

  it("the actual cost counts only the nodes returned, each with what its own selection returned", async () => {
    const f = createFixture();
    const token = await offlineToken(f);
    const shop = f.emulator.shop(SHOP);
    const v = `gid://shopify/ProductVariant/${shop.variantBySku("LAMP-1")!.id}`;
    const l = `gid://shopify/Location/${f.locations.main}`;
    const ids = [v, l, "gid://shopify/Order/1"];
    const plain = await adminCall(f.emulator, token, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(plain.body.extensions?.cost).toMatchObject({ requestedQueryCost: 3, actualQueryCost: 2 });
    // The variant returns its product (2), the location matches no fragment (1), the unknown id is null (0).
    const nested = await adminCall(f.emulator, token, `query($ids: [ID!]!) { nodes(ids: $ids) { ... on ProductVariant { product { id } } } }`, { ids });
    expect(nested.body.extensions?.cost).toMatchObject({ requestedQueryCost: 6, actualQueryCost: 3, throttleStatus: { currentlyAvailable: 2000 - 2 - 3 } });
    // Two hundred ids of a costly selection go over the 1,000-point limit as Shopify's would.
    const many = await adminCall(f.emulator, token, `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Order { lineItems(first: 10) { nodes { id } } } } }`, { ids: Array.from({ length: 200 }, (_, i) => `gid://shopify/Order/${i + 1}`) });
    expect(many.body.errors?.[0].extensions).toMatchObject({ code: "MAX_COST_EXCEEDED", cost: 200 * (1 + 2 + 10) });
  });
});

describe("extensions.cost and the leaky bucket", () => {
  it("reports requested and actual cost (the objects really returned) with the bucket status", async () => {
    const f = createFixture();
    const token = await offlineToken(f);
    const { body } = await adminCall(f.emulator, token, `{ locations(first: 50) { nodes { id } } }`);
    expect(body.extensions?.cost).toEqual({
      requestedQueryCost: 52,
      actualQueryCost: 4, // 2 + the 2 locations the shop has
      throttleStatus: { maximumAvailable: 2000, currentlyAvailable: 1996, restoreRate: 100 },
    });
  });

  it("throttles when the bucket cannot cover the requested cost, and refills on the emulator clock", async () => {
    const f = createFixture({ bucket: { maximum: 10, restoreRate: 1 } });
    const token = await offlineToken(f);
    const q = `{ locations(first: 2) { nodes { id } } }`; // requested 4, actual 4
    const available = async () => {
      const { body } = await adminCall(f.emulator, token, q);
      return body;
    };
    expect((await available()).extensions?.cost?.throttleStatus.currentlyAvailable).toBe(6);
    expect((await available()).extensions?.cost?.throttleStatus.currentlyAvailable).toBe(2);
    const throttled = await available();
    expect(throttled).toEqual({
      errors: [{ message: "Throttled", extensions: { code: "THROTTLED", documentation: "https://shopify.dev/api/usage/rate-limits" } }],
      extensions: { cost: { requestedQueryCost: 4, actualQueryCost: null, throttleStatus: { maximumAvailable: 10, currentlyAvailable: 2, restoreRate: 1 } } },
    });
    f.clock.advance(1_000); // 1 point back: still short
    expect((await available()).errors?.[0].extensions?.code).toBe("THROTTLED");
    f.clock.advance(1_000);
    const ok = await available();
    expect(ok.errors).toBeUndefined();
    expect(ok.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(0);
    f.clock.advance(60_000); // never above the maximum
    expect((await available()).extensions?.cost?.throttleStatus.currentlyAvailable).toBe(6);
  });

  it("keeps one bucket per shop", async () => {
    const f = createFixture({ bucket: { maximum: 10, restoreRate: 1 } });
    f.emulator.seed("other.myshopify.com", { locations: ["A"] });
    const a = await offlineToken(f);
    const b = await offlineToken(f, "other.myshopify.com");
    for (let i = 0; i < 3; i++) await adminCall(f.emulator, a, `{ locations(first: 2) { nodes { id } } }`);
    const other = await adminCall(f.emulator, b, `{ shop { id } }`, undefined, "other.myshopify.com");
    expect(other.body.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(9);
  });

  it("per-shop bucket sizes (a Plus shop has a bigger one)", async () => {
    const f = createFixture();
    f.emulator.seed("plus.myshopify.com", { locations: ["A"], bucket: { maximum: 20_000, restoreRate: 1_000 } });
    const t = await offlineToken(f, "plus.myshopify.com");
    const { body } = await adminCall(f.emulator, t, `{ shop { id } }`, undefined, "plus.myshopify.com");
    expect(body.extensions?.cost?.throttleStatus).toEqual({ maximumAvailable: 20_000, currentlyAvailable: 19_999, restoreRate: 1_000 });
  });

  it("refuses a query over 1,000 points with MAX_COST_EXCEEDED, without charging the bucket", async () => {
    const f = createFixture();
    const token = await offlineToken(f);
    const q = `{ productVariants(first: 250) { nodes { inventoryItem { inventoryLevels(first: 10) { nodes { id } } } } } }`;
    const { status, body } = await adminCall(f.emulator, token, q);
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors).toEqual([
      {
        message: expect.stringMatching(/^Query cost is 3502, which exceeds the single query max cost limit \(1000\)\./),
        extensions: { code: "MAX_COST_EXCEEDED", cost: 3502, maxCost: 1000, documentation: "https://shopify.dev/api/usage/rate-limits" },
      },
    ]);
    expect(body.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(2000);
  });

  it("a mutation costs 10 plus its selection", async () => {
    const f = createFixture();
    const token = await offlineToken(f);
    const order = f.emulator.placeOrder(SHOP, { channel: "web", lines: [{ sku: "LAMP-1", quantity: 1 }] });
    const { body } = await adminCall(f.emulator, token, `mutation($id: ID!) { tagsAdd(id: $id, tags: ["x"]) { node { id } userErrors { message } } }`, { id: `gid://shopify/Order/${order.id}` });
    expect(body.extensions?.cost).toMatchObject({ requestedQueryCost: 13, actualQueryCost: 12 }); // no userErrors returned
  });
});
