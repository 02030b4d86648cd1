// Performs the recovery outbox after commit: each claimed row's Admin effect, once, settled (with
// what it implies: audit events, the customer's confirmation) only by the claim that holds it.
// - sync_holds: the order's holds converge on its backorders (holds.server.ts);
// - customer_choice / cancel_line: the customer's choice, an automatic or a staff cancellation
//   (choices.server.ts performOrderChoice: journaled steps, idempotent refunds);
// - set_inventory_policy: an oversell cap's flip (caps.server.ts);
// - adjust_inventory: a committed restock (allocation.server.ts, idempotency key).
// A failure that may heal (network, throttling, Shopify errors) is retried with backoff; a refusal
// (userErrors) or exhausted retries fail the row for good, visibly.
import crypto from "node:crypto";
import { claimActions, settleAction, type ActionRow } from "../../models/recovery/actions.server";
import { withTransaction } from "../../models/transaction.server";
import type { AdminCallOptions } from "../../shopify/admin-client.server";
import { performRestock } from "./allocation.server";
import { performPolicy } from "./caps.server";
import { performOrderChoice, recordChoiceDone } from "./choices.server";
import { syncOrderHolds } from "./holds.server";
import { insertBackorderEvents } from "../../models/backorders.server";
import { orderBackorders } from "../../models/recovery/orders.server";

export const RECOVERY_MAX_ATTEMPTS = 8;

/** Backoff before a row is tried again: 15 s, 30 s, 1 min ... capped at an hour. */
export function recoveryRetryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 15_000 * 2 ** Math.max(0, attempts - 1));
}

export type RecoveryDispatch = { claimed: number; done: number; retried: number; failed: number; lost: number };
type Outcome = Exclude<keyof RecoveryDispatch, "claimed">;

export type DispatchOptions = { shop?: string; at: Date; limit?: number; leaseMs?: number; admin?: AdminCallOptions };

/** Claims and performs due rows until none is due at `at` (rows an effect adds included). */
export async function dispatchRecoveryActions(o: DispatchOptions): Promise<RecoveryDispatch> {
  const report: RecoveryDispatch = { claimed: 0, done: 0, retried: 0, failed: 0, lost: 0 };
  const token = crypto.randomUUID();
  for (let round = 0; round < 100; round++) {
    const rows = await claimActions(token, { shop: o.shop, at: o.at, leaseMs: o.leaseMs ?? 180_000, limit: o.limit ?? 20 });
    if (rows.length === 0) break;
    report.claimed += rows.length;
    for (const row of rows) {
      const outcome = await perform(row, token, o).catch(async (error: unknown): Promise<Outcome> => retry(row, token, o.at, error));
      report[outcome]++;
    }
  }
  return report;
}

const message = (error: unknown) => ((error as Error)?.message ?? String(error)).slice(0, 1000);

/** A thrown error: retried with backoff, failed for good after the last attempt. */
async function retry(row: ActionRow, token: string, at: Date, error: unknown): Promise<Outcome> {
  console.warn(`[recovery] ${row.kind} ${row.key} (${row.shop}), attempt ${row.attempts}: ${message(error)}`);
  if (row.attempts >= RECOVERY_MAX_ATTEMPTS) {
    return (await settleAction(undefined, row.id, token, { status: "failed", at, error: `gave up after ${row.attempts} attempts: ${message(error)}` })) ? "failed" : "lost";
  }
  const retryAt = new Date(at.getTime() + recoveryRetryDelayMs(row.attempts));
  return (await settleAction(undefined, row.id, token, { status: "pending", retryAt, error: message(error) })) ? "retried" : "lost";
}

async function perform(row: ActionRow, token: string, o: DispatchOptions): Promise<Outcome> {
  const payload = (row.payload ?? {}) as Record<string, unknown>;
  const done = async (result: object | null, error?: string): Promise<Outcome> =>
    (await settleAction(undefined, row.id, token, error ? { status: "failed", at: o.at, error, result: result as never } : { status: "done", at: o.at, result: result as never })) ? (error ? "failed" : "done") : "lost";
  switch (row.kind) {
    case "sync_holds": {
      const report = await syncOrderHolds(row.shop, BigInt(String(payload.orderId)), { at: o.at, admin: o.admin });
      return done(JSON.parse(JSON.stringify(report)));
    }
    case "customer_choice":
    case "cancel_line": {
      const outcome = await performOrderChoice(row.shop, row, { token, at: o.at, admin: o.admin });
      const orderId = BigInt(String(payload.orderId));
      if (outcome.ok) {
        const settled = await withTransaction(async (tx) => {
          if (!(await settleAction(tx, row.id, token, { status: "done", at: o.at, result: JSON.parse(JSON.stringify({ steps: outcome.steps, closes: outcome.closes, heldHandles: outcome.holds.heldHandles })) }))) return false;
          await recordChoiceDone(tx, row.shop, { orderId, payload, outcome, at: o.at, eventKey: row.key });
          return true;
        });
        return settled ? "done" : "lost";
      }
      // Stock reached the line (or the order went) before the choice was carried out: nothing to do.
      const moot = outcome.error === "line_not_backordered" || outcome.error === "the order no longer exists in Shopify";
      const settled = await withTransaction(async (tx) => {
        if (!(await settleAction(tx, row.id, token, moot ? { status: "done", at: o.at, result: { nothingToDo: outcome.error } } : { status: "failed", at: o.at, error: outcome.error }))) return false;
        const lines = (await orderBackorders(row.shop, [orderId], tx)).filter((l) => l.status === "backordered");
        await insertBackorderEvents(
          tx,
          row.shop,
          lines.map((l) => ({
            backorderLineId: l.id, kind: moot ? "choice_not_needed" : "choice_failed", fromStatus: l.status, toStatus: l.status,
            fromQuantity: l.quantityBackordered, toQuantity: l.quantityBackordered, reasonCode: String(payload.choice), source: "recovery", detail: { error: outcome.error },
          })),
          o.at,
        );
        return true;
      });
      return settled ? (moot ? "done" : "failed") : "lost";
    }
    case "set_inventory_policy": {
      const errors = await performPolicy(row.shop, payload, { admin: o.admin });
      return errors.length ? done({ userErrors: errors }, errors.map((e) => e.message).join("; ")) : done({ policy: payload.policy });
    }
    case "adjust_inventory": {
      const errors = await performRestock(row.shop, payload, { admin: o.admin });
      return errors.length ? done({ userErrors: errors }, errors.map((e) => e.message).join("; ")) : done({ received: payload.quantity });
    }
  }
}
