// Deficits -> purchase orders, inside the caller's transaction (which holds the shop's stock lock).
// Each deficit is planned by the pure planner (app/domain/replenishment/plan-replenishment) over
// the SKU's offers, with performance computed from this app's history; the plan's lines are
// grouped into one PO per supplier (and ship-to location) per run, one line per SKU. A plan that
// needs a person becomes an escalated draft PO with an escalation in the inbox and its alerts in
// the outbox; every other PO gets its submission in the outbox. Each PO stores why its supplier
// won (every candidate, failed constraints, scores).
import type { Prisma } from "@prisma/client";
import type { Tx } from "../../models/transaction.server";
import {
  findSuppliers,
  offersForSkus,
  shopCurrencyAndZone,
  type OfferRecord,
  type SupplierRecord,
} from "../../models/replenishment/suppliers.server";
import { insertPurchaseOrder, lastUnitCosts, type NewPurchaseOrderLine } from "../../models/replenishment/purchase-orders.server";
import { insertEscalation } from "../../models/replenishment/escalations.server";
import { addOutbox, type OutboxKind } from "../../models/replenishment/outbox.server";
import { planReplenishment, type ReplenishmentPlan } from "../../domain/replenishment/plan-replenishment";
import { formatWhyTable } from "../../domain/replenishment/format-why-table";
import { SUBMISSION_CHANNELS, SUPPLIER_STATUSES, type Candidate, type SubmissionChannel, type SupplierStatus } from "../../domain/replenishment/types";
import type { Escalation } from "../../domain/replenishment/escalations";
import { estimatePerformance, supplierHistories } from "./performance.server";
import { promiseWindowFor, type ShopReplenishmentSettings } from "./settings.server";
import { failPoint } from "../../faults.server";

export type PlanRequest = {
  windowId: bigint | null;
  inventoryItemId: bigint;
  locationId: bigint;
  sku: string;
  title: string | null;
  customerUnits: number;
  bufferUnits: number;
  /** Channels of the backorder lines waiting: the strictest promise window applies. */
  channels: string[];
  excludedSupplierIds: string[];
  detectedAt: Date;
  /** Fallback: when no path is left, this line (to the failed supplier) is the draft a person gets. */
  fallbackDraft?: { supplierId: string; line: Omit<NewPurchaseOrderLine, "deficitWindowId" | "inventoryItemId" | "locationId" | "sku" | "title">; currency: string };
};

export type PlanContext = {
  at: Date;
  origin: "auto" | "fallback";
  replacesId: bigint | null;
  settings: ShopReplenishmentSettings;
};

export type CreatedOrders = {
  purchaseOrders: { id: bigint; number: string; supplierId: string; status: "draft" | "escalated"; windowIds: bigint[] }[];
  escalations: { id: bigint; code: string; purchaseOrderId: bigint | null; windowId: bigint | null }[];
  plans: { request: PlanRequest; plan: ReplenishmentPlan }[];
};

const pairKey = (sku: string, supplierId: string) => JSON.stringify([sku, supplierId]);

function asStatus(s: string): SupplierStatus {
  return (SUPPLIER_STATUSES as readonly string[]).includes(s) ? (s as SupplierStatus) : "paused";
}
function asChannel(c: string): SubmissionChannel {
  return (SUBMISSION_CHANNELS as readonly string[]).includes(c) ? (c as SubmissionChannel) : "api";
}

type Catalogue = {
  offersBySku: Map<string, OfferRecord[]>;
  suppliers: Map<string, SupplierRecord>;
  histories: Awaited<ReturnType<typeof supplierHistories>>;
  lastCosts: Map<string, number>;
  currency: string;
};

async function loadCatalogue(tx: Tx, shop: string, requests: PlanRequest[], at: Date): Promise<Catalogue> {
  const skus = [...new Set(requests.map((r) => r.sku))];
  const offers = await offersForSkus(tx, shop, skus);
  const supplierIds = [...new Set([...offers.map((o) => o.supplierId), ...requests.flatMap((r) => (r.fallbackDraft ? [r.fallbackDraft.supplierId] : []))])];
  const suppliers = await findSuppliers(tx, shop, supplierIds);
  const info = await shopCurrencyAndZone(tx, shop);
  const offersBySku = new Map<string, OfferRecord[]>();
  for (const o of offers) offersBySku.set(o.sku, [...(offersBySku.get(o.sku) ?? []), o]);
  return {
    offersBySku,
    suppliers: new Map(suppliers.map((s) => [s.id, s])),
    histories: await supplierHistories(tx, shop, suppliers, { at, shopTimezone: info.timezone }),
    lastCosts: await lastUnitCosts(tx, shop, skus),
    // The shop's currency compares costs; without one, the first offer's (single-currency shops).
    currency: info.currency ?? suppliers.find((s) => s.currency)?.currency ?? offers.find((o) => o.currency)?.currency ?? "USD",
  };
}

