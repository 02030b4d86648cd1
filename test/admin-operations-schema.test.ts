// Every Admin GraphQL operation the app sends, validated against the real 2026-01 schema.
import fs from "node:fs";
import path from "node:path";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import { Kind, type OperationDefinitionNode } from "graphql";
import * as operations from "../app/shopify/operations";
import { requestedQueryCost } from "../app/emulator/query-cost";

const schema = buildSchema(fs.readFileSync(path.resolve(__dirname, "../../shared/shopify/admin-2026-01.graphql"), "utf8"));
const errorsOf = (doc: string) => validate(schema, parse(doc)).map((e) => e.message);

describe("Admin GraphQL operations", () => {
  const entries = Object.entries(operations).filter(([, v]) => typeof v === "string") as [string, string][];

  it("exports the operations", () => {
    expect(entries.length).toBeGreaterThanOrEqual(5);
  });

  it.each(entries)("%s is valid against admin-2026-01", (_name, doc) => {
    expect(errorsOf(doc)).toEqual([]);
  });

  // The page sizes the app sends: every query must stay under Shopify's 1,000-point single-query limit.
  const pageSizes: Record<string, number> = {
    LOCATIONS_QUERY: 50,
    INVENTORY_SNAPSHOT_QUERY: operations.INVENTORY_PAGE_SIZE,
    OPEN_ORDERS_QUERY: operations.OPEN_ORDERS_PAGE_SIZE,
  };
  it.each(entries)("%s costs at most 1,000 points with the app's page size", (name, doc) => {
    const ast = parse(doc);
    const op = ast.definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION)!;
    const cost = requestedQueryCost(schema, op, {}, { first: pageSizes[name] ?? 1 });
    expect(cost).toBeGreaterThan(0);
    expect(cost).toBeLessThanOrEqual(1000);
  });

  it("rejects an operation the real API would reject", () => {
    expect(errorsOf(`query { shop { id notAField } }`)).toEqual([expect.stringMatching(/notAField/)]);
    expect(errorsOf(`query { productVariants(first: "ten") { nodes { id } } }`).length).toBeGreaterThan(0);
  });
});
