// Recovery's part of the stock evaluation, inside the transaction that evaluated (under the shop's
// stock lock): an Allocation row for every line whose backordered units went down because units
// became available, a hold sync planned (outbox) for every order whose shortage grew, and the caps
// marked for a check when a position changed. Holds of fully served lines are released and the
// customer told after commit, by the recovery run (follow-ups of the allocation rows).
import type { Tx } from "../../models/transaction.server";
import type { StockPosition } from "../../models/backorders.server";
import { insertAllocations, type NewAllocation } from "../../models/recovery/allocations.server";
import { upsertStateActions } from "../../models/recovery/actions.server";
import { markCapsDirty } from "../../models/recovery/aging.server";
import { loadRecoverySettings } from "./settings.server";
import { holdSyncAction } from "./hold-keys";

export type StockDecrease = Omit<NewAllocation, "cause" | "source"> & { source: string };

export type RecoveryEvaluation = {
  cause: "order" | "inventory" | "reconciliation";
  at: Date;
  stockDecreases: StockDecrease[];
  /** Orders whose backordered units went up (detected, reopened, more short). */
  shortageOrders: bigint[];
  changedPositions: readonly StockPosition[];
};

export async function recordRecoveryEvaluation(tx: Tx, shop: string, e: RecoveryEvaluation): Promise<void> {
  if (e.stockDecreases.length) {
    // A level that went up is stock arriving; in a batch of orders, units another order gave back.
    const cause = e.cause === "order" ? "released" : "restock";
    await insertAllocations(tx, shop, e.stockDecreases.map((d) => ({ ...d, cause })), e.at);
  }
  if (e.shortageOrders.length) {
    const settings = await loadRecoverySettings(shop, tx);
    if (settings.holdRule !== "off") await upsertStateActions(tx, shop, e.shortageOrders.map(holdSyncAction), e.at);
  }
  if (e.changedPositions.length) await markCapsDirty(tx, shop);
}
