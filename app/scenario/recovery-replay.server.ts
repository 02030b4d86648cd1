// Recovery in scenario replay: the scenario's auto-cancel limit and per-SKU backorder rules
// (`backorder.allowed`, `backorder.maxUnits`) as the shop's recovery settings, the recovery run
// performed deterministically after each event (holds, choices, aging, caps, restocks), the
// webhooks it causes processed, the notices it decided sent, and the allocations in the result.
import type { Scenario } from "./scenario-schema";
import { updateRecoverySettings, type RecoverySettingsInput } from "../services/recovery/settings.server";
import { runRecovery } from "../services/recovery/run.server";
import { sendCustomerNotices } from "../services/promises/notices.server";
import { allocationsOfShop } from "../models/recovery/allocations.server";

export async function seedRecoverySettings(shop: string, s: Scenario): Promise<void> {
  const input: RecoverySettingsInput = {};
  if (s.settings?.autoCancelDays !== undefined) {
    input.aging = { autoCancel: { afterDays: Math.max(1, Math.ceil(s.settings.autoCancelDays)), mode: "ask_consent", consentGraceDays: 5 } };
  }
  const caps = s.products.filter((p) => p.backorder).map((p) => ({ sku: p.sku, channel: null, eligible: p.backorder!.allowed, maxUnits: p.backorder!.allowed ? (p.backorder!.maxUnits ?? null) : null }));
  if (caps.length) input.capRules = caps;
  if (Object.keys(input).length === 0) return;
  const r = await updateRecoverySettings(shop, input);
  if (!r.ok) throw new Error(`scenario recovery settings: ${r.errors.map((e) => `${e.field}: ${e.message}`).join("; ")}`);
}

/** What a worker does after commit, in place: the recovery run, then the webhooks and notices it caused. */
export async function settleRecovery(shop: string, at: Date, deliver: () => Promise<void>): Promise<void> {
  const r = await runRecovery(shop, at, { admin: { maxAttempts: 1 } });
  await deliver();
  if (r.followUps.notices || r.aging.notices || r.dispatch.done) await sendCustomerNotices(shop, at);
}

export type ScenarioAllocation = { order: string; sku: string | null; quantity: number; at: string };

export async function recoveryResult(shop: string): Promise<{ allocations: ScenarioAllocation[] }> {
  const rows = await allocationsOfShop(shop);
  return { allocations: rows.map((a) => ({ order: a.orderName, sku: a.sku, quantity: a.units, at: a.at.toISOString() })) };
}
