import "../setup/database";
import { beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import {
  exportOffersCsv,
  exportSuppliersCsv,
  importOffersCsv,
  importSuppliersCsv,
  listOffers,
  listSuppliers,
  listSuppliersWithPerformance,
  removeOffer,
  removeSupplier,
  saveOffer,
  saveSafetyStock,
  saveSupplier,
} from "../../app/services/replenishment/suppliers.server";
import { getReplenishmentSettings, updateReplenishmentSettings, DEFAULT_REPLENISHMENT_SETTINGS } from "../../app/services/replenishment/settings.server";

let shopN = 0;
let shop = "";
beforeEach(async () => {
  shop = `suppliers-${++shopN}.myshopify.com`;
  await prisma.shop.create({ data: { domain: shop, currency: "EUR", timezone: "Europe/Berlin" } });
});

const SUPPLIERS_HEADER = "id,name,status,channel,email,api_url,currency,timezone,fill_rate,on_time_rate,api_availability";
const OFFERS_HEADER = "sku,supplier,lead_time_days,moq,pack_size,unit_cost,available,currency";

describe("suppliers and offers", () => {
  it("creates, updates, lists and deletes a supplier; every query is scoped by shop", async () => {
    const created = await saveSupplier(shop, { id: "lumen", name: "Lumen GmbH", channel: "api", apiUrl: "https://lumen.example/po", apiKind: "graphql", apiToken: "t0k", timezone: "Europe/Berlin", fillRateSeed: 0.97 });
    expect(created).toMatchObject({ ok: true, value: { id: "lumen", name: "Lumen GmbH", status: "active", channel: "api", apiKind: "graphql", fillRateSeed: 0.97, onTimeRateSeed: null } });
    const updated = await saveSupplier(shop, { id: "lumen", name: "Lumen", channel: "api", apiUrl: "https://lumen.example/po", status: "paused" });
    expect(updated).toMatchObject({ ok: true, value: { name: "Lumen", status: "paused", apiKind: "json" } });
    await prisma.shop.create({ data: { domain: "other.myshopify.com" } });
    await saveSupplier("other.myshopify.com", { id: "lumen", name: "Someone else's Lumen", channel: "email", email: "x@other.example" });
    expect((await listSuppliers(shop)).map((s) => s.name)).toEqual(["Lumen"]);
    expect(await removeSupplier(shop, "lumen")).toEqual({ ok: true, value: true });
    expect(await listSuppliers(shop)).toEqual([]);
    expect((await listSuppliers("other.myshopify.com")).map((s) => s.name)).toEqual(["Someone else's Lumen"]);
  });

  it("refuses invalid suppliers and offers with field-level errors", async () => {
    expect(await saveSupplier(shop, { id: "x y", name: "", channel: "email" })).toEqual({
      ok: false,
      errors: [
        { field: "id", message: "letters, digits, . _ - only" },
        { field: "name", message: "String must contain at least 1 character(s)" },
        { field: "email", message: "is required when the channel is email" },
      ],
    });
    expect(await saveSupplier(shop, { id: "mail", name: "Mail only", channel: "email" })).toEqual({ ok: false, errors: [{ field: "email", message: "is required when the channel is email" }] });
    expect(await saveOffer(shop, { supplierId: "ghost", sku: "A", leadTimeDays: 1, unitCost: 1 })).toEqual({ ok: false, errors: [{ field: "supplierId", message: 'Unknown supplier "ghost"' }] });
    await saveSupplier(shop, { id: "acme", name: "Acme", channel: "email", email: "orders@acme.example" });
    const bad = await saveOffer(shop, { supplierId: "acme", sku: "A", leadTimeDays: -1, unitCost: 1, moq: 0 });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.errors.map((e) => e.field).sort()).toEqual(["leadTimeDays", "moq"]);
    expect(await listOffers(shop)).toEqual([]);
  });

  it("imports suppliers.csv keeping valid rows and naming every bad one, and exports what it stored", async () => {
    const csv = [
      SUPPLIERS_HEADER,
      "lumen,Lumen GmbH,active,api,,https://lumen.example/po,EUR,Europe/Berlin,0.97,,0.999",
      "brightco,BrightCo,Active,email,orders@brightco.example,,,,0.9,0.8,",
      "broken,Broken,sleeping,api,,https://b.example,,,,,",
      "nomail,No Mail,active,email,,,,,,,",
      "lumen,Lumen again,active,api,,https://x.example,,,,,",
      "rated,Rated,active,edi,,,,,1.5,,",
    ].join("\n");
    const r = await importSuppliersCsv(shop, csv);
    expect(r).toEqual({
      imported: 2,
      created: 2,
      updated: 0,
      errors: [
        { line: 4, column: "status", message: "status must be one of active, paused, unavailable" },
        { line: 5, column: "email", message: "email is required when the channel is email" },
        { line: 6, column: "id", message: 'Supplier "lumen" is already defined on line 2' },
        { line: 7, column: "fill_rate", message: "fill_rate must be between 0 and 1 (got 1.5)" },
      ],
    });
    const stored = await listSuppliers(shop);
    expect(stored.map((s) => [s.id, s.name, s.status, s.channel, s.email, s.apiUrl, s.currency, s.timezone, s.fillRateSeed, s.onTimeRateSeed, s.apiAvailabilitySeed])).toEqual([
      ["brightco", "BrightCo", "active", "email", "orders@brightco.example", null, null, null, 0.9, 0.8, null],
      ["lumen", "Lumen GmbH", "active", "api", null, "https://lumen.example/po", "EUR", "Europe/Berlin", 0.97, null, 0.999],
    ]);
    // Round trip: the export re-imports to the same suppliers, as updates.
    const exported = await exportSuppliersCsv(shop);
    expect(exported).toBe(
      `${SUPPLIERS_HEADER}\r\nbrightco,BrightCo,active,email,orders@brightco.example,,,,0.9,0.8,\r\nlumen,Lumen GmbH,active,api,,https://lumen.example/po,EUR,Europe/Berlin,0.97,,0.999\r\n`,
    );
    expect(await importSuppliersCsv(shop, exported)).toEqual({ imported: 2, created: 0, updated: 2, errors: [] });
    expect(await listSuppliers(shop)).toEqual(stored);
  });

  it("keeps what suppliers.csv does not carry (API kind and token) when it updates a supplier", async () => {
    await saveSupplier(shop, { id: "lumen", name: "Lumen", channel: "api", apiUrl: "https://lumen.example/gql", apiKind: "graphql", apiToken: "secret-token" });
    await importSuppliersCsv(shop, `${SUPPLIERS_HEADER}\nlumen,Lumen GmbH,active,api,,https://lumen.example/gql,,,,,\n`);
    const [s] = await listSuppliers(shop);
    expect(s).toMatchObject({ name: "Lumen GmbH", apiKind: "graphql", apiToken: "secret-token" });
  });

  it("seals the API token and the EDI endpoint's token at rest; the app reads them back in plain, and a legacy plain token is sealed on its next write", async () => {
    await saveSupplier(shop, { id: "lumen", name: "Lumen", channel: "api", apiUrl: "https://lumen.example/po", apiToken: "tok_live_lumen" });
    await saveSupplier(shop, { id: "edi", name: "EDI Co", channel: "edi", ediConfig: { transport: "http", url: "https://edi.example/in", token: "edi_secret_9" } });
    const stored = await prisma.supplier.findMany({ where: { shop }, orderBy: { id: "asc" }, select: { id: true, apiToken: true, ediConfig: true } });
    const everything = JSON.stringify(stored);
    expect(everything).not.toContain("tok_live_lumen");
    expect(everything).not.toContain("edi_secret_9");
    expect(stored[0]).toMatchObject({ id: "edi", apiToken: null, ediConfig: { transport: "http", url: "https://edi.example/in", token: expect.stringMatching(/^bp-sealed:v1:/) } });
    expect(stored[1].apiToken).toMatch(/^bp-sealed:v1:/);
    expect((await listSuppliers(shop)).map((x) => [x.id, x.apiToken, (x.ediConfig as { token?: string } | null)?.token ?? null])).toEqual([
      ["edi", null, "edi_secret_9"],
      ["lumen", "tok_live_lumen", null],
    ]);
    // A sealed value copied to another supplier, another field or another shop does not open there:
    // it reads as absent (the pages ask for it again), never as the other supplier's token.
    await prisma.supplier.update({ where: { shop_id: { shop, id: "edi" } }, data: { apiToken: stored[1].apiToken } });
    expect((await listSuppliers(shop)).map((x) => x.apiToken)).toEqual([null, "tok_live_lumen"]);
    await prisma.supplier.update({ where: { shop_id: { shop, id: "edi" } }, data: { apiToken: null, ediConfig: { transport: "http", url: "https://edi.example/in", token: stored[1].apiToken } } });
    expect((await listSuppliers(shop))[0].ediConfig).toEqual({ transport: "http", url: "https://edi.example/in" });
    await prisma.shop.create({ data: { domain: `copy-${shop}` } });
    await prisma.supplier.create({ data: { shop: `copy-${shop}`, id: "lumen", name: "Lumen", status: "active", channel: "api", apiUrl: "https://lumen.example/po", apiToken: stored[1].apiToken, createdAt: new Date(), updatedAt: new Date() } });
    expect((await listSuppliers(`copy-${shop}`))[0].apiToken).toBeNull();
    await saveSupplier(shop, { id: "edi", name: "EDI Co", channel: "edi", ediConfig: { transport: "http", url: "https://edi.example/in", token: "edi_secret_9" } });
    // A token stored before sealing existed reads as itself, and is sealed when the row is next written.
    await prisma.supplier.update({ where: { shop_id: { shop, id: "lumen" } }, data: { apiToken: "tok_legacy" } });
    expect((await listSuppliers(shop)).find((x) => x.id === "lumen")?.apiToken).toBe("tok_legacy");
    await importSuppliersCsv(shop, `${SUPPLIERS_HEADER}\nlumen,Lumen AG,active,api,,https://lumen.example/po,EUR,Europe/Berlin,,,\n`);
    const resealed = await prisma.supplier.findUnique({ where: { shop_id: { shop, id: "lumen" } }, select: { apiToken: true, name: true } });
    expect(resealed?.name).toBe("Lumen AG");
    expect(resealed?.apiToken).toMatch(/^bp-sealed:v1:/);
    expect((await listSuppliers(shop)).find((x) => x.id === "lumen")?.apiToken).toBe("tok_legacy");
  });

  it("imports offers.csv against the shop's suppliers with row errors, and round-trips the export", async () => {
    await saveSupplier(shop, { id: "lumen", name: "Lumen", channel: "api", apiUrl: "https://lumen.example/po" });
    await saveSupplier(shop, { id: "brightco", name: "BrightCo", channel: "email", email: "orders@brightco.example" });
    const csv = [
      OFFERS_HEADER,
      "LAMP-BRASS,lumen,6,10,1,31.0,100,",
      "LAMP-BRASS,brightco,9,20,1,27.5,500,usd",
      "LAMP-BRASS,acme,3,1,1,20,,",
      "SHADE,lumen,soon,1,1,4,,",
      '"SHADE, LINEN",brightco,2.5,,6,4.125,,',
    ].join("\r\n");
    expect(await importOffersCsv(shop, csv)).toEqual({
      imported: 3,
      created: 3,
      updated: 0,
      errors: [
        { line: 4, column: "supplier", message: 'Unknown supplier "acme"' },
        { line: 5, column: "lead_time_days", message: 'lead_time_days must be a number (got "soon")' },
      ],
    });
    const offers = await listOffers(shop);
    expect(offers.map((o) => [o.sku, o.supplierId, o.leadTimeDays, o.moq, o.packSize, o.unitCost, o.available, o.currency])).toEqual([
      ["LAMP-BRASS", "brightco", 9, 20, 1, 27.5, 500, "USD"],
      ["LAMP-BRASS", "lumen", 6, 10, 1, 31, 100, null],
      ["SHADE, LINEN", "brightco", 2.5, 1, 6, 4.125, null, null],
    ]);
    const exported = await exportOffersCsv(shop);
    expect(exported).toBe(
      `${OFFERS_HEADER}\r\nLAMP-BRASS,brightco,9,20,1,27.5,500,USD\r\nLAMP-BRASS,lumen,6,10,1,31,100,\r\n"SHADE, LINEN",brightco,2.5,1,6,4.125,,\r\n`,
    );
    expect(await importOffersCsv(shop, exported)).toEqual({ imported: 3, created: 0, updated: 3, errors: [] });
    expect(await listOffers(shop)).toEqual(offers);
    expect(await removeOffer(shop, "lumen", "LAMP-BRASS")).toBe(true);
    expect((await listOffers(shop)).map((o) => o.supplierId)).toEqual(["brightco", "brightco"]);
  });

  it("refuses to delete a supplier that has purchase orders", async () => {
    await saveSupplier(shop, { id: "lumen", name: "Lumen", channel: "api", apiUrl: "https://lumen.example/po" });
    await prisma.purchaseOrder.create({
      data: { shop, number: "PO-1001", supplierId: "lumen", locationId: 1n, status: "received", currency: "EUR", origin: "manual", evaluations: [], detectedAt: new Date(), createdAt: new Date(), updatedAt: new Date() },
    });
    expect(await removeSupplier(shop, "lumen")).toEqual({ ok: false, errors: [{ field: "id", message: "The supplier has purchase orders: pause it instead" }] });
    expect(await listSuppliers(shop)).toHaveLength(1);
  });

  it("computes performance from the app's own history: typed-in rates only seed it", async () => {
    await saveSupplier(shop, { id: "lumen", name: "Lumen", channel: "api", apiUrl: "https://lumen.example/po", fillRateSeed: 1, apiAvailabilitySeed: 1 });
    const t = new Date("2026-05-01T08:00:00Z");
    const po = await prisma.purchaseOrder.create({
      data: {
        shop, number: "PO-1001", supplierId: "lumen", locationId: 1n, status: "received", currency: "EUR", origin: "auto", evaluations: [],
        detectedAt: t, createdAt: t, submittedAt: t, receivedAt: t, updatedAt: t,
        lines: { create: [{ shop, supplierId: "lumen", inventoryItemId: 1n, locationId: 1n, sku: "A", quantity: 10, customerUnits: 10, bufferUnits: 0, roundingUnits: 0, unitCost: 1, leadTimeDays: 2, receivedQuantity: 5, firstReceivedAt: t }] },
      },
    });
    await prisma.supplierSubmissionAttempt.createMany({
      data: [
        { shop, supplierId: "lumen", purchaseOrderId: po.id, at: t, outcome: "transient" },
        { shop, supplierId: "lumen", purchaseOrderId: po.id, at: t, outcome: "accepted" },
      ],
    });
    const [s] = await listSuppliersWithPerformance(shop);
    // (10 x seed 1 + observed 0.5) / 11; (10 x 1 + 0 + 1) / 12.
    expect(s.performance.fillRate).toBeCloseTo(10.5 / 11, 6);
    expect(s.performance.apiAvailability).toBeCloseTo(11 / 12, 6);
    expect(s.performance.observations).toEqual({ fillRate: 1, onTimeRate: 1, apiAvailability: 2 });
    expect(s.offers).toBe(0);
  });
});

