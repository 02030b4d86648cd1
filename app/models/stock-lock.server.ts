// One lock per shop serialises every transaction that changes a shop's stock picture (orders,
// levels, items, fulfillment assignments, backorder lines): webhook batches from any number of
// workers, lookups, reconciliation and sync. A single lock per transaction cannot deadlock, and it
// makes "evaluate with everything committed before me" hold by construction. Workers still run in
// parallel: across shops, and within a shop each parses its next batch while another one writes.
import crypto from "node:crypto";
import type { Prisma } from "@prisma/client";

type Tx = Prisma.TransactionClient;

/** A stable 64-bit key for the shop (advisory locks are global to the database). */
export function shopStockLockKey(shop: string): bigint {
  return crypto.createHash("sha256").update(`backorder-pilot:stock:${shop}`).digest().readBigInt64BE(0);
}

/**
 * Takes the shop's stock lock for the rest of the transaction (released at commit or rollback).
 * The same statement turns PostgreSQL's JIT compiler off for the transaction: a re-plan's reads
 * are estimated costly enough to be compiled, and compiling took 226 of a 630 ms read of 120,000
 * lines (docs/decisions/0008). PGlite has no JIT; the setting is accepted and does nothing there.
 */
export async function lockShopStock(tx: Tx, shop: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${shopStockLockKey(shop)}::bigint), set_config('jit', 'off', true)`;
}
