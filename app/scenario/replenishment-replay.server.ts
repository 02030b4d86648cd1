// Replenishment in scenario replay: the scenario's suppliers, offers and settings seeded through
// the app's own services; real local stand-ins for the suppliers' API (and EDI endpoint), their
// and the ops team's mailboxes (SMTP) and Slack, all on the virtual clock; supplier outages and PO
// receipts as events; and the purchase orders, escalations and metrics of the result.
import type { Scenario } from "./scenario-schema";
import type { ShopifyEmulator } from "../emulator";
import { startSlackStandIn, startSmtpStandIn, startSupplierApiStandIn, type SlackStandIn, type SmtpStandIn, type SupplierApiStandIn } from "../stand-ins";
import { saveOffer, saveSafetyStock, saveSupplier } from "../services/replenishment/suppliers.server";
import { updateReplenishmentSettings, type ReplenishmentSettingsInput } from "../services/replenishment/settings.server";
import {
  deficitWindows,
  listEscalationInbox,
  listPurchaseOrdersForAdmin,
  openPurchaseOrderFor,
  receivePurchaseOrder,
} from "../services/replenishment/purchase-orders.server";
import { nextReplenishmentAt, runReplenishment } from "../services/replenishment/run-replenishment.server";

export const OPS_EMAIL = "ops@scenario-replay.example";
const supplierEmail = (id: string) => `orders@${id.toLowerCase().replace(/[^a-z0-9-]/g, "-")}.scenario-replay.example`;

export type ReplayStandIns = {
  api: SupplierApiStandIn;
  smtp: SmtpStandIn;
  slack: SlackStandIn;
  stop(): Promise<void>;
};

export async function startReplayStandIns(s: Scenario, clock: () => Date): Promise<ReplayStandIns> {
  const api = await startSupplierApiStandIn({
    clock,
    suppliers: Object.fromEntries(s.suppliers.filter((x) => x.submission !== "email").map((x) => [x.id, { mode: "up" as const }])),
  });
  const smtp = await startSmtpStandIn({ clock });
  const slack = await startSlackStandIn({ clock });
  const previous = process.env.SMTP_URL;
  process.env.SMTP_URL = smtp.url;
  return {
    api,
    smtp,
    slack,
    async stop() {
      if (previous === undefined) delete process.env.SMTP_URL;
      else process.env.SMTP_URL = previous;
      await Promise.all([api.stop(), smtp.stop(), slack.stop()]);
    },
  };
}

/** The scenario's settings, suppliers, offers (typed-in rates and last costs as seeds) and safety stock. */
export async function seedReplenishment(shop: string, s: Scenario, standIns: ReplayStandIns): Promise<void> {
  const st = s.settings ?? {};
  const settings: ReplenishmentSettingsInput = {
    ...(st.dedupWindowSeconds !== undefined ? { dedupWindowSeconds: st.dedupWindowSeconds } : {}),
    ...(st.dedupQuietSeconds !== undefined ? { dedupQuietSeconds: st.dedupQuietSeconds } : {}),
    ...(st.promiseWindowDays ? { promiseWindowDays: st.promiseWindowDays } : {}),
    ...(st.supplierWeights ? { supplierWeights: st.supplierWeights } : {}),
    ...(st.costDeviationEscalationPct !== undefined ? { costDeviationEscalationPct: st.costDeviationEscalationPct } : {}),
    slackWebhookUrl: standIns.slack.webhookUrl(),
    opsEmails: [OPS_EMAIL],
  };
  const saved = await updateReplenishmentSettings(shop, settings);
  if (!saved.ok) throw new Error(`scenario settings: ${saved.errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`);

  for (const x of s.suppliers) {
    const r = await saveSupplier(shop, {
      id: x.id,
      name: x.name,
      status: x.status,
      channel: x.submission,
      ...(x.submission === "api" ? { apiUrl: standIns.api.jsonUrl(x.id), apiKind: "json" } : {}),
      ...(x.submission === "email" ? { email: supplierEmail(x.id) } : {}),
      ...(x.submission === "edi" ? { ediConfig: { transport: "http", url: standIns.api.ediUrl(x.id), receiverId: x.id.toUpperCase().slice(0, 15) } } : {}),
    });
    if (!r.ok) throw new Error(`scenario supplier ${x.id}: ${r.errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`);
  }
  for (const p of s.products) {
    for (const o of p.offers) {
      const r = await saveOffer(shop, {
        supplierId: o.supplier,
        sku: p.sku,
        leadTimeDays: o.leadTimeDays,
        unitCost: o.unitCost,
        available: o.available,
        moq: o.moq ?? 1,
        packSize: o.packSize ?? 1,
        fillRateSeed: o.fillRate ?? null,
        apiAvailabilitySeed: o.apiAvailability ?? null,
        lastUnitCostSeed: o.lastUnitCost ?? null,
      });
      if (!r.ok) throw new Error(`scenario offer ${p.sku}/${o.supplier}: ${r.errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`);
    }
  }
  const safety = s.products.filter((p) => p.safetyStock !== undefined).map((p) => ({ sku: p.sku, units: p.safetyStock! }));
  if (safety.length) {
    const r = await saveSafetyStock(shop, safety);
    if (!r.ok) throw new Error(`scenario safety stock: ${r.errors.map((e) => e.message).join("; ")}`);
  }
}