describe("replenishment settings", () => {
  it("reads defaults, validates and stores partial updates", async () => {
    expect(await getReplenishmentSettings(shop)).toEqual(DEFAULT_REPLENISHMENT_SETTINGS);
    const r = await updateReplenishmentSettings(shop, {
      dedupWindowSeconds: 60,
      promiseWindowDays: { default: 10, amazon: 4 },
      supplierWeights: { leadTime: 2, unitCost: 1 },
      slackWebhookUrl: "https://hooks.slack.com/services/T/B/X",
      opsEmails: ["ops@shop.example"],
    });
    expect(r.ok).toBe(true);
    const s = await getReplenishmentSettings(shop);
    expect(s).toMatchObject({
      window: { quietSeconds: 10, maxSeconds: 60 },
      promiseWindowDays: { default: 10, amazon: 4 },
      costDeviationPct: 15,
      slackWebhookUrl: "https://hooks.slack.com/services/T/B/X",
      opsEmails: ["ops@shop.example"],
    });
    expect(s.weights.leadTime).toBeCloseTo(2 / 3, 9);
    expect(s.weights.unitCost).toBeCloseTo(1 / 3, 9);
    expect(s.weights.fillRate).toBe(0);
    expect(await updateReplenishmentSettings(shop, { dedupQuietSeconds: -1, opsEmails: ["nope"], surprise: 1 })).toEqual({
      ok: false,
      errors: [
        { field: "dedupQuietSeconds", message: "Number must be greater than 0" },
        { field: "opsEmails.0", message: "Invalid email" },
        { field: "(settings)", message: "Unrecognized key(s) in object: 'surprise'" },
      ],
    });
    // A refused update changes nothing.
    expect((await getReplenishmentSettings(shop)).window).toEqual({ quietSeconds: 10, maxSeconds: 60 });
    expect(await saveSafetyStock(shop, [{ sku: "LAMP", units: 5 }])).toEqual({ ok: true, value: [{ sku: "LAMP", units: 5 }] });
  });
});
