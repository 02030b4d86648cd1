// Replenishment test support: a shop with SKUs sold below zero, suppliers and offers, oversells sent
// through the real webhook intake (signed, route actions) and processed by the real delivery
// worker code (drainDeliveries) on a virtual clock, and replenishment runs at chosen times.
import prisma from "../../app/db.server";
import { createVirtualClock, setClock } from "../../app/clock.server";
import { drainDeliveries } from "../../app/jobs/delivery-worker.server";
import { action as ordersCreate } from "../../app/routes/webhooks.orders.create";
import { action as ordersCancelled } from "../../app/routes/webhooks.orders.cancelled";
import { action as inventoryUpdate } from "../../app/routes/webhooks.inventory_levels.update";
import { callAction } from "../support/call-route";
import { signedWebhook } from "../support/signed-webhook";
import { inventoryLevelPayload, orderPayload } from "../support/rest-payloads";
import { saveOffer, saveSupplier, type OfferInput, type SupplierInput } from "../../app/services/replenishment/suppliers.server";
import { updateReplenishmentSettings, type ReplenishmentSettingsInput } from "../../app/services/replenishment/settings.server";
import { runReplenishment } from "../../app/services/replenishment/run-replenishment.server";

export const LOCATION = 7001;
export const T0 = new Date("2026-05-01T08:00:00Z");
export const at = (s: number) => new Date(T0.getTime() + s * 1000);

export type Sku = { sku: string; itemId: number; variantId: number };

export function skus(n: number): Sku[] {
  return Array.from({ length: n }, (_, i) => ({ sku: `SKU-${i + 1}`, itemId: 880_000 + i, variantId: 990_000 + i }));
}

/** A shop (EUR, Berlin) with one location and items that may be sold below zero. */
export async function createShop(shop: string, items: Sku[], o: { currency?: string } = {}): Promise<void> {
  await prisma.shop.create({ data: { domain: shop, currency: o.currency ?? "EUR", timezone: "Europe/Berlin", syncedAt: T0 } });
  await prisma.location.create({ data: { shop, id: BigInt(LOCATION), name: "Main" } });
  await prisma.inventoryItem.createMany({
    data: items.map((i) => ({ shop, id: BigInt(i.itemId), variantId: BigInt(i.variantId), sku: i.sku, title: `Item ${i.sku}`, inventoryPolicy: "CONTINUE" })),
  });
}

export async function addSupplier(shop: string, input: SupplierInput): Promise<void> {
  const r = await saveSupplier(shop, input);
  if (!r.ok) throw new Error(`supplier ${input.id}: ${JSON.stringify(r.errors)}`);
}

export async function addOffer(shop: string, input: OfferInput): Promise<void> {
  const r = await saveOffer(shop, input);
  if (!r.ok) throw new Error(`offer ${input.supplierId}/${input.sku}: ${JSON.stringify(r.errors)}`);
}

export async function settings(shop: string, input: ReplenishmentSettingsInput): Promise<void> {
  const r = await updateReplenishmentSettings(shop, input);
  if (!r.ok) throw new Error(`settings: ${JSON.stringify(r.errors)}`);
}

/**
 * Sends deliveries through the signed route actions and processes them with the real worker code,
 * each step at its virtual time. Tracks available stock per item like Shopify would.
 */
export function storefront(shop: string, start = T0) {
  const clock = createVirtualClock(start);
  setClock(clock.now);
  const available = new Map<number, number>();
  let orderSeq = 0;
  const orders = new Map<number, { item: Sku; qty: number; createdAt: Date; channel: string; lineId: number }>();
  const send = async (action: typeof ordersCreate, topic: string, payload: unknown, when: Date) => {
    const res = await callAction(action, signedWebhook(topic, payload, { shop, triggeredAt: when }));
    if (res.status !== 200) throw new Error(`${topic}: HTTP ${res.status}`);
  };
  return {
    clock,
    now: () => clock.now(),
    setStock(item: Sku, units: number) {
      available.set(item.itemId, units);
    },
    async level(item: Sku, when: Date) {
      await send(inventoryUpdate, "inventory_levels/update", inventoryLevelPayload(item.itemId, LOCATION, available.get(item.itemId) ?? 0, when), when);
    },
    /** An order of `qty` units at virtual time `when` (seconds after start or a Date), and the level update it causes. */
    async order(item: Sku, when: number | Date, o: { qty?: number; channel?: string; settle?: boolean } = {}): Promise<number> {
      const t = typeof when === "number" ? new Date(start.getTime() + when * 1000) : when;
      clock.set(t);
      const n = ++orderSeq;
      const qty = o.qty ?? 1;
      const channel = o.channel ?? "web";
      orders.set(n, { item, qty, createdAt: t, channel, lineId: 70_000 + n });
      await send(ordersCreate, "orders/create", orderPayload({ id: 5000 + n, name: `#${1000 + n}`, sourceName: channel, createdAt: t, lines: [{ id: 70_000 + n, variantId: item.variantId, sku: item.sku, quantity: qty }] }), t);
      available.set(item.itemId, (available.get(item.itemId) ?? 0) - qty);
      await this.level(item, t);
      if (o.settle !== false) await drainDeliveries({ batchSize: 500 });
      return n;
    },
    /** Cancels order n with restock (orders/cancelled, then the level update). */
    async cancel(n: number, when: number | Date): Promise<void> {
      const t = typeof when === "number" ? new Date(start.getTime() + when * 1000) : when;
      clock.set(t);
      const o = orders.get(n)!;
      await send(
        ordersCancelled,
        "orders/cancelled",
        orderPayload({ id: 5000 + n, name: `#${1000 + n}`, sourceName: o.channel, createdAt: o.createdAt, updatedAt: t, cancelledAt: t, lines: [{ id: o.lineId, variantId: o.item.variantId, sku: o.item.sku, quantity: o.qty }] }),
        t,
      );
      available.set(o.item.itemId, (available.get(o.item.itemId) ?? 0) + o.qty);
      await this.level(o.item, t);
      await drainDeliveries({ batchSize: 500 });
    },
    /** Stock arrives (a restock in Shopify). */
    async restock(item: Sku, units: number, when: number | Date): Promise<void> {
      const t = typeof when === "number" ? new Date(start.getTime() + when * 1000) : when;
      clock.set(t);
      available.set(item.itemId, (available.get(item.itemId) ?? 0) + units);
      await this.level(item, t);
      await drainDeliveries({ batchSize: 500 });
    },
    /** Runs replenishment at virtual time `when`. */
    async run(when: number | Date) {
      const t = typeof when === "number" ? new Date(start.getTime() + when * 1000) : when;
      clock.set(t);
      return runReplenishment(shop, t);
    },
  };
}

export async function purchaseOrders(shop: string) {
  return prisma.purchaseOrder.findMany({ where: { shop }, include: { lines: { orderBy: { id: "asc" } } }, orderBy: { id: "asc" } });
}

export async function windows(shop: string) {
  return prisma.deficitWindow.findMany({ where: { shop }, orderBy: { id: "asc" } });
}
