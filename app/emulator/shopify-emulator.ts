// The built-in Shopify emulator: in-memory shops behind Admin GraphQL (real schema), token
// exchange, and signed at-least-once webhooks. For demo mode, scenario replay, tests and
// benchmarks only — config.server.ts refuses it in a production configuration.
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { AccessTokens, ONLINE_TOKEN_TTL_S } from "./access-tokens";
import { ADMIN_API_VERSION } from "./admin-schema";
import { EmulatedShop, type EmFulfillmentOrder, type EmHold, type EmLevel, type EmOrder, type EmProduct, type EmRefund } from "./emulated-shop";
import { executeAdminGraphql } from "./execute-admin-graphql";
import { LeakyBucket } from "./leaky-bucket";
import { shopPayload } from "./rest-payloads";
import { seededRandom } from "./seeded-random";
import { verifySessionToken } from "./session-token";
import {
  addLocation,
  addProducts,
  adjustInventory,
  cancelOrder,
  findFulfillmentOrder,
  findOrder,
  fulfillOrder,
  holdFulfillmentOrder,
  moveFulfillmentOrder,
  placeOrder,
  refundOrder,
  releaseFulfillmentHolds,
  splitFulfillmentOrder,
  resolveLocation,
  updateProduct,
  type HoldInput,
  type InventoryChange,
  type LineQuantity,
  type OrderInput,
  type RefundLineInput,
  type ProductChange,
  type SeedProduct,
} from "./shop-activity";
import { WebhookDispatcher, fetchTransport, type DeliveryOptions, type WebhookTransport } from "./webhook-delivery";

export type { OrderInput, SeedProduct, InventoryChange, ProductChange } from "./shop-activity";

export type BucketOptions = { maximum?: number; restoreRate?: number };

export type EmulatorOptions = {
  apiKey: string;
  apiSecret: string;
  /** Where webhooks go; a function so a server can learn its port after creating the emulator. */
  appUrl: string | (() => string);
  /** The emulator's time (virtual in replay): timestamps, token expiry, bucket refill, retries. */
  clock?: () => Date;
  /** Scopes granted to the app's access tokens. */
  scopes?: string[];
  /** How webhook POSTs are sent; default global fetch with Shopify's 5 s timeout. */
  webhookTransport?: WebhookTransport;
  webhooks?: DeliveryOptions;
  /** GraphQL rate limit per shop: 2,000 points, 100 points/s unless given. */
  bucket?: BucketOptions;
  /** Seed for duplicates, shuffles, delays and webhook ids (reproducible runs). */
  seed?: number;
  /** The app's numeric id: `$app` metafield namespaces resolve to `app--<appId>`. */
  appId?: number;
};

/** `tax`: a rate charged on top of prices (0.08875 for New York City's sales tax), with its title. */
export type ShopOptions = { currencyCode?: string; ianaTimezone?: string; name?: string; email?: string; bucket?: BucketOptions; countryCode?: string; tax?: { rate: number; title?: string } };

export type ShopSeed = ShopOptions & { locations: string[]; products?: SeedProduct[] };

/**
 * An Admin API outage: `unavailable` answers 503 with Shopify's body, `internal_error` answers 500
 * with a GraphQL INTERNAL_SERVER_ERROR, `network` drops the connection without an answer.
 */
export type AdminOutageMode = "unavailable" | "internal_error" | "network";
export type AdminOutageOptions = {
  /** Token exchange (POST /admin/oauth/access_token) fails too. Default: only GraphQL. */
  tokenExchange?: boolean;
  /** Fail only this many requests, then answer normally again. Default: until cleared. */
  requests?: number;
};

/** What a fetch client sees when the emulator drops a request (`network` outage). */
export class EmulatorNetworkError extends TypeError {
  constructor(readonly shop: string) {
    super("fetch failed", { cause: Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }) });
    this.name = "TypeError";
  }
}

const TOKEN_EXCHANGE_GRANT = "urn:ietf:params:oauth:grant-type:token-exchange";
const ID_TOKEN_TYPE = "urn:ietf:params:oauth:token-type:id_token";
const ONLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:online-access-token";
const OFFLINE_TOKEN_TYPE = "urn:shopify:params:oauth:token-type:offline-access-token";
const INVALID_TOKEN = "[API] Invalid API key or access token (unrecognized login or wrong password)";

