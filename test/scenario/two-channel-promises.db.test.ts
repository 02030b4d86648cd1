// two-channel-oversell.json replayed in-process: every backordered line is promised a window on the
// shop's business days (Europe/Berlin, German public holidays), never starting before the
// supplier's lead time plus receiving and processing; every range given is in its history; each
// customer gets exactly one first notice (with the PO's window, not the minute-old guess before it),
// and the shopper-facing metafields hold the same windows.
import "../setup/database";
import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import prisma, { disconnectPrisma } from "../../app/db.server";
import { createTestDatabase } from "../support/test-database";
import { validateScenario, type Scenario } from "../../app/scenario/scenario-schema";
import { replayScenario, type ScenarioResult } from "../../app/scenario/replay-scenario.server";
import type { ShopifyEmulator } from "../../app/emulator";
import { createBusinessCalendar, type LocalDate } from "../../app/domain/calendar";

const FILE = path.resolve(__dirname, "../../../shared/scenarios/two-channel-oversell.json");
const SHOP = "scenario-replay.myshopify.com";
const LATEST = ["EBAY-508", "EBAY-509", "EBAY-510", "WEB-2009", "WEB-2010", "WEB-2011", "WEB-2012"];
const EMAIL: Record<string, string> = {
  "EBAY-508": "ebay7@example.com",
  "EBAY-509": "ebay8@example.com",
  "EBAY-510": "ebay9@example.com",
  "WEB-2009": "web8@example.com",
  "WEB-2010": "web9@example.com",
  "WEB-2011": "web10@example.com",
  "WEB-2012": "web11@example.com",
};
const berlin = createBusinessCalendar({ timeZone: "Europe/Berlin", country: "DE" });
const iso = (s: string) => new Date(s).toISOString();

function scenario(patch: (s: Scenario) => void = () => {}): Scenario {
  const v = validateScenario(JSON.parse(fs.readFileSync(FILE, "utf8")));
  if (!v.ok) throw new Error(v.errors.join("\n"));
  patch(v.scenario);
  return v.scenario;
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

describe("two-channel-oversell.json: promises", () => {
  it("promises every backordered line a window of German business days from lumen's lead time + receiving + processing", async () => {
    await replay(scenario(), async (r, emulator) => {
      expect(r.backorders.map((b) => b.order).sort()).toEqual(LATEST);
      // Lumen's PO went out on Friday 1 May (a public holiday in Germany: Labour Day). Its stated 6
      // days, with nothing learned yet, run 6-8 business days from Monday 4 May; Ascension Day
      // (Thursday 14 May) is closed. Receipt 12-15 May, + 1 receiving + 1 processing day.
      const lead = 6;
      const floor = berlin.addBusinessDays("2026-05-01", lead + 1 + 1);
      expect(floor).toBe("2026-05-15");
      for (const b of r.backorders) {
        expect(b.promise, b.order).toEqual({ earliest: "2026-05-15", latest: "2026-05-19" });
        expect(b.promise!.earliest >= floor).toBe(true);
        expect(berlin.isBusinessDay(b.promise!.earliest as LocalDate) && berlin.isBusinessDay(b.promise!.latest as LocalDate)).toBe(true);
        // Every range given, oldest first: brightco's 9 days while the deficit window collected
        // oversells (the slower of the two offers inside the promise window: the conservative
        // guess), then lumen's PO once it went out at +54 s.
        expect(b.promiseHistory, b.order).toEqual([
          { at: b.detectedAt, earliest: "2026-05-20", latest: "2026-05-26", reason: "detected" },
          { at: iso("2026-05-01T10:00:54+02:00"), earliest: "2026-05-15", latest: "2026-05-19", reason: "po_submitted" },
        ]);
      }
      // One first notice per customer, sent when the PO's window was known (not the guess before it).
      expect(r.notifications.map((n) => [n.order, n.to, n.kind, n.at]).sort()).toEqual(
        LATEST.map((o) => [o, EMAIL[o], "first_backorder", iso("2026-05-01T10:00:54+02:00")]).sort(),
      );
      const notices = await prisma.customerNotice.findMany({ where: { shop: SHOP }, select: { kind: true, status: true, data: true } });
      expect(notices).toHaveLength(7);
      for (const n of notices) {
        expect(n).toMatchObject({ kind: "first_backorder", status: "sent" });
        expect(n.data).toMatchObject({ delayed: [{ quantity: 1, window: { earliest: "2026-05-15", latest: "2026-05-19" } }], onTrack: [], nextUpdateBy: "2026-05-20" });
      }
      // The shopper-facing metafields, as written through the Admin API to the emulated shop.
      const shop = emulator.shop(SHOP);
      const ns = emulator.appNamespace;
      const variantWindow = shop.metafields.filter((m) => m.namespace === ns && m.key === "backorder_window");
      expect(variantWindow.map((m) => JSON.parse(m.value))).toEqual([{ v: 1, earliest: "2026-05-15", latest: "2026-05-19" }]);
      const orderPromises = shop.metafields.filter((m) => m.namespace === ns && m.key === "line_promises");
      expect(orderPromises).toHaveLength(7);
      for (const m of orderPromises) {
        const value = JSON.parse(m.value);
        expect(Object.values(value.lines)).toEqual([{ earliest: "2026-05-15", latest: "2026-05-19", status: "backordered" }]);
      }
      expect(shop.metafieldDefinitions.map((d) => [d.ownerType, d.key, d.type, d.access])).toEqual([
        ["PRODUCTVARIANT", "backorder_window", "json", { admin: "MERCHANT_READ", storefront: "PUBLIC_READ", customerAccount: "NONE" }],
        ["ORDER", "line_promises", "json", { admin: "MERCHANT_READ", storefront: "NONE", customerAccount: "READ" }],
      ]);
      expect((await prisma.shop.findUniqueOrThrow({ where: { domain: SHOP } })).country).toBe("DE");
    });
  });
});
