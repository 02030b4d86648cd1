import "../setup/database";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { loader as queueLoader } from "../../app/routes/app._index";
import { loader as detailLoader } from "../../app/routes/app.backorders.$id";
import { adminRequest, storeOfflineSession } from "../support/admin-request";
import { callLoader } from "../support/call-route";

const A = "queue-a.myshopify.com";
const B = "queue-b.myshopify.com";
const EMPTY = "queue-empty.myshopify.com";
const DAY = 86_400_000;
const channels = ["web", "pos", "amazon"];

async function seed(shop: string, count: number, idBase: number) {
  const now = Date.now();
  await prisma.location.create({ data: { shop, id: 1n, name: `${shop} warehouse` } });
  await prisma.backorderLine.createMany({
    data: Array.from({ length: count }, (_, i) => ({
      shop,
      orderId: BigInt(idBase + i),
      orderName: `#${shop.slice(6, 7).toUpperCase()}${i}`,
      orderCreatedAt: new Date(now - i * 3_600_000),
      lineItemId: BigInt(idBase * 10 + i),
      inventoryItemId: BigInt(1 + (i % 4)),
      sku: `SKU-${i % 4}`,
      title: "Lamp",
      locationId: 1n,
      channel: channels[i % 3],
      quantityOrdered: 2,
      quantityBackordered: 1,
      status: i % 10 === 9 ? "resolved" : "backordered",
      reasonCode: "multi_channel_oversell",
      // Spread over 20 days: every aging bucket is populated. Two rows share each timestamp to
      // exercise the id tie-break of the keyset.
      detectedAt: new Date(now - Math.floor(i / 2) * (DAY / 3)),
    })),
  });
}

type QueueData = Awaited<ReturnType<typeof queueLoader>>;
const queue = (shop: string, qs = "") => callLoader(queueLoader, adminRequest(shop, `/app${qs}`)) as Promise<QueueData>;

beforeAll(async () => {
  for (const s of [A, B, EMPTY]) await storeOfflineSession(s);
  await seed(A, 120, 1000);
  await seed(B, 30, 5000);
});

describe("backorder queue loader", () => {
  it("never returns another shop's lines", async () => {
    const a = await queue(A, "?status=all&limit=250");
    const b = await queue(B, "?status=all&limit=250");
    expect(a.queue.rows).toHaveLength(120);
    expect(b.queue.rows).toHaveLength(30);
    expect(a.queue.rows.every((r) => r.order.startsWith("#A"))).toBe(true);
    expect(b.queue.rows.every((r) => r.order.startsWith("#B"))).toBe(true);
    const bIds = new Set(b.queue.rows.map((r) => r.id));
    expect(a.queue.rows.some((r) => bIds.has(r.id))).toBe(false);
  });

  it("pages with keyset cursors: no duplicates, no gaps, and back again", async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    const pages: QueueData[] = [];
    do {
      const p: QueueData = await queue(A, `?status=all&limit=25${cursor ? `&after=${cursor}` : ""}`);
      pages.push(p);
      seen.push(...p.queue.rows.map((r) => r.id));
      cursor = p.queue.nextCursor;
    } while (cursor);
    expect(pages).toHaveLength(5);
    expect(new Set(seen).size).toBe(120);
    const all = await queue(A, "?status=all&limit=250");
    expect(seen).toEqual(all.queue.rows.map((r) => r.id));
    // Previous from page 3 is page 2.
    const back = await queue(A, `?status=all&limit=25&before=${pages[2].queue.previousCursor}`);
    expect(back.queue.rows.map((r) => r.id)).toEqual(pages[1].queue.rows.map((r) => r.id));
    expect(pages[0].queue.previousCursor).toBeNull();
  });

  it("filters by status (open by default), channel, SKU and aging bucket", async () => {
    const open = await queue(A, "?limit=250");
    expect(open.queue.rows).toHaveLength(108);
    expect(open.queue.rows.every((r) => r.status === "backordered")).toBe(true);
    const pos = await queue(A, "?channel=pos&limit=250");
    expect(pos.queue.rows.length).toBeGreaterThan(0);
    expect(pos.queue.rows.every((r) => r.channel === "pos" && r.channelLabel === "Point of Sale")).toBe(true);
    const sku = await queue(A, "?sku=SKU-2&status=all&limit=250");
    expect(sku.queue.rows).toHaveLength(30);
    let total = 0;
    for (const bucket of ["0-3", "4-7", "8-14", "15+"]) {
      const r = await queue(A, `?bucket=${encodeURIComponent(bucket)}&status=all&limit=250`);
      expect(r.queue.rows.length, bucket).toBeGreaterThan(0);
      expect(r.queue.rows.every((row) => row.bucket === bucket)).toBe(true);
      total += r.queue.rows.length;
    }
    expect(total).toBe(120);
    expect(open.queue.facets.channels).toEqual(["amazon", "pos", "web"]);
  });

  it("shows the onboarding empty state to a shop with no backorders", async () => {
    const e = await queue(EMPTY);
    expect(e.queue.neverHadBackorders).toBe(true);
    const filtered = await queue(B, "?channel=ebay");
    expect(filtered.queue.neverHadBackorders).toBe(false);
    expect(filtered.queue.rows).toHaveLength(0);
  });

  it("rejects a request without a valid session token", async () => {
    const req = adminRequest(A, "/app");
    const forged = new Request(req.url, { headers: { authorization: "Bearer not.a.token", "user-agent": req.headers.get("user-agent")! } });
    const res = await callLoader(queueLoader, forged).catch((e) => e);
    expect(res).toBeInstanceOf(Response);
    expect((res as Response).status).toBeGreaterThanOrEqual(400);
  });
});

describe("backorder detail loader", () => {
  it("returns the line with its audit trail, and 404 for another shop's line", async () => {
    const line = await prisma.backorderLine.findFirstOrThrow({ where: { shop: A } });
    await prisma.backorderEvent.createMany({
      data: [
        { shop: A, backorderLineId: line.id, at: new Date(Date.now() - 5000), kind: "detected", toStatus: "backordered", toQuantity: 1, reasonCode: "multi_channel_oversell", source: "webhook:abc" },
        { shop: A, backorderLineId: line.id, at: new Date(), kind: "resolved", fromStatus: "backordered", toStatus: "resolved", fromQuantity: 1, toQuantity: 0, reasonCode: "stock_available", source: "webhook:def" },
      ],
    });
    const d = (await callLoader(detailLoader, adminRequest(A, `/app/backorders/${line.id}`), { id: line.id.toString() })) as Awaited<ReturnType<typeof detailLoader>>;
    expect(d.detail.trail.map((e) => [e.kind, e.toStatus])).toEqual([["detected", "Backordered"], ["resolved", "Resolved"]]);
    expect(d.detail.location).toBe(`${A} warehouse`);
    const fromB = await callLoader(detailLoader, adminRequest(B, `/app/backorders/${line.id}`), { id: line.id.toString() }).catch((e) => e);
    expect((fromB as Response).status).toBe(404);
  });
});
