// Every Admin GraphQL operation the app sends, validated against the real 2026-01 schema (the
// vendored copy in app/emulator/schema, checked identical to the shared one by
// test/emulator/token-exchange.test.ts), and kept under Shopify's 1,000-point query cost limit.
import { describe, expect, it } from "vitest";
import { Kind, parse, validate, type OperationDefinitionNode } from "graphql";
import * as operations from "../app/shopify/operations";
import { adminSchema } from "../app/emulator/admin-schema";
import { requestedQueryCost } from "../app/emulator/query-cost";

const schema = adminSchema();
const errorsOf = (doc: string) => validate(schema, parse(doc)).map((e) => e.message);
const entries = Object.entries(operations).filter(([, v]) => typeof v === "string") as [string, string][];

describe("Admin GraphQL operations", () => {
  it("exports the operations", () => {
    expect(entries.map(([name]) => name)).toEqual(expect.arrayContaining(["SHOP_INFO_QUERY", "LOCATIONS_QUERY", "INVENTORY_SNAPSHOT_QUERY", "ORDER_ASSIGNMENTS_QUERY", "OPEN_ORDERS_QUERY"]));
  });

  it.each(entries)("%s is valid against admin-2026-01", (_name, doc) => {
    expect(errorsOf(doc)).toEqual([]);
  });

  it.each(entries)("%s is one named operation (Shopify logs and the emulator's errors name it)", (_name, doc) => {
    const ops = parse(doc).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
    expect(ops).toHaveLength(1);
    expect(ops[0].name?.value).toMatch(/^BackorderPilot/);
  });

  // The page sizes the app sends: every query must stay under Shopify's 1,000-point single-query limit.
  const pageSizes: Record<string, number> = {
    LOCATIONS_QUERY: 50,
    INVENTORY_SNAPSHOT_QUERY: operations.INVENTORY_PAGE_SIZE,
    OPEN_ORDERS_QUERY: operations.OPEN_ORDERS_PAGE_SIZE,
  };
  it.each(entries)("%s costs at most 1,000 points with the app's page size", (name, doc) => {
    const op = parse(doc).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const cost = requestedQueryCost(schema, op, {}, { first: pageSizes[name] ?? 1 });
    expect(cost).toBeGreaterThan(0);
    expect(cost).toBeLessThanOrEqual(1000);
  });

  describe("the check itself", () => {
    it("rejects operations the real API would reject", () => {
      expect(errorsOf(`query { shop { id notAField } }`)).toEqual([expect.stringMatching(/notAField/)]);
      expect(errorsOf(`query { productVariants(first: "ten") { nodes { id } } }`).length).toBeGreaterThan(0);
    });

    it("catches a one-field mistake in each real operation", () => {
      for (const [name, doc] of entries) {
        // Misspell the first selected `id` field (every operation selects one): Shopify would reject it.
        const broken = doc.replace(/^(\s+)id$/m, "$1idd");
        expect(broken, name).not.toBe(doc);
        expect(errorsOf(broken), name).toEqual([expect.stringMatching(/Cannot query field "idd"/)]);
      }
    });
  });
});
