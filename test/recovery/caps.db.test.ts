// Oversell caps and eligibility through the emulator: at the cap the variant stops selling (its
// inventory policy flipped to DENY with productVariantsBulkUpdate, once), it resumes (CONTINUE)
// only once stock or an open purchase order makes real room (hysteresis), a channel rule acts on
// the whole variant (Shopify has one switch: the strictest rule wins), and variants no rule names
// are never touched.
import "../setup/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecoveryHarness, type RecoveryHarness } from "./support";

let h: RecoveryHarness;
beforeAll(async () => {
  h = await startRecoveryHarness(new Date("2026-06-01T14:00:00Z"));
});
afterAll(async () => {
  await h.stop();
});

const { updateRecoverySettings } = await import("../../app/services/recovery/settings.server");
const { shopsWithDueRecovery } = await import("../../app/services/recovery/run.server");

const products = [
  { title: "Lamp", variants: [{ sku: "LAMP", price: 40, inventoryPolicy: "CONTINUE" as const, inventory: { Main: 1 } }] },
  { title: "Hero", variants: [{ sku: "HERO", price: 90, inventoryPolicy: "CONTINUE" as const, inventory: { Main: 0 } }] },
  { title: "Plate", variants: [{ sku: "PLATE", price: 10, inventoryPolicy: "CONTINUE" as const, inventory: { Main: 0 } }] },
];

const policy = (shop: string, sku: string) => h.emulator.shop(shop).variantBySku(sku)!.inventoryPolicy;
const mirrored = async (shop: string, sku: string) => (await h.prisma.inventoryItem.findFirstOrThrow({ where: { shop, sku } })).inventoryPolicy;
const flips = (shop: string) => h.operations.filter((o) => o.name === "BackorderPilotSetInventoryPolicy").map((o) => (o.variables?.variants as { inventoryPolicy: string }[])[0].inventoryPolicy);