export class ShopifyEmulator {
  readonly shops = new Map<string, EmulatedShop>();
  readonly webhooks: WebhookDispatcher;
  readonly appId: number;
  private readonly tokens = new AccessTokens();
  private readonly buckets = new Map<string, LeakyBucket>();
  private readonly bucketOptions = new Map<string, BucketOptions>();
  private readonly clock: () => Date;
  private readonly random: () => number;
  private liveTimer: NodeJS.Timeout | null = null;
  private readonly outages = new Map<string, { mode: AdminOutageMode; tokenExchange: boolean; left: number }>();

  constructor(readonly options: EmulatorOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.random = seededRandom(options.seed ?? 1);
    // A stable 7-digit id per API key, the size of real app ids.
    this.appId = options.appId ?? 1_000_000 + (crypto.createHash("sha256").update(options.apiKey).digest().readUInt32BE(0) % 9_000_000);
    this.webhooks = new WebhookDispatcher({
      appUrl: typeof options.appUrl === "function" ? options.appUrl : () => options.appUrl as string,
      apiSecret: options.apiSecret,
      apiVersion: ADMIN_API_VERSION,
      transport: options.webhookTransport ?? fetchTransport,
      random: this.random,
      options: options.webhooks ?? {},
    });
  }

  now(): Date {
    return this.clock();
  }

  /** What `$app` resolves to for this app. */
  get appNamespace(): string {
    return `app--${this.appId}`;
  }

  // ---- shops -----------------------------------------------------------------------------------

  addShop(domain: string, o: ShopOptions = {}): EmulatedShop {
    if (this.shops.has(domain)) throw new Error(`emulator: shop ${domain} already exists`);
    const shop = new EmulatedShop(domain, this.shops.size + 1, this.now());
    if (o.currencyCode) shop.currencyCode = o.currencyCode;
    if (o.ianaTimezone) shop.ianaTimezone = o.ianaTimezone;
    if (o.countryCode) shop.countryCode = o.countryCode.toUpperCase();
    if (o.tax) {
      if (!(o.tax.rate >= 0 && o.tax.rate < 1)) throw new Error(`emulator: tax rate ${o.tax.rate} is not a fraction`);
      shop.taxRate = o.tax.rate;
      if (o.tax.title) shop.taxTitle = o.tax.title;
    }
    if (o.name) shop.name = o.name;
    if (o.email) shop.email = o.email;
    shop.emit = (topic, payload, at) => void this.webhooks.enqueue(domain, topic, payload, at);
    if (o.bucket) this.bucketOptions.set(domain, o.bucket);
    this.shops.set(domain, shop);
    return shop;
  }

  shop(domain: string): EmulatedShop {
    const s = this.shops.get(domain);
    if (!s) throw new Error(`emulator: unknown shop ${domain}`);
    return s;
  }

  addLocation(domain: string, name: string): number {
    return addLocation(this.shop(domain), name, this.now());
  }

  /** A location id from an id or a name. */
  locationId(shop: EmulatedShop | string, ref: number | string): number {
    return resolveLocation(typeof shop === "string" ? this.shop(shop) : shop, ref);
  }

  /** Adds products (pre-install state: no webhooks). Inventory keys are location names or ids. */
  seedProducts(domain: string, products: SeedProduct[]): EmProduct[] {
    return addProducts(this.shop(domain), products, this.now());
  }

  /** A whole shop in one call: the shop, its locations and products. Returns ids by name/SKU. */
  seed(domain: string, s: ShopSeed) {
    const shop = this.shops.get(domain) ?? this.addShop(domain, s);
    const locations = Object.fromEntries(s.locations.map((name) => [name, this.addLocation(domain, name)]));
    const products = this.seedProducts(domain, s.products ?? []);
    const variants = Object.fromEntries(
      products.flatMap((p) => p.variantIds.map((id) => shop.variants.get(id)!)).map((v) => [v.sku!, { productId: v.productId, variantId: v.id, inventoryItemId: v.inventoryItemId }]),
    );
    return { shop, locations, variants };
  }

  /** An access token for the shop, as token exchange would issue (offline unless asked). */
  issueAccessToken(domain: string, o: { online?: boolean; userId?: number } = {}): string {
    this.shop(domain);
    return this.tokens.issue(domain, (this.options.scopes ?? []).join(","), { ...o, nowMs: this.now().getTime() });
  }

