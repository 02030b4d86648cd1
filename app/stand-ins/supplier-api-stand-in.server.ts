// A real HTTP server on loopback standing in for API and EDI suppliers (tests, demo, benchmarks).
// Per supplier it serves
//   POST /suppliers/:id/purchase-orders          JSON submission (Idempotency-Key required)
//   GET  /suppliers/:id/purchase-orders/:ref     JSON status
//   POST /suppliers/:id/graphql                  submitPurchaseOrder / purchaseOrder
//   POST /suppliers/:id/edi                      X12 over HTTP (application/edi-x12)
// and misbehaves on demand (see SupplierMode). Every request and every order is recorded, so a
// test can assert "exactly one order at the supplier".
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { setTimeout as delay } from "node:timers/promises";
import type { ApiSupplierConfig, EdiSupplierConfig } from "../integrations/suppliers/supplier-channel-config";
import { SupplierPurchaseOrderSchema, type SupplierOrderStatus } from "../integrations/suppliers/supplier-api-contract";
import { BodyTooLargeError, baseUrl, closeServer, flatHeaders, listenOnLoopback, readBody, sendJson, sendText, type ListenOptions } from "./loopback-http.server";
import { GraphqlRequestSchema, executeSupplierGraphql } from "./supplier-graphql";
import {
  SupplierOrderBook,
  type RecordedRequest,
  type StandInOrder,
  type SupplierBehaviour,
  type SupplierMode,
} from "./supplier-order-book";

export type SupplierApiStandInOptions = ListenOptions & {
  suppliers: Record<string, SupplierBehaviour>;
  clock?: () => Date;
};

export type SupplierApiStandIn = {
  readonly url: string;
  jsonUrl(supplierId: string): string;
  graphqlUrl(supplierId: string): string;
  ediUrl(supplierId: string): string;
  /** A ready-made adapter config for this supplier (its token included). */
  apiConfig(supplierId: string, kind: "json" | "graphql", timeoutMs?: number): ApiSupplierConfig;
  ediConfig(supplierId: string, timeoutMs?: number): EdiSupplierConfig;
  addSupplier(supplierId: string, behaviour: SupplierBehaviour): void;
  setMode(supplierId: string, mode: SupplierMode, options?: Omit<SupplierBehaviour, "mode">): void;
  orders(supplierId: string): StandInOrder[];
  requests(supplierId: string): RecordedRequest[];
  confirm(reference: string, eta: string): void;
  slip(reference: string, newEta: string): void;
  ship(reference: string): void;
  cancel(reference: string): void;
  stop(): Promise<void>;
};

type Reply = { status: number; body: unknown; headers?: Record<string, string> } | { status: number; text: string; contentType: string };
type Route = { supplierId: string; endpoint: RecordedRequest["endpoint"]; reference?: string };

const DEFAULT_REJECT_REASON = "Account on credit hold: new orders are not accepted";
const DEFAULT_SLOW_MS = 2_000;

export async function startSupplierApiStandIn(options: SupplierApiStandInOptions): Promise<SupplierApiStandIn> {
  const book = new SupplierOrderBook(options.suppliers, options.clock ?? (() => new Date()));
  const lifetime = new AbortController();
  const server = createServer((req, res) => {
    handle(book, lifetime.signal, req, res).catch((error: unknown) => {
      if (error instanceof BodyTooLargeError) return sendJson(res, 413, { error: { message: error.message } });
      sendJson(res, 500, { error: { message: error instanceof Error ? error.message : String(error) } });
    });
  });
  const url = baseUrl("http", await listenOnLoopback(server, options));
  const supplierUrl = (id: string) => `${url}/suppliers/${encodeURIComponent(id)}`;

  return {
    url,
    jsonUrl: (id) => `${supplierUrl(id)}/purchase-orders`,
    graphqlUrl: (id) => `${supplierUrl(id)}/graphql`,
    ediUrl: (id) => `${supplierUrl(id)}/edi`,
    apiConfig: (id, kind, timeoutMs) => ({
      kind,
      url: kind === "json" ? `${supplierUrl(id)}/purchase-orders` : `${supplierUrl(id)}/graphql`,
      ...optional("token", book.behaviour(id).token),
      ...optional("timeoutMs", timeoutMs),
    }),
    ediConfig: (id, timeoutMs) => ({ transport: "http", url: `${supplierUrl(id)}/edi`, ...optional("token", book.behaviour(id).token), ...optional("timeoutMs", timeoutMs) }),
    addSupplier: (id, behaviour) => book.addSupplier(id, behaviour),
    setMode: (id, mode, modeOptions) => book.setMode(id, mode, modeOptions),
    orders: (id) => book.orders(id),
    requests: (id) => book.requests(id),
    confirm: (reference, eta) => book.update(reference, { status: "confirmed", eta }),
    slip: (reference, newEta) => book.update(reference, { eta: newEta }),
    ship: (reference) => book.update(reference, { status: "shipped" }),
    cancel: (reference) => book.update(reference, { status: "cancelled" }),
    async stop() {
      lifetime.abort();
      await closeServer(server);
    },
  };
}