/** A supplier outage: its API refuses connections (its mailbox answers 4xx) until `until`. */
export function supplierDown(s: Scenario, standIns: ReplayStandIns, supplierId: string): () => void {
  const supplier = s.suppliers.find((x) => x.id === supplierId)!;
  if (supplier.submission === "email") {
    standIns.smtp.failRecipient(supplierEmail(supplierId), { code: 421, message: "4.3.2 Service not available" });
    return () => standIns.smtp.clearFailures();
  }
  standIns.api.setMode(supplierId, "down");
  return () => standIns.api.setMode(supplierId, "up");
}

/** `poReceived`: the receipt recorded on the app's open PO, and the goods put into the shop's stock (which flows back as webhooks). */
export async function poReceived(shop: string, emulator: ShopifyEmulator, e: { supplier: string; sku: string; quantity: number }): Promise<string | null> {
  const poId = await openPurchaseOrderFor(shop, e.supplier, e.sku);
  if (poId === null) return `no open purchase order from ${e.supplier} for ${e.sku}`;
  const pos = await listPurchaseOrdersForAdmin(shop, { supplierId: e.supplier });
  const po = pos.find((p) => p.id === poId)!;
  const r = await receivePurchaseOrder(shop, poId, [{ sku: e.sku, quantity: e.quantity }]);
  if (!r.ok) return r.error;
  emulator.adjustInventory(shop, { sku: e.sku, location: Number(po.locationId), delta: e.quantity });
  return null;
}

/**
 * Runs the replenishment work due up to `target` at the virtual times it falls due (windows
 * closing, retries), together with timed actions (an outage ending), then sets the clock to `target`.
 */
export async function advanceReplenishment(
  shop: string,
  clock: { now: () => Date; set: (d: Date) => void },
  target: Date,
  timed: { at: Date; run: () => void }[],
  /** Called after each run at its virtual time (the promise refresh follows the POs it made). */
  afterRun?: (at: Date) => Promise<void>,
): Promise<void> {
  // Due work that does not move (a lease held elsewhere) must not spin the replay: it is skipped
  // until the clock moves on.
  let stalledAt: number | null = null;
  for (let guard = 0; guard < 100_000; guard++) {
    const pending: Date | null = await nextReplenishmentAt(shop);
    const next: Date | null = pending && (stalledAt === null || pending.getTime() > stalledAt) ? pending : null;
    const action = timed.reduce<Date | null>((m, t) => (m === null || t.at < m ? t.at : m), null);
    const candidates: Date[] = [next, action].filter((d): d is Date => d !== null && d.getTime() <= target.getTime());
    if (candidates.length === 0) break;
    const at: Date = new Date(Math.max(clock.now().getTime(), Math.min(...candidates.map((d) => d.getTime()))));
    clock.set(at);
    for (const t of timed.filter((x) => x.at.getTime() <= at.getTime())) {
      t.run();
      timed.splice(timed.indexOf(t), 1);
    }
    const r = await runReplenishment(shop, clock.now());
    await afterRun?.(clock.now());
    const progressed = r.closing.windowsClosed + r.closing.windowsEmpty + r.dispatch.claimed > 0;
    stalledAt = !progressed && (r.nextAt === null || r.nextAt.getTime() <= at.getTime()) ? at.getTime() : null;
  }
  clock.set(target);
}

