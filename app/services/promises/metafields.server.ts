// The shopper-facing ETA: the app-owned metafields the extensions read, written from their outbox.
// Each row holds the value its owner's metafield should have and a version; a run claims due rows
// (lease, FOR UPDATE SKIP LOCKED: two runs never hold the same row), writes them in batches of 25
// (metafieldsSet; metafieldsDelete for owners that should have none), and records the version
// written. A row whose version was written is never written again; a newer version written while
// a call was in flight stays due. Admin API errors and outages release the rows with backoff; a
// value Shopify refuses (userErrors) is kept out of retries until a newer version exists.
import crypto from "node:crypto";
import { now } from "../../clock.server";
import {
  METAFIELD_NAMESPACE,
  METAFIELD_TYPE,
  ORDER_PROMISES_KEY,
  VARIANT_WINDOW_KEY,
} from "../../domain/promises";
import {
  claimMetafields,
  failMetafields,
  findShopState,
  nextMetafieldAt,
  releaseMetafields,
  saveShopState,
  settleMetafieldsSent,
  type ClaimedMetafield,
} from "../../models/promises.server";
import { adminGraphql, type AdminCallOptions } from "../../shopify/admin-client.server";
import {
  METAFIELD_DEFINITION_CREATE_MUTATION,
  METAFIELDS_DELETE_MUTATION,
  METAFIELDS_PER_CALL,
  METAFIELDS_SET_MUTATION,
} from "../../shopify/operations";

const KEY = { variant: VARIANT_WINDOW_KEY, order: ORDER_PROMISES_KEY } as const;
const OWNER = { variant: "ProductVariant", order: "Order" } as const;
const ownerGid = (m: Pick<ClaimedMetafield, "ownerType" | "ownerId">) => `gid://shopify/${OWNER[m.ownerType]}/${m.ownerId}`;

/** The two definitions: typed json, readable by the merchant, and by the surfaces the extensions run on. */
export const PROMISE_METAFIELD_DEFINITIONS = [
  {
    namespace: METAFIELD_NAMESPACE,
    key: VARIANT_WINDOW_KEY,
    name: "Backorder window",
    description: "When a new backordered unit of this variant ships (Backorder Pilot). Absent when it is not backordered.",
    ownerType: "PRODUCTVARIANT",
    type: METAFIELD_TYPE,
    // Read by the product-page theme block (Liquid) and the checkout / thank-you extension.
    access: { admin: "MERCHANT_READ", storefront: "PUBLIC_READ" },
  },
  {
    namespace: METAFIELD_NAMESPACE,
    key: ORDER_PROMISES_KEY,
    name: "Backorder promises",
    description: "The ship window promised for each backordered line of this order (Backorder Pilot).",
    ownerType: "ORDER",
    type: METAFIELD_TYPE,
    // Read by the order-status page extension (customer accounts).
    access: { admin: "MERCHANT_READ", customerAccount: "READ" },
  },
] as const;

type DefinitionAnswer = { metafieldDefinitionCreate: { createdDefinition: { id: string } | null; userErrors: { field: string[] | null; message: string; code: string | null }[] } };

/**
 * Creates the definitions once per shop (the sync job after install; the sender too, should that
 * have failed). A definition that exists already (TAKEN) counts as created.
 */
export async function ensureMetafieldDefinitions(shop: string, o: AdminCallOptions = {}): Promise<"created" | "done before"> {
  const state = await findShopState(shop);
  if (state?.definitionsAt) return "done before";
  for (const definition of PROMISE_METAFIELD_DEFINITIONS) {
    const r = await adminGraphql<DefinitionAnswer>(shop, METAFIELD_DEFINITION_CREATE_MUTATION, { definition }, o);
    const errors = r.metafieldDefinitionCreate.userErrors.filter((e) => e.code !== "TAKEN");
    if (errors.length) throw new Error(`metafieldDefinitionCreate ${definition.key}: ${errors.map((e) => `${(e.field ?? []).join(".")}: ${e.message}`).join("; ")}`);
  }
  await saveShopState(shop, { definitionsAt: now() });
  return "created";
}

export type MetafieldRun = { written: number; deleted: number; unchanged: number; refused: number; retried: number; nextAt: Date | null };

export type MetafieldRunOptions = {
  leaseMs?: number;
  /** Admin client options for each call (tests shorten the in-call retries). */
  admin?: AdminCallOptions;
};

/** Backoff before a failed write is tried again: 15 s, 30 s, 1 min ... capped at 1 h. */
export function metafieldRetryDelayMs(attempts: number): number {
  return Math.min(3_600_000, 15_000 * 2 ** Math.max(0, attempts - 1));
}

