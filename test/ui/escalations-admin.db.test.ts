// The escalation inbox and the escalation page: open escalations with their reason and pre-filled
// draft; approve (optionally edited) or dismiss with a reason. Session tokens on every request;
// another shop's escalation answers 404 and stays as it was.
import "../setup/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { resetClock } from "../../app/clock.server";
import { startSupplierApiStandIn, type SupplierApiStandIn } from "../../app/stand-ins";
import { closeWebhookIntake } from "../../app/services/webhook-intake.server";
import { stopQueue } from "../../app/jobs/queue.server";
import { action as inboxAction, loader as inboxLoader } from "../../app/routes/app.escalations";
import { action as pageAction, loader as pageLoader } from "../../app/routes/app.escalations_.$id";
import { adminRequest, storeOfflineSession } from "../support/admin-request";
import { adminJson, answer } from "../support/admin-action";
import { callAction, callLoader } from "../support/call-route";
import { addOffer, addSupplier, createShop, skus, storefront } from "../replenishment/support";

const A = "esc-admin-a.myshopify.com";
const B = "esc-admin-b.myshopify.com";
const [LAMP, CUP, PLATE] = skus(3);
let api: SupplierApiStandIn;
let s: ReturnType<typeof storefront>;

type Inbox = Awaited<ReturnType<typeof inboxLoader>>;
type EscalationPage = Awaited<ReturnType<typeof pageLoader>>;
type Answer = { ok: boolean; message?: string; error?: string; fieldErrors?: Record<string, string> };
const inbox = (shop: string, qs = "") => callLoader(inboxLoader, adminRequest(shop, `/app/escalations${qs}`)) as Promise<Inbox>;
const page = (shop: string, id: string) => callLoader(pageLoader, adminRequest(shop, `/app/escalations/${id}`), { id }) as Promise<EscalationPage>;
const postInbox = async (shop: string, body: unknown) => answer<Answer>(await callAction(inboxAction, adminJson(shop, "/app/escalations", body)));
const postPage = async (shop: string, id: string, body: unknown) => answer<Answer>(await callAction(pageAction, adminJson(shop, `/app/escalations/${id}`, body), { id }));
const escalationOf = (sku: string) => prisma.escalation.findFirstOrThrow({ where: { shop: A, sku } });

beforeAll(async () => {
  api = await startSupplierApiStandIn({ suppliers: { acme: { mode: "up" } } });
  for (const shop of [A, B]) await storeOfflineSession(shop);
  await createShop(A, [LAMP, CUP, PLATE]);
  await addSupplier(A, { id: "acme", name: "Acme", channel: "api", apiUrl: api.jsonUrl("acme") });
  // Never ordered from acme before: each first draft waits for a person. PLATE has no offer at all.
  await addOffer(A, { supplierId: "acme", sku: LAMP.sku, leadTimeDays: 3, unitCost: 10 });
  await addOffer(A, { supplierId: "acme", sku: CUP.sku, leadTimeDays: 3, unitCost: 4 });
  s = storefront(A);
  for (const item of [LAMP, CUP, PLATE]) s.setStock(item, 0);
  await s.order(LAMP, 0, { qty: 2 });
  await s.order(CUP, 1, { qty: 1 });
  await s.order(PLATE, 2, { qty: 1 });
  await s.run(20);
});

afterAll(async () => {
  await api.stop();
  await closeWebhookIntake();
  await stopQueue();
  resetClock();
});

