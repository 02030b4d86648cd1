// Recovery's admin screens through their route loaders and actions with session tokens: the
// settings page (defaults from the replenishment promise windows, field errors, nothing saved on an
// error), the queue's next review column and "Due today" view, the bulk commands (scoped to the
// shop: another shop's ids find nothing), a line's recovery panel, and the restock preview.
import "../setup/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { loader as settingsLoader, action as settingsAction } from "../../app/routes/app.settings_.recovery";
import { loader as queueLoader } from "../../app/routes/app._index";
import { loader as detailLoader } from "../../app/routes/app.backorders.$id";
import { loader as restockLoader } from "../../app/routes/app.restock";
import { action as commandAction } from "../../app/routes/app.recovery.actions";
import { stopQueue } from "../../app/jobs/queue.server";
import { adminRequest, storeOfflineSession } from "../support/admin-request";
import { adminJson, answer } from "../support/admin-action";
import { callAction, callLoader } from "../support/call-route";

const A = "recovery-admin-a.myshopify.com";
const B = "recovery-admin-b.myshopify.com";
const today = new Date().toISOString().slice(0, 10);

async function seed(shop: string, idBase: number) {
  await prisma.shop.create({ data: { domain: shop, timezone: "UTC", country: "US" } });
  await prisma.location.create({ data: { shop, id: 1n, name: "Main" } });
  await prisma.inventoryItem.create({ data: { shop, id: 77n, variantId: 770n, sku: "LAMP", title: "Lamp", inventoryPolicy: "CONTINUE" } });
  await prisma.inventoryLevel.create({ data: { shop, inventoryItemId: 77n, locationId: 1n, available: -3, sourceUpdatedAt: new Date() } });
  const lines = [];
  for (let i = 0; i < 3; i++) {
    await prisma.order.create({ data: { shop, id: BigInt(idBase + i), name: `#${idBase + i}`, channel: i === 2 ? "amazon" : "web", createdAt: new Date(Date.now() - (3 - i) * 3_600_000), sourceUpdatedAt: new Date(), totalPrice: 10 + i } });
    lines.push(
      await prisma.backorderLine.create({
        data: {
          shop, orderId: BigInt(idBase + i), orderName: `#${idBase + i}`, orderCreatedAt: new Date(Date.now() - (3 - i) * 3_600_000), lineItemId: BigInt(idBase * 10 + i), inventoryItemId: 77n,
          sku: "LAMP", title: "Lamp", locationId: 1n, channel: i === 2 ? "amazon" : "web", quantityOrdered: 1, quantityBackordered: 1, status: "backordered", reasonCode: "single_channel_oversell",
          detectedAt: new Date(Date.now() - (3 - i) * 3_600_000), customerEmail: i === 0 ? null : `c${i}@example.com`,
        },
      }),
    );
  }
  return lines;
}

let linesA: Awaited<ReturnType<typeof seed>>;
let linesB: Awaited<ReturnType<typeof seed>>;
beforeAll(async () => {
  for (const s of [A, B]) await storeOfflineSession(s);
  linesA = await seed(A, 1000);
  linesB = await seed(B, 5000);
  // Line 0 escalated; line 1 due for review today; line 2 reviewed later.
  await prisma.lineAging.createMany({
    data: [
      { backorderLineId: linesA[0].id, shop: A, orderId: linesA[0].orderId, bucket: "8-14", action: "none", reason: "escalated", nextReviewOn: "2999-01-01", escalatedAt: today, updatedAt: new Date() },
      { backorderLineId: linesA[1].id, shop: A, orderId: linesA[1].orderId, bucket: "4-7", action: "renotify", reason: "renotify_due", dueToday: true, nextReviewOn: today, updatedAt: new Date() },
      { backorderLineId: linesA[2].id, shop: A, orderId: linesA[2].orderId, bucket: "0-3", action: "monitor", reason: "monitoring", nextReviewOn: "2999-01-01", updatedAt: new Date() },
    ],
  });
});
afterAll(async () => {
  await stopQueue();
});

type Settings = Awaited<ReturnType<typeof settingsLoader>>;
const settings = (shop: string) => callLoader(settingsLoader, adminRequest(shop, "/app/settings/recovery")) as Promise<Settings>;
const save = async (shop: string, body: unknown) =>
  answer<{ ok: boolean; message?: string; error?: string; fieldErrors?: Record<string, string> }>(await callAction(settingsAction, adminJson(shop, "/app/settings/recovery", body)));