async function handle(book: SupplierOrderBook, lifetime: AbortSignal, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const path = new URL(req.url ?? "/", "http://stand-in").pathname;
  const route = matchRoute(req.method ?? "GET", path);
  if (!route) return sendJson(res, 404, { error: { message: `no route for ${req.method} ${path}` } });
  if (!book.has(route.supplierId)) return sendJson(res, 404, { error: { message: `unknown supplier ${route.supplierId}` } });

  const body = await readBody(req);
  const headers = flatHeaders(req);
  const recorded = book.record(route.supplierId, {
    endpoint: route.endpoint,
    method: req.method ?? "GET",
    path,
    headers,
    body,
    ...optional("idempotencyKey", headers["idempotency-key"]),
  });
  const behaviour = book.behaviour(route.supplierId);
  const attempt = book.countAttempt(route.supplierId);

  if (behaviour.mode === "down") {
    recorded.answer = "destroyed";
    req.socket.destroy();
    return;
  }
  const reply = injectedFailure(behaviour, attempt) ?? unauthorized(behaviour, headers) ?? (await serve(book, route, headers, body));
  // A slow supplier has already done the work (the order exists); only its answer is late.
  if (behaviour.mode === "slow") {
    const waited = await delay(behaviour.delayMs ?? DEFAULT_SLOW_MS, true, { signal: lifetime }).catch(() => false);
    if (!waited) return;
  }
  recorded.answer = reply.status;
  if ("text" in reply) sendText(res, reply.status, reply.text, { "content-type": reply.contentType });
  else sendJson(res, reply.status, reply.body, reply.headers);
}

function matchRoute(method: string, path: string): Route | undefined {
  const m = /^\/suppliers\/([^/]+)\/(purchase-orders|graphql|edi)(?:\/([^/]+))?$/.exec(path);
  if (!m) return undefined;
  const [, rawId, resource, rawRef] = m;
  const supplierId = decodeURIComponent(rawId);
  if (resource === "purchase-orders" && method === "POST" && !rawRef) return { supplierId, endpoint: "submit" };
  if (resource === "purchase-orders" && method === "GET" && rawRef) return { supplierId, endpoint: "status", reference: decodeURIComponent(rawRef) };
  if (resource === "graphql" && method === "POST" && !rawRef) return { supplierId, endpoint: "graphql" };
  if (resource === "edi" && method === "POST" && !rawRef) return { supplierId, endpoint: "edi" };
  return undefined;
}

function injectedFailure(behaviour: SupplierBehaviour, attempt: number): Reply | undefined {
  const retryAfter = (fallback?: number): Record<string, string> => {
    const seconds = behaviour.retryAfterSeconds ?? fallback;
    return seconds === undefined ? {} : { "retry-after": String(seconds) };
  };
  switch (behaviour.mode) {
    case "5xx":
      return { status: 500, body: { error: { message: "Internal server error" } }, headers: retryAfter() };
    case "throttled":
      return { status: 429, body: { error: { message: "Too many requests" } }, headers: retryAfter(1) };
    case "flaky":
      return attempt <= (behaviour.failFirst ?? 1)
        ? { status: 503, body: { error: { message: "Service temporarily unavailable" } }, headers: retryAfter() }
        : undefined;
    case "garbled":
      return { status: 200, text: "<html><body><h1>Thank you for your order!</h1></body></html>", contentType: "text/html; charset=utf-8" };
    default:
      return undefined;
  }
}

function unauthorized(behaviour: SupplierBehaviour, headers: Record<string, string>): Reply | undefined {
  if (!behaviour.token || headers.authorization === `Bearer ${behaviour.token}`) return undefined;
  return { status: 401, body: { error: { message: "Invalid or missing API token" } } };
}

