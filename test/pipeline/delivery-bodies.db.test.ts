// Stored webhook bodies come back byte for byte: the worker's claim, the retention sweep's read and
// the privacy search read them as base64 text (the driver adapter's bytea decoding was the worker's
// biggest cost). Bodies longer than one base64 line, non-ASCII text, and bytes that are not UTF-8.
import "../setup/database";
import { afterAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { createPool } from "../../app/database/pg-pool.server";
import { claimDeliveries, deliveriesContaining, insertDeliveries, untrimmedDeliveries } from "../../app/models/webhook-deliveries.server";

const SHOP = "bodies.myshopify.com";
const pool = createPool(process.env.DATABASE_URL!, { max: 1, name: "test" });
afterAll(async () => {
  await pool.end();
});

const json = Buffer.from(JSON.stringify({ id: 1, note: "Grüße, 東京 ✓ ".repeat(600), email: "ana@example.com" }));
const binary = Buffer.from([0x00, 0xff, 0xfe, 0x80, 0x0a, 0x0d, 0x22, 0x5c, 0xc3, 0x28, ...Buffer.from(" ana@example.com ")]);
const empty = Buffer.alloc(0);

describe("stored delivery bodies", () => {
  it("are read back exactly by the claim, the retention sweep and the privacy search", async () => {
    const at = new Date("2026-06-01T10:00:00Z");
    await insertDeliveries(pool, [
      { shop: SHOP, webhookId: "w-json", eventId: null, topic: "orders/create", apiVersion: "2026-01", triggeredAt: at, body: json },
      { shop: SHOP, webhookId: "w-binary", eventId: null, topic: "orders/create", apiVersion: "2026-01", triggeredAt: at, body: binary },
      { shop: SHOP, webhookId: "w-empty", eventId: null, topic: "orders/create", apiVersion: "2026-01", triggeredAt: at, body: empty },
    ]);
    expect(json.length).toBeGreaterThan(10_000);
    const claimed = await claimDeliveries("bodies", 10, 30_000);
    const byId = new Map(claimed.map((d) => [d.webhookId, d.body]));
    expect([...byId.keys()].sort()).toEqual(["w-binary", "w-empty", "w-json"]);
    expect(Buffer.from(byId.get("w-json")!).equals(json)).toBe(true);
    expect(Buffer.from(byId.get("w-binary")!).equals(binary)).toBe(true);
    expect(byId.get("w-empty")!.length).toBe(0);

    const found = await prisma.$transaction((tx) => deliveriesContaining(tx, SHOP, ["ana@example.com"]));
    expect(found.map((d) => Buffer.from(d.body).toString("base64")).sort()).toEqual([json, binary].map((b) => b.toString("base64")).sort());

    await prisma.webhookDelivery.updateMany({ where: { shop: SHOP }, data: { status: "processed", processedAt: at, claimToken: null, claimedUntil: null } });
    const old = await untrimmedDeliveries(new Date("2026-06-02T00:00:00Z"), 10);
    expect(old.filter((d) => d.shop === SHOP).map((d) => Buffer.from(d.body).length).sort((a, b) => a - b)).toEqual([0, binary.length, json.length]);
  });
});
