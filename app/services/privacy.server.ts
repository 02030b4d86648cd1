// Mandatory compliance webhooks. customers/redact removes a customer's personal data from what the
// app stores (orders and backorder lines keep their operational facts); customers/data_request
// assembles everything stored about the customer; shop/redact deletes the shop's data.
import { z } from "zod";
import prisma from "../db.server";
import { now } from "../clock.server";
import { id } from "../webhooks/payload-fields";
import { describeIssues } from "../webhooks/payload-fields";
import { purgeShopData } from "./uninstall.server";
import type { ProcessOutcome } from "./process-webhook.server";

const CustomerRef = z.object({
  customer: z.object({ id: id.nullable().optional(), email: z.string().nullable().optional() }).passthrough(),
  orders_to_redact: z.array(id).optional(),
  orders_requested: z.array(id).optional(),
  data_request: z.object({ id: id.optional() }).passthrough().nullable().optional(),
});

function customerFilter(customerId: bigint | null | undefined, email: string | null | undefined, orderIds: bigint[]) {
  const or: object[] = [];
  if (customerId) or.push({ customerId });
  if (email) or.push({ email });
  if (orderIds.length) or.push({ id: { in: orderIds } });
  return or;
}

export async function redactCustomer(shop: string, payload: unknown): Promise<ProcessOutcome> {
  const r = CustomerRef.safeParse(payload);
  if (!r.success) return { status: "failed", reason: `invalid customers/redact payload: ${describeIssues(r.error)}` };
  const { customer, orders_to_redact = [] } = r.data;
  const orFilters = customerFilter(customer.id, customer.email, orders_to_redact);
  if (orFilters.length === 0) return { status: "skipped", reason: "no customer id, email or orders to redact" };
  const at = now();
  const result = await prisma.$transaction(async (tx) => {
    const orders = await tx.order.findMany({ where: { shop, OR: orFilters }, select: { id: true } });
    const orderIds = orders.map((o) => o.id);
    const lineFilter = {
      shop,
      OR: [
        ...(customer.id ? [{ customerId: customer.id }] : []),
        ...(customer.email ? [{ customerEmail: customer.email }] : []),
        ...(orderIds.length ? [{ orderId: { in: orderIds } }] : []),
      ],
    };
    const lines = lineFilter.OR.length ? await tx.backorderLine.findMany({ where: lineFilter, select: { id: true } }) : [];
    await tx.order.updateMany({ where: { shop, id: { in: orderIds } }, data: { email: null, customerName: null, customerId: null } });
    await tx.backorderLine.updateMany({
      where: { shop, id: { in: lines.map((l) => l.id) } },
      data: { customerEmail: null, customerName: null, customerId: null },
    });
    for (const l of lines) {
      await tx.backorderEvent.create({ data: { shop, backorderLineId: l.id, at, kind: "redacted", source: "customers/redact" } });
    }
    await tx.complianceRequest.create({
      data: {
        shop,
        topic: "customers/redact",
        customerId: customer.id ?? null,
        result: { ordersRedacted: orderIds.length, backorderLinesRedacted: lines.length },
      },
    });
    return { orders: orderIds.length, lines: lines.length };
  });
  return { status: "processed", reason: `redacted ${result.orders} order(s), ${result.lines} backorder line(s)` };
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
};

export async function assembleCustomerData(shop: string, payload: unknown): Promise<ProcessOutcome & { export?: CustomerDataExport }> {
  const r = CustomerRef.safeParse(payload);
  if (!r.success) return { status: "failed", reason: `invalid customers/data_request payload: ${describeIssues(r.error)}` };
  const { customer, orders_requested = [] } = r.data;
  const orFilters = customerFilter(customer.id, customer.email, orders_requested);
  const orders = orFilters.length ? await prisma.order.findMany({ where: { shop, OR: orFilters }, orderBy: { createdAt: "asc" } }) : [];
  const lines = await prisma.backorderLine.findMany({
    where: {
      shop,
      OR: [
        ...(customer.id ? [{ customerId: customer.id }] : []),
        ...(customer.email ? [{ customerEmail: customer.email }] : []),
        { orderId: { in: orders.map((o) => o.id) } },
      ],
    },
    include: { events: { orderBy: { at: "asc" } } },
    orderBy: { detectedAt: "asc" },
  });
  const doc: CustomerDataExport = {
    shop,
    customer: { id: customer.id?.toString() ?? null, email: customer.email ?? null },
    orders: orders.map((o) => ({
      id: o.id.toString(),
      name: o.name,
      channel: o.channel,
      createdAt: o.createdAt.toISOString(),
      email: o.email,
      customerName: o.customerName,
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
  };
  await prisma.complianceRequest.create({
    data: { shop, topic: "customers/data_request", customerId: customer.id ?? null, email: customer.email ?? null, result: doc },
  });
  return { status: "processed", reason: `${doc.orders.length} order(s), ${doc.backorderLines.length} backorder line(s) assembled`, export: doc };
}

export async function redactShop(shop: string): Promise<void> {
  await purgeShopData(shop);
}
