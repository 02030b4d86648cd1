// The backorder queue query: keyset pagination on (detectedAt DESC, id DESC), which the
// (shop, [status|channel|sku,] detectedAt DESC, id DESC) indexes serve directly, so the 50,000th
// page costs what the first does.
import { Prisma } from "@prisma/client";
import prisma from "../db.server";

export type QueueFilters = {
  status?: string;
  channel?: string;
  sku?: string;
  detectedAfter?: Date;
  detectedAtOrBefore?: Date;
  /** Only lines whose open promise ended before this day (YYYY-MM-DD, the shop's today). */
  promiseEndedBefore?: string;
};

export type QueueCursor = { detectedAt: Date; id: bigint };

export function encodeCursor(c: QueueCursor): string {
  return Buffer.from(`${c.detectedAt.toISOString()}|${c.id}`).toString("base64url");
}

export function decodeCursor(s: string): QueueCursor | null {
  const [iso, id] = Buffer.from(s, "base64url").toString("utf8").split("|");
  if (!iso || !id || !/^\d+$/.test(id) || Number.isNaN(Date.parse(iso))) return null;
  return { detectedAt: new Date(iso), id: BigInt(id) };
}

type QueueRowRecord = {
  id: bigint;
  orderId: bigint;
  orderName: string;
  sku: string | null;
  title: string | null;
  quantityOrdered: number;
  quantityBackordered: number;
  channel: string;
  locationId: bigint;
  status: string;
  reasonCode: string;
  detectedAt: Date;
};

/**
 * One page of the queue. Raw SQL for the row-value keyset comparison `(detectedAt, id) < (c, c)`,
 * which Postgres turns into a single index range scan (an OR of two conditions would make it
 * filter its way through every earlier row on deep pages).
 */
export async function findQueuePage(
  shop: string,
  f: QueueFilters,
  page: { after?: QueueCursor; before?: QueueCursor; limit: number },
) {
  const backwards = Boolean(page.before);
  const c = page.before ?? page.after;
  const conditions: Prisma.Sql[] = [Prisma.sql`"shop" = ${shop}`];
  if (f.status) conditions.push(Prisma.sql`"status" = ${f.status}`);
  if (f.channel) conditions.push(Prisma.sql`"channel" = ${f.channel}`);
  if (f.sku) conditions.push(Prisma.sql`"sku" = ${f.sku}`);
  if (f.detectedAfter) conditions.push(Prisma.sql`"detectedAt" > ${f.detectedAfter}`);
  if (f.detectedAtOrBefore) conditions.push(Prisma.sql`"detectedAt" <= ${f.detectedAtOrBefore}`);
  if (f.promiseEndedBefore) {
    conditions.push(Prisma.sql`EXISTS (SELECT 1 FROM "LinePromise" p WHERE p."backorderLineId" = "BackorderLine"."id"
                                          AND p."status" = 'open' AND p."latest" < ${f.promiseEndedBefore})`);
  }
  if (c) {
    conditions.push(
      backwards
        ? Prisma.sql`("detectedAt", "id") > (${c.detectedAt}::timestamp, ${c.id})`
        : Prisma.sql`("detectedAt", "id") < (${c.detectedAt}::timestamp, ${c.id})`,
    );
  }
  const order = backwards ? Prisma.sql`ORDER BY "detectedAt" ASC, "id" ASC` : Prisma.sql`ORDER BY "detectedAt" DESC, "id" DESC`;
  const rows = await prisma.$queryRaw<QueueRowRecord[]>`
    SELECT "id", "orderId", "orderName", "sku", "title", "quantityOrdered", "quantityBackordered", "channel",
           "locationId", "status", "reasonCode", "detectedAt"
      FROM "BackorderLine"
     WHERE ${Prisma.join(conditions, " AND ")}
     ${order}
     LIMIT ${page.limit + 1}`;
  const hasMore = rows.length > page.limit;
  const pageRows = rows.slice(0, page.limit);
  if (backwards) pageRows.reverse();
  return {
    rows: pageRows,
    hasNext: backwards ? true : hasMore,
    hasPrevious: backwards ? hasMore : Boolean(page.after),
  };
}

/** Distinct channels by skip-scanning the (shop, channel, ...) index: cheap at a million rows. */
export async function queueFacets(shop: string) {
  const rows = await prisma.$queryRaw<{ channel: string }[]>`
    WITH RECURSIVE c AS (
      SELECT min("channel") AS channel FROM "BackorderLine" WHERE "shop" = ${shop}
      UNION ALL
      SELECT (SELECT min("channel") FROM "BackorderLine" WHERE "shop" = ${shop} AND "channel" > c.channel)
        FROM c WHERE c.channel IS NOT NULL
    )
    SELECT channel FROM c WHERE channel IS NOT NULL LIMIT 50`;
  return { channels: rows.map((r) => r.channel) };
}

export async function locationNames(shop: string, ids: bigint[]): Promise<Map<bigint, string>> {
  if (ids.length === 0) return new Map();
  const rows = await prisma.location.findMany({ where: { shop, id: { in: ids } }, select: { id: true, name: true } });
  return new Map(rows.map((r) => [r.id, r.name]));
}

export function findBackorderWithTrail(shop: string, id: bigint) {
  return prisma.backorderLine.findFirst({
    where: { shop, id },
    include: { events: { orderBy: [{ at: "asc" }, { id: "asc" }] } },
  });
}

export async function hasAnyBackorder(shop: string): Promise<boolean> {
  return (await prisma.backorderLine.findFirst({ where: { shop }, select: { id: true } })) !== null;
}
