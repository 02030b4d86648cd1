// Shops and their lifecycle: install, uninstall, purge. Every function is scoped by shop.
import type { Prisma } from "@prisma/client";
import prisma from "../db.server";
import { purgePromiseData } from "./promises.server";

type Tx = Prisma.TransactionClient;
type Client = Tx | typeof prisma;

export function findShop(shop: string) {
  return prisma.shop.findUnique({ where: { domain: shop } });
}

/** Records an install (or a reinstall: history kept, the scheduled purge cancelled). Returns whether it is a (re)install. */
export async function recordInstall(shop: string, at: Date): Promise<{ reinstall: boolean; synced: boolean }> {
  const existing = await prisma.shop.findUnique({ where: { domain: shop } });
  const reinstall = !existing || existing.uninstalledAt !== null;
  await prisma.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, installedAt: at },
    update: { uninstalledAt: null, purgeAfter: null, ...(reinstall ? { installedAt: at } : {}) },
  });
  return { reinstall, synced: Boolean(existing?.syncedAt) };
}

export async function setShopInfo(shop: string, info: { currency: string; timezone: string; country: string | null; name?: string }): Promise<void> {
  await prisma.shop.upsert({ where: { domain: shop }, create: { domain: shop, ...info }, update: info });
}

export async function markSynced(shop: string, at: Date): Promise<void> {
  await prisma.shop.update({ where: { domain: shop }, data: { syncedAt: at } });
}

export async function markReconciled(shop: string, at: Date, ordersWatermark?: Date): Promise<void> {
  await prisma.shop.update({ where: { domain: shop }, data: { reconciledAt: at, ...(ordersWatermark ? { ordersReconciledAt: ordersWatermark } : {}) } });
}

export async function installedShops(): Promise<string[]> {
  const rows = await prisma.shop.findMany({ where: { uninstalledAt: null, syncedAt: { not: null } }, select: { domain: true } });
  return rows.map((r) => r.domain);
}

/** app/uninstalled: sessions go at once; the data stays until purgeAfter. */
export async function markUninstalled(tx: Tx, shop: string, at: Date, purgeAfter: Date): Promise<void> {
  await tx.session.deleteMany({ where: { shop } });
  await tx.shop.upsert({
    where: { domain: shop },
    create: { domain: shop, uninstalledAt: at, purgeAfter },
    update: { uninstalledAt: at, purgeAfter },
  });
}

/** Deletes every row the app holds for the shop. */
export async function purgeShopData(tx: Tx, shop: string): Promise<void> {
  // Recovery (issue 9): outbox, allocations, aging, holds state, spent links, caps, settings.
  await tx.recoveryAction.deleteMany({ where: { shop } });
  await tx.allocation.deleteMany({ where: { shop } });
  await tx.lineAging.deleteMany({ where: { shop } });
  await tx.orderRecovery.deleteMany({ where: { shop } });
  await tx.spentCustomerLink.deleteMany({ where: { shop } });
  await tx.variantCap.deleteMany({ where: { shop } });
  await tx.capRule.deleteMany({ where: { shop } });
  await tx.substituteOption.deleteMany({ where: { shop } });
  await tx.recoveryShopState.deleteMany({ where: { shop } });
  await tx.recoverySettings.deleteMany({ where: { shop } });
  // Promises (issue 8): notices, metafield outbox, promises and their history, settings.
  await purgePromiseData(tx, shop);
  // Replenishment (issue 7): links and timelines first, then POs before their suppliers.
  await tx.purchaseOrderCoverage.deleteMany({ where: { shop } });
  await tx.replenishmentOutbox.deleteMany({ where: { shop } });
  await tx.supplierSubmissionAttempt.deleteMany({ where: { shop } });
  await tx.escalation.deleteMany({ where: { shop } });
  await tx.purchaseOrderEvent.deleteMany({ where: { shop } });
  await tx.purchaseOrderLine.deleteMany({ where: { shop } });
  await tx.purchaseOrder.deleteMany({ where: { shop } });
  await tx.deficitWindow.deleteMany({ where: { shop } });
  await tx.supplierOffer.deleteMany({ where: { shop } });
  await tx.supplier.deleteMany({ where: { shop } });
  await tx.safetyStock.deleteMany({ where: { shop } });
  await tx.replenishmentSettings.deleteMany({ where: { shop } });
  await tx.backorderEvent.deleteMany({ where: { shop } });
  await tx.backorderLine.deleteMany({ where: { shop } });
  await tx.orderLine.deleteMany({ where: { shop } });
  await tx.order.deleteMany({ where: { shop } });
  await tx.fulfillmentOrderLine.deleteMany({ where: { shop } });
  await tx.fulfillmentOrder.deleteMany({ where: { shop } });
  await tx.locationLookup.deleteMany({ where: { shop } });
  await tx.inventoryLevel.deleteMany({ where: { shop } });
  await tx.inventoryItem.deleteMany({ where: { shop } });
  await tx.location.deleteMany({ where: { shop } });
  await tx.webhookDelivery.deleteMany({ where: { shop } });
  await tx.complianceRequest.deleteMany({ where: { shop } });
  await tx.session.deleteMany({ where: { shop } });
  await tx.shop.deleteMany({ where: { domain: shop } });
}

export async function shopsDueForPurge(now: Date): Promise<string[]> {
  const rows = await prisma.shop.findMany({ where: { uninstalledAt: { not: null }, purgeAfter: { lte: now } }, select: { domain: true } });
  return rows.map((r) => r.domain);
}

export async function updateSessionsScope(client: Client, shop: string, scope: string): Promise<number> {
  const { count } = await client.session.updateMany({ where: { shop }, data: { scope } });
  return count;
}
