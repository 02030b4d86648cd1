// The scenario file contract (shared/scenarios/FORMAT.md): zod for shapes, then semantic checks
// (unknown SKU, location, supplier, order), every error named by its field path.
import { z } from "zod";

const RelTime = z.string().regex(/^\+\d+(\.\d+)?(s|m|h|d)$/, 'expected "+<n>s|m|h|d"');
const AbsTime = z.string().refine((s) => /T/.test(s) && !Number.isNaN(Date.parse(s)), "expected ISO-8601 with offset");
const Time = z.union([RelTime, AbsTime]);

const Offer = z.object({
  supplier: z.string(),
  leadTimeDays: z.number().nonnegative(),
  unitCost: z.number().nonnegative(),
  available: z.number().int().nonnegative(),
  moq: z.number().int().positive().optional(),
  packSize: z.number().int().positive().optional(),
  fillRate: z.number().min(0).max(1).optional(),
  apiAvailability: z.number().min(0).max(1).optional(),
  lastUnitCost: z.number().nonnegative().optional(),
});

const Product = z.object({
  sku: z.string().min(1),
  title: z.string(),
  price: z.number().nonnegative(),
  inventory: z.record(z.string(), z.number().int()),
  backorder: z.object({ allowed: z.boolean(), maxUnits: z.number().int().nonnegative().optional() }).optional(),
  safetyStock: z.number().int().nonnegative().optional(),
  offers: z.array(Offer),
});

const Line = z.object({ sku: z.string(), quantity: z.number().int().positive() });

const Event = z.discriminatedUnion("type", [
  z.object({
    at: Time,
    type: z.literal("order"),
    id: z.string().min(1),
    channel: z.string().min(1),
    location: z.string().optional(),
    customer: z.object({ email: z.string().email() }).optional(),
    lines: z.array(Line).min(1),
  }),
  z.object({ at: Time, type: z.literal("cancel"), order: z.string() }),
  z.object({ at: Time, type: z.literal("restock"), sku: z.string(), location: z.string(), quantity: z.number().int() }),
  z.object({ at: Time, type: z.literal("supplierDown"), supplier: z.string(), until: Time }),
  z.object({ at: Time, type: z.literal("poReceived"), supplier: z.string(), sku: z.string(), quantity: z.number().int().positive() }),
  z.object({ at: Time, type: z.literal("advance") }),
]);

export const ScenarioSchema = z.object({
  name: z.string(),
  start: AbsTime,
  timezone: z.string().refine((tz) => {
    try {
      new Intl.DateTimeFormat("en-US", { timeZone: tz });
      return true;
    } catch {
      return false;
    }
  }, "unknown IANA time zone"),
  settings: z
    .object({
      dedupWindowSeconds: z.number().positive().optional(),
      dedupQuietSeconds: z.number().positive().optional(),
      promiseWindowDays: z.record(z.string(), z.number().positive()).optional(),
      supplierWeights: z.record(z.string(), z.number().nonnegative()).optional(),
      costDeviationEscalationPct: z.number().nonnegative().optional(),
      autoCancelDays: z.number().positive().optional(),
      receivingDays: z.number().nonnegative().optional(),
      processingDays: z.number().nonnegative().optional(),
      transitDays: z.number().nonnegative().optional(),
    })
    .optional(),
  locations: z.array(z.object({ id: z.string().min(1), name: z.string() })).min(1),
  suppliers: z.array(
    z.object({ id: z.string(), name: z.string(), status: z.enum(["active", "unavailable"]), submission: z.enum(["api", "email", "edi"]) }),
  ),
  products: z.array(Product).min(1),
  events: z.array(Event),
});
export type Scenario = z.infer<typeof ScenarioSchema>;
export type ScenarioEvent = Scenario["events"][number];

const pathOf = (path: (string | number)[]) => path.map((p, i) => (typeof p === "number" ? `[${p}]` : i ? `.${p}` : p)).join("");

export type ValidationResult = { ok: true; scenario: Scenario } | { ok: false; errors: string[] };

export function validateScenario(input: unknown): ValidationResult {
  const r = ScenarioSchema.safeParse(input);
  if (!r.success) return { ok: false, errors: r.error.issues.map((i) => `${pathOf(i.path) || "(file)"}: ${i.message}`) };
  const s = r.data;
  const errors: string[] = [];
  const skus = new Set(s.products.map((p) => p.sku));
  const locations = new Set(s.locations.map((l) => l.id));
  const suppliers = new Set(s.suppliers.map((x) => x.id));
  const orders = new Set<string>();
  s.products.forEach((p, i) => {
    for (const loc of Object.keys(p.inventory)) if (!locations.has(loc)) errors.push(`products[${i}].inventory.${loc}: unknown location "${loc}"`);
    p.offers.forEach((o, j) => {
      if (!suppliers.has(o.supplier)) errors.push(`products[${i}].offers[${j}].supplier: unknown supplier "${o.supplier}"`);
    });
  });
  s.events.forEach((e, i) => {
    const at = `events[${i}]`;
    if (e.type === "order") {
      if (orders.has(e.id)) errors.push(`${at}.id: duplicate order id "${e.id}"`);
      orders.add(e.id);
      if (e.location && !locations.has(e.location)) errors.push(`${at}.location: unknown location "${e.location}"`);
      e.lines.forEach((l, j) => {
        if (!skus.has(l.sku)) errors.push(`${at}.lines[${j}].sku: unknown SKU "${l.sku}"`);
      });
    }
    if (e.type === "cancel" && !orders.has(e.order)) errors.push(`${at}.order: unknown order "${e.order}"`);
    if ((e.type === "restock" || e.type === "poReceived") && !skus.has(e.sku)) errors.push(`${at}.sku: unknown SKU "${e.sku}"`);
    if (e.type === "restock" && !locations.has(e.location)) errors.push(`${at}.location: unknown location "${e.location}"`);
    if ((e.type === "supplierDown" || e.type === "poReceived") && !suppliers.has(e.supplier)) errors.push(`${at}.supplier: unknown supplier "${e.supplier}"`);
  });
  return errors.length ? { ok: false, errors } : { ok: true, scenario: s };
}

const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** Resolves an event time: ISO-8601 with offset, or relative to `start` ("+90s", "+4h", "+3d"). */
export function resolveTime(value: string, start: Date): Date {
  const m = /^\+(\d+(?:\.\d+)?)(s|m|h|d)$/.exec(value);
  return m ? new Date(start.getTime() + Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]) : new Date(value);
}