const command = async (shop: string, body: unknown) => answer<{ ok: boolean; message?: string; error?: string; url?: string }>(await callAction(commandAction, adminJson(shop, "/app/recovery/actions", body)));

describe("recovery settings page", () => {
  it("shows the defaults: split holds, ask before cancelling after 14 business days, the promise windows as service levels", async () => {
    await prisma.replenishmentSettings.create({ data: { shop: A, supplierWeights: {}, promiseWindowDays: { default: 7, amazon: 4 }, updatedAt: new Date() } });
    const { screen } = await settings(A);
    expect(screen.values).toEqual({
      holdRule: "split_ship_rest",
      autoCancelMode: "ask_consent",
      autoCancelAfterDays: "14",
      consentGraceDays: "5",
      choiceLinkDays: "14",
      customPriority: false,
      criteria: ["past_promise", "service_level", "order_value", "order_age"],
      serviceDefaultDays: "7",
      serviceLevels: [{ channel: "amazon", days: "4" }],
      substitutes: [],
      capRules: [],
    });
    expect(screen.holdRules.map((r) => r.value)).toEqual(["hold_whole_order", "split_ship_rest", "ask_customer", "off"]);
  });

  it("refuses bad values with field errors and saves nothing; saves a valid form", async () => {
    const { screen } = await settings(B);
    const bad = await save(B, { ...screen.values, autoCancelAfterDays: "1.5", customPriority: true, criteria: ["order_age", "order_age"], capRules: [{ sku: "LAMP", channel: "", eligible: true, maxUnits: "x", resumeMargin: "" }] });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ ok: false, fieldErrors: { autoCancelAfterDays: "Whole number", "capRules.0.maxUnits": "Whole number" } });
    expect(await prisma.recoverySettings.count({ where: { shop: B } })).toBe(0);
    const dup = await save(B, { ...screen.values, customPriority: true, criteria: ["order_age", "order_age"] });
    expect(dup.body).toMatchObject({ ok: false, fieldErrors: { criteria: 'Duplicate criterion "order_age"' } });

    const good = await save(B, {
      ...screen.values,
      holdRule: "ask_customer",
      autoCancelMode: "cancel",
      autoCancelAfterDays: "10",
      customPriority: true,
      criteria: ["service_level", "order_age"],
      serviceDefaultDays: "7",
      serviceLevels: [{ channel: "amazon", days: "3" }],
      substitutes: [{ sku: "LAMP", substitutes: "LAMP-XL, LAMP-S" }],
      capRules: [{ sku: "LAMP", channel: "", eligible: true, maxUnits: "5", resumeMargin: "" }],
    });
    expect(good).toEqual({ status: 200, body: { ok: true, message: "Recovery settings saved" } });
    const after = await settings(B);
    expect(after.screen.values).toMatchObject({
      holdRule: "ask_customer",
      autoCancelMode: "cancel",
      autoCancelAfterDays: "10",
      customPriority: true,
      criteria: ["service_level", "order_age"],
      serviceLevels: [{ channel: "amazon", days: "3" }],
      substitutes: [{ sku: "LAMP", substitutes: "LAMP-S, LAMP-XL" }],
      capRules: [{ sku: "LAMP", channel: "", eligible: true, maxUnits: "5", resumeMargin: "" }],
    });
    // Shop A is untouched.
    expect((await settings(A)).screen.values.holdRule).toBe("split_ship_rest");
  });
});