function candidatesFor(sku: string, c: Catalogue, priorWeight: number): Candidate[] {
  return (c.offersBySku.get(sku) ?? []).flatMap((o): Candidate[] => {
    const s = c.suppliers.get(o.supplierId);
    if (!s) return [];
    const history = c.histories.get(s.id)!;
    const estimate = estimatePerformance(
      history,
      {
        fillRate: o.fillRateSeed ?? s.fillRateSeed,
        onTimeRate: s.onTimeRateSeed,
        apiAvailability: o.apiAvailabilitySeed ?? s.apiAvailabilitySeed,
      },
      priorWeight,
    );
    const last = c.lastCosts.get(pairKey(sku, s.id));
    return [
      {
        supplier: { id: s.id, name: s.name, status: asStatus(s.status), channel: asChannel(s.channel) },
        offer: {
          leadTimeDays: o.leadTimeDays,
          moq: o.moq,
          packSize: o.packSize,
          unitCost: o.unitCost,
          currency: o.currency ?? s.currency ?? c.currency,
          available: o.available,
        },
        performance: { fillRate: estimate.fillRate, onTimeRate: estimate.onTimeRate, apiAvailability: estimate.apiAvailability },
        // This app's own last PO wins; the typed-in last cost seeds it (and counts as ordered before).
        lastUnitCost: last ?? o.lastUnitCostSeed,
        orderedBefore: last !== undefined || o.lastUnitCostSeed !== null,
      },
    ];
  });
}

type Why = {
  sku: string;
  deficitWindowId: string | null;
  customerUnits: number;
  bufferUnits: number;
  promiseWindowDays: number;
  excludedSupplierIds: string[];
  strategy: string;
  evaluations: unknown;
  escalations: unknown;
  why: string;
};

type Group = {
  supplierId: string;
  locationId: bigint;
  currency: string;
  status: "draft" | "escalated";
  lines: NewPurchaseOrderLine[];
  why: Why[];
  detectedAt: Date;
  windowIds: bigint[];
  escalations: Escalation[];
  request: PlanRequest | null;
};

const toJson = (x: unknown) => JSON.parse(JSON.stringify(x)) as Prisma.InputJsonValue;

function whyOf(r: PlanRequest, plan: ReplenishmentPlan, promiseWindowDays: number): Why {
  return {
    sku: r.sku,
    deficitWindowId: r.windowId?.toString() ?? null,
    customerUnits: r.customerUnits,
    bufferUnits: r.bufferUnits,
    promiseWindowDays,
    excludedSupplierIds: r.excludedSupplierIds,
    strategy: plan.strategy,
    evaluations: plan.evaluations,
    escalations: plan.escalations,
    why: formatWhyTable(plan.evaluations),
  };
}

/** Escalations a draft to this supplier answers for: its own, and those about the whole deficit. */
function reasonsFor(plan: ReplenishmentPlan, supplierId: string): Escalation[] {
  const own = plan.escalations.filter((e) => !("supplierId" in e) || e.supplierId === supplierId);
  return own.length ? own : plan.escalations;
}

