// A seeded emulator on a virtual clock, and helpers that talk to it the way the Shopify library
// does: HTTP-shaped requests through `handle()`, with an access token from token exchange.
import { createShopifyEmulator, signSessionToken, type EmulatorOptions, type ShopifyEmulator } from "../../app/emulator";
import { TEST_API_KEY, TEST_API_SECRET, TEST_APP_URL } from "../support/test-env";

export const SHOP = "fixture-shop.myshopify.com";
export const START = Date.parse("2026-03-02T09:00:00Z");

export type Fixture = {
  emulator: ShopifyEmulator;
  clock: { now: () => Date; advance: (ms: number) => void; set: (ms: number) => void };
  locations: { main: number; outlet: number };
};

export function createFixture(options: Partial<EmulatorOptions> = {}): Fixture {
  let t = START;
  const clock = { now: () => new Date(t), advance: (ms: number) => void (t += ms), set: (ms: number) => void (t = ms) };
  const emulator = createShopifyEmulator({
    apiKey: TEST_API_KEY,
    apiSecret: TEST_API_SECRET,
    appUrl: TEST_APP_URL,
    clock: clock.now,
    scopes: ["read_orders", "read_inventory", "read_products", "read_locations"],
    webhookTransport: async () => ({ status: 200 }),
    ...options,
  });
  const { locations } = emulator.seed(SHOP, {
    ianaTimezone: "America/New_York",
    currencyCode: "USD",
    name: "Fixture Shop",
    locations: ["Main Warehouse", "Outlet"],
    products: [
      { title: "Desk Lamp", variants: [{ sku: "LAMP-1", price: 39, inventory: { "Main Warehouse": 2, Outlet: 1 } }] },
      {
        title: "Oak Desk",
        variants: [
          { sku: "DESK-S", title: "Small", price: 250, inventoryPolicy: "CONTINUE", inventory: { "Main Warehouse": 0 } },
          { sku: "DESK-L", title: "Large", price: 320, inventoryPolicy: "CONTINUE", inventory: { "Main Warehouse": 1, Outlet: 4 } },
        ],
      },
    ],
  });
  return { emulator, clock, locations: { main: locations["Main Warehouse"], outlet: locations.Outlet } };
}

export const sessionToken = (shop: string, nowMs: number, secret = TEST_API_SECRET, apiKey = TEST_API_KEY) =>
  signSessionToken({ shop, apiKey, userId: "42", issuedAt: Math.floor(nowMs / 1000) }, secret);

/** POST /admin/oauth/access_token as @shopify/shopify-api's tokenExchange sends it. */
export async function tokenExchange(
  emulator: ShopifyEmulator,
  shop: string,
  subjectToken: string,
  o: { online?: boolean; clientSecret?: string } = {},
): Promise<Response> {
  return emulator.handle(
    new Request(`http://emulator/shops/${shop}/admin/oauth/access_token`, {
      method: "POST",
      headers: { "content-type": "application/json", accept: "application/json" },
      body: JSON.stringify({
        client_id: TEST_API_KEY,
        client_secret: o.clientSecret ?? TEST_API_SECRET,
        grant_type: "urn:ietf:params:oauth:grant-type:token-exchange",
        subject_token: subjectToken,
        subject_token_type: "urn:ietf:params:oauth:token-type:id_token",
        requested_token_type: `urn:shopify:params:oauth:token-type:${o.online ? "online" : "offline"}-access-token`,
      }),
    }),
  );
}

export async function offlineToken(f: Fixture, shop = SHOP): Promise<string> {
  const res = await tokenExchange(f.emulator, shop, sessionToken(shop, f.clock.now().getTime()));
  if (res.status !== 200) throw new Error(`token exchange failed: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { access_token: string }).access_token;
}

export type GqlBody<T = Record<string, unknown>> = {
  data?: T;
  errors?: { message: string; locations?: unknown; path?: unknown[]; extensions?: Record<string, unknown> }[];
  extensions?: { cost?: { requestedQueryCost: number; actualQueryCost: number | null; throttleStatus: { maximumAvailable: number; currentlyAvailable: number; restoreRate: number } }; search?: unknown[] };
};

/** An Admin GraphQL call over the HTTP-shaped handler: status and parsed body. */
export async function adminCall<T = Record<string, unknown>>(
  emulator: ShopifyEmulator,
  token: string,
  query: string,
  variables?: Record<string, unknown>,
  shop = SHOP,
): Promise<{ status: number; body: GqlBody<T> }> {
  const res = await emulator.handle(
    new Request(`http://emulator/shops/${shop}/admin/api/2026-01/graphql.json`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-shopify-access-token": token },
      body: JSON.stringify({ query, variables }),
    }),
  );
  return { status: res.status, body: (await res.json()) as GqlBody<T> };
}

/** Same, asserting success: the data. */
export async function adminData<T = Record<string, any>>(emulator: ShopifyEmulator, token: string, query: string, variables?: Record<string, unknown>): Promise<T> {
  const { status, body } = await adminCall<T>(emulator, token, query, variables);
  if (status !== 200 || body.errors?.length || !body.data) throw new Error(`Admin call failed (${status}): ${JSON.stringify(body.errors ?? body)}`);
  return body.data;
}
