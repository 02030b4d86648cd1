// The built-in Shopify emulator: in-memory shops behind Admin GraphQL (real schema), token
// exchange, and signed at-least-once webhooks. For demo mode, scenario replay, tests and
// benchmarks only — config.server.ts refuses it in a production configuration.
import crypto from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { EmulatedShop, available, type EmOrder } from "./emulated-shop";
import { executeAdminGraphql, type Bucket } from "./execute-admin-graphql";
import { ADMIN_API_VERSION } from "./admin-schema";
import { inventoryLevelPayload, orderPayload } from "./rest-payloads";
import { verifySessionToken } from "./session-token";
import { WebhookDispatcher, type DeliveryOptions, type WebhookTransport } from "./webhook-delivery";

export type EmulatorOptions = {
  apiKey: string;
  apiSecret: string;
  /** Where webhooks go; a function so a server can learn its port after creating the emulator. */
  appUrl: string | (() => string);
  clock?: () => Date;
  scopes?: string[];
  webhookTransport?: WebhookTransport;
  webhooks?: DeliveryOptions;
  bucket?: { maximum?: number; restoreRate?: number };
  /** Seeded randomness for reproducible duplicates/shuffles. */
  seed?: number;
};

export type SeedProduct = {
  title: string;
  vendor?: string;
  variants: { sku: string; title?: string; price?: number; inventoryPolicy?: "DENY" | "CONTINUE"; inventory: Record<string, number> }[];
};

export type OrderInput = {
  name?: string;
  channel: string;
  createdAt?: Date;
  /** Location id (number) or name; default: first location with stock for the first line, else the first. */
  location?: number | string;
  customer?: { email: string; firstName?: string; lastName?: string } | null;
  lines: { sku?: string; variantId?: number; quantity: number }[];
};

