// The backorder queue query: keyset pagination on (detectedAt DESC, id DESC), which the
// (shop, [status|channel|sku,] detectedAt DESC, id DESC) indexes serve directly, so the 50,000th
// page costs what the first does.
import type { Prisma } from "@prisma/client";
import prisma from "../db.server";

export type QueueFilters = {
  status?: string;
  channel?: string;
  sku?: string;
  detectedAfter?: Date;
  detectedAtOrBefore?: Date;
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

function filterWhere(shop: string, f: QueueFilters): Prisma.BackorderLineWhereInput {
  return {
    shop,
    ...(f.status ? { status: f.status } : {}),
    ...(f.channel ? { channel: f.channel } : {}),
    ...(f.sku ? { sku: f.sku } : {}),
    ...(f.detectedAfter || f.detectedAtOrBefore
      ? { detectedAt: { ...(f.detectedAfter ? { gt: f.detectedAfter } : {}), ...(f.detectedAtOrBefore ? { lte: f.detectedAtOrBefore } : {}) } }
      : {}),
  };
}

export async function findQueuePage(
  shop: string,
  filters: QueueFilters,
  page: { after?: QueueCursor; before?: QueueCursor; limit: number },
) {
  const where = filterWhere(shop, filters);
  const backwards = Boolean(page.before);
  const c = page.before ?? page.after;
  const keyset: Prisma.BackorderLineWhereInput | undefined = c
    ? backwards
      ? { OR: [{ detectedAt: { gt: c.detectedAt } }, { detectedAt: c.detectedAt, id: { gt: c.id } }] }
      : { OR: [{ detectedAt: { lt: c.detectedAt } }, { detectedAt: c.detectedAt, id: { lt: c.id } }] }
    : undefined;
  const rows = await prisma.backorderLine.findMany({
    where: keyset ? { AND: [where, keyset] } : where,
    orderBy: backwards ? [{ detectedAt: "asc" }, { id: "asc" }] : [{ detectedAt: "desc" }, { id: "desc" }],
    take: page.limit + 1,
    select: {
      id: true,
      orderId: true,
      orderName: true,
      sku: true,
      title: true,
      quantityOrdered: true,
      quantityBackordered: true,
      channel: true,
      locationId: true,
      status: true,
      reasonCode: true,
      detectedAt: true,
    },
  });
  const hasMore = rows.length > page.limit;
  const pageRows = rows.slice(0, page.limit);
  if (backwards) pageRows.reverse();
  return {
    rows: pageRows,
    hasNext: backwards ? true : hasMore,
    hasPrevious: backwards ? hasMore : Boolean(page.after),
  };
}

export async function queueFacets(shop: string) {
  const channels = await prisma.backorderLine.findMany({ where: { shop }, distinct: ["channel"], select: { channel: true }, take: 50 });
  return { channels: channels.map((c) => c.channel).sort() };
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
