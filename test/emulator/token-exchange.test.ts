// Token exchange and access tokens: only session tokens signed with the app secret, for the shop
// asked about, unexpired on the emulator clock, are exchanged; Admin calls need a token this
// emulator issued for that shop.
import http from "node:http";
import fs from "node:fs";
import path from "node:path";
import type { AddressInfo } from "node:net";
import { describe, expect, it } from "vitest";
import { adminSchemaPath } from "../../app/emulator/admin-schema";
import { adminCall, createFixture, offlineToken, sessionToken, SHOP, START, tokenExchange } from "./emulator-fixture";

describe("token exchange", () => {
  it("issues an offline token with the app's scopes", async () => {
    const f = createFixture();
    const res = await tokenExchange(f.emulator, SHOP, sessionToken(SHOP, START));
    expect(res.status).toBe(200);
    const body = (await res.json()) as Record<string, unknown>;
    expect(body).toEqual({ access_token: expect.stringMatching(/^shpat_[0-9a-f]{32}$/), scope: "read_orders,read_inventory,read_products,read_locations" });
    expect((await adminCall(f.emulator, body.access_token as string, `{ shop { id } }`)).status).toBe(200);
  });

  it("issues an online token with the associated user and expiry; it stops working after 24 h", async () => {
    const f = createFixture();
    const body = (await (await tokenExchange(f.emulator, SHOP, sessionToken(SHOP, START), { online: true })).json()) as Record<string, any>;
    expect(body).toMatchObject({ expires_in: 86399, associated_user_scope: body.scope, associated_user: { id: 42, account_owner: true } });
    expect((await adminCall(f.emulator, body.access_token, `{ shop { id } }`)).status).toBe(200);
    f.clock.advance(86_400_000);
    expect((await adminCall(f.emulator, body.access_token, `{ shop { id } }`)).status).toBe(401);
  });

  it("rejects a session token signed with another secret", async () => {
    const f = createFixture();
    const res = await tokenExchange(f.emulator, SHOP, sessionToken(SHOP, START, "not-the-app-secret"));
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ error: "invalid_subject_token" });
  });

  it("rejects an expired session token, a token for another shop or app, and garbage", async () => {
    const f = createFixture();
    const expired = sessionToken(SHOP, START - 10 * 60_000);
    const otherShop = sessionToken("elsewhere.myshopify.com", START);
    const otherApp = sessionToken(SHOP, START, undefined, "another-api-key");
    for (const token of [expired, otherShop, otherApp, "not.a.jwt"]) {
      const res = await tokenExchange(f.emulator, SHOP, token);
      expect(res.status).toBe(400);
    }
  });

  it("rejects wrong client credentials", async () => {
    const f = createFixture();
    const res = await tokenExchange(f.emulator, SHOP, sessionToken(SHOP, START), { clientSecret: "wrong" });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "invalid_client" });
  });
});

describe("access tokens on the Admin API", () => {
  it("401 with Shopify's body for a missing, forged or other shop's token", async () => {
    const f = createFixture();
    f.emulator.seed("other.myshopify.com", { locations: ["A"] });
    const otherShopToken = await offlineToken(f, "other.myshopify.com");
    for (const token of ["", "shpat_forged", otherShopToken]) {
      const { status, body } = await adminCall(f.emulator, token, `{ shop { id } }`);
      expect(status).toBe(401);
      expect(body).toEqual({ errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
    }
  });

  it("uninstalling the app revokes the shop's tokens and sends app/uninstalled", async () => {
    const f = createFixture();
    const token = await offlineToken(f);
    f.emulator.uninstallApp(SHOP);
    expect((await adminCall(f.emulator, token, `{ shop { id } }`)).status).toBe(401);
    const [w] = f.emulator.webhooks.queue;
    expect(w.topic).toBe("app/uninstalled");
    expect(JSON.parse(w.body)).toMatchObject({ myshopify_domain: SHOP, domain: SHOP, iana_timezone: "America/New_York", currency: "USD" });
  });

  it("unknown shops and paths are 404s", async () => {
    const f = createFixture();
    const token = await offlineToken(f);
    expect((await adminCall(f.emulator, token, `{ shop { id } }`, undefined, "nowhere.myshopify.com")).status).toBe(404);
    const res = await f.emulator.handle(new Request(`http://emulator/shops/${SHOP}/admin/api/2026-01/products.json`, { method: "POST" }));
    expect(res.status).toBe(404);
  });
});

describe("the node handler (express/http)", () => {
  it("serves token exchange and GraphQL over a real loopback socket, under any mount prefix", async () => {
    const f = createFixture();
    const handler = f.emulator.nodeHandler();
    // As express mounts it: req.url stripped of the prefix, req.originalUrl intact.
    const server = http.createServer((req, res) => {
      if (!req.url?.startsWith("/__emulator/")) return void res.writeHead(404).end();
      Object.assign(req, { originalUrl: req.url, url: req.url.slice("/__emulator".length) });
      handler(req, res);
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/__emulator`;
      const exchange = await fetch(`${base}/shops/${SHOP}/admin/oauth/access_token`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({
          client_id: "test-api-key",
          client_secret: "test-api-secret",
          grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
          subject_token: sessionToken(SHOP, START),
          subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
          requested_token_type: "urn:shopify:params:oauth:token-type:offline-access-token",
        }),
      });
      const { access_token } = (await exchange.json()) as { access_token: string };
      const res = await fetch(`${base}/shops/${SHOP}/admin/api/2026-01/graphql.json`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-shopify-access-token": access_token },
        body: JSON.stringify({ query: "{ shop { myshopifyDomain } }" }),
      });
      expect(res.status).toBe(200);
      expect(res.headers.get("x-shopify-api-version")).toBe("2026-01");
      expect(await res.json()).toMatchObject({ data: { shop: { myshopifyDomain: SHOP } } });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});

describe("the vendored schema", () => {
  // The shared reference copy exists on the team's machines, not in every clone.
  const shared = path.resolve(__dirname, "../../../shared/shopify/admin-2026-01.graphql");
  it.skipIf(!fs.existsSync(shared))("is byte-identical to the shared Admin 2026-01 schema", () => {
    expect(fs.readFileSync(adminSchemaPath(), "utf8") === fs.readFileSync(shared, "utf8")).toBe(true);
  });
});
