// Admin API outages injected per shop: 503 with Shopify's body, 500 with a GraphQL
// INTERNAL_SERVER_ERROR, or a dropped connection — on the GraphQL endpoint, and on token exchange
// when asked — for a number of requests or until cleared. Other shops keep answering.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { EmulatorNetworkError } from "../../app/emulator";
import { adminCall, createFixture, offlineToken, sessionToken, SHOP, tokenExchange } from "./emulator-fixture";

const QUERY = `{ shop { id } }`;

describe("setAdminOutage", () => {
  it("unavailable: 503 with Shopify's body, nothing charged, until cleared", async () => {
    const f = createFixture();
    const token = await offlineToken(f);
    f.emulator.setAdminOutage(SHOP, "unavailable");
    for (let i = 0; i < 3; i++) {
      const r = await adminCall(f.emulator, token, QUERY);
      expect(r).toEqual({ status: 503, body: { errors: "Service Unavailable" } });
    }
    // Token exchange is not part of the outage unless asked.
    expect((await tokenExchange(f.emulator, SHOP, sessionToken(SHOP, f.clock.now().getTime()))).status).toBe(200);
    f.emulator.setAdminOutage(SHOP, null);
    const ok = await adminCall(f.emulator, token, QUERY);
    expect(ok.status).toBe(200);
    expect(ok.body.extensions?.cost?.throttleStatus.currentlyAvailable).toBe(1999);
  });

  it("internal_error: 500 with a GraphQL INTERNAL_SERVER_ERROR carrying the request id", async () => {
    const f = createFixture();
    const token = await offlineToken(f);
    f.emulator.setAdminOutage(SHOP, "internal_error");
    const res = await f.emulator.handle(
      new Request(`http://emulator/shops/${SHOP}/admin/api/2026-01/graphql.json`, { method: "POST", headers: { "content-type": "application/json", "x-shopify-access-token": token }, body: JSON.stringify({ query: QUERY }) }),
    );
    expect(res.status).toBe(500);
    const requestId = res.headers.get("x-request-id")!;
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await res.json()).toEqual({
      errors: [
        {
          message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
          extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
        },
      ],
    });
  });

  it("network: the request gets no answer (handle rejects as fetch does)", async () => {
    const f = createFixture();
    const token = await offlineToken(f);
    f.emulator.setAdminOutage(SHOP, "network");
    const failed = adminCall(f.emulator, token, QUERY);
    await expect(failed).rejects.toBeInstanceOf(EmulatorNetworkError);
    await expect(adminCall(f.emulator, token, QUERY)).rejects.toThrow("fetch failed");
  });

  it("requests: only that many requests fail, then the shop answers again", async () => {
    const f = createFixture();
    const token = await offlineToken(f);
    f.emulator.setAdminOutage(SHOP, "unavailable", { requests: 2 });
    expect((await adminCall(f.emulator, token, QUERY)).status).toBe(503);
    expect((await adminCall(f.emulator, token, QUERY)).status).toBe(503);
    expect((await adminCall(f.emulator, token, QUERY)).status).toBe(200);
  });

  it("tokenExchange: token exchange fails too; other shops are not affected", async () => {
    const f = createFixture();
    f.emulator.seed("other.myshopify.com", { locations: ["A"] });
    const other = await offlineToken(f, "other.myshopify.com");
    f.emulator.setAdminOutage(SHOP, "internal_error", { tokenExchange: true });
    const exchange = await tokenExchange(f.emulator, SHOP, sessionToken(SHOP, f.clock.now().getTime()));
    expect(exchange.status).toBe(500);
    expect(await exchange.json()).toEqual({ errors: "Internal Server Error" });
    f.emulator.setAdminOutage(SHOP, "unavailable", { tokenExchange: true });
    expect((await tokenExchange(f.emulator, SHOP, sessionToken(SHOP, f.clock.now().getTime()))).status).toBe(503);
    expect((await adminCall(f.emulator, other, QUERY, undefined, "other.myshopify.com")).status).toBe(200);
    expect(() => f.emulator.setAdminOutage("nowhere.myshopify.com", "network")).toThrow(/unknown shop/);
  });
});

describe("setAdminOutage over HTTP (nodeHandler)", () => {
  let server: http.Server | null = null;
  afterEach(async () => {
    if (server) await new Promise<void>((r) => server!.close(() => r()));
    server = null;
  });

  it("network drops the connection: fetch fails; a 503 arrives as a response", async () => {
    const f = createFixture();
    const token = await offlineToken(f);
    server = http.createServer(f.emulator.nodeHandler());
    await new Promise<void>((r) => server!.listen(0, "127.0.0.1", r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/shops/${SHOP}/admin/api/2026-01/graphql.json`;
    const post = () => fetch(url, { method: "POST", headers: { "content-type": "application/json", "x-shopify-access-token": token }, body: JSON.stringify({ query: QUERY }) });
    f.emulator.setAdminOutage(SHOP, "network");
    await expect(post()).rejects.toThrow(TypeError);
    f.emulator.setAdminOutage(SHOP, "unavailable");
    const unavailable = await post();
    expect([unavailable.status, await unavailable.json()]).toEqual([503, { errors: "Service Unavailable" }]);
    f.emulator.setAdminOutage(SHOP, null);
    expect((await post()).status).toBe(200);
  });
});
