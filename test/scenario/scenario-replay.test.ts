// `npm run scenario` end to end, in a process of its own (it owns its database and environment).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { validateScenario } from "../../app/scenario/scenario-schema";

const root = path.resolve(__dirname, "../..");
const SCENARIO = path.resolve(root, "../shared/scenarios/two-channel-oversell.json");

function runCli(file: string, out?: string) {
  const args = ["tsx", "scripts/scenario.ts", file, ...(out ? ["--out", out] : [])];
  return spawnSync("npx", args, { cwd: root, encoding: "utf8", env: { ...process.env, DATABASE_URL: process.env.TEST_DB === "postgres" ? "postgresql://postgres@127.0.0.1:5432/postgres" : "" }, timeout: 120_000 });
}

describe("npm run scenario", () => {
  it("replays two-channel-oversell: the 7 latest orders backordered, one deficit", () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scenario-")), "result.json");
    const r = runCli(SCENARIO, out);
    expect(r.status, r.stderr).toBe(0);
    const result = JSON.parse(fs.readFileSync(out, "utf8"));
    const open = result.backorders.filter((b: { status: string }) => b.status === "backordered");
    expect(open.map((b: { order: string }) => b.order).sort()).toEqual(
      ["WEB-2009", "WEB-2010", "WEB-2011", "WEB-2012", "EBAY-508", "EBAY-509", "EBAY-510"].sort(),
    );
    expect(result.backorders).toHaveLength(7);
    for (const b of result.backorders) {
      // Promised on German business days from lumen's PO (test/scenario/two-channel-promises.db.test.ts has the details).
      expect(b).toMatchObject({ sku: "LAMP-BRASS", quantity: 1, status: "backordered", promise: { earliest: "2026-05-15", latest: "2026-05-19" } });
      expect(b.promiseHistory.map((h: { reason: string }) => h.reason)).toEqual(["detected", "po_submitted"]);
      expect(["online_store", "ebay"]).toContain(b.channel);
    }
    // One first notice per backordered order.
    expect(result.notifications.map((n: { kind: string }) => n.kind)).toEqual(Array(7).fill("first_backorder"));
    expect(result.metrics.oversellEvents).toBe(1);
    expect(result.metrics.duplicatePurchaseOrders).toBe(0);
    // One deficit, one purchase order, no person (test/scenario/two-channel-replenishment.db.test.ts has the details).
    expect(result.purchaseOrders.map((p: { supplier: string; lines: unknown[] }) => [p.supplier, p.lines])).toEqual([["lumen", [{ sku: "LAMP-BRASS", quantity: 12, unitCost: 31 }]]]);
    expect(result.escalations).toEqual([]);
    // Detected on the virtual clock: within the scenario's first minute.
    for (const b of result.backorders) expect(Date.parse(b.detectedAt)).toBeLessThan(Date.parse("2026-05-01T10:01:00+02:00"));
  });

  it("rejects an invalid file naming the offending field, exit code 2", () => {
    const bad = JSON.parse(fs.readFileSync(SCENARIO, "utf8"));
    bad.events[3].lines[0].sku = "X";
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "scenario-")), "bad.json");
    fs.writeFileSync(file, JSON.stringify(bad));
    const r = runCli(file);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('events[3].lines[0].sku: unknown SKU "X"');
  });
});

describe("scenario validation", () => {
  const base = () => JSON.parse(fs.readFileSync(SCENARIO, "utf8"));
  it.each([
    [(s: any) => (s.events[0].at = "soon"), "events[0].at"],
    [(s: any) => (s.events[1].type = "refund"), "events[1].type"],
    [(s: any) => (s.products[0].inventory.paris = 3), 'products[0].inventory.paris: unknown location "paris"'],
    [(s: any) => (s.products[0].offers[0].supplier = "acme"), 'products[0].offers[0].supplier: unknown supplier "acme"'],
    [(s: any) => s.events.push({ at: "+1m", type: "cancel", order: "NOPE" }), 'events[23].order: unknown order "NOPE"'],
    [(s: any) => (s.timezone = "Mars/Olympus"), "timezone"],
    [(s: any) => delete s.locations, "locations"],
  ])("names the field path (%#)", (mutate, expected) => {
    const s = base();
    mutate(s);
    const r = validateScenario(s);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.join("\n")).toContain(expected);
  });

  it("accepts the shared example", () => {
    expect(validateScenario(base()).ok).toBe(true);
  });
});