describe("queue, due today and bulk actions", () => {
  it("shows each line's next review, and the lines due today (escalated first)", async () => {
    type Q = Awaited<ReturnType<typeof queueLoader>>;
    const q = (await callLoader(queueLoader, adminRequest(A, "/app"))) as Q;
    expect(q.recovery.view).toBe("all");
    expect(q.recovery.aging[linesA[1].id.toString()]).toMatchObject({ nextReviewOn: today, actionLabel: "Re-notify the customer", dueToday: true, escalated: false });
    expect(q.recovery.aging[linesA[0].id.toString()]).toMatchObject({ escalated: true });
    const due = (await callLoader(queueLoader, adminRequest(A, "/app?view=due"))) as Q;
    expect(due.recovery.due!.rows.map((r) => [r.order, r.action])).toEqual([["#1000", "Nothing due"], ["#1001", "Re-notify the customer"]]);
    // Another shop's view holds none of them.
    const other = (await callLoader(queueLoader, adminRequest(B, "/app?view=due"))) as Q;
    expect(other.recovery.due!.rows).toEqual([]);
  });

  it("notifies the selected lines' customers (those with an email), once per command; another shop's ids find nothing", async () => {
    const r = await command(A, { intent: "notify", ids: linesA.map((l) => l.id.toString()) });
    expect(r).toEqual({ status: 200, body: { ok: true, message: "2 customers notified (1 without an email address)" } });
    const notices = await prisma.customerNotice.findMany({ where: { shop: A }, orderBy: { id: "asc" } });
    expect(notices.map((n) => [n.kind, n.orderName])).toEqual([["still_waiting", "#1001"], ["still_waiting", "#1002"]]);
    expect((notices[0].data as { actionUrl: string }).actionUrl).toMatch(/^http:\/\/localhost:3999\/choice\/v1\./);
    expect(await prisma.backorderEvent.count({ where: { shop: A, kind: "customer_notified" } })).toBe(2);
    expect(await command(A, { intent: "notify", ids: linesB.map((l) => l.id.toString()) })).toEqual({ status: 404, body: { ok: false, status: 404, error: "Backorder not found" } });
    expect(await command(A, { intent: "notify", ids: [] })).toMatchObject({ status: 400 });
    expect(await prisma.customerNotice.count({ where: { shop: B } })).toBe(0);
  });

  it("cancels with a reason through the outbox (nothing sent before the run), once per line", async () => {
    const id = linesB[2].id.toString();
    expect(await command(B, { intent: "cancel", ids: [id], reason: "other" })).toMatchObject({ status: 400, body: { fieldErrors: { note: "Explain why the line is closed" } } });
    expect(await command(B, { intent: "cancel", ids: [id], reason: "customer_cancelled", note: "Phoned in" })).toEqual({ status: 200, body: { ok: true, message: "Cancelling 1 line with a refund" } });
    expect(await command(B, { intent: "cancel", ids: [id], reason: "customer_cancelled" })).toEqual({ status: 200, body: { ok: true, message: "These lines are already being cancelled" } });
    const rows = await prisma.recoveryAction.findMany({ where: { shop: B } });
    expect(rows.map((r) => [r.kind, r.key, r.status])).toEqual([["cancel_line", `staff_cancel:${id}`, "pending"]]);
    expect(rows[0].payload).toMatchObject({ choice: "cancel_line", initiatedBy: "staff", note: "Customer cancelled: Phoned in" });
  });

  it("gives staff a customer link for the line's order, and the line's recovery panel", async () => {
    const link = await command(A, { intent: "choice_link", ids: [linesA[2].id.toString()] });
    expect(link.body.url).toMatch(/^http:\/\/localhost:3999\/choice\/v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]{43}$/);
    type D = Awaited<ReturnType<typeof detailLoader>>;
    const d = (await callLoader(detailLoader, adminRequest(A, `/app/backorders/${linesA[1].id}`), { id: linesA[1].id.toString() })) as D;
    expect(d.recovery).toMatchObject({ open: true, holdRuleLabel: "Ship what is in stock; hold only the backordered items", aging: { action: "Re-notify the customer", nextReviewOn: today }, fulfillmentOrders: [] });
    expect(d.recovery!.closeReasons.map((r) => r.value)).toContain("fulfilled_elsewhere");
  });

  it("previews a restock for a line's position", async () => {
    type R = Awaited<ReturnType<typeof restockLoader>>;
    const r = (await callLoader(restockLoader, adminRequest(A, `/app/restock?line=${linesA[0].id}&quantity=2`))) as R;
    expect(r.form).toEqual({ sku: "LAMP", locationId: "1", quantity: "2" });
    expect(r.preview).toMatchObject({ ok: true, preview: { allocated: 2, linesAllocated: 2, linesWaiting: 1 } });
    expect(r.requestId).toMatch(/^[0-9a-f-]{36}$/);
  });
});
