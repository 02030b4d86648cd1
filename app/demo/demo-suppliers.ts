// The demo shop's supplier matrix: its five vendors as suppliers on every submission channel, each
// SKU offered by its own vendor (ordered before: no escalation) and by one or two alternates (slower,
// dearer, limited capacity, never ordered from: choosing one needs a person). Where each supplier's
// endpoint lives is given by the caller (the local stand-ins). Pure: `random` is injected.
import type { SeedProduct } from "../emulator";
import type { SupplierBehaviour } from "../stand-ins";
import type { OfferInput, SupplierInput } from "../services/replenishment/suppliers.server";
import type { ReplenishmentSettingsInput } from "../services/replenishment/settings.server";

export type DemoSupplierSpec = {
  id: string;
  /** The vendor name on the demo's products. */
  name: string;
  channel: "api" | "email" | "edi";
  apiKind?: "json" | "graphql";
  /** How the API / EDI stand-in answers (email suppliers have none). */
  behaviour?: SupplierBehaviour;
  /** What the demo shows with this supplier. */
  story: string;
  timezone: string;
  seeds: { fillRate: number; onTimeRate: number; apiAvailability: number };
  /** Lead time of its own products, days. */
  leadTimeDays: number;
  alternates: string[];
};

export const DEMO_SUPPLIER_SPECS: DemoSupplierSpec[] = [
  {
    id: "lumen",
    name: "Lumen GmbH",
    channel: "api",
    apiKind: "json",
    behaviour: { mode: "up", etaDays: 5, token: "demo-lumen-token" },
    story: "JSON API; confirms every order with a delivery date",
    timezone: "Europe/Berlin",
    seeds: { fillRate: 0.96, onTimeRate: 0.92, apiAvailability: 0.99 },
    leadTimeDays: 4,
    alternates: ["brightco", "oakline"],
  },
  {
    id: "brightco",
    name: "BrightCo",
    channel: "api",
    apiKind: "json",
    // Its first six requests fail with 503: the first orders are retried, then handed to the next
    // supplier (new for the SKU: an escalation); after that it answers again.
    behaviour: { mode: "flaky", failFirst: 6, etaDays: 7, token: "demo-brightco-token" },
    story: "Flaky JSON API: answers 503 at first (retries, fallback, escalation)",
    timezone: "America/Chicago",
    seeds: { fillRate: 0.9, onTimeRate: 0.82, apiAvailability: 0.97 },
    leadTimeDays: 3,
    alternates: ["lumen", "terra"],
  },
  {
    id: "oakline",
    name: "Oakline Furniture",
    channel: "edi",
    behaviour: { mode: "up" },
    story: "EDI X12 850 over HTTP",
    timezone: "America/Los_Angeles",
    seeds: { fillRate: 0.93, onTimeRate: 0.88, apiAvailability: 0.98 },
    leadTimeDays: 5,
    alternates: ["northwind", "terra"],
  },
  {
    id: "terra",
    name: "Terra Ceramics",
    channel: "email",
    story: "Purchase orders by email (see the demo mailbox)",
    timezone: "Europe/Lisbon",
    seeds: { fillRate: 0.91, onTimeRate: 0.86, apiAvailability: 0.99 },
    leadTimeDays: 3,
    alternates: ["oakline", "northwind"],
  },
  {
    id: "northwind",
    name: "Northwind Textiles",
    channel: "api",
    apiKind: "graphql",
    behaviour: { mode: "up", token: "demo-northwind-token" },
    story: "GraphQL API; submitted, no date until it confirms",
    timezone: "America/New_York",
    seeds: { fillRate: 0.94, onTimeRate: 0.9, apiAvailability: 0.98 },
    leadTimeDays: 5,
    alternates: ["terra", "oakline"],
  },
];

