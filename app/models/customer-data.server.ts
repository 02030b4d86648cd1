// What the app stores about a customer, for customers/redact and customers/data_request.
import type { Prisma } from "@prisma/client";

type Tx = Prisma.TransactionClient;

export type CustomerRef = { customerId: bigint | null; email: string | null; orderIds: bigint[] };

function orderFilter(c: CustomerRef): Prisma.OrderWhereInput[] {
  return [
    ...(c.customerId ? [{ customerId: c.customerId }] : []),
    ...(c.email ? [{ email: { equals: c.email, mode: "insensitive" as const } }] : []),
    ...(c.orderIds.length ? [{ id: { in: c.orderIds } }] : []),
  ];
}

export function findCustomerOrders(tx: Tx, shop: string, c: CustomerRef) {
  const or = orderFilter(c);
  if (or.length === 0) return Promise.resolve([]);
  return tx.order.findMany({ where: { shop, OR: or }, orderBy: { createdAt: "asc" } });
}

export function findCustomerBackorderLines(tx: Tx, shop: string, c: CustomerRef, orderIds: bigint[]) {
  const or: Prisma.BackorderLineWhereInput[] = [
    ...(c.customerId ? [{ customerId: c.customerId }] : []),
    ...(c.email ? [{ customerEmail: { equals: c.email, mode: "insensitive" as const } }] : []),
    ...(orderIds.length ? [{ orderId: { in: orderIds } }] : []),
  ];
  if (or.length === 0) return Promise.resolve([]);
  return tx.backorderLine.findMany({ where: { shop, OR: or }, include: { events: { orderBy: { at: "asc" } } }, orderBy: { detectedAt: "asc" } });
}

/** Removes the personal data from the customer's orders and backorder lines (operational facts stay). */
export async function redactCustomerRows(tx: Tx, shop: string, orderIds: bigint[], lineIds: bigint[], at: Date, source: string): Promise<void> {
  await tx.order.updateMany({ where: { shop, id: { in: orderIds } }, data: { email: null, customerName: null, customerId: null } });
  await tx.backorderLine.updateMany({ where: { shop, id: { in: lineIds } }, data: { customerEmail: null, customerName: null, customerId: null } });
  if (lineIds.length) {
    await tx.backorderEvent.createMany({ data: lineIds.map((id) => ({ shop, backorderLineId: id, at, kind: "redacted", source })) });
  }
}

/** Records a compliance request once per delivery; returns false when it was recorded before. */
export async function recordComplianceRequest(
  tx: Tx,
  r: { shop: string; webhookId: string; topic: string; customerId: bigint | null; email: string | null; result: Prisma.InputJsonValue },
): Promise<boolean> {
  const rows = await tx.$queryRaw<{ id: bigint }[]>`
    INSERT INTO "ComplianceRequest" ("shop", "webhookId", "topic", "customerId", "email", "result")
    VALUES (${r.shop}, ${r.webhookId}, ${r.topic}, ${r.customerId}, ${r.email}, ${JSON.stringify(r.result)}::jsonb)
    ON CONFLICT ("shop", "webhookId") DO NOTHING RETURNING "id"`;
  return rows.length > 0;
}

/** Earlier data requests of a redacted customer: their assembled copies go too. */
export async function scrubComplianceRequests(tx: Tx, shop: string, c: CustomerRef, at: Date): Promise<number> {
  const or: Prisma.ComplianceRequestWhereInput[] = [
    ...(c.customerId ? [{ customerId: c.customerId }] : []),
    ...(c.email ? [{ email: { equals: c.email, mode: "insensitive" as const } }] : []),
  ];
  if (or.length === 0) return 0;
  const { count } = await tx.complianceRequest.updateMany({
    where: { shop, topic: "customers/data_request", OR: or },
    data: { email: null, result: { redacted: true, at: at.toISOString() } },
  });
  return count;
}