  private bucket(domain: string): LeakyBucket {
    let b = this.buckets.get(domain);
    if (!b) {
      const o = { ...this.options.bucket, ...this.bucketOptions.get(domain) };
      b = new LeakyBucket(o.maximum ?? 2000, o.restoreRate ?? 100, this.now().getTime());
      this.buckets.set(domain, b);
    }
    return b;
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  /** Fetch-style handler for `[prefix]/shops/<shop>/admin/...`. */
  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const m = /\/shops\/([^/]+)\/admin\/(.*)$/.exec(url.pathname);
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json; charset=utf-8", "x-request-id": crypto.randomUUID(), ...headers } });
    if (!m || !this.shops.has(m[1])) return json(404, { errors: "Not Found" });
    const [, domain, rest] = m;

    if (rest === "oauth/access_token") {
      const down = this.outageAnswer(domain, "token", json);
      if (down) return down;
      if (request.method !== "POST") return json(405, { errors: "Method Not Allowed" });
      return this.tokenExchange(domain, await readBody(request), json);
    }

    const gql = /^api\/(\d{4}-\d{2}|unstable)\/graphql\.json$/.exec(rest);
    if (gql) {
      const down = this.outageAnswer(domain, "graphql", json);
      if (down) return down;
      if (request.method !== "POST") return json(405, { errors: "Method Not Allowed" });
      const grant = this.tokens.check(request.headers.get("x-shopify-access-token"), domain, this.now().getTime());
      if (!grant) return json(401, { errors: INVALID_TOKEN });
      const body = (request.headers.get("content-type") ?? "").includes("application/graphql") ? { query: await request.text() } : await readBody(request);
      const r = executeAdminGraphql(this.shop(domain), this.bucket(domain), body, {
        nowMs: this.now().getTime(),
        appNamespace: this.appNamespace,
        scopes: grant.scope.split(",").filter(Boolean),
        appId: this.appId,
      });
      // The emulator serves one schema: other versions fall forward to it, as Shopify does for unsupported ones.
      return json(r.status, r.body, { "x-shopify-api-version": ADMIN_API_VERSION });
    }
    return json(404, { errors: "Not Found" });
  }

  // ---- outages ---------------------------------------------------------------------------------

  /**
   * Makes the shop's Admin GraphQL endpoint (and token exchange with `tokenExchange`) fail the way
   * Shopify does during an incident; `null` ends the outage. See AdminOutageMode.
   */
  setAdminOutage(domain: string, mode: AdminOutageMode | null, o: AdminOutageOptions = {}): void {
    this.shop(domain);
    if (mode === null) this.outages.delete(domain);
    else this.outages.set(domain, { mode, tokenExchange: o.tokenExchange ?? false, left: o.requests ?? Infinity });
  }

  /** The outage answer for a request to `endpoint`, or null when the shop answers normally. */
  private outageAnswer(domain: string, endpoint: "graphql" | "token", json: (status: number, body: unknown, headers?: Record<string, string>) => Response): Response | null {
    const outage = this.outages.get(domain);
    if (!outage || (endpoint === "token" && !outage.tokenExchange)) return null;
    if (--outage.left <= 0) this.outages.delete(domain);
    if (outage.mode === "network") throw new EmulatorNetworkError(domain);
    if (outage.mode === "unavailable") return json(503, { errors: "Service Unavailable" });
    const requestId = crypto.randomUUID();
    if (endpoint === "token") return json(500, { errors: "Internal Server Error" }, { "x-request-id": requestId });
    return json(
      500,
      {
        errors: [
          {
            message: `Internal error. Looks like something went wrong on our end.\nRequest ID: ${requestId} (include this in support requests).`,
            extensions: { code: "INTERNAL_SERVER_ERROR", requestId },
          },
        ],
      },
      { "x-request-id": requestId },
    );
  }