function mulberry32(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class ShopifyEmulator {
  readonly shops = new Map<string, EmulatedShop>();
  readonly webhooks: WebhookDispatcher;
  private readonly tokens = new Map<string, { shop: string; scope: string }>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly clock: () => Date;
  private liveTimer: NodeJS.Timeout | null = null;

  constructor(readonly options: EmulatorOptions) {
    this.clock = options.clock ?? (() => new Date());
    const random = mulberry32(options.seed ?? 1);
    this.webhooks = new WebhookDispatcher({
      appUrl: typeof options.appUrl === "function" ? options.appUrl : () => options.appUrl as string,
      apiSecret: options.apiSecret,
      apiVersion: ADMIN_API_VERSION,
      transport:
        options.webhookTransport ??
        (async (url, init) => {
          const r = await fetch(url, init);
          await r.arrayBuffer();
          return { status: r.status };
        }),
      random,
      options: options.webhooks ?? {},
    });
  }

  now(): Date {
    return this.clock();
  }

  addShop(domain: string, o: { currencyCode?: string; ianaTimezone?: string; name?: string } = {}): EmulatedShop {
    const shop = new EmulatedShop(domain, this.shops.size + 1);
    if (o.currencyCode) shop.currencyCode = o.currencyCode;
    if (o.ianaTimezone) shop.ianaTimezone = o.ianaTimezone;
    if (o.name) shop.name = o.name;
    this.shops.set(domain, shop);
    return shop;
  }

  shop(domain: string): EmulatedShop {
    const s = this.shops.get(domain);
    if (!s) throw new Error(`emulator: unknown shop ${domain}`);
    return s;
  }

  addLocation(domain: string, name: string): number {
    const s = this.shop(domain);
    const id = s.id();
    s.locations.set(id, { id, name, isActive: true });
    return id;
  }

  locationId(s: EmulatedShop, ref: number | string): number {
    if (typeof ref === "number" && s.locations.has(ref)) return ref;
    for (const l of s.locations.values()) if (l.name === ref) return l.id;
    throw new Error(`emulator: unknown location ${ref}`);
  }

  /** Adds products; inventory keys are location names or ids. Emits no webhooks (pre-install state). */
  seedProducts(domain: string, products: SeedProduct[]): void {
    const s = this.shop(domain);
    const at = this.now();
    for (const p of products) {
      const productId = s.id();
      const variantIds: number[] = [];
      for (const v of p.variants) {
        const variantId = s.id();
        const itemId = s.id();
        variantIds.push(variantId);
        s.variants.set(variantId, {
          id: variantId,
          productId,
          sku: v.sku,
          title: v.title ?? "Default Title",
          price: (v.price ?? 10).toFixed(2),
          inventoryPolicy: v.inventoryPolicy ?? "DENY",
          inventoryItemId: itemId,
        });
        s.items.set(itemId, { id: itemId, variantId, tracked: true, levels: new Map() });
        for (const [loc, qty] of Object.entries(v.inventory)) {
          const l = s.level(itemId, this.locationId(s, /^\d+$/.test(loc) ? Number(loc) : loc));
          l.onHand = qty;
          l.updatedAt = at;
        }
      }
      s.products.set(productId, { id: productId, title: p.title, vendor: p.vendor ?? "Backorder Pilot Demo", status: "ACTIVE", tags: [], variantIds, updatedAt: at });
    }
  }

  /** An offline access token for the shop, as token exchange would issue. */
  issueAccessToken(domain: string): string {
    this.shop(domain);
    const token = `shpat_${crypto.randomBytes(16).toString("hex")}`;
    this.tokens.set(token, { shop: domain, scope: (this.options.scopes ?? []).join(",") });
    return token;
  }

  private bucket(domain: string): Bucket {
    let b = this.buckets.get(domain);
    if (!b) {
      const maximum = this.options.bucket?.maximum ?? 2000;
      b = { available: maximum, updatedAt: this.now().getTime(), maximum, restoreRate: this.options.bucket?.restoreRate ?? 100 };
      this.buckets.set(domain, b);
    }
    return b;
  }

  /** Fetch-style handler for `/shops/<shop>/admin/...`. */
  async handle(request: Request): Promise<Response> {
    const url = new URL(request.url);
    const m = /\/shops\/([^/]+)\/admin\/(.*)$/.exec(url.pathname);
    const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { "content-type": "application/json" } });
    if (!m || request.method !== "POST") return json(404, { errors: "Not Found" });
    const [, domain, rest] = m;
    if (!this.shops.has(domain)) return json(404, { errors: "Not Found" });

    if (rest === "oauth/access_token") {
      const body = await readBody(request);
      if (body.grant_type !== "urn:ietf:params:oauth:grant-type:token-exchange" || body.client_id !== this.options.apiKey || body.client_secret !== this.options.apiSecret) {
        return json(400, { error: "invalid_request", error_description: "Invalid client credentials or grant type" });
      }
      const claims = verifySessionToken(String(body.subject_token ?? ""), this.options.apiKey, this.options.apiSecret, Math.floor(this.now().getTime() / 1000));
      if (!claims || claims.dest !== `https://${domain}`) return json(400, { error: "invalid_subject_token", error_description: "Invalid session token" });
      const token = this.issueAccessToken(domain);
      const scope = (this.options.scopes ?? []).join(",");
      if (String(body.requested_token_type ?? "").endsWith(":online-access-token")) {
        return json(200, {
          access_token: token,
          scope,
          expires_in: 86399,
          associated_user_scope: scope,
          associated_user: { id: Number(claims.sub), first_name: "Demo", last_name: "Staff", email: "staff@example.com", email_verified: true, account_owner: true, locale: "en", collaborator: false },
        });
      }
      return json(200, { access_token: token, scope });
    }

    const gql = /^api\/([^/]+)\/graphql\.json$/.exec(rest);
    if (gql) {
      const token = request.headers.get("x-shopify-access-token");
      const t = token ? this.tokens.get(token) : undefined;
      if (!t || t.shop !== domain) return json(401, { errors: "[API] Invalid API key or access token (unrecognized login or wrong password)" });
      const body = await readBody(request);
      const r = executeAdminGraphql(this.shop(domain), this.bucket(domain), body, this.now().getTime());
      return json(r.status, r.body);
    }
    return json(404, { errors: "Not Found" });
  }

  /** Node/express handler (mount at any prefix; the path must contain /shops/<shop>/admin/...). */
  nodeHandler() {
    return (req: IncomingMessage & { originalUrl?: string }, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on("data", (c: Buffer) => chunks.push(c));
      req.on("end", async () => {
        const request = new Request(`http://emulator${req.originalUrl ?? req.url}`, {
          method: req.method,
          headers: req.headers as Record<string, string>,
          body: req.method === "POST" ? Buffer.concat(chunks) : undefined,
        });
        const response = await this.handle(request);
        res.writeHead(response.status, Object.fromEntries(response.headers));
        res.end(Buffer.from(await response.arrayBuffer()));
      });
    };
  }

  // ---- shop activity ------------------------------------------------------------------------

  placeOrder(domain: string, input: OrderInput): EmOrder {
    const s = this.shop(domain);
    const at = input.createdAt ?? this.now();
    const lines = input.lines.map((l) => {
      const v = l.variantId !== undefined ? s.variants.get(l.variantId) : l.sku ? s.variantBySku(l.sku) : undefined;
      if (!v) throw new Error(`emulator: unknown variant ${l.sku ?? l.variantId}`);
      return { v, quantity: l.quantity };
    });
    const locationId =
      input.location !== undefined
        ? this.locationId(s, input.location)
        : ([...s.locations.keys()].find((loc) => available(s.level(lines[0].v.inventoryItemId, loc)) >= lines[0].quantity) ?? [...s.locations.keys()][0]);
    let customerId: number | null = null;
    if (input.customer) {
      const existing = [...s.customers.values()].find((c) => c.email === input.customer!.email);
      customerId = existing?.id ?? s.id();
      if (!existing) s.customers.set(customerId, { id: customerId, email: input.customer.email, firstName: input.customer.firstName ?? null, lastName: input.customer.lastName ?? null });
    }
    const orderId = s.id();
    const order: EmOrder = {
      id: orderId,
      name: input.name ?? `#${1000 + s.orders.size + 1}`,
      sourceName: input.channel,
      createdAt: at,
      updatedAt: at,
      cancelledAt: null,
      closedAt: null,
      test: false,
      email: input.customer?.email ?? null,
      customerId,
      locationId: input.channel === "pos" ? locationId : null,
      tags: [],
      lineItems: lines.map(({ v, quantity }) => ({
        id: s.id(),
        variantId: v.id,
        sku: v.sku,
        title: s.products.get(v.productId)?.title ?? v.title,
        quantity,
        currentQuantity: quantity,
        fulfilledQuantity: 0,
        price: v.price,
      })),
      fulfillmentOrders: [],
    };
    order.fulfillmentOrders.push({
      id: s.id(),
      locationId,
      status: "OPEN",
      holds: [],
      lines: order.lineItems.map((li) => ({ id: s.id(), lineItemId: li.id, totalQuantity: li.quantity, remainingQuantity: li.quantity })),
    });
    s.orders.set(orderId, order);
    // Shopify commits stock when the order is created; oversold items go below zero.
    const touched = new Set<number>();
    for (const { v, quantity } of lines) {
      const l = s.level(v.inventoryItemId, locationId);
      l.committed += quantity;
      l.updatedAt = at;
      touched.add(v.inventoryItemId);
    }
    this.webhooks.enqueue(domain, "orders/create", orderPayload(s, order), at);
    for (const item of touched) this.webhooks.enqueue(domain, "inventory_levels/update", inventoryLevelPayload(s, item, locationId), at);
    return order;
  }

  cancelOrder(domain: string, orderId: number, o: { restock?: boolean } = {}): EmOrder {
    const s = this.shop(domain);
    const order = s.orders.get(orderId);
    if (!order) throw new Error(`emulator: unknown order ${orderId}`);
    const at = this.now();
    order.cancelledAt = at;
    order.closedAt = at;
    order.updatedAt = at;
    const touched: [number, number][] = [];
    for (const fo of order.fulfillmentOrders) {
      for (const fl of fo.lines) {
        const li = order.lineItems.find((x) => x.id === fl.lineItemId)!;
        const v = li.variantId !== null ? s.variants.get(li.variantId) : undefined;
        if (v && fl.remainingQuantity > 0) {
          const l = s.level(v.inventoryItemId, fo.locationId);
          // Unfulfilled units are released from committed (restock or not: nothing left the shelf).
          l.committed -= fl.remainingQuantity;
          l.updatedAt = at;
          touched.push([v.inventoryItemId, fo.locationId]);
        }
        fl.remainingQuantity = 0;
      }
      fo.status = "CANCELLED";
    }
    for (const li of order.lineItems) li.currentQuantity = 0;
    void o;
    this.webhooks.enqueue(domain, "orders/cancelled", orderPayload(s, order), at);
    this.webhooks.enqueue(domain, "orders/updated", orderPayload(s, order), at);
    for (const [item, loc] of touched) this.webhooks.enqueue(domain, "inventory_levels/update", inventoryLevelPayload(s, item, loc), at);
    return order;
  }

  /** Receiving stock (delta) or a count (available), as inventory_levels/update reports it. */
  adjustInventory(domain: string, o: { sku?: string; inventoryItemId?: number; location: number | string; delta?: number; available?: number }): void {
    const s = this.shop(domain);
    const itemId = o.inventoryItemId ?? s.variantBySku(o.sku ?? "")?.inventoryItemId;
    if (itemId === undefined) throw new Error(`emulator: unknown SKU ${o.sku}`);
    const loc = this.locationId(s, o.location);
    const l = s.level(itemId, loc);
    const at = this.now();
    if (o.available !== undefined) l.onHand = o.available + l.committed + l.reserved;
    else l.onHand += o.delta ?? 0;
    l.updatedAt = at;
    this.webhooks.enqueue(domain, "inventory_levels/update", inventoryLevelPayload(s, itemId, loc), at);
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

  /** Live mode (demo): deliver as deliveries become due. */
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
    return JSON.parse(text) as Record<string, unknown>;
  } catch {
    return {};
  }
}

export function createShopifyEmulator(options: EmulatorOptions): ShopifyEmulator {
  return new ShopifyEmulator(options);
}