/** Runs whatever is due now (after an event's deliveries are processed). */
export async function settleReplenishment(shop: string, at: Date): Promise<void> {
  await runReplenishment(shop, at);
}

const median = (xs: number[]) => {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const seconds = (ms: number) => Math.round(ms) / 1000;

export type ScenarioPurchaseOrder = {
  id: string;
  supplier: string;
  status: string;
  lines: { sku: string; quantity: number; unitCost: number }[];
  detectedAt: string;
  createdAt: string;
  submittedAt?: string;
  origin: string;
  replaces?: string;
  eta?: string;
  cancelReason?: string;
};
export type ScenarioEscalation = { reason: string; sku?: string; supplier?: string; purchaseOrder?: string; status: string; message: string };

export async function replenishmentResult(shop: string): Promise<{
  purchaseOrders: ScenarioPurchaseOrder[];
  escalations: ScenarioEscalation[];
  escalated: number;
  duplicatePurchaseOrders: number;
  detectionToSubmitSeconds: { median: number | null; max: number | null };
}> {
  const pos = await listPurchaseOrdersForAdmin(shop);
  const escalations = await listEscalationInbox(shop, ["open", "approved", "dismissed"]);
  const numberOf = new Map(pos.map((p) => [p.id, p.number]));
  // A duplicate: a second live PO for a deficit window and supplier, or units of a window ordered twice.
  const liveByPair = new Map<string, number>();
  const liveUnitsByWindow = new Map<string, number>();
  for (const p of pos)
    for (const l of p.lines) {
      if (!l.live || l.deficitWindowId === null) continue;
      const pair = `${l.deficitWindowId}:${p.supplierId}`;
      liveByPair.set(pair, (liveByPair.get(pair) ?? 0) + 1);
      liveUnitsByWindow.set(String(l.deficitWindowId), (liveUnitsByWindow.get(String(l.deficitWindowId)) ?? 0) + l.customerUnits);
    }
  const windowUnits = await windowOrderedUnits(shop, [...liveUnitsByWindow.keys()]);
  const duplicates =
    [...liveByPair.values()].reduce((n, c) => n + Math.max(0, c - 1), 0) +
    [...liveUnitsByWindow].filter(([w, units]) => units > (windowUnits.get(w) ?? 0)).length;
  const delays = pos.filter((p) => p.submittedAt).map((p) => p.submittedAt!.getTime() - p.detectedAt.getTime());
  return {
    purchaseOrders: pos.map((p) => ({
      id: p.number,
      supplier: p.supplierId,
      status: p.status,
      lines: p.lines.map((l) => ({ sku: l.sku, quantity: l.quantity, unitCost: l.unitCost })),
      detectedAt: p.detectedAt.toISOString(),
      createdAt: p.createdAt.toISOString(),
      ...(p.submittedAt ? { submittedAt: p.submittedAt.toISOString() } : {}),
      origin: p.origin,
      ...(p.replacesId !== null ? { replaces: numberOf.get(p.replacesId) ?? String(p.replacesId) } : {}),
      ...(p.eta ? { eta: p.eta } : {}),
      ...(p.cancelReason ? { cancelReason: p.cancelReason } : {}),
    })),
    escalations: escalations.map((e) => ({
      reason: e.code,
      ...(e.sku ? { sku: e.sku } : {}),
      ...(e.supplierId ? { supplier: e.supplierId } : {}),
      ...(e.purchaseOrderId !== null ? { purchaseOrder: numberOf.get(e.purchaseOrderId) ?? String(e.purchaseOrderId) } : {}),
      status: e.status,
      message: e.message,
    })),
    escalated: escalations.length,
    duplicatePurchaseOrders: duplicates,
    detectionToSubmitSeconds: { median: delays.length ? seconds(median(delays)!) : null, max: delays.length ? seconds(Math.max(...delays)) : null },
  };
}

async function windowOrderedUnits(shop: string, ids: string[]): Promise<Map<string, number>> {
  const rows = await deficitWindows(shop, ids.map((i) => BigInt(i)));
  return new Map(rows.map((w) => [String(w.id), w.orderedUnits]));
}