type SetAnswer = { metafieldsSet: { metafields: { id: string }[] | null; userErrors: { field: string[] | null; message: string; code: string | null; elementIndex: number | null }[] } };
type DeleteAnswer = { metafieldsDelete: { deletedMetafields: unknown[] | null; userErrors: { field: string[] | null; message: string }[] } };

export async function sendPromiseMetafields(shop: string, at: Date = now(), o: MetafieldRunOptions = {}): Promise<MetafieldRun> {
  const run: MetafieldRun = { written: 0, deleted: 0, unchanged: 0, refused: 0, retried: 0, nextAt: null };
  const token = crypto.randomUUID();
  const leaseMs = o.leaseMs ?? 120_000;
  const admin: AdminCallOptions = { maxAttempts: 3, ...o.admin };
  try {
    await ensureMetafieldDefinitions(shop, admin);
  } catch (error) {
    // Values can be written without definitions; the next run tries again.
    console.warn(`[promises] metafield definitions for ${shop} not created yet: ${(error as Error).message}`);
  }
  for (let round = 0; round < 50; round++) {
    const claimed = await claimMetafields(shop, token, at, leaseMs, 100);
    if (claimed.length === 0) break;
    const done = (rows: ClaimedMetafield[]) => settleMetafieldsSent(shop, token, rows, at);
    // Already as Shopify holds it (changed and changed back), or nothing to delete: nothing to call.
    const noop = claimed.filter((m) => m.hash === m.sentHash || (m.value === null && (m.sentHash === null || m.sentHash === "delete")));
    await done(noop);
    run.unchanged += noop.length;
    const sets = claimed.filter((m) => !noop.includes(m) && m.value !== null);
    const deletes = claimed.filter((m) => !noop.includes(m) && m.value === null);
    const release = async (rows: ClaimedMetafield[], error: unknown) => {
      const message = (error as Error).message?.slice(0, 500) ?? String(error);
      const attempts = Math.max(...rows.map((r) => r.attempts));
      await releaseMetafields(shop, token, rows, new Date(at.getTime() + metafieldRetryDelayMs(attempts)), message);
      run.retried += rows.length;
      console.warn(`[promises] ${rows.length} metafield write(s) for ${shop} will be retried: ${message}`);
    };
    for (let i = 0; i < sets.length; i += METAFIELDS_PER_CALL) {
      const batch = sets.slice(i, i + METAFIELDS_PER_CALL);
      try {
        const r = await adminGraphql<SetAnswer>(shop, METAFIELDS_SET_MUTATION, {
          metafields: batch.map((m) => ({ ownerId: ownerGid(m), namespace: METAFIELD_NAMESPACE, key: KEY[m.ownerType], type: METAFIELD_TYPE, value: m.value })),
        }, admin);
        const errors = r.metafieldsSet.userErrors;
        if (errors.length === 0) {
          await done(batch);
          run.written += batch.length;
          continue;
        }
        // All or nothing: the entries Shopify names are refused; the others are tried again at once.
        const named = new Map<number, string>();
        for (const e of errors) if (e.elementIndex !== null && e.elementIndex !== undefined) named.set(e.elementIndex, `${e.code ?? "INVALID"}: ${e.message}`);
        if (named.size === 0) {
          await release(batch, new Error(errors.map((e) => e.message).join("; ")));
          continue;
        }
        const refused = batch.filter((_, j) => named.has(j));
        await failMetafields(shop, token, refused.map((m) => ({ ...m, error: named.get(batch.indexOf(m))! })));
        run.refused += refused.length;
        await releaseMetafields(shop, token, batch.filter((_, j) => !named.has(j)), at, "retried without entries Shopify refused");
      } catch (error) {
        await release(batch, error);
      }
    }
    for (let i = 0; i < deletes.length; i += METAFIELDS_PER_CALL) {
      const batch = deletes.slice(i, i + METAFIELDS_PER_CALL);
      try {
        const r = await adminGraphql<DeleteAnswer>(shop, METAFIELDS_DELETE_MUTATION, {
          metafields: batch.map((m) => ({ ownerId: ownerGid(m), namespace: METAFIELD_NAMESPACE, key: KEY[m.ownerType] })),
        }, admin);
        if (r.metafieldsDelete.userErrors.length) {
          await release(batch, new Error(r.metafieldsDelete.userErrors.map((e) => e.message).join("; ")));
          continue;
        }
        // A metafield already gone counts as deleted (deletedMetafields holds null for it).
        await done(batch);
        run.deleted += batch.length;
      } catch (error) {
        await release(batch, error);
      }
    }
  }
  run.nextAt = await nextMetafieldAt(shop);
  return run;
}
