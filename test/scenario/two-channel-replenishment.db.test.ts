// two-channel-oversell.json replayed in-process (fresh database per replay), checked against its
// .expect.md in full — the purchase order included — and two variants: the chosen supplier's API
// down (retries, then the next eligible supplier, still no person), and the PO received (the
// restock flows back through webhooks and resolves the lines).
import "../setup/database";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import prisma, { disconnectPrisma } from "../../app/db.server";
import { createTestDatabase } from "../support/test-database";
import { validateScenario, type Scenario } from "../../app/scenario/scenario-schema";
import { replayScenario, type ScenarioResult } from "../../app/scenario/replay-scenario.server";

const FILE = path.resolve(__dirname, "../../../shared/scenarios/two-channel-oversell.json");
const SHOP = "scenario-replay.myshopify.com";
const LATEST = ["WEB-2009", "WEB-2010", "WEB-2011", "WEB-2012", "EBAY-508", "EBAY-509", "EBAY-510"].sort();

function scenario(patch: (s: Scenario) => void = () => {}): Scenario {
  const v = validateScenario(JSON.parse(fs.readFileSync(FILE, "utf8")));
  if (!v.ok) throw new Error(v.errors.join("\n"));
  patch(v.scenario);
  return v.scenario;
}

/** Replays on a database of its own, then runs `inspect` against it before dropping it. */
async function replay<T>(s: Scenario, inspect: (r: ScenarioResult) => Promise<T>): Promise<T> {
  const previous = process.env.DATABASE_URL;
  const db = await createTestDatabase();
  await disconnectPrisma();
  process.env.DATABASE_URL = db.url;
  try {
    const result = await replayScenario(s);
    return await inspect(result);
  } finally {
    await disconnectPrisma();
    process.env.DATABASE_URL = previous;
    await db.drop();
  }
}

const iso = (s: string) => new Date(s).toISOString();

