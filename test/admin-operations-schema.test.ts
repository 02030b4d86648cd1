// Every Admin GraphQL operation the app sends, validated against the real 2026-01 schema (the
// vendored copy in app/emulator/schema, checked identical to the shared one by
// test/emulator/token-exchange.test.ts), and kept under Shopify's 1,000-point query cost limit.
import { describe, expect, it } from "vitest";
import { Kind, parse, validate, type OperationDefinitionNode } from "graphql";
import * as operations from "../app/shopify/operations";
import { adminSchema } from "../app/emulator/admin-schema";
import { requestedQueryCost } from "../app/emulator/query-cost";
import { FO_LOOKUP_COST, ORDER_LOOKUP_COST, lookupBatchSize } from "../app/shopify/lookup-cost";

const schema = adminSchema();
const errorsOf = (doc: string) => validate(schema, parse(doc)).map((e) => e.message);
const entries = Object.entries(operations).filter(([, v]) => typeof v === "string") as [string, string][];

describe("Admin GraphQL operations", () => {
  it("exports the operations", () => {
    expect(entries.map(([name]) => name)).toEqual(
      expect.arrayContaining([
        "SHOP_INFO_QUERY", "LOCATIONS_QUERY", "INVENTORY_SNAPSHOT_QUERY", "OPEN_ORDERS_QUERY", "ORDERS_UPDATED_SINCE_QUERY",
        "FULFILLMENT_ORDER_LOCATIONS_QUERY", "ORDER_FULFILLMENT_LOCATIONS_QUERY",
      ]),
    );
  });

  it.each(entries)("%s is valid against admin-2026-01", (_name, doc) => {
    expect(errorsOf(doc)).toEqual([]);
  });

  it.each(entries)("%s is one named operation (Shopify logs and the emulator's errors name it)", (_name, doc) => {
    const ops = parse(doc).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(ops).toHaveLength(1);
    expect(ops[0].name?.value).toMatch(/^BackorderPilot/);
  });

  // The variables the app sends at their largest: every query must stay under Shopify's 1,000-point
  // single-query limit. Lookups ask for as many ids as one call may carry.
  const ids = (type: string, n: number) => Array.from({ length: n }, (_, i) => `gid://shopify/${type}/${i + 1}`);
  const largest: Record<string, Record<string, unknown>> = {
    LOCATIONS_QUERY: { first: 50 },
    INVENTORY_SNAPSHOT_QUERY: { first: operations.INVENTORY_PAGE_SIZE },
    OPEN_ORDERS_QUERY: { first: operations.OPEN_ORDERS_PAGE_SIZE },
    ORDERS_UPDATED_SINCE_QUERY: { first: operations.RECONCILE_ORDERS_PAGE_SIZE },
    FULFILLMENT_ORDER_LOCATIONS_QUERY: { ids: ids("FulfillmentOrder", lookupBatchSize(FO_LOOKUP_COST, undefined)), lines: operations.FO_LINE_ITEMS_PAGE },
    ORDER_FULFILLMENT_LOCATIONS_QUERY: { ids: ids("Order", lookupBatchSize(ORDER_LOOKUP_COST, undefined)), lines: operations.FO_LINE_ITEMS_PAGE },
    // Metafield writes in batches of the most Shopify takes per call.
    METAFIELDS_SET_MUTATION: { metafields: ids("ProductVariant", operations.METAFIELDS_PER_CALL).map((ownerId) => ({ ownerId, namespace: "$app", key: "backorder_window", type: "json", value: "{}" })) },
    METAFIELDS_DELETE_MUTATION: { metafields: ids("Order", operations.METAFIELDS_PER_CALL).map((ownerId) => ({ ownerId, namespace: "$app", key: "line_promises" })) },
    // Recovery: one order's lines and fulfillment orders, as many as one read takes.
    ORDER_RECOVERY_QUERY: { id: "gid://shopify/Order/1", lines: operations.RECOVERY_LINES_PAGE, fulfillmentOrders: operations.RECOVERY_FULFILLMENT_ORDERS_PAGE },
  };
  it.each(entries)("%s costs at most 1,000 points with the app's largest variables", (name, doc) => {
    const op = parse(doc).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const cost = requestedQueryCost(schema, op, {}, largest[name] ?? { first: 1 });
    expect(cost).toBeGreaterThan(0);
    expect(cost).toBeLessThanOrEqual(1000);
  });

  it("sizes lookups with the per-id cost Shopify charges for them", () => {
    const perId = (doc: string, type: string) => {
      const op = parse(doc).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
      const vars = (n: number) => ({ ids: ids(type, n), lines: operations.FO_LINE_ITEMS_PAGE });
      return requestedQueryCost(schema, op, {}, vars(2)) - requestedQueryCost(schema, op, {}, vars(1));
    };
    expect(perId(operations.FULFILLMENT_ORDER_LOCATIONS_QUERY, "FulfillmentOrder")).toBe(FO_LOOKUP_COST);
    expect(perId(operations.ORDER_FULFILLMENT_LOCATIONS_QUERY, "Order")).toBe(ORDER_LOOKUP_COST);
  });

  describe("the check itself", () => {
    it("rejects operations the real API would reject", () => {
      expect(errorsOf(`query { shop { id notAField } }`)).toEqual([expect.stringMatching(/notAField/)]);
      expect(errorsOf(`query { productVariants(first: "ten") { nodes { id } } }`).length).toBeGreaterThan(0);
    });

    it("catches a one-field mistake in each real operation", () => {
      for (const [name, doc] of entries) {
        // Misspell the first selected `id` field (an operation without one, e.g. metafieldsDelete
        // whose payload has no id: its first selected leaf field): Shopify would reject it.
        const field = /^\s+id$/m.test(doc) ? "id" : /^\s+(\w+)$/m.exec(doc)![1];
        const broken = doc.replace(new RegExp(`^(\\s+)${field}$`, "m"), `$1${field}x`);
        expect(broken, name).not.toBe(doc);
        expect(errorsOf(broken), name).toEqual([expect.stringMatching(new RegExp(`Cannot query field "${field}x"`))]);
      }
    });
  });
});