describe("escalation inbox", () => {
  it("lists open escalations with the reason, the sentence and the pre-filled draft; another shop sees none", async () => {
    const { inbox: i } = await inbox(A);
    expect(i.items.map((e) => [e.sku, e.code, e.label, e.supplier?.name ?? null, e.units, e.canApprove, e.canDismiss])).toEqual([
      [LAMP.sku, "new_supplier_for_sku", "First order of this SKU from this supplier", "Acme", 2, true, true],
      [CUP.sku, "new_supplier_for_sku", "First order of this SKU from this supplier", "Acme", 1, true, true],
      [PLATE.sku, "no_eligible_supplier", "No supplier can be used", null, 1, false, true],
    ]);
    expect(i.items[0].message).toBe(`${LAMP.sku} has never been ordered from Acme: confirm the first order.`);
    expect(i.items[0].draft).toMatchObject({ number: "PO-1001", status: "escalated", statusLabel: "Needs approval", currency: "EUR", supplierName: "Acme", total: 20 });
    expect(i.items[0].draft!.lines.map((l) => [l.sku, l.quantity, l.customerUnits, l.unitCost, l.leadTimeDays])).toEqual([[LAMP.sku, 2, 2, 10, 3]]);
    expect(i.items[2].draft).toBeNull();
    expect([i.open, i.total, i.status]).toEqual([3, 3, "open"]);
    const other = await inbox(B);
    expect(other.inbox).toMatchObject({ items: [], total: 0, open: 0 });
    // Nothing went to the supplier.
    expect(api.orders("acme")).toEqual([]);
  });

  it("a GET never approves, whatever its query says", async () => {
    const e = await escalationOf(LAMP.sku);
    await inbox(A, `?intent=approve&escalationId=${e.id}`);
    await page(A, `${e.id}`);
    expect((await escalationOf(LAMP.sku)).status).toBe("open");
    expect((await prisma.purchaseOrder.findFirstOrThrow({ where: { shop: A, number: "PO-1001" } })).status).toBe("escalated");
  });

  it("rejects bad commands with the field at fault, and another shop's escalation with 404", async () => {
    const e = await escalationOf(LAMP.sku);
    expect(await postInbox(A, { intent: "approve" })).toMatchObject({ status: 400, body: { ok: false, error: "Name the escalation" } });
    expect(await postInbox(A, { escalationId: `${e.id}`, intent: "dismiss", reason: "" })).toMatchObject({
      status: 400,
      body: { fieldErrors: { reason: "Give a reason (at least 3 characters)" } },
    });
    expect(await postInbox(A, { escalationId: `${e.id}`, intent: "approve", edits: [{ sku: LAMP.sku, quantity: 2, unitCost: -1 }] })).toMatchObject({
      status: 400,
      body: { fieldErrors: { "edits.0.unitCost": "Unit cost cannot be negative" } },
    });
    expect(await postInbox(A, { escalationId: `${e.id}`, intent: "approve", edits: [{ sku: "NOT-ON-IT", quantity: 2 }] })).toEqual({
      status: 400,
      body: { ok: false, status: 400, error: "NOT-ON-IT is not on the draft" },
    });
    expect(await postInbox(B, { escalationId: `${e.id}`, intent: "approve" })).toEqual({ status: 404, body: { ok: false, status: 404, error: "Escalation not found" } });
    expect(await postPage(B, `${e.id}`, { intent: "dismiss", reason: "not mine" })).toEqual({ status: 404, body: { ok: false, status: 404, error: "Escalation not found" } });
    for (const id of [`${e.id}`, "abc"]) {
      const res = await page(B, id).catch((x) => x);
      expect((res as Response).status).toBe(404);
    }
    expect((await escalationOf(LAMP.sku)).status).toBe("open");
  });

  it("approves an edited draft: the PO is queued for submission with the edits, and leaves the open list", async () => {
    const e = await escalationOf(LAMP.sku);
    expect(await postInbox(A, { escalationId: `${e.id}`, intent: "approve", edits: [{ sku: LAMP.sku, quantity: 4, unitCost: 9.5 }] })).toEqual({
      status: 200,
      body: { ok: true, message: "PO-1001 approved and queued for submission" },
    });
    expect(await escalationOf(LAMP.sku)).toMatchObject({ status: "approved", resolvedBy: "staff:1" });
    const po = await prisma.purchaseOrder.findFirstOrThrow({ where: { shop: A, number: "PO-1001" }, include: { lines: true } });
    expect(po.status).toBe("draft");
    expect(po.lines.map((l) => [l.quantity, l.customerUnits, l.roundingUnits, Number(l.unitCost)])).toEqual([[4, 2, 2, 9.5]]);
    expect((await inbox(A)).inbox.items.map((i) => i.sku)).toEqual([CUP.sku, PLATE.sku]);
    const approved = (await inbox(A, "?status=approved")).inbox;
    expect(approved.items.map((i) => [i.sku, i.status, i.resolvedBy, i.canApprove, i.draft?.status])).toEqual([[LAMP.sku, "approved", "staff:1", false, "draft"]]);
    expect(await postPage(A, `${e.id}`, { intent: "approve" })).toEqual({ status: 409, body: { ok: false, status: 409, error: "The escalation is already approved" } });
    await s.run(30);
    const sent = api.orders("acme").flatMap((o) => (o.channel === "edi" ? [] : o.purchaseOrder.lines));
    expect(sent.map((l) => [l.sku, l.quantity, l.unitCost])).toEqual([[LAMP.sku, 4, 9.5]]);
  });

  it("dismisses with a reason: the draft is cancelled, nothing is ordered; an escalation without a draft cannot be approved", async () => {
    const cup = await escalationOf(CUP.sku);
    expect(await postPage(A, `${cup.id}`, { intent: "dismiss", reason: "Bought at the market" })).toEqual({
      status: 200,
      body: { ok: true, message: "Escalation dismissed: its draft will not be ordered" },
    });
    const draft = await prisma.purchaseOrder.findFirstOrThrow({ where: { shop: A, number: "PO-1002" } });
    expect([draft.status, draft.cancelReason]).toEqual(["cancelled", "Escalation dismissed: Bought at the market"]);

    const plate = await escalationOf(PLATE.sku);
    expect((await page(A, `${plate.id}`)).escalation).toMatchObject({ sku: PLATE.sku, draft: null, canApprove: false, canDismiss: true });
    expect(await postPage(A, `${plate.id}`, { intent: "approve" })).toEqual({
      status: 409,
      body: { ok: false, status: 409, error: "No supplier can take this deficit: there is no draft to submit" },
    });
    expect(await postInbox(A, { escalationId: `${plate.id}`, intent: "dismiss", reason: "Discontinued" })).toMatchObject({ status: 200 });
    expect((await inbox(A)).inbox).toMatchObject({ items: [], open: 0 });
    expect((await inbox(A, "?status=dismissed")).inbox.items.map((i) => [i.sku, i.status])).toEqual([
      [PLATE.sku, "dismissed"],
      [CUP.sku, "dismissed"],
    ]);
    await s.run(60);
    expect(api.orders("acme").flatMap((o) => (o.channel === "edi" ? [] : o.purchaseOrder.lines)).map((l) => l.sku)).toEqual([LAMP.sku]);
  });
});