export async function planAndCreateOrders(tx: Tx, shop: string, requests: PlanRequest[], ctx: PlanContext): Promise<CreatedOrders> {
  const out: CreatedOrders = { purchaseOrders: [], escalations: [], plans: [] };
  if (requests.length === 0) return out;
  const catalogue = await loadCatalogue(tx, shop, requests, ctx.at);
  const { settings } = ctx;
  const auto: Group[] = [];
  const escalated: Group[] = [];
  const orphanEscalations: { request: PlanRequest; plan: ReplenishmentPlan; promise: number }[] = [];

  for (const r of requests) {
    const promise = promiseWindowFor(settings, r.channels);
    const plan = planReplenishment({
      sku: r.sku,
      customerUnits: r.customerUnits,
      bufferUnits: r.bufferUnits,
      promiseWindowDays: promise,
      candidates: candidatesFor(r.sku, catalogue, settings.priorWeight),
      weights: settings.weights,
      costDeviationPct: settings.costDeviationPct,
      costCurrency: catalogue.currency,
      excludedSupplierIds: r.excludedSupplierIds,
    });
    out.plans.push({ request: r, plan });
    const why = whyOf(r, plan, promise);
    const base = { deficitWindowId: r.windowId, inventoryItemId: r.inventoryItemId, locationId: r.locationId, sku: r.sku, title: r.title };
    if (plan.escalations.length === 0) {
      for (const l of plan.lines) {
        // One PO per supplier (and ship-to) per run; a PO holds one line per SKU.
        let g = auto.find((x) => x.supplierId === l.supplierId && x.locationId === r.locationId && x.currency === l.currency && !x.lines.some((y) => y.inventoryItemId === r.inventoryItemId));
        if (!g) {
          g = { supplierId: l.supplierId, locationId: r.locationId, currency: l.currency, status: "draft", lines: [], why: [], detectedAt: r.detectedAt, windowIds: [], escalations: [], request: null };
          auto.push(g);
        }
        g.lines.push({ ...base, quantity: l.quantity, customerUnits: l.customerUnits, bufferUnits: l.bufferUnits, roundingUnits: l.roundingUnits, unitCost: l.unitCost, leadTimeDays: l.leadTimeDays });
        if (!g.why.some((w) => w.deficitWindowId === why.deficitWindowId && w.sku === why.sku)) g.why.push(why);
        if (r.detectedAt < g.detectedAt) g.detectedAt = r.detectedAt;
        if (r.windowId !== null && !g.windowIds.includes(r.windowId)) g.windowIds.push(r.windowId);
      }
      continue;
    }
    // A person decides: one draft per supplier of the plan, pre-filled with its lines.
    const lines = plan.lines.length
      ? plan.lines.map((l) => ({ supplierId: l.supplierId, currency: l.currency, line: { quantity: l.quantity, customerUnits: l.customerUnits, bufferUnits: l.bufferUnits, roundingUnits: l.roundingUnits, unitCost: l.unitCost, leadTimeDays: l.leadTimeDays } }))
      : r.fallbackDraft
        ? [r.fallbackDraft]
        : [];
    if (lines.length === 0) {
      orphanEscalations.push({ request: r, plan, promise });
      continue;
    }
    for (const d of lines) {
      escalated.push({
        supplierId: d.supplierId,
        locationId: r.locationId,
        currency: d.currency,
        status: "escalated",
        lines: [{ ...base, ...d.line }],
        why: [why],
        detectedAt: r.detectedAt,
        windowIds: r.windowId === null ? [] : [r.windowId],
        escalations: reasonsFor(plan, d.supplierId),
        request: r,
      });
    }
  }

  const alertKinds = (): OutboxKind[] => [...(settings.slackWebhookUrl ? ["slack_alert" as const] : []), ...(settings.opsEmails.length ? ["ops_email" as const] : [])];
  let inserted = 0;
  for (const g of [...auto, ...escalated]) {
    const po = await insertPurchaseOrder(tx, shop, {
      supplierId: g.supplierId,
      locationId: g.locationId,
      status: g.status,
      currency: g.currency,
      origin: ctx.origin,
      replacesId: ctx.replacesId,
      evaluations: toJson(g.why),
      detectedAt: g.detectedAt,
      createdAt: ctx.at,
      lines: g.lines,
    });
    if (inserted++ === 0) await failPoint("replenishment.afterPurchaseOrderInsert");
    out.purchaseOrders.push({ id: po.id, number: po.number, supplierId: g.supplierId, status: g.status, windowIds: g.windowIds });
    if (g.status === "draft") {
      await addOutbox(tx, shop, [{ kind: "submit_purchase_order", subjectId: po.id }], ctx.at);
      continue;
    }
    const first = g.escalations[0];
    const id = await insertEscalation(tx, shop, {
      code: first.code,
      reasons: toJson(g.escalations),
      message: g.escalations.map((e) => e.message).join(" "),
      sku: g.lines[0].sku,
      supplierId: g.supplierId,
      units: g.lines.reduce((s, l) => s + l.quantity, 0),
      purchaseOrderId: po.id,
      deficitWindowId: g.request?.windowId ?? null,
      createdAt: ctx.at,
    });
    await addOutbox(tx, shop, alertKinds().map((kind) => ({ kind, subjectId: id })), ctx.at);
    out.escalations.push({ id, code: first.code, purchaseOrderId: po.id, windowId: g.request?.windowId ?? null });
  }
  for (const { request: r, plan } of orphanEscalations) {
    const first = plan.escalations[0];
    const id = await insertEscalation(tx, shop, {
      code: first.code,
      reasons: toJson(plan.escalations),
      message: plan.escalations.map((e) => e.message).join(" "),
      sku: r.sku,
      supplierId: null,
      units: Math.max(1, plan.unplaced.customerUnits + plan.unplaced.bufferUnits),
      purchaseOrderId: null,
      deficitWindowId: r.windowId,
      createdAt: ctx.at,
    });
    await addOutbox(tx, shop, alertKinds().map((kind) => ({ kind, subjectId: id })), ctx.at);
    out.escalations.push({ id, code: first.code, purchaseOrderId: null, windowId: r.windowId });
  }
  return out;
}
