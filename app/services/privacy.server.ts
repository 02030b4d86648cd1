// Mandatory compliance webhooks and stored-payload hygiene.
// - customers/redact removes the customer's personal data everywhere the app keeps it: orders,
//   backorder lines, earlier data-request copies, and the stored webhook bodies (trimmed).
// - customers/data_request assembles everything stored about the customer, stored payloads included.
// - shop/redact deletes the shop's data.
// - Processed bodies are trimmed to what processing needs after DELIVERY_BODY_RETENTION_HOURS.
import { z } from "zod";
import type { JsonValue, Tx } from "../models/transaction.server";
import { id, describeIssues } from "../webhooks/payload-fields";
import { payloadConcernsCustomer, trimPayload } from "../webhooks/trim-payload";
import { parseJsonBody } from "../webhooks/parse-delivery";
import {
  findCustomerBackorderLines,
  findCustomerOrders,
  recordComplianceRequest,
  redactCustomerRows,
  scrubComplianceRequests,
  type CustomerRef,
} from "../models/customer-data.server";
import { deliveriesContaining, replaceBodies, untrimmedDeliveries } from "../models/webhook-deliveries.server";
import { purgeShopData } from "../models/shops.server";
import { redactNoticesOfOrders } from "../models/promises.server";
import { lockShopStock } from "../models/stock-lock.server";
import type { ProcessOutcome } from "./process-outcome";

const CustomerRequest = z.object({
  customer: z.object({ id: id.nullable().optional(), email: z.string().nullable().optional() }).passthrough(),
  orders_to_redact: z.array(id).optional(),
  orders_requested: z.array(id).optional(),
  data_request: z.object({ id: id.optional() }).passthrough().nullable().optional(),
});

const decoder = new TextDecoder();
const encode = (json: unknown) => Buffer.from(JSON.stringify(json), "utf8");

function parseStored(body: Uint8Array): unknown {
  try {
    return parseJsonBody(body);
  } catch {
    return null;
  }
}

/**
 * The stored bodies of a customer's deliveries, trimmed with the customer dropped. Bodies are found
 * by byte search (email, customer id, order ids) and confirmed by parsing.
 */
async function scrubStoredBodies(tx: Tx, shop: string, c: CustomerRef, at: Date): Promise<number> {
  const needles = [c.email, c.customerId?.toString(), ...c.orderIds.map(String)].filter((n): n is string => Boolean(n));
  const candidates = await deliveriesContaining(tx, shop, needles);
  const rows = candidates.flatMap((d) => {
    const payload = parseStored(d.body);
    const byEmail = c.email !== null && decoder.decode(d.body).toLowerCase().includes(c.email.toLowerCase());
    if (!byEmail && !payloadConcernsCustomer(payload, c)) return [];
    return [{ id: d.id, body: encode(trimPayload(d.topic, payload, { dropCustomer: true })) }];
  });
  await replaceBodies(rows, at, tx);
  return rows.length;
}

export async function redactCustomer(tx: Tx, shop: string, payload: unknown, o: { webhookId: string; at: Date }): Promise<ProcessOutcome> {
  const r = CustomerRequest.safeParse(payload);
  if (!r.success) return { status: "failed", reason: `invalid customers/redact payload: ${describeIssues(r.error)}` };
  const c: CustomerRef = { customerId: r.data.customer.id ?? null, email: r.data.customer.email ?? null, orderIds: r.data.orders_to_redact ?? [] };
  if (!c.customerId && !c.email && c.orderIds.length === 0) return { status: "skipped", reason: "no customer id, email or orders to redact" };
  // Serialised with the stock pipeline: a batch in flight cannot write the data back afterwards.
  await lockShopStock(tx, shop);
  const orders = await findCustomerOrders(tx, shop, c);
  const orderIds = [...new Set([...orders.map((x) => x.id), ...c.orderIds])];
  const lines = await findCustomerBackorderLines(tx, shop, c, orderIds);
  await redactCustomerRows(tx, shop, orderIds, lines.map((l) => l.id), o.at, "customers/redact");
  // Customer notices: the recipients go; notices not sent yet are not sent.
  await redactNoticesOfOrders(tx, shop, [...new Set([...orderIds, ...lines.map((l) => l.orderId)])]);
  const requests = await scrubComplianceRequests(tx, shop, c, o.at);
  const bodies = await scrubStoredBodies(tx, shop, { ...c, orderIds }, o.at);
  await recordComplianceRequest(tx, {
    shop, webhookId: o.webhookId, topic: "customers/redact", customerId: c.customerId, email: null,
    result: { ordersRedacted: orderIds.length, backorderLinesRedacted: lines.length, storedPayloadsTrimmed: bodies, dataRequestsScrubbed: requests },
  });
  return { status: "processed", reason: `redacted ${orderIds.length} order(s), ${lines.length} backorder line(s), ${bodies} stored payload(s)` };
}