async function serve(book: SupplierOrderBook, route: Route, headers: Record<string, string>, body: string): Promise<Reply> {
  const behaviour = book.behaviour(route.supplierId);
  const key = headers["idempotency-key"] ?? (route.endpoint === "edi" ? headers["message-id"] : undefined);
  // A supplier that stopped taking orders still answers a repeat of one it already took.
  const rejecting = behaviour.mode === "rejects" && !(key && book.knows(route.supplierId, key));
  const rejectReason = rejecting ? (behaviour.rejectReason ?? DEFAULT_REJECT_REASON) : undefined;
  switch (route.endpoint) {
    case "submit":
      return submitJson(book, route.supplierId, headers["idempotency-key"], body, rejectReason);
    case "status":
      return status(book, route.supplierId, route.reference ?? "");
    case "graphql":
      return graphqlReply(book, route.supplierId, headers["idempotency-key"], body, rejectReason);
    case "edi":
      return submitEdi(book, route.supplierId, headers, body, rejectReason);
  }
}

function submitJson(book: SupplierOrderBook, supplierId: string, key: string | undefined, body: string, rejectReason: string | undefined): Reply {
  if (!key) return { status: 400, body: { error: { message: "Idempotency-Key header required" } } };
  const json = tryJson(body);
  const parsed = SupplierPurchaseOrderSchema.safeParse(json);
  if (!parsed.success) return { status: 400, body: { error: { message: `invalid purchase order: ${parsed.error.issues[0].path.join(".")}: ${parsed.error.issues[0].message}` } } };
  if (rejectReason) return { status: 422, body: { error: { code: "rejected", message: rejectReason } } };
  const placed = book.place(supplierId, key, { channel: "json", purchaseOrder: parsed.data }, JSON.stringify(parsed.data));
  if (placed.kind === "conflict") return { status: 422, body: { error: { code: "idempotency_conflict", message: "Idempotency-Key reused with a different purchase order" } } };
  const { order } = placed;
  return {
    status: placed.kind === "created" ? 201 : 200,
    body: { reference: order.reference, status: order.status, eta: order.eta ?? null, lines: parsed.data.lines.map((l) => ({ sku: l.sku, quantity: l.quantity })) },
    headers: placed.kind === "replayed" ? { "idempotent-replayed": "true" } : {},
  };
}

function status(book: SupplierOrderBook, supplierId: string, reference: string): Reply {
  const order = book.find(supplierId, reference);
  if (!order) return { status: 404, body: { error: { message: `No purchase order ${reference}` } } };
  return { status: 200, body: statusBody(order.reference, order.status, order.eta) };
}

async function graphqlReply(book: SupplierOrderBook, supplierId: string, key: string | undefined, body: string, rejectReason: string | undefined): Promise<Reply> {
  const request = GraphqlRequestSchema.safeParse(tryJson(body));
  if (!request.success) return { status: 400, body: { errors: [{ message: "expected a JSON body with a query" }] } };
  const result = await executeSupplierGraphql(request.data, { book, supplierId, ...optional("idempotencyKey", key), ...optional("rejectReason", rejectReason) });
  return { status: 200, body: result };
}

function submitEdi(book: SupplierOrderBook, supplierId: string, headers: Record<string, string>, body: string, rejectReason: string | undefined): Reply {
  if (!headers["content-type"]?.startsWith("application/edi-x12")) return { status: 415, body: { error: { message: "expected application/edi-x12" } } };
  if (!body.startsWith("ISA")) return { status: 400, body: { error: { message: "not an X12 interchange (no ISA segment)" } } };
  // AS2 dedupes on Message-ID; an Idempotency-Key is preferred when both are present.
  const key = headers["idempotency-key"] ?? headers["message-id"];
  if (!key) return { status: 400, body: { error: { message: "Idempotency-Key or Message-ID header required" } } };
  if (rejectReason) return { status: 422, body: { error: { code: "rejected", message: rejectReason } } };
  // No fingerprint: a re-serialized interchange legitimately differs (ISA date/time, control numbers).
  const placed = book.place(supplierId, key, { channel: "edi", x12: body });
  return { status: 200, body: { reference: placed.order.reference, status: "received" } };
}

function statusBody(reference: string, orderStatus: SupplierOrderStatus, eta: string | undefined) {
  return { reference, status: orderStatus, eta: eta ?? null };
}

function tryJson(body: string): unknown {
  try {
    return JSON.parse(body);
  } catch {
    return undefined;
  }
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}
