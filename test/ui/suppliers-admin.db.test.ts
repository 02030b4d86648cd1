// The suppliers screens: list with computed performance vs the typed-in seeds, add/edit with field
// errors, the offers matrix and its cell editor, CSV import (row errors by line and column, valid
// rows kept) and CSV export. Session tokens on every request; shops never see each other's data.
import "../setup/database";
import { beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { findSupplier } from "../../app/models/replenishment/suppliers.server";
import { action as indexAction, loader as indexLoader } from "../../app/routes/app.suppliers._index";
import { action as detailAction, loader as detailLoader } from "../../app/routes/app.suppliers.$id";
import { loader as exportLoader } from "../../app/routes/app.export.$file";
import { adminRequest, storeOfflineSession } from "../support/admin-request";
import { adminJson, adminMultipart, answer } from "../support/admin-action";
import { callAction, callLoader } from "../support/call-route";
import { createShop, skus } from "../replenishment/support";

const A = "suppliers-admin-a.myshopify.com";
const B = "suppliers-admin-b.myshopify.com";
const [LAMP, MUG] = skus(2);

type Index = Awaited<ReturnType<typeof indexLoader>>;
type Detail = Awaited<ReturnType<typeof detailLoader>>;
type Answer = { ok: boolean; message?: string; error?: string; status?: number; supplierId?: string; fieldErrors?: Record<string, string>; report?: unknown };
const index = (shop: string, qs = "") => callLoader(indexLoader, adminRequest(shop, `/app/suppliers${qs}`)) as Promise<Index>;
const detail = (shop: string, id: string, qs = "") => callLoader(detailLoader, adminRequest(shop, `/app/suppliers/${id}${qs}`), { id }) as Promise<Detail>;
const post = async (shop: string, body: unknown) => answer<Answer>(await callAction(indexAction, adminJson(shop, "/app/suppliers", body)));
const postDetail = async (shop: string, id: string, body: unknown) => answer<Answer>(await callAction(detailAction, adminJson(shop, `/app/suppliers/${id}`, body), { id }));
const upload = async (shop: string, kind: string, name: string, csv: string | null) => {
  const form = new FormData();
  form.set("kind", kind);
  if (csv !== null) form.set("file", new File([csv], name, { type: "text/csv" }));
  return answer<Answer>(await callAction(indexAction, await adminMultipart(shop, "/app/suppliers?tab=import", form)));
};

const LUMEN = {
  id: "lumen",
  name: "Lumen GmbH",
  status: "active",
  channel: "api",
  apiUrl: "https://api.lumen.example/po",
  apiKind: "json",
  apiToken: "s3cret",
  currency: "EUR",
  timezone: "Europe/Berlin",
  fillRateSeed: "92",
  onTimeRateSeed: "",
  apiAvailabilitySeed: "99.5",
};

beforeAll(async () => {
  for (const shop of [A, B]) await storeOfflineSession(shop);
  await createShop(A, [LAMP, MUG]);
});

describe("suppliers", () => {
  it("refuses an invalid supplier with field errors, and saves nothing", async () => {
    const missing = await post(A, { intent: "create-supplier", values: { ...LUMEN, id: "", name: "" } });
    expect(missing).toMatchObject({ status: 400, body: { ok: false, fieldErrors: { id: "String must contain at least 1 character(s)", name: "String must contain at least 1 character(s)" } } });
    const rate = await post(A, { intent: "create-supplier", values: { ...LUMEN, fillRateSeed: "120" } });
    expect(rate).toMatchObject({ status: 400, body: { fieldErrors: { fillRateSeed: "Fill rate must be a percentage between 0 and 100" } } });
    const email = await post(A, { intent: "create-supplier", values: { ...LUMEN, channel: "email", apiUrl: "" } });
    expect(email).toMatchObject({ status: 400, body: { fieldErrors: { email: "is required when the channel is email" } } });
    const currency = await post(A, { intent: "create-supplier", values: { ...LUMEN, currency: "EURO" } });
    expect(currency).toMatchObject({ status: 400, body: { fieldErrors: { currency: "must be a 3-letter ISO 4217 code" } } });
    expect(await prisma.supplier.count({ where: { shop: A } })).toBe(0);
  });

  it("adds a supplier and lists it with computed rates beside the typed-in seeds; the id is unique per shop", async () => {
    expect(await post(A, { intent: "create-supplier", values: LUMEN })).toEqual({ status: 200, body: { ok: true, message: "Supplier Lumen GmbH added", supplierId: "lumen" } });
    expect(await post(A, { intent: "create-supplier", values: { ...LUMEN, name: "Other" } })).toMatchObject({ status: 409, body: { fieldErrors: { id: "is already used by another supplier" } } });
    // Another shop may use the same code.
    expect(await post(B, { intent: "create-supplier", values: { ...LUMEN, name: "B's Lumen" } })).toMatchObject({ status: 200 });
    const { screen } = await index(A);
    expect(screen.suppliers.map((s) => [s.id, s.name, s.channel, s.status, s.currency, s.offers])).toEqual([["lumen", "Lumen GmbH", "api", "active", "EUR", 0]]);
    const [lumen] = screen.suppliers;
    expect(lumen.fillRate).toEqual({ computed: 0.92, seed: 0.92, defaultSeed: 0.9, observations: 0 });
    expect(lumen.onTimeRate).toEqual({ computed: 0.85, seed: null, defaultSeed: 0.85, observations: 0 });
    expect(lumen.apiAvailability).toEqual({ computed: 0.995, seed: 0.995, defaultSeed: 0.95, observations: 0 });
    expect((await index(B)).screen.suppliers.map((s) => s.name)).toEqual(["B's Lumen"]);
  });

  it("edits a supplier on its page: a blank token keeps the stored one, which never reaches the browser", async () => {
    const page = await detail(A, "lumen");
    expect(page.detail.form).toMatchObject({ id: "lumen", name: "Lumen GmbH", apiToken: "", fillRateSeed: "92", apiAvailabilitySeed: "99.5" });
    expect(page.detail.hasApiToken).toBe(true);
    expect(JSON.stringify(page)).not.toContain("s3cret");
    expect(await postDetail(A, "lumen", { intent: "update-supplier", values: { ...page.detail.form, name: "Lumen Lighting", status: "paused" } })).toEqual({
      status: 200,
      body: { ok: true, message: "Supplier Lumen Lighting saved", supplierId: "lumen" },
    });
    // (Stored sealed; the app reads it back in plain.)
    expect(await findSupplier(A, "lumen")).toMatchObject({ name: "Lumen Lighting", status: "paused", apiToken: "s3cret" });
    expect((await prisma.supplier.findUniqueOrThrow({ where: { shop_id: { shop: A, id: "lumen" } } })).apiToken).toMatch(/^bp-sealed:v1:/);
    await postDetail(A, "lumen", { intent: "update-supplier", values: { ...page.detail.form, name: "Lumen Lighting", status: "active" } });
  });

  it("another shop's supplier: 404 from the page and its actions, nothing changes; a GET never deletes", async () => {
    await prisma.supplier.deleteMany({ where: { shop: B } });
    const res = await detail(B, "lumen").catch((e) => e);
    expect((res as Response).status).toBe(404);
    expect(await postDetail(B, "lumen", { intent: "update-supplier", values: { ...LUMEN, name: "Hijacked" } })).toEqual({ status: 404, body: { ok: false, status: 404, error: "Supplier not found" } });
    expect(await postDetail(B, "lumen", { intent: "delete-supplier" })).toEqual({ status: 404, body: { ok: false, status: 404, error: "Supplier not found" } });
    await detail(A, "lumen", "?intent=delete-supplier");
    await index(A, "?intent=delete-supplier&supplierId=lumen");
    expect((await prisma.supplier.findUniqueOrThrow({ where: { shop_id: { shop: A, id: "lumen" } } })).name).toBe("Lumen Lighting");
  });
});

describe("offers matrix", () => {
  it("adds and edits offers with field errors; the matrix shows SKU rows by supplier columns", async () => {
    await post(A, { intent: "create-supplier", values: { ...LUMEN, id: "bright", name: "BrightCo", apiToken: "", fillRateSeed: "" } });
    const bad = await post(A, { intent: "save-offer", values: { supplierId: "lumen", sku: LAMP.sku, leadTimeDays: "3", moq: "0", packSize: "1", unitCost: "" } });
    expect(bad).toMatchObject({ status: 400, body: { fieldErrors: { moq: "MOQ must be a whole number of at least 1", unitCost: "Unit cost is required" } } });
    const ghost = await post(A, { intent: "save-offer", values: { supplierId: "ghost", sku: LAMP.sku, leadTimeDays: "3", moq: "1", packSize: "1", unitCost: "4" } });
    expect(ghost).toEqual({ status: 400, body: { ok: false, status: 400, error: 'Unknown supplier "ghost"', fieldErrors: { supplierId: 'Unknown supplier "ghost"' } } });
    // B cannot add offers to A's supplier.
    expect(await post(B, { intent: "save-offer", values: { supplierId: "lumen", sku: LAMP.sku, leadTimeDays: "3", moq: "1", packSize: "1", unitCost: "4" } })).toMatchObject({ status: 400 });
    const offer = { supplierId: "lumen", sku: LAMP.sku, leadTimeDays: "3", moq: "5", packSize: "5", unitCost: "12.5", currency: "", available: "40", supplierSku: "LU-1", lastUnitCostSeed: "12" };
    expect(await post(A, { intent: "save-offer", values: offer })).toEqual({ status: 200, body: { ok: true, message: `Added the offer of lumen for ${LAMP.sku}` } });
    expect(await post(A, { intent: "save-offer", values: { ...offer, leadTimeDays: "4", available: "" } })).toEqual({ status: 200, body: { ok: true, message: `Saved the offer of lumen for ${LAMP.sku}` } });
    await post(A, { intent: "save-offer", values: { supplierId: "bright", sku: LAMP.sku, leadTimeDays: "6", moq: "1", packSize: "1", unitCost: "11" } });
    await post(A, { intent: "save-offer", values: { supplierId: "bright", sku: MUG.sku, leadTimeDays: "2", moq: "1", packSize: "1", unitCost: "3" } });

    const { screen } = await index(A, "?tab=offers");
    const m = screen.matrix!;
    expect(m.suppliers.map((s) => s.id)).toEqual(["bright", "lumen"]);
    expect(m.rows.map((r) => [r.sku, r.title, Object.keys(r.offers).sort()])).toEqual([
      [LAMP.sku, `Item ${LAMP.sku}`, ["bright", "lumen"]],
      [MUG.sku, `Item ${MUG.sku}`, ["bright"]],
    ]);
    expect(m.rows[0].offers.lumen).toEqual({ supplierId: "lumen", sku: LAMP.sku, leadTimeDays: 4, moq: 5, packSize: 5, unitCost: 12.5, currency: "EUR", available: null, supplierSku: "LU-1", lastUnitCostSeed: 12 });
    expect((await index(A, `?tab=offers&q=${MUG.sku}`)).screen.matrix!.rows.map((r) => r.sku)).toEqual([MUG.sku]);
    expect((await index(B, "?tab=offers")).screen.matrix).toMatchObject({ rows: [], total: 0 });
    expect((await index(A)).screen.suppliers.map((s) => [s.id, s.offers])).toEqual([
      ["bright", 2],
      ["lumen", 1],
    ]);
  });

  it("a supplier's page edits only its own offers; removing an offer twice finds nothing the second time", async () => {
    expect(await postDetail(A, "lumen", { intent: "delete-offer", supplierId: "bright", sku: MUG.sku })).toEqual({
      status: 400,
      body: { ok: false, status: 400, error: "This page edits its own supplier's offers only" },
    });
    expect(await post(A, { intent: "delete-offer", supplierId: "bright", sku: MUG.sku })).toEqual({ status: 200, body: { ok: true, message: `Removed the offer of bright for ${MUG.sku}` } });
    expect(await post(A, { intent: "delete-offer", supplierId: "bright", sku: MUG.sku })).toEqual({ status: 404, body: { ok: false, status: 404, error: "Offer not found" } });
    expect((await detail(A, "bright")).detail.offers.map((o) => o.sku)).toEqual([LAMP.sku]);
  });
});

describe("CSV import and export", () => {
  it("imports the valid rows of suppliers.csv and reports each bad one by line and column", async () => {
    const csv = [
      "id,name,status,channel,email,api_url,currency,timezone,fill_rate,on_time_rate,api_availability",
      "terra,Terra Ceramics,active,email,orders@terra.example,,USD,,0.9,,",
      "broken,,active,fax,,,,,,,",
      "north,Northwind Textiles,active,api,,https://north.example/po,,,,1.5,",
      "lumen,Lumen GmbH,active,api,,https://api.lumen.example/v2,EUR,Europe/Berlin,0.93,,",
    ].join("\n");
    const r = await upload(A, "suppliers", "suppliers.csv", csv);
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ ok: true, message: "2 supplier row(s) imported (1 new, 1 updated); 3 row error(s)" });
    expect(r.body.report).toEqual({
      kind: "suppliers",
      fileName: "suppliers.csv",
      imported: 2,
      created: 1,
      updated: 1,
      errors: [
        { line: 3, column: "name", message: "name is required" },
        { line: 3, column: "channel", message: "channel must be one of api, email, edi" },
        { line: 4, column: "on_time_rate", message: "on_time_rate must be between 0 and 1 (got 1.5)" },
      ],
    });
    expect((await prisma.supplier.findMany({ where: { shop: A }, orderBy: { id: "asc" } })).map((s) => s.id)).toEqual(["bright", "lumen", "terra"]);
    // The import keeps what the CSV does not carry (the API token).
    expect(await findSupplier(A, "lumen")).toMatchObject({ apiUrl: "https://api.lumen.example/v2", apiToken: "s3cret", fillRateSeed: 0.93 });
    expect(await prisma.supplier.count({ where: { shop: B } })).toBe(0);
  });

  it("imports offers.csv: an unknown supplier is a row error naming line and column", async () => {
    const csv = ["sku,supplier,lead_time_days,moq,pack_size,unit_cost,available,currency", `${MUG.sku},terra,5,6,6,3.2,,`, `${MUG.sku},ghost,5,1,1,3,,`, `${LAMP.sku},terra,x,1,1,9,,`].join("\r\n");
    const r = await upload(A, "offers", "offers.csv", csv);
    expect(r.body).toMatchObject({ ok: true, message: "1 offer row(s) imported (1 new, 0 updated); 2 row error(s)" });
    expect(r.body.report).toEqual({
      kind: "offers",
      fileName: "offers.csv",
      imported: 1,
      created: 1,
      updated: 0,
      errors: [
        { line: 3, column: "supplier", message: 'Unknown supplier "ghost"' },
        { line: 4, column: "lead_time_days", message: 'lead_time_days must be a number (got "x")' },
      ],
    });
    expect((await prisma.supplierOffer.findMany({ where: { shop: A, supplierId: "terra" } })).map((o) => [o.sku, o.moq, Number(o.unitCost)])).toEqual([[MUG.sku, 6, 3.2]]);
  });

  it("refuses an upload without a file or of an unknown kind", async () => {
    expect(await upload(A, "offers", "offers.csv", null)).toEqual({ status: 400, body: { ok: false, error: "Choose a CSV file", fieldErrors: { file: "Choose a CSV file" } } });
    expect(await upload(A, "invoices", "x.csv", "a,b\n")).toEqual({ status: 400, body: { ok: false, error: "Choose what to import", fieldErrors: { kind: "Choose suppliers or offers" } } });
  });

  it("exports each shop's own suppliers and offers as CSV downloads", async () => {
    const res = (await callLoader(exportLoader, adminRequest(A, "/app/export/suppliers.csv"), { file: "suppliers.csv" })) as Response;
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(res.headers.get("content-disposition")).toBe('attachment; filename="suppliers.csv"');
    const lines = (await res.text()).trim().split(/\r?\n/);
    expect(lines[0]).toBe("id,name,status,channel,email,api_url,currency,timezone,fill_rate,on_time_rate,api_availability");
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(["bright", "lumen", "terra"]);
    const offers = (await callLoader(exportLoader, adminRequest(A, "/app/export/offers.csv"), { file: "offers.csv" })) as Response;
    expect(offers.headers.get("content-disposition")).toBe('attachment; filename="offers.csv"');
    expect((await offers.text()).trim().split(/\r?\n/).slice(1)).toEqual([`${LAMP.sku},bright,6,1,1,11,,`, `${LAMP.sku},lumen,4,5,5,12.5,,`, `${MUG.sku},terra,5,6,6,3.2,,`]);
    const other = (await callLoader(exportLoader, adminRequest(B, "/app/export/offers.csv"), { file: "offers.csv" })) as Response;
    expect((await other.text()).trim().split(/\r?\n/)).toEqual(["sku,supplier,lead_time_days,moq,pack_size,unit_cost,available,currency"]);
    const missing = await callLoader(exportLoader, adminRequest(A, "/app/export/orders.csv"), { file: "orders.csv" }).catch((e) => e);
    expect((missing as Response).status).toBe(404);
  });
});
