import "../setup/database";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { resetClock } from "../../app/clock.server";
import { startSupplierApiStandIn, type SupplierApiStandIn } from "../../app/stand-ins";
import { closeWebhookIntake } from "../../app/services/webhook-intake.server";
import { loader, action } from "../../app/routes/supplier.po.$token";
import { supplierLinkToken } from "../../app/services/replenishment/supplier-links.server";
import { signCustomerLink } from "../../app/security/customer-links";
import { callAction, callLoader } from "../support/call-route";
import { TEST_APP_URL } from "../support/test-env";
import { addOffer, addSupplier, at, createShop, purchaseOrders, skus, storefront } from "./support";

const [LAMP] = skus(1);
let api: SupplierApiStandIn;
let shopN = 0;
let shop = "";

beforeAll(async () => {
  api = await startSupplierApiStandIn({ suppliers: { acme: { mode: "up" } } });
});
afterAll(async () => {
  await api.stop();
  await closeWebhookIntake();
  resetClock();
});

/** A shop whose oversell became a PO submitted to acme at +10 s; returns the link the supplier received. */
async function submittedPurchaseOrder(name: string) {
  await createShop(name, [LAMP]);
  await addSupplier(name, { id: "acme", name: "Acme", channel: "api", apiUrl: api.jsonUrl("acme") });
  await addOffer(name, { supplierId: "acme", sku: LAMP.sku, leadTimeDays: 3, unitCost: 10, lastUnitCostSeed: 10 });
  const s = storefront(name);
  s.setStock(LAMP, 0);
  await s.order(LAMP, 0, { qty: 2 });
  await s.run(10);
  const [po] = await purchaseOrders(name);
  const order = api.orders("acme").find((o) => o.idempotencyKey === `${name}:po:${po.id}`)!;
  const notes = order.channel === "edi" ? "" : (order.purchaseOrder.notes ?? "");
  const link = /(http\S+\/supplier\/po\/(\S+))$/.exec(notes);
  return { po, s, url: link![1], token: link![2] };
}

const page = (token: string) => new Request(`${TEST_APP_URL}/supplier/po/${token}`);
const post = (token: string, fields: Record<string, string>) => new Request(`${TEST_APP_URL}/supplier/po/${token}`, { method: "POST", body: new URLSearchParams(fields) });

async function loaderStatus(token: string): Promise<number> {
  try {
    const r = (await callLoader(loader, page(token), { token })) as Response;
    return r.status;
  } catch (e) {
    if (e instanceof Response) return e.status;
    throw e;
  }
}

beforeEach(() => {
  shop = `links-${++shopN}.myshopify.com`;
});

describe("supplier link", () => {
  it("is sent with the PO; the supplier sees the order and confirms it with an ETA, then proposes a new one", async () => {
    const { po, s, url, token } = await submittedPurchaseOrder(shop);
    expect(url).toBe(`${TEST_APP_URL}/supplier/po/${token}`);
    const shown = (await callLoader(loader, page(token), { token })) as Response;
    expect(shown.headers.get("cache-control")).toBe("no-store");
    expect(await shown.json()).toEqual({
      purchaseOrder: {
        number: po.number,
        supplierName: "Acme",
        status: "submitted",
        currency: "EUR",
        eta: null,
        submittedAt: at(10).toISOString(),
        lines: [{ sku: LAMP.sku, description: `Item ${LAMP.sku}`, quantity: 2, unitCost: 10, received: 0 }],
        canRespond: true,
      },
    });
    s.clock.set(at(3600));
    const confirmed = await callAction(action, post(token, { intent: "confirm", eta: "2026-05-06" }), { token });
    expect(confirmed.status).toBe(200);
    expect(await confirmed.json()).toEqual({ ok: true, status: "confirmed", eta: "2026-05-06" });
    expect(await prisma.purchaseOrder.findUniqueOrThrow({ where: { id: po.id } })).toMatchObject({ status: "confirmed", eta: "2026-05-06", confirmedAt: at(3600) });

    const proposed = await callAction(action, post(token, { intent: "propose", eta: "2026-05-09", note: "Strike at the port" }), { token });
    expect(await proposed.json()).toEqual({ ok: true, status: "confirmed", eta: "2026-05-09" });
    const events = await prisma.purchaseOrderEvent.findMany({ where: { purchaseOrderId: po.id }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.kind, e.detail && (e.detail as { eta?: string }).eta])).toEqual([
      ["created", undefined],
      ["submitted", null],
      ["confirmed", "2026-05-06"],
      ["eta_changed", "2026-05-09"],
    ]);
    const bad = await callAction(action, post(token, { intent: "confirm", eta: "next week" }), { token });
    expect(bad.status).toBe(400);
    expect((await prisma.purchaseOrder.findUniqueOrThrow({ where: { id: po.id } })).eta).toBe("2026-05-09");
  });

  it("refuses an expired link (410) and changes nothing", async () => {
    const { po } = await submittedPurchaseOrder(shop);
    const expired = supplierLinkToken(shop, po.id, new Date(Date.parse("2026-03-01T00:00:00Z")), 30);
    expect(await loaderStatus(expired)).toBe(410);
    const r = await callAction(action, post(expired, { intent: "confirm", eta: "2026-05-06" }), { token: expired });
    expect(r.status).toBe(410);
    expect((await prisma.purchaseOrder.findUniqueOrThrow({ where: { id: po.id } })).status).toBe("submitted");
  });

  it("refuses a tampered link (403): another PO id in the claims, a changed signature, a customer link", async () => {
    const { po, token } = await submittedPurchaseOrder(shop);
    const [v, claims, sig] = token.split(".");
    const forged = JSON.parse(Buffer.from(claims, "base64url").toString()) as [string, string, number];
    forged[1] = String(po.id + 1n);
    const otherClaims = `${v}.${Buffer.from(JSON.stringify(forged)).toString("base64url")}.${sig}`;
    const flipped = `${v}.${claims}.${sig.slice(0, -1)}${sig.endsWith("A") ? "B" : "A"}`;
    const customer = signCustomerLink({ shop, orderId: String(po.id), purpose: "backorder_choice", nonce: "abcdefghijklmnopqrstuv", expiresAt: at(86_400) }, "x".repeat(40));
    for (const t of [otherClaims, flipped, customer, "not-a-token"]) {
      expect(await loaderStatus(t)).toBe(403);
      expect((await callAction(action, post(t, { intent: "confirm", eta: "2026-05-06" }), { token: t })).status).toBe(403);
    }
    expect((await prisma.purchaseOrder.findUniqueOrThrow({ where: { id: po.id } })).status).toBe("submitted");
  });

  it("refuses another shop's PO (404): a link is bound to its shop", async () => {
    const mine = await submittedPurchaseOrder(shop);
    const theirs = await submittedPurchaseOrder(`links-other-${shopN}.myshopify.com`);
    // A valid signature for this shop, naming the other shop's PO id.
    const crossed = supplierLinkToken(shop, theirs.po.id, at(10));
    expect(await loaderStatus(crossed)).toBe(404);
    expect((await callAction(action, post(crossed, { intent: "confirm", eta: "2026-05-06" }), { token: crossed })).status).toBe(404);
    expect((await prisma.purchaseOrder.findUniqueOrThrow({ where: { id: theirs.po.id } })).status).toBe("submitted");
    expect(await loaderStatus(mine.token)).toBe(200);
  });
});
