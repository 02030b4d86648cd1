import { Prisma } from "@prisma/client";
import prisma from "../db.server";

export type NewDelivery = {
  shop: string;
  webhookId: string;
  eventId: string | null;
  topic: string;
  apiVersion: string | null;
  triggeredAt: Date;
  payload: unknown;
};

/**
 * Records a delivery once per (shop, X-Shopify-Webhook-Id): a single INSERT .. ON CONFLICT DO
 * NOTHING, so concurrent repeats cannot both win. Returns the new id, or null for a repeat.
 */
export async function insertDeliveryOnce(d: NewDelivery): Promise<bigint | null> {
  const rows = await prisma.$queryRaw<{ id: bigint }[]>`
    INSERT INTO "WebhookDelivery" ("shop", "webhookId", "eventId", "topic", "apiVersion", "triggeredAt", "payload")
    VALUES (${d.shop}, ${d.webhookId}, ${d.eventId}, ${d.topic}, ${d.apiVersion}, ${d.triggeredAt}, ${JSON.stringify(d.payload)}::jsonb)
    ON CONFLICT ("shop", "webhookId") DO NOTHING
    RETURNING "id"`;
  return rows[0]?.id ?? null;
}

/** A job carries only the delivery id; the row names its shop, which scopes all later work. */
export function findDeliveryForJob(id: bigint) {
  return prisma.webhookDelivery.findUnique({ where: { id } });
}

// The status writes are single raw UPDATEs: Prisma's updateMany wraps itself in a transaction
// (three round trips), and every job ends with one of these.

/** Settles a delivery; the first copy of a job to settle it decides its status. */
export async function markDelivery(
  shop: string,
  id: bigint,
  status: "processed" | "skipped" | "failed",
  reason: string | null,
  at: Date,
  attempts: number,
): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "WebhookDelivery" SET "status" = ${status}, "statusReason" = ${reason}, "processedAt" = ${at}, "attempts" = ${attempts}
     WHERE "shop" = ${shop} AND "id" = ${id} AND "status" = 'received'`;
}

/** A failed attempt that will be retried: the delivery stays "received" and says why it is waiting. */
export async function noteFailedAttempt(shop: string, id: bigint, attempts: number, reason: string): Promise<void> {
  await prisma.$executeRaw`
    UPDATE "WebhookDelivery" SET "statusReason" = ${reason}, "attempts" = ${attempts}
     WHERE "shop" = ${shop} AND "id" = ${id} AND "status" = 'received'`;
}

/** Parks a delivery the queue gave up on; one that was settled meanwhile is left alone. Returns whether it changed. */
export async function markDeliveryGivenUp(shop: string, id: bigint, reason: string, at: Date, attempts: number): Promise<boolean> {
  const changed = await prisma.$executeRaw`
    UPDATE "WebhookDelivery" SET "status" = 'failed', "statusReason" = ${reason}, "processedAt" = ${at}, "attempts" = ${attempts}
     WHERE "shop" = ${shop} AND "id" = ${id} AND "status" = 'received'`;
  return changed > 0;
}

export function countDeliveries(shop: string, where: Prisma.WebhookDeliveryWhereInput = {}) {
  return prisma.webhookDelivery.count({ where: { ...where, shop } });
}