describe("two-channel-oversell.json: one deficit, the right supplier, no person", () => {
  it("backorders the 7 latest orders and raises exactly one PO: 12 x LAMP-BRASS at 31.0 from lumen, submitted as the window closes", async () => {
    await replay(scenario(), async (r) => {
      expect(r.backorders.map((b) => b.order).sort()).toEqual(LATEST);
      expect(r.backorders.every((b) => b.status === "backordered" && b.quantity === 1 && b.sku === "LAMP-BRASS")).toBe(true);
      // The first oversell (EBAY-508, +31 s) opens the window; the last (WEB-2012, +44 s) is followed
      // by 10 quiet seconds: it closes at +54 s, inside the 60 s maximum, and the PO goes out then.
      expect(r.purchaseOrders).toEqual([
        {
          id: "PO-1001",
          supplier: "lumen",
          status: "submitted",
          lines: [{ sku: "LAMP-BRASS", quantity: 12, unitCost: 31 }],
          detectedAt: iso("2026-05-01T10:00:31+02:00"),
          createdAt: iso("2026-05-01T10:00:54+02:00"),
          submittedAt: iso("2026-05-01T10:00:54+02:00"),
          origin: "auto",
        },
      ]);
      expect(r.escalations).toEqual([]);
      expect(r.metrics).toEqual({
        oversellEvents: 1,
        autoResolved: 0,
        escalated: 0,
        duplicatePurchaseOrders: 0,
        detectionToSubmitSeconds: { median: 23, max: 23 },
      });
      expect(r.replay.ignoredEvents).toEqual([]);

      // Why lumen: both candidates evaluated, lumen ranked first; brightco eligible but behind.
      const po = await prisma.purchaseOrder.findFirstOrThrow({ where: { shop: SHOP }, include: { lines: true } });
      const why = po.evaluations as { sku: string; customerUnits: number; bufferUnits: number; promiseWindowDays: number; evaluations: { scope: string; supplierId: string; rank: number | null; failed: unknown[]; score: { total: number } | null }[] }[];
      expect(why).toHaveLength(1);
      expect(why[0]).toMatchObject({ sku: "LAMP-BRASS", customerUnits: 7, bufferUnits: 5, promiseWindowDays: 10 });
      expect(why[0].evaluations.map((e) => [e.scope, e.supplierId, e.rank, e.failed.length])).toEqual([
        ["order", "lumen", 1, 0],
        ["order", "brightco", 2, 0],
      ]);
      expect(why[0].evaluations[0].score!.total).toBeGreaterThan(why[0].evaluations[1].score!.total);
      expect(po.lines.map((l) => [l.customerUnits, l.bufferUnits, l.roundingUnits])).toEqual([[7, 5, 0]]);
      // Shortage state untouched, the PO linked: every one of the 7 lines covered once.
      const links = await prisma.purchaseOrderCoverage.findMany({ where: { shop: SHOP }, include: { backorderLine: true } });
      expect(links.map((l) => [l.backorderLine.orderName, l.units, l.purchaseOrderLineId]).sort()).toEqual(
        LATEST.map((o) => [o, 1, po.lines[0].id]).sort(),
      );
      expect(new Set(links.map((l) => l.backorderLine.status))).toEqual(new Set(["backordered"]));
      // Nothing a person has to do, nothing left to send, one attempt that was accepted.
      expect(await prisma.escalation.count({ where: { shop: SHOP } })).toBe(0);
      expect(await prisma.replenishmentOutbox.findMany({ where: { shop: SHOP }, select: { kind: true, status: true, attempts: true } })).toEqual([
        { kind: "submit_purchase_order", status: "done", attempts: 1 },
      ]);
      expect(await prisma.supplierSubmissionAttempt.findMany({ where: { shop: SHOP }, select: { supplierId: true, outcome: true } })).toEqual([{ supplierId: "lumen", outcome: "accepted" }]);
      expect(await prisma.deficitWindow.findMany({ where: { shop: SHOP }, select: { status: true, oversoldUnits: true, orderedUnits: true } })).toEqual([
        { status: "ordered", oversoldUnits: 7, orderedUnits: 7 },
      ]);
    });
  });

  it("lumen's API down: retried with backoff, then ordered from brightco (next eligible, MOQ 20) — no person, nothing doubled", async () => {
    const s = scenario((x) => x.events.unshift({ at: "+0s", type: "supplierDown", supplier: "lumen", until: "+2h" }));
    await replay(s, async (r) => {
      expect(r.purchaseOrders.map((p) => [p.id, p.supplier, p.status, p.lines])).toEqual([
        ["PO-1001", "lumen", "cancelled", [{ sku: "LAMP-BRASS", quantity: 12, unitCost: 31 }]],
        ["PO-1002", "brightco", "submitted", [{ sku: "LAMP-BRASS", quantity: 20, unitCost: 27.5 }]],
      ]);
      const [failed, fallback] = r.purchaseOrders as { createdAt: string; submittedAt?: string; replaces?: string; cancelReason?: string; origin: string }[];
      expect(failed.cancelReason).toMatch(/^Submission failed: no answer after 5 attempts/);
      expect(fallback).toMatchObject({ origin: "fallback", replaces: "PO-1001" });
      // Attempts at +54 s, then 30, 60, 120 and 240 s later: the fifth failure hands over at +504 s.
      expect(fallback.createdAt).toBe(iso("2026-05-01T10:08:24+02:00"));
      expect(fallback.submittedAt).toBe(iso("2026-05-01T10:08:24+02:00"));
      const attempts = await prisma.supplierSubmissionAttempt.findMany({ where: { shop: SHOP }, orderBy: { id: "asc" }, select: { supplierId: true, outcome: true, at: true } });
      expect(attempts.map((a) => [a.supplierId, a.outcome, (a.at.getTime() - Date.parse("2026-05-01T10:00:00+02:00")) / 1000])).toEqual([
        ["lumen", "transient", 54],
        ["lumen", "transient", 84],
        ["lumen", "transient", 144],
        ["lumen", "transient", 264],
        ["lumen", "transient", 504],
        ["brightco", "accepted", 504],
      ]);
      expect(r.escalations).toEqual([]);
      expect(r.metrics.duplicatePurchaseOrders).toBe(0);
      // The 7 units are covered by the live brightco line only.
      const links = await prisma.purchaseOrderCoverage.findMany({ where: { shop: SHOP }, include: { purchaseOrderLine: { include: { purchaseOrder: true } } } });
      expect(links.reduce((n, l) => n + l.units, 0)).toBe(7);
      expect(new Set(links.map((l) => l.purchaseOrderLine.purchaseOrder.number))).toEqual(new Set(["PO-1002"]));
    });
  });

  it("poReceived: the receipt is recorded on the PO and the restock flows back through webhooks, resolving the 7 lines", async () => {
    const s = scenario((x) => {
      x.events.push({ at: "+1d", type: "poReceived", supplier: "lumen", sku: "LAMP-BRASS", quantity: 12 });
      x.events.push({ at: "+1441m", type: "advance" });
    });
    await replay(s, async (r) => {
      expect(r.purchaseOrders.map((p) => [p.id, p.status])).toEqual([["PO-1001", "received"]]);
      expect(r.backorders.map((b) => b.status)).toEqual(Array(7).fill("resolved"));
      expect(r.metrics.autoResolved).toBe(7);
      const line = await prisma.purchaseOrderLine.findFirstOrThrow({ where: { shop: SHOP } });
      expect(line.receivedQuantity).toBe(12);
      // No coverage left to show and no new deficit: 5 units of safety stock are on hand now.
      expect(await prisma.purchaseOrderCoverage.count({ where: { shop: SHOP } })).toBe(0);
      expect(await prisma.deficitWindow.findMany({ where: { shop: SHOP }, select: { status: true, outstandingUnits: true } })).toEqual([{ status: "ordered", outstandingUnits: 0 }]);
      const level = await prisma.inventoryLevel.findFirstOrThrow({ where: { shop: SHOP } });
      expect(level.available).toBe(5);
    });
  });
});
