// Oversell caps and eligibility per SKU and channel. Shopify has ONE switch per variant — its
// inventory policy (CONTINUE sells below zero, DENY stops at zero) — and it applies to every
// channel that sells through Shopify's inventory. So a variant is decided once, from every rule
// that applies to it: the shop-/SKU-wide rule and each channel rule that matches it; the STRICTEST
// wins (any DENY denies the variant; docs/decisions/0005-recovery.md). Exposure is the units sold
// below zero at the variant's locations that no open purchase order covers (domain/oversell-caps
// capDecision, with hysteresis: selling resumes only once there is real room). A variant no rule
// matches is not managed: its policy is the merchant's.
// The decision is recorded per variant (VariantCap) and a change goes to Shopify through the
// outbox ("policy:<variant>", productVariantsBulkUpdate); the products/update webhook confirms it.
import { now } from "../../clock.server";
import { capDecision, capRuleFor, type CapDecision, type CapReason, type CapRule } from "../../domain/oversell-caps";
import { pendingPayloads, upsertStateActions } from "../../models/recovery/actions.server";
import { saveRecoveryShopState } from "../../models/recovery/aging.server";
import { capVariants, dropVariantCaps, setMirroredPolicy, upsertVariantCaps, type CapVariantRow, type VariantCapWrite } from "../../models/recovery/caps.server";
import { listCapRules, type CapRuleRow } from "../../models/recovery/settings.server";
import { withTransaction } from "../../models/transaction.server";
import type { AdminCallOptions } from "../../shopify/admin-client.server";
import { policyKey } from "./hold-keys";
import { setVariantPolicy, type UserError } from "./shopify-order.server";

export type CapCheck = { variants: number; deny: number; flips: number };

/** A channel no rule names: matches only rules for every channel. */
const ANY_CHANNEL = "";
const STRICTNESS: Record<CapReason, number> = { not_eligible: 0, cap_reached: 1, waiting_for_room: 2, room_restored: 3, within_cap: 4, no_cap: 5 };

export type VariantDecision = { decision: CapDecision; channel: string | null; rule: CapRule };

/** The variant's decision: each applicable rule's capDecision, the strictest one. Null: unmanaged. */
export function decideVariant(rules: readonly CapRuleRow[], v: CapVariantRow): VariantDecision | null {
  if (!v.sku || !v.tracked) return null;
  const channels = [ANY_CHANNEL, ...new Set(rules.map((r) => r.channel).filter((c): c is string => c !== null))];
  const decisions: VariantDecision[] = [];
  for (const channel of channels) {
    const rule = capRuleFor(rules, { sku: v.sku, channel });
    if (!rule) continue;
    // Several channels may resolve to one rule (the SKU-wide one): decide it once.
    if (decisions.some((d) => d.rule === rule)) continue;
    const r = rule as CapRuleRow;
    const decision = capDecision({
      eligible: r.eligible,
      maxUnits: r.maxUnits,
      available: -v.shortUnits,
      openPoUnits: v.openPoUnits,
      currentPolicy: v.inventoryPolicy === "CONTINUE" ? "CONTINUE" : "DENY",
      ...(r.resumeMargin !== null && r.resumeMargin !== undefined ? { resumeMargin: r.resumeMargin } : {}),
    });
    decisions.push({ decision, channel: rule.channel, rule });
  }
  if (decisions.length === 0) return null;
  return decisions.sort((a, b) => Number(a.decision.policy === "CONTINUE") - Number(b.decision.policy === "CONTINUE") || STRICTNESS[a.decision.reason] - STRICTNESS[b.decision.reason])[0];
}

/** Decides every managed variant and sends the policies that must change (once per change). */
export async function checkCaps(shop: string, at: Date = now()): Promise<CapCheck> {
  const report: CapCheck = { variants: 0, deny: 0, flips: 0 };
  const rules = await listCapRules(shop);
  // Cleared before reading: a change committed while this check runs marks it again.
  await saveRecoveryShopState(shop, { capsDirty: false, capsCheckedAt: at });
  await withTransaction(async (tx) => {
    const skus = rules.some((r) => r.sku === null) ? null : [...new Set(rules.map((r) => r.sku!))];
    const variants = rules.length ? await capVariants(shop, skus, tx) : [];
    const writes: VariantCapWrite[] = [];
    const pending = await pendingPayloads(tx, shop, "set_inventory_policy");
    const flips = [];
    for (const v of variants) {
      const d = decideVariant(rules, v);
      if (!d) continue;
      writes.push({
        variantId: v.variantId,
        inventoryItemId: v.inventoryItemId,
        productId: v.productId,
        sku: v.sku,
        policy: d.decision.policy,
        reason: d.decision.reason,
        uncoveredUnits: d.decision.uncoveredUnits,
        resumeAt: d.decision.resumeAt,
        channel: d.channel,
      });
      if (d.decision.policy === "DENY") report.deny++;
      const inFlight = (pending.get(policyKey(v.variantId)) as { policy?: string } | undefined)?.policy;
      const wanted = inFlight ?? v.inventoryPolicy;
      if (d.decision.policy !== wanted && v.productId !== null) {
        flips.push({
          kind: "set_inventory_policy" as const,
          key: policyKey(v.variantId),
          orderId: null,
          payload: { variantId: v.variantId.toString(), productId: v.productId.toString(), sku: v.sku, policy: d.decision.policy, reason: d.decision.reason, uncoveredUnits: d.decision.uncoveredUnits },
        });
      }
    }
    report.variants = writes.length;
    await upsertVariantCaps(tx, shop, writes, at);
    await dropVariantCaps(tx, shop, writes.map((w) => w.variantId));
    report.flips = flips.length ? await upsertStateActions(tx, shop, flips, at) : 0;
  }).catch(async (error: unknown) => {
    await saveRecoveryShopState(shop, { capsDirty: true });
    throw error;
  });
  return report;
}

/** The policy into Shopify (productVariantsBulkUpdate); the mirror follows once Shopify accepted it. */
export async function performPolicy(shop: string, payload: Record<string, unknown>, o: { admin?: AdminCallOptions } = {}): Promise<UserError[]> {
  const variantId = BigInt(String(payload.variantId));
  const policy = payload.policy === "CONTINUE" ? "CONTINUE" : "DENY";
  const errors = await setVariantPolicy(shop, BigInt(String(payload.productId)), variantId, policy, o.admin);
  if (errors.length === 0) await setMirroredPolicy(shop, variantId, policy);
  return errors;
}