describe("oversell caps", () => {
  it("stops selling at the cap, resumes only with real room (stock or an open PO), each flip sent once", async () => {
    const { shop, locations, variants } = await h.shop(products);
    // LAMP may be sold 3 below zero; selling resumes once at most 1 unit is uncovered (margin 2).
    expect((await updateRecoverySettings(shop, { holdRule: "off", capRules: [{ sku: "LAMP", channel: null, eligible: true, maxUnits: 3, resumeMargin: 2 }] })).ok).toBe(true);
    h.operations.length = 0;
    const sell = async (n: number) => {
      for (let i = 0; i < n; i++) h.emulator.placeOrder(shop, { channel: "web", lines: [{ sku: "LAMP", quantity: 1 }] });
      await h.deliver();
    };
    await sell(3); // 2 below zero: within the cap
    await h.recover(shop);
    expect(flips(shop)).toEqual([]);
    expect(await h.prisma.variantCap.findMany({ where: { shop } })).toEqual([expect.objectContaining({ sku: "LAMP", policy: "CONTINUE", reason: "within_cap", uncoveredUnits: 2, resumeAt: 1 })]);

    await sell(1); // 3 below zero: at the cap
    await h.recover(shop);
    await h.recover(shop);
    expect(flips(shop)).toEqual(["DENY"]);
    expect(policy(shop, "LAMP")).toBe("DENY");
    // products/update came back: the mirror says DENY too.
    expect(await mirrored(shop, "LAMP")).toBe("DENY");

    // One unit back in stock: 2 uncovered, still more than the resume point — stays stopped.
    h.emulator.restock(shop, { sku: "LAMP", location: locations.Main, quantity: 1 });
    await h.deliver();
    await h.recover(shop);
    expect(flips(shop)).toEqual(["DENY"]);
    expect((await h.prisma.variantCap.findFirstOrThrow({ where: { shop } })).reason).toBe("waiting_for_room");

    // A purchase order with 1 unit on its way: 1 uncovered — room restored, selling resumes.
    h.clock.advance(60_000);
    const now = h.clock.now();
    await h.prisma.supplier.create({ data: { shop, id: "acme", name: "Acme", status: "active", channel: "email", createdAt: now, updatedAt: now } });
    await h.prisma.purchaseOrder.create({
      data: {
        shop, number: "PO-1", supplierId: "acme", locationId: BigInt(locations.Main), status: "submitted", currency: "USD", origin: "auto", evaluations: [], detectedAt: now, createdAt: now, updatedAt: now,
        lines: { create: [{ shop, supplierId: "acme", inventoryItemId: BigInt(variants.LAMP.inventoryItemId), locationId: BigInt(locations.Main), sku: "LAMP", quantity: 1, customerUnits: 1, bufferUnits: 0, roundingUnits: 0, unitCost: 5, leadTimeDays: 3 }] },
      },
    });
    // A purchase order changed since the last check: the caps are checked again (no stock moved).
    expect(await shopsWithDueRecovery(h.clock.now())).toContain(shop);
    await h.recover(shop);
    await h.recover(shop);
    expect(flips(shop)).toEqual(["DENY", "CONTINUE"]);
    expect(policy(shop, "LAMP")).toBe("CONTINUE");
    expect((await h.prisma.variantCap.findFirstOrThrow({ where: { shop } })).reason).toBe("room_restored");
    // Variants no rule names keep the merchant's policy.
    expect([policy(shop, "HERO"), policy(shop, "PLATE")]).toEqual(["CONTINUE", "CONTINUE"]);
  });

  it("a channel that may not backorder stops the variant (one switch per variant), except the SKU allowed there", async () => {
    const { shop } = await h.shop(products);
    expect(
      (
        await updateRecoverySettings(shop, {
          holdRule: "off",
          capRules: [
            { sku: null, channel: "amazon", eligible: false, maxUnits: null },
            { sku: "HERO", channel: "amazon", eligible: true, maxUnits: 5 },
          ],
        })
      ).ok,
    ).toBe(true);
    h.operations.length = 0;
    await h.recover(shop);
    const caps = await h.prisma.variantCap.findMany({ where: { shop }, orderBy: { sku: "asc" } });
    expect(caps.map((c) => [c.sku, c.policy, c.reason, c.channel])).toEqual([
      ["HERO", "CONTINUE", "within_cap", "amazon"],
      ["LAMP", "DENY", "not_eligible", "amazon"],
      ["PLATE", "DENY", "not_eligible", "amazon"],
    ]);
    expect(flips(shop).sort()).toEqual(["DENY", "DENY"]);
    expect([policy(shop, "HERO"), policy(shop, "LAMP"), policy(shop, "PLATE")]).toEqual(["CONTINUE", "DENY", "DENY"]);
    // Checked again with nothing moved: nothing more is sent.
    await h.prisma.recoveryShopState.update({ where: { shop }, data: { capsDirty: true } });
    await h.recover(shop);
    expect(flips(shop)).toHaveLength(2);

    // The rules removed: the app stops managing the variants (it does not flip them back on its own).
    expect((await updateRecoverySettings(shop, { capRules: [] })).ok).toBe(true);
    await h.recover(shop);
    expect(await h.prisma.variantCap.count({ where: { shop } })).toBe(0);
    expect(flips(shop)).toHaveLength(2);
  });

  it("refuses cap rules that contradict themselves, naming the field", async () => {
    const { shop } = await h.shop(products);
    const r = await updateRecoverySettings(shop, {
      capRules: [
        { sku: "LAMP", channel: null, eligible: true, maxUnits: 2, resumeMargin: 5 },
        { sku: "LAMP", channel: null, eligible: true, maxUnits: 3 },
        { sku: "HERO", channel: null, eligible: false, maxUnits: 4 },
      ],
    });
    expect(r).toEqual({
      ok: false,
      errors: [
        { field: "capRules.1", message: "Another rule already covers this SKU and channel" },
        { field: "capRules.0.resumeMargin", message: "The resume margin cannot exceed the cap" },
        { field: "capRules.2.maxUnits", message: "A SKU that may not be backordered has no cap" },
      ],
    });
    expect(await h.prisma.capRule.count({ where: { shop } })).toBe(0);
  });
});