export type CustomerDataExport = {
  shop: string;
  customer: { id: string | null; email: string | null };
  orders: { id: string; name: string; channel: string; createdAt: string; email: string | null; customerName: string | null }[];
  backorderLines: {
    id: string;
    order: string;
    sku: string | null;
    quantityBackordered: number;
    status: string;
    detectedAt: string;
    events: { at: string; kind: string; fromStatus: string | null; toStatus: string | null }[];
  }[];
  /** The webhook payloads stored for the customer's orders, as stored now (full or trimmed). */
  storedPayloads: { topic: string; payload: unknown }[];
};

export async function assembleCustomerData(tx: Tx, shop: string, payload: unknown, o: { webhookId: string }): Promise<ProcessOutcome & { export?: CustomerDataExport }> {
  const r = CustomerRequest.safeParse(payload);
  if (!r.success) return { status: "failed", reason: `invalid customers/data_request payload: ${describeIssues(r.error)}` };
  const c: CustomerRef = { customerId: r.data.customer.id ?? null, email: r.data.customer.email ?? null, orderIds: r.data.orders_requested ?? [] };
  const orders = await findCustomerOrders(tx, shop, c);
  const orderIds = [...new Set([...orders.map((x) => x.id), ...c.orderIds])];
  const lines = await findCustomerBackorderLines(tx, shop, c, orderIds);
  const needles = [c.email, c.customerId?.toString(), ...orderIds.map(String)].filter((n): n is string => Boolean(n));
  const stored = (await deliveriesContaining(tx, shop, needles))
    .filter((d) => d.topic.startsWith("orders/"))
    .map((d) => ({ topic: d.topic, payload: parseStored(d.body) }))
    .filter((d) => payloadConcernsCustomer(d.payload, { ...c, orderIds }));
  const doc: CustomerDataExport = {
    shop,
    customer: { id: c.customerId?.toString() ?? null, email: c.email },
    orders: orders.map((x) => ({
      id: x.id.toString(), name: x.name, channel: x.channel, createdAt: x.createdAt.toISOString(), email: x.email, customerName: x.customerName,
    })),
    backorderLines: lines.map((l) => ({
      id: l.id.toString(),
      order: l.orderName,
      sku: l.sku,
      quantityBackordered: l.quantityBackordered,
      status: l.status,
      detectedAt: l.detectedAt.toISOString(),
      events: l.events.map((e) => ({ at: e.at.toISOString(), kind: e.kind, fromStatus: e.fromStatus, toStatus: e.toStatus })),
    })),
    storedPayloads: stored,
  };
  await recordComplianceRequest(tx, {
    shop, webhookId: o.webhookId, topic: "customers/data_request", customerId: c.customerId, email: c.email,
    result: doc as unknown as JsonValue,
  });
  return {
    status: "processed",
    reason: `${doc.orders.length} order(s), ${doc.backorderLines.length} backorder line(s), ${stored.length} stored payload(s) assembled`,
    export: doc,
  };
}

export async function redactShop(tx: Tx, shop: string): Promise<void> {
  await lockShopStock(tx, shop);
  await purgeShopData(tx, shop);
}

export const bodyRetentionMs = () => Number(process.env.DELIVERY_BODY_RETENTION_HOURS ?? 24) * 3_600_000;

/**
 * Trims settled deliveries older than the retention period to what processing needs. Pages until
 * none are left; returns how many bodies were trimmed.
 */
export async function trimProcessedBodies(now: Date, o: { retentionMs?: number; pageSize?: number } = {}): Promise<number> {
  const before = new Date(now.getTime() - (o.retentionMs ?? bodyRetentionMs()));
  let total = 0;
  for (;;) {
    const page = await untrimmedDeliveries(before, o.pageSize ?? 500);
    if (page.length === 0) return total;
    await replaceBodies(page.map((d) => ({ id: d.id, body: encode(trimPayload(d.topic, parseStored(d.body))) })), now);
    total += page.length;
  }
}
