// Invalid operations fail the way Shopify's Admin API (graphql-ruby) fails them: HTTP 200 with
// an `errors` array of { message, locations, path, extensions.code } and no data, before any cost
// is charged.
import { describe, expect, it } from "vitest";
import { adminCall, createFixture, offlineToken } from "./emulator-fixture";

const f = createFixture();
const token = await offlineToken(f);
const fail = async (query: string, variables?: Record<string, unknown>) => {
  const { status, body } = await adminCall(f.emulator, token, query, variables);
  expect(status).toBe(200);
  expect(body.data).toBeUndefined();
  return body;
};

describe("validation errors in Shopify's shape", () => {
  it("undefinedField", async () => {
    const body = await fail(`query { shop { id notAField } }`);
    expect(body).toEqual({
      errors: [
        {
          message: "Field 'notAField' doesn't exist on type 'Shop'",
          locations: [{ line: 1, column: 19 }],
          path: ["query", "shop", "notAField"],
          extensions: { code: "undefinedField", typeName: "Shop", fieldName: "notAField" },
        },
      ],
    });
  });

  it("paths name the operation and follow aliases and inline fragments", async () => {
    const body = await fail(`query Named { s: shop { id } node(id: "gid://shopify/Order/1") { ... on Order { nope } } }`);
    expect(body.errors).toEqual([expect.objectContaining({ path: ["query Named", "node", "... on Order", "nope"], extensions: expect.objectContaining({ code: "undefinedField", typeName: "Order" }) })]);
  });

  it("missingRequiredArguments", async () => {
    const body = await fail(`{ order { id } }`);
    expect(body.errors).toEqual([
      expect.objectContaining({ message: "Field 'order' is missing required arguments: id", path: ["query", "order"], extensions: { code: "missingRequiredArguments", className: "Field", name: "order", arguments: "id" } }),
    ]);
  });

  it("argumentNotAccepted", async () => {
    const body = await fail(`{ shop { name(format: "x") } }`);
    expect(body.errors?.[0]).toMatchObject({ message: "Field 'name' doesn't accept argument 'format'", extensions: { code: "argumentNotAccepted", argumentName: "format" } });
  });

  it("argumentLiteralsIncompatible", async () => {
    const body = await fail(`{ productVariants(first: "ten") { nodes { id } } }`);
    expect(body.errors?.[0]).toMatchObject({
      message: "Argument 'first' on Field 'productVariants' has an invalid value. Expected type 'Int'.",
      path: ["query", "productVariants", "first"],
      extensions: { code: "argumentLiteralsIncompatible", argumentName: "first" },
    });
  });

  it("selectionMismatch, both ways", async () => {
    const body = await fail(`{ shop }`);
    expect(body.errors?.[0]).toMatchObject({ message: "Field must have selections (field 'shop' returns Shop but has no selections. Did you mean 'shop { ... }'?)", extensions: { code: "selectionMismatch" } });
    const body2 = await fail(`{ shop { name { x } } }`);
    expect(body2.errors?.[0].extensions?.code).toBe("selectionMismatch");
  });

  it("variableNotDefined and variableNotUsed", async () => {
    expect((await fail(`query Q { order(id: $id) { id } }`)).errors?.map((e) => e.extensions?.code)).toContain("variableNotDefined");
    expect((await fail(`query Q($id: ID!) { shop { id } }`)).errors?.[0]).toMatchObject({ message: "Variable $id is declared by Q but not used", extensions: { code: "variableNotUsed" } });
  });

  it("a variable that does not coerce to its type", async () => {
    const q = `query Q($first: Int!) { locations(first: $first) { nodes { id } } }`;
    expect((await fail(q, { first: "ten" })).errors).toEqual([
      expect.objectContaining({ message: "Variable $first of type Int! was provided invalid value", extensions: expect.objectContaining({ code: "INVALID_VARIABLE", value: "ten" }) }),
    ]);
    expect((await fail(q, {})).errors?.[0].extensions?.problems).toEqual([{ path: [], explanation: "Expected value to not be null" }]);
  });

  it("a syntax error", async () => {
    const body = await fail(`{ shop { id }`);
    expect(body.errors).toEqual([{ message: expect.stringMatching(/^Parse error/), locations: [{ line: 1, column: 14 }] }]);
  });

  it("several operations without an operation name", async () => {
    const body = await fail(`query A { shop { id } } query B { shop { name } }`);
    expect(body.errors).toEqual([{ message: "An operation name is required" }]);
    const res = await f.emulator.handle(
      new Request(`http://emulator/shops/fixture-shop.myshopify.com/admin/api/2026-01/graphql.json`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": token },
        body: JSON.stringify({ query: `query A { shop { id } } query B { shop { name } }`, operationName: "B" }),
      }),
    );
    expect(((await res.json()) as { data: unknown }).data).toEqual({ shop: { name: "Fixture Shop" } });
  });

  it("no query at all is a 400, as Shopify answers", async () => {
    const res = await f.emulator.handle(
      new Request(`http://emulator/shops/fixture-shop.myshopify.com/admin/api/2026-01/graphql.json`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": token },
        body: JSON.stringify({ variables: {} }),
      }),
    );
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ errors: { query: "Required parameter missing or invalid" } });
  });

  it("invalid operations are not charged to the bucket", async () => {
    const g = createFixture({ bucket: { maximum: 10, restoreRate: 1 } });
    const t = await offlineToken(g);
    for (let i = 0; i < 20; i++) await adminCall(g.emulator, t, `{ shop { nope } }`);
    const { body } = await adminCall(g.emulator, t, `{ shop { id } }`);
    expect(body.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(9);
  });
});
