// Every Admin GraphQL operation the app sends, validated against the real 2026-01 schema.
import fs from "node:fs";
import path from "node:path";
import { buildSchema, parse, validate } from "graphql";
import { describe, expect, it } from "vitest";
import * as operations from "../app/shopify/operations";

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

  it("rejects an operation the real API would reject", () => {
    expect(errorsOf(`query { shop { id notAField } }`)).toEqual([expect.stringMatching(/notAField/)]);
    expect(errorsOf(`query { productVariants(first: "ten") { nodes { id } } }`).length).toBeGreaterThan(0);
  });
});