export const DEMO_OPS_EMAIL = "ops@backorder-pilot-demo.example";
export const DEMO_PURCHASING_EMAIL = "Backorder Pilot Demo Purchasing <purchasing@backorder-pilot-demo.example>";
/** A hot SKU whose supplier raised its price by a quarter since the last order: a cost-deviation escalation. */
export const DEMO_PRICE_RISE_SKUS = ["MUG-SPECKLED-S"];

export type DemoEndpoints = {
  jsonUrl(id: string): string;
  graphqlUrl(id: string): string;
  ediUrl(id: string): string;
};

export function demoSuppliers(endpoints: DemoEndpoints): SupplierInput[] {
  return DEMO_SUPPLIER_SPECS.map((s) => ({
    id: s.id,
    name: s.name,
    status: "active",
    channel: s.channel,
    contactName: `${s.name} orders desk`,
    email: `orders@${s.id}.example`,
    apiUrl: s.channel === "api" ? (s.apiKind === "graphql" ? endpoints.graphqlUrl(s.id) : endpoints.jsonUrl(s.id)) : null,
    apiKind: s.apiKind ?? "json",
    apiToken: s.behaviour?.token ?? null,
    ediConfig: s.channel === "edi" ? { transport: "http" as const, url: endpoints.ediUrl(s.id), senderId: "BPDEMO", receiverId: s.id.toUpperCase() } : null,
    currency: "USD",
    timezone: s.timezone,
    fillRateSeed: s.seeds.fillRate,
    onTimeRateSeed: s.seeds.onTimeRate,
    apiAvailabilitySeed: s.seeds.apiAvailability,
  }));
}

const round2 = (n: number) => Math.round(n * 100) / 100;

/** 2–3 offers per SKU: its vendor's, and one or two alternates'. */
export function demoOffers(products: SeedProduct[], random: () => number): OfferInput[] {
  const byName = new Map(DEMO_SUPPLIER_SPECS.map((s) => [s.name, s]));
  const offers: OfferInput[] = [];
  for (const p of products) {
    const vendor = byName.get(p.vendor ?? "");
    if (!vendor) continue;
    for (const v of p.variants) {
      const cost = round2(Number(v.price ?? 20) * 0.45);
      const mugs = v.sku.startsWith("MUG-");
      offers.push({
        supplierId: vendor.id,
        sku: v.sku,
        leadTimeDays: vendor.leadTimeDays + (random() < 0.3 ? 1 : 0),
        moq: mugs ? 6 : 1,
        packSize: mugs ? 6 : 1,
        unitCost: cost,
        available: null,
        supplierSku: `${vendor.id.slice(0, 3).toUpperCase()}-${v.sku}`,
        lastUnitCostSeed: DEMO_PRICE_RISE_SKUS.includes(v.sku) ? round2(cost / 1.25) : cost,
      });
      vendor.alternates.forEach((altId, i) => {
        if (i > 0 && random() < 0.5) return;
        const alt = DEMO_SUPPLIER_SPECS.find((s) => s.id === altId)!;
        offers.push({
          supplierId: alt.id,
          sku: v.sku,
          leadTimeDays: vendor.leadTimeDays + 2 + Math.floor(random() * 3),
          moq: 1 + Math.floor(random() * 4),
          packSize: 1,
          unitCost: round2(cost * (1.08 + random() * 0.12)),
          available: 10 + Math.floor(random() * 50),
          supplierSku: null,
          lastUnitCostSeed: null,
        });
      });
    }
  }
  return offers;
}

export function demoReplenishmentSettings(slackWebhookUrl: string): ReplenishmentSettingsInput {
  return {
    // Short windows and fast retries, so a demo shows the whole cycle within a minute or two.
    dedupQuietSeconds: 10,
    dedupWindowSeconds: 60,
    promiseWindowDays: { default: 7, amazon: 5 },
    costDeviationEscalationPct: 15,
    safetyStockDefault: 3,
    submissionMaxAttempts: 3,
    submissionRetrySeconds: 2,
    slackWebhookUrl,
    opsEmails: [DEMO_OPS_EMAIL],
    purchasingEmail: DEMO_PURCHASING_EMAIL,
  };
}
