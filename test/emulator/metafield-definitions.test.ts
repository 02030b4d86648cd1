// metafieldDefinitionCreate as Shopify answers it: `$app` resolved to the calling app's namespace,
// the access asked for (admin access only on app-owned definitions), TAKEN for a second definition
// of the same owner type, namespace and key, and userErrors for what Shopify refuses. The shop's
// address country (Shop.shopAddress.countryCodeV2) comes from the shop's options.
import { describe, expect, it } from "vitest";
import { METAFIELD_DEFINITION_CREATE_MUTATION, SHOP_INFO_QUERY } from "../../app/shopify/operations";
import { createShopifyEmulator } from "../../app/emulator";
import { adminCall, adminData, createFixture, offlineToken, SHOP } from "./emulator-fixture";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "../support/test-env";

type Created = { metafieldDefinitionCreate: { createdDefinition: { id: string; namespace: string; key: string; ownerType: string } | null; userErrors: { field: string[]; message: string; code: string }[] } };

const variantWindow = { namespace: "$app", key: "backorder_window", name: "Backorder window", ownerType: "PRODUCTVARIANT", type: "json", access: { admin: "MERCHANT_READ", storefront: "PUBLIC_READ" } };

describe("metafieldDefinitionCreate", () => {
  it("creates an app-owned definition once; the same owner type, namespace and key again is TAKEN", async () => {
    const f = createFixture();
    const token = await offlineToken(f);
    const first = await adminData<Created>(f.emulator, token, METAFIELD_DEFINITION_CREATE_MUTATION, { definition: variantWindow });
    expect(first.metafieldDefinitionCreate).toEqual({
      createdDefinition: { id: expect.stringMatching(/^gid:\/\/shopify\/MetafieldDefinition\/\d+$/), namespace: f.emulator.appNamespace, key: "backorder_window", ownerType: "PRODUCTVARIANT" },
      userErrors: [],
    });
    const again = await adminData<Created>(f.emulator, token, METAFIELD_DEFINITION_CREATE_MUTATION, { definition: variantWindow });
    expect(again.metafieldDefinitionCreate).toEqual({
      createdDefinition: null,
      userErrors: [{ field: ["definition", "key"], message: "Key is in use for PRODUCTVARIANT metafields on the '$app' namespace.", code: "TAKEN" }],
    });
    // The same key on another owner type is another definition.
    const order = await adminData<Created>(f.emulator, token, METAFIELD_DEFINITION_CREATE_MUTATION, {
      definition: { namespace: "$app", key: "backorder_window", name: "On orders", ownerType: "ORDER", type: "json", access: { customerAccount: "READ" } },
    });
    expect(order.metafieldDefinitionCreate.userErrors).toEqual([]);
    expect(f.emulator.shop(SHOP).metafieldDefinitions.map((d) => [d.ownerType, d.namespace, d.key, d.access])).toEqual([
      ["PRODUCTVARIANT", f.emulator.appNamespace, "backorder_window", { admin: "MERCHANT_READ", storefront: "PUBLIC_READ", customerAccount: "NONE" }],
      ["ORDER", f.emulator.appNamespace, "backorder_window", { admin: "MERCHANT_READ_WRITE", storefront: "NONE", customerAccount: "READ" }],
    ]);
    // The definition is a node.
    const node = await adminData<{ node: { name: string; type: { name: string }; access: { storefront: string } } }>(
      f.emulator,
      token,
      `query { node(id: "${first.metafieldDefinitionCreate.createdDefinition!.id}") { ... on MetafieldDefinition { name type { name } access { storefront } } } }`,
    );
    expect(node.node).toEqual({ name: "Backorder window", type: { name: "json" }, access: { storefront: "PUBLIC_READ" } });
  });

  it.each([
    [{ ...variantWindow, name: " " }, ["definition", "name"], "BLANK"],
    [{ ...variantWindow, key: "x" }, ["definition", "key"], "TOO_SHORT"],
    [{ ...variantWindow, key: "bad key" }, ["definition", "key"], "INVALID_CHARACTER"],
    [{ ...variantWindow, type: "jsonish" }, ["definition", "type"], "INCLUSION"],
    [{ ...variantWindow, namespace: "custom" }, ["definition", "access", "admin"], "ADMIN_ACCESS_INPUT_NOT_ALLOWED"],
  ])("refuses %j with %j %s, creating nothing", async (definition, field, code) => {
    const f = createFixture();
    const token = await offlineToken(f);
    const r = await adminData<Created>(f.emulator, token, METAFIELD_DEFINITION_CREATE_MUTATION, { definition });
    expect(r.metafieldDefinitionCreate.createdDefinition).toBeNull();
    expect(r.metafieldDefinitionCreate.userErrors.map((e) => [e.field, e.code])).toEqual([[field, code]]);
    expect(f.emulator.shop(SHOP).metafieldDefinitions).toEqual([]);
  });

  it("an unknown owner type is a GraphQL validation error (the enum), not a userError", async () => {
    const f = createFixture();
    const token = await offlineToken(f);
    const { status, body } = await adminCall(f.emulator, token, METAFIELD_DEFINITION_CREATE_MUTATION, { definition: { ...variantWindow, ownerType: "VARIANT" } });
    expect(status).toBe(200);
    expect(body.data).toBeUndefined();
    expect(body.errors?.[0].message).toBe("Variable $definition of type MetafieldDefinitionInput! was provided invalid value");
    expect(f.emulator.shop(SHOP).metafieldDefinitions).toEqual([]);
  });
});

describe("Shop.shopAddress", () => {
  it("carries the country the shop was created with (US unless given)", async () => {
    const f = createFixture();
    const token = await offlineToken(f);
    const us = await adminData<{ shop: { shopAddress: { countryCodeV2: string } } }>(f.emulator, token, SHOP_INFO_QUERY);
    expect(us.shop.shopAddress).toEqual({ countryCodeV2: "US" });
    const emulator = createShopifyEmulator({ apiKey: TEST_API_KEY, apiSecret: TEST_API_SECRET, appUrl: TEST_APP_URL, webhookTransport: async () => ({ status: 200 }) });
    emulator.seed("berlin.myshopify.com", { ianaTimezone: "Europe/Berlin", countryCode: "de", locations: ["Lager"] });
    const t = emulator.issueAccessToken("berlin.myshopify.com");
    const { body } = await adminCall<{ shop: { ianaTimezone: string; shopAddress: { countryCodeV2: string } } }>(emulator, t, SHOP_INFO_QUERY, {}, "berlin.myshopify.com");
    expect(body.data!.shop).toMatchObject({ ianaTimezone: "Europe/Berlin", shopAddress: { countryCodeV2: "DE" } });
  });
});