  private tokenExchange(domain: string, body: Record<string, unknown>, json: (status: number, body: unknown) => Response): Response {
    if (body.client_id !== this.options.apiKey || body.client_secret !== this.options.apiSecret) {
      return json(401, { error: "invalid_client", error_description: "Client authentication failed: unknown client or wrong secret" });
    }
    if (body.grant_type !== TOKEN_EXCHANGE_GRANT || (body.subject_token_type !== undefined && body.subject_token_type !== ID_TOKEN_TYPE)) {
      return json(400, { error: "invalid_request", error_description: "Unsupported grant_type or subject_token_type" });
    }
    const nowS = Math.floor(this.now().getTime() / 1000);
    const claims = verifySessionToken(String(body.subject_token ?? ""), this.options.apiKey, this.options.apiSecret, nowS);
    if (!claims || claims.dest !== `https://${domain}`) {
      return json(400, { error: "invalid_subject_token", error_description: "Invalid subject token: signature, audience, expiry or shop do not match" });
    }
    const requested = String(body.requested_token_type ?? OFFLINE_TOKEN_TYPE);
    if (requested !== ONLINE_TOKEN_TYPE && requested !== OFFLINE_TOKEN_TYPE) {
      return json(400, { error: "invalid_request", error_description: `Unsupported requested_token_type ${requested}` });
    }
    const scope = (this.options.scopes ?? []).join(",");
    if (requested === ONLINE_TOKEN_TYPE) {
      const userId = Number(claims.sub);
      return json(200, {
        access_token: this.issueAccessToken(domain, { online: true, userId }),
        scope,
        expires_in: ONLINE_TOKEN_TTL_S,
        associated_user_scope: scope,
        associated_user: { id: userId, first_name: "Demo", last_name: "Staff", email: `staff-${userId}@${domain}`, email_verified: true, account_owner: true, locale: "en", collaborator: false },
      });
    }
    return json(200, { access_token: this.issueAccessToken(domain), scope });
  }

