// Scenario replay fills `allocations` and the matching notifications: two-channel-oversell.json
// with a restock of 3 lamps the next day and lumen's purchase order received two days later. The
// restock reaches the 3 oldest of the 7 waiting orders (equal value and channel service level: age
// decides), the receipt the 4 others; each customer, told of the backorder when the PO went out,
// hears once that their lamp is in stock. Holds follow the shop's default rule in the emulator.
import "../setup/database";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { disconnectPrisma } from "../../app/db.server";
import { createTestDatabase } from "../support/test-database";
import { resolveTime, validateScenario, type Scenario } from "../../app/scenario/scenario-schema";
import { replayScenario, type ScenarioResult } from "../../app/scenario/replay-scenario.server";
import type { ShopifyEmulator } from "../../app/emulator";

const FILE = path.resolve(__dirname, "../../../shared/scenarios/two-channel-oversell.json");
const SHOP = "scenario-replay.myshopify.com";

function scenario(): Scenario {
  const v = validateScenario(JSON.parse(fs.readFileSync(FILE, "utf8")));
  if (!v.ok) throw new Error(v.errors.join("\n"));
  const s = v.scenario;
  s.events.push(
    { at: "+1d", type: "restock", sku: "LAMP-BRASS", location: "berlin", quantity: 3 },
    { at: "+3d", type: "poReceived", supplier: "lumen", sku: "LAMP-BRASS", quantity: 12 },
    { at: "+4d", type: "advance" },
  );
  return s;
}

async function replay<T>(s: Scenario, inspect: (r: ScenarioResult, emulator: ShopifyEmulator) => Promise<T>): Promise<T> {
  const previous = process.env.DATABASE_URL;
  const db = await createTestDatabase();
  await disconnectPrisma();
  process.env.DATABASE_URL = db.url;
  let emulator: ShopifyEmulator | null = null;
  try {
    const result = await replayScenario(s, { onReady: (e) => (emulator = e) });
    return await inspect(result, emulator!);
  } finally {
    await disconnectPrisma();
    process.env.DATABASE_URL = previous;
    await db.drop();
  }
}

describe("scenario replay: allocations", () => {
  it("reports each allocation (order, SKU, units, time) and one 'allocated' notification per customer told", async () => {
    const s = scenario();
    const start = new Date(s.start);
    const waiting = ["EBAY-508", "EBAY-509", "EBAY-510", "WEB-2009", "WEB-2010", "WEB-2011", "WEB-2012"];
    // The 7 waiting orders, oldest first: the restock's 3 units go to the first three.
    const placed = new Map(s.events.flatMap((e) => (e.type === "order" ? [[e.id, resolveTime(e.at, start).getTime()] as const] : [])));
    const oldestFirst = [...waiting].sort((a, b) => placed.get(a)! - placed.get(b)!);
    const restockAt = resolveTime("+1d", start).toISOString();
    const receiptAt = resolveTime("+3d", start).toISOString();
    await replay(s, async (r, emulator) => {
      expect(r.replay.ignoredEvents).toEqual([]);
      expect(r.allocations.map((a) => [a.order, a.sku, a.quantity, a.at]).sort()).toEqual(
        [...oldestFirst.slice(0, 3).map((o) => [o, "LAMP-BRASS", 1, restockAt]), ...oldestFirst.slice(3).map((o) => [o, "LAMP-BRASS", 1, receiptAt])].sort(),
      );
      expect(r.backorders.every((b) => b.status === "resolved")).toBe(true);
      const allocated = r.notifications.filter((n) => n.kind === "allocated");
      expect(allocated.map((n) => [n.order, n.at]).sort()).toEqual(r.allocations.map((a) => [a.order, a.at]).sort());
      expect(r.notifications.filter((n) => n.kind === "first_backorder")).toHaveLength(7);
      // While they waited, only the lamp was held; with stock in, no hold is left on any order.
      const orders = [...emulator.shop(SHOP).orders.values()].filter((o) => waiting.includes(o.name));
      expect(orders.flatMap((o) => o.fulfillmentOrders.flatMap((fo) => fo.holds))).toEqual([]);
    });
  }, 150_000); // a whole scenario replayed: ~40 s on PGlite with CI's other work beside it
});