  /** Node/express handler (mount at any prefix; the path must contain /shops/<shop>/admin/...). */
  nodeHandler() {
    return (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", () => {
        void (async () => {
          try {
            const headers = new Headers();
            for (const [k, v] of Object.entries(req.headers)) if (v !== undefined) headers.set(k, Array.isArray(v) ? v.join(", ") : v);
            const request = new Request(`http://emulator${req.originalUrl ?? req.url}`, {
              method: req.method,
              headers,
              body: req.method === "POST" || req.method === "PUT" ? Buffer.concat(chunks) : undefined,
            });
            let response: Response;
            try {
              response = await this.handle(request);
            } catch (error) {
              // A `network` outage: the connection drops without any answer.
              if (error instanceof EmulatorNetworkError) return void req.socket.destroy();
              throw error;
            }
            res.writeHead(response.status, Object.fromEntries(response.headers));
            res.end(Buffer.from(await response.arrayBuffer()));
          } catch (error) {
            console.error("[emulator]", error);
            if (!res.headersSent) res.writeHead(500, { "content-type": "application/json" });
            res.end(JSON.stringify({ errors: "Internal Server Error" }));
          }
        })();
      });
    };
  }

  // ---- shop activity (each queues the webhooks Shopify would send) -------------------------------

  placeOrder(domain: string, input: OrderInput): EmOrder {
    return placeOrder(this.shop(domain), input, this.now());
  }

  cancelOrder(domain: string, orderId: number, o: { restock?: boolean; reason?: string } = {}): EmOrder {
    return cancelOrder(this.shop(domain), orderId, o, this.now());
  }

  fulfillOrder(domain: string, orderId: number, o: { fulfillmentOrderId?: number } = {}): EmOrder {
    return fulfillOrder(this.shop(domain), orderId, o, this.now());
  }

  /** A placed order (throws for an unknown id). */
  order(domain: string, orderId: number): EmOrder {
    return findOrder(this.shop(domain), orderId);
  }

  private fulfillmentOrder(domain: string, foId: number) {
    const found = findFulfillmentOrder(this.shop(domain), foId);
    if (!found) throw new Error(`emulator: unknown fulfillment order ${foId} in ${domain}`);
    return found;
  }

  /**
   * The merchant (or another app: `appId`) holds a fulfillment order, as fulfillmentOrderHold does:
   * fulfillment_holds/added, and fulfillment_orders/placed_on_hold for its first hold.
   */
  holdFulfillmentOrder(domain: string, foId: number, hold: HoldInput): { hold: EmHold; remaining: EmFulfillmentOrder | null } {
    const { fo, order } = this.fulfillmentOrder(domain, foId);
    return holdFulfillmentOrder(this.shop(domain), fo, order, hold, this.now());
  }

  /** Releases holds (all when none given): fulfillment_holds/released each, hold_released after the last. */
  releaseFulfillmentOrderHolds(domain: string, foId: number, holdIds: number[] | null = null): EmHold[] {
    return releaseFulfillmentHolds(this.shop(domain), this.fulfillmentOrder(domain, foId).fo, holdIds, this.now());
  }

  /**
   * Reassigns a fulfillment order (or `lineItems`: fulfillment order line ids and quantities) to
   * another location; committed stock moves with it. Emits fulfillment_orders/moved and the
   * inventory_levels/update deliveries for both locations.
   */
  moveFulfillmentOrder(domain: string, foId: number, location: number | string, lineItems?: LineQuantity[]): { original: EmFulfillmentOrder; moved: EmFulfillmentOrder } {
    const shop = this.shop(domain);
    const { fo, order } = this.fulfillmentOrder(domain, foId);
    return moveFulfillmentOrder(shop, order, fo, resolveLocation(shop, location), lineItems ?? null, this.now());
  }

  /** Splits the given line quantities into a new fulfillment order (fulfillment_orders/split). */
  splitFulfillmentOrder(domain: string, foId: number, lineItems: LineQuantity[]): { fulfillmentOrder: EmFulfillmentOrder; remaining: EmFulfillmentOrder } {
    const { fo, order } = this.fulfillmentOrder(domain, foId);
    return splitFulfillmentOrder(this.shop(domain), order, fo, lineItems, this.now());
  }

  /** Refunds line quantities with a restock type (refunds/create, orders/updated, inventory updates). */
  refundOrder(domain: string, orderId: number, o: { note?: string; lines: RefundLineInput[] }): EmRefund {
    const shop = this.shop(domain);
    return refundOrder(shop, findOrder(shop, orderId), o, this.now());
  }

  /** Receiving stock (delta) or a count (available), as inventory_levels/update reports it. */
  adjustInventory(domain: string, change: InventoryChange): EmLevel {
    return adjustInventory(this.shop(domain), change, this.now());
  }

  /** Stock received at a location: available rises by `quantity`. */
  restock(domain: string, o: { sku?: string; inventoryItemId?: number; location?: number | string; locationId?: number | string; quantity: number }): EmLevel {
    return adjustInventory(this.shop(domain), { ...o, delta: o.quantity }, this.now());
  }

  updateProduct(domain: string, ref: number | string, change: ProductChange): EmProduct {
    return updateProduct(this.shop(domain), ref, change, this.now());
  }

  /** The merchant uninstalls the app: tokens stop working, app/uninstalled is sent. */
  uninstallApp(domain: string): void {
    const shop = this.shop(domain);
    this.tokens.revokeShop(domain);
    shop.emit("app/uninstalled", shopPayload(shop), this.now());
  }

  /** Any other topic (compliance webhooks, scopes_update): the payload as given, signed and queued. */
  sendWebhook(domain: string, topic: string, payload: unknown): void {
    this.shop(domain).emit(topic, payload, this.now());
  }

  // ---- webhook delivery ------------------------------------------------------------------------

  setWebhookTransport(transport: WebhookTransport): void {
    this.webhooks.setTransport(transport);
  }

  /** Sends what is due at `now` (default: the emulator clock). Retries are not chased. */
  deliverDue(now: Date = this.now(), concurrency?: number): Promise<number> {
    return this.webhooks.deliverDue(now.getTime(), concurrency);
  }

  /**
   * Delivers every webhook due now on the emulator clock (loop until none is due). `sequential`
   * sends one at a time, awaiting `afterEach` between deliveries (deterministic replay).
   */
  async flushWebhooks(o: { sequential?: boolean; afterEach?: () => Promise<void> } = {}): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.webhooks.deliverDue(this.now().getTime(), o.sequential ? 1 : 8, o.afterEach);
      if (n === 0) return total;
      total += n;
    }
  }

  /** Live mode (demo): deliver as deliveries become due, on a real timer. */
  startLiveDelivery(intervalMs = 250): void {
    if (this.liveTimer) return;
    let busy = false;
    this.liveTimer = setInterval(async () => {
      if (busy) return;
      busy = true;
      try {
        await this.webhooks.deliverDue(this.now().getTime());
      } finally {
        busy = false;
      }
    }, intervalMs);
    this.liveTimer.unref();
  }

  stopLiveDelivery(): void {
    if (this.liveTimer) clearInterval(this.liveTimer);
    this.liveTimer = null;
  }
}

async function readBody(request: Request): Promise<Record<string, unknown>> {
  const text = await request.text();
  if ((request.headers.get("content-type") ?? "").includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(text));
  }
  try {
    const parsed = JSON.parse(text) as unknown;
    return parsed && typeof parsed === "object" ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

export function createShopifyEmulator(options: EmulatorOptions): ShopifyEmulator {
  return new ShopifyEmulator(options);
}
