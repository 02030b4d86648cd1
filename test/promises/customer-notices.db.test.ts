// Customer notices over SMTP (a real SMTP server on loopback), from the promise refresh's outbox:
// one email per order per event, in the shop's wording; exactly once when the sender runs twice
// (one after the other or at the same time) and when the process dies after the SMTP server
// accepted a notice; an update only on a slip; a note when the line ships; a deferral retried.
import "../setup/database";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import prisma from "../../app/db.server";
import { resetClock } from "../../app/clock.server";
import { armFault, disarmFaults, InjectedFault } from "../../app/faults.server";
import { deriveMessageId } from "../../app/integrations/mail";
import { startSmtpStandIn, startSupplierApiStandIn, type SmtpStandIn, type SupplierApiStandIn } from "../../app/stand-ins";
import { closeWebhookIntake } from "../../app/services/webhook-intake.server";
import { confirmPurchaseOrder, proposePurchaseOrderEta, receivePurchaseOrder } from "../../app/services/replenishment/purchase-orders.server";
import { sendCustomerNotices, noticeRetryDelayMs } from "../../app/services/promises/notices.server";
import { updatePromiseSettings } from "../../app/services/promises/settings.server";
import { redactCustomer } from "../../app/services/privacy.server";
import { withTransaction } from "../../app/models/transaction.server";
import { createShop, items, notices, purchaseOrder, storefront, supplier } from "./support";

const [LAMP, SHADE] = items(2);
const MONDAY = new Date("2026-06-01T08:00:00Z");
const day = (n: number, hh = 10) => new Date(Date.UTC(2026, 5, n, hh - 2));

let api: SupplierApiStandIn;
let smtp: SmtpStandIn;
let n = 0;
let shop = "";

beforeAll(async () => {
  api = await startSupplierApiStandIn({ suppliers: { acme: { mode: "up" } } });
  smtp = await startSmtpStandIn();
  process.env.SMTP_URL = smtp.url;
  process.env.MAIL_FROM = "Backorder Pilot <notices@backorder-pilot.example>";
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  delete process.env.MAIL_FROM;
  await api.stop();
  await smtp.stop();
  await closeWebhookIntake();
  resetClock();
});
beforeEach(async () => {
  shop = `notices-${++n}.myshopify.com`;
  smtp.clear();
  smtp.clearFailures();
  await createShop(shop, [LAMP, SHADE]);
  await supplier(shop, "acme", [{ sku: LAMP.sku, leadTimeDays: 5 }, { sku: SHADE.sku, leadTimeDays: 5 }], { apiUrl: api.jsonUrl("acme") });
});
afterEach(() => disarmFaults());

/** Two customers: #1001 a lamp (backordered) and a shade (in stock); #1002 a lamp. PO out, promised, notices due. */
async function backordered() {
  const s = storefront(shop, MONDAY);
  s.setStock(LAMP, 0);
  s.setStock(SHADE, 3);
  await s.order([{ item: LAMP }, { item: SHADE }], 0, { email: "ana@example.com" });
  await s.order([{ item: LAMP, qty: 2 }], 5, { email: "ben@example.com" });
  await s.replenish(30);
  await s.refresh(31);
  return s;
}

const mail = (to: string) => smtp.messages().filter((m) => m.to.includes(to));

describe("customer notices", () => {
  it("one first notice per order, in the shop's name and wording, with a Message-ID from its key", async () => {
    expect((await updatePromiseSettings(shop, { noticeTexts: { first_backorder: { subject: "{{shop}}: news about {{order}}" } } })).ok).toBe(true);
    const s = await backordered();
    const run = await sendCustomerNotices(shop, s.at(32));
    expect(run).toMatchObject({ sent: 2, skipped: 0, failed: 0, deferred: 0, uncertain: 0, nextAt: null });
    expect(smtp.messages()).toHaveLength(2);
    const [ana] = mail("ana@example.com");
    const [stored] = await notices(shop);
    expect(ana).toMatchObject({ subject: "Lampen & Co: news about #1001", from: "notices@backorder-pilot.example", messageId: deriveMessageId("notice", `${shop}/${stored.key}`) });
    expect(ana.headers.from).toBe('"Lampen & Co" <notices@backorder-pilot.example>');
    // What is delayed and until when, what ships as usual, when the next update comes (en-DE dates).
    expect(ana.text).toContain("BACKORDERED\n- Item 1: expected to ship 10–12 June 2026");
    expect(ana.text).toContain("ON TRACK (not affected, ship as usual)\n- Item 2");
    expect(ana.text).toContain("and by 15 June 2026 at the latest");
    expect(ana.text).toMatch(/^Hi Ana,/);
    expect(mail("ben@example.com")[0].text).toContain("- 2 × Item 1: expected to ship 10–12 June 2026");
    expect((await notices(shop)).map((x) => [x.orderName, x.kind, x.status, x.to, x.sentAt])).toEqual([
      ["#1001", "first_backorder", "sent", "ana@example.com", s.at(32)],
      ["#1002", "first_backorder", "sent", "ben@example.com", s.at(32)],
    ]);
  });

  it("is sent exactly once when the sender runs twice, one after the other and at the same time", async () => {
    const s = await backordered();
    const [a, b] = await Promise.all([sendCustomerNotices(shop, s.at(32)), sendCustomerNotices(shop, s.at(32))]);
    expect(a.sent + b.sent).toBe(2);
    expect(await sendCustomerNotices(shop, s.at(33))).toMatchObject({ sent: 0 });
    // The refresh running again decides nothing new either.
    expect(await s.refresh(34)).toMatchObject({ notices: 0 });
    expect(await sendCustomerNotices(shop, s.at(35))).toMatchObject({ sent: 0 });
    expect(smtp.messages().map((m) => m.to).sort()).toEqual([["ana@example.com"], ["ben@example.com"]]);
  });

  it("is not sent again when the process died after the SMTP server accepted it: marked uncertain, the rest go out", async () => {
    const s = await backordered();
    armFault("notices.afterSend", "throw", 1);
    await expect(sendCustomerNotices(shop, s.at(32))).rejects.toBeInstanceOf(InjectedFault);
    // Accepted by the server, not recorded: the notice stays `sending` under its claim.
    expect(smtp.messages().map((m) => m.to)).toEqual([["ana@example.com"]]);
    expect((await notices(shop)).map((x) => x.status)).toEqual(["sending", "pending"]);
    // A run while the claim holds sends the other one only.
    expect(await sendCustomerNotices(shop, s.at(40))).toMatchObject({ sent: 1, uncertain: 0 });
    // After the lease: not sent again, but recorded as uncertain for a person to see.
    const after = await sendCustomerNotices(shop, new Date(s.at(32).getTime() + 301_000));
    expect(after).toMatchObject({ sent: 0, uncertain: 1 });
    expect(smtp.messages().map((m) => m.to).sort()).toEqual([["ana@example.com"], ["ben@example.com"]]);
    expect((await notices(shop)).map((x) => [x.orderName, x.status, x.lastError])).toEqual([
      ["#1001", "uncertain", "interrupted during the SMTP exchange: not sent again, to avoid a duplicate"],
      ["#1002", "sent", null],
    ]);
  });

  it("an update only when the window slips (not when it moves earlier or narrows), then a note when it ships", async () => {
    const s = await backordered();
    await sendCustomerNotices(shop, s.at(32));
    smtp.clear();
    const po = await purchaseOrder(shop);
    // Confirmed earlier than promised: ships 8-11 June. No email.
    s.clock.set(day(2));
    await confirmPurchaseOrder(shop, po.id, { eta: "2026-06-05", via: "test" });
    await s.refresh(day(2));
    expect(await sendCustomerNotices(shop, day(2))).toMatchObject({ sent: 0 });
    // The ETA moves to 12 June: ships 16-18 June. One update per order.
    s.clock.set(day(3));
    await proposePurchaseOrderEta(shop, po.id, { eta: "2026-06-12", via: "test" });
    await s.refresh(day(3));
    expect(await sendCustomerNotices(shop, day(3))).toMatchObject({ sent: 2 });
    const [slip] = mail("ana@example.com");
    expect(slip.subject).toBe("New shipping dates for your order #1001");
    expect(slip.text).toContain("- Item 1: was 10–12 June 2026, now expected 16–18 June 2026");
    // Back to 11 June (ships 15-17): within what they were told. No email.
    s.clock.set(day(4));
    await proposePurchaseOrderEta(shop, po.id, { eta: "2026-06-11", via: "test" });
    await s.refresh(day(4));
    expect(await sendCustomerNotices(shop, day(4))).toMatchObject({ sent: 0 });
    // Received on 10 June; Ana's order is fulfilled on the 11th: a shipped note for her only.
    s.clock.set(day(10));
    await receivePurchaseOrder(shop, po.id, [{ sku: LAMP.sku, quantity: po.lines[0].quantity }]);
    await s.refresh(day(10));
    await s.fulfill(1, day(11));
    await s.refresh(day(11));
    expect(await sendCustomerNotices(shop, day(11))).toMatchObject({ sent: 1 });
    expect(smtp.messages().map((m) => [m.to[0], m.subject])).toEqual([
      ["ana@example.com", "New shipping dates for your order #1001"],
      ["ben@example.com", "New shipping dates for your order #1002"],
      ["ana@example.com", "Your backordered items from order #1001 are on their way"],
    ]);
    expect((await notices(shop)).map((x) => [x.orderName, x.kind])).toEqual([
      ["#1001", "first_backorder"],
      ["#1002", "first_backorder"],
      ["#1001", "window_slipped"],
      ["#1002", "window_slipped"],
      ["#1001", "shipped"],
    ]);
  });

  it("a deferral (4xx) is retried with backoff and then sent once; a customer without email is skipped", async () => {
    const s = storefront(shop, MONDAY);
    s.setStock(LAMP, 0);
    await s.order([{ item: LAMP }], 0, { email: "cat@example.com" });
    await s.order([{ item: LAMP }], 5, { email: null });
    await s.replenish(30);
    await s.refresh(31);
    smtp.failRecipient("cat@example.com", { code: 451, times: 1 });
    const first = await sendCustomerNotices(shop, s.at(32));
    expect(first).toMatchObject({ sent: 0, deferred: 1, skipped: 1, nextAt: new Date(s.at(32).getTime() + noticeRetryDelayMs(1)) });
    expect(await sendCustomerNotices(shop, s.at(40))).toMatchObject({ sent: 0, deferred: 0 });
    expect(await sendCustomerNotices(shop, first.nextAt!)).toMatchObject({ sent: 1, nextAt: null });
    expect(smtp.messages().map((m) => m.to)).toEqual([["cat@example.com"]]);
    expect((await notices(shop)).map((x) => [x.orderName, x.status, x.attempts, x.lastError])).toEqual([
      ["#1001", "sent", 2, null],
      ["#1002", "skipped", 1, "no customer email on the order"],
    ]);
  });

  it("customers/redact: a notice not sent yet is never sent, and no recipient is kept", async () => {
    const s = await backordered();
    // Ben (order #1002) asks to be forgotten before his notice goes out; Ana after hers.
    const redact = (customerId: number, orderId: number) =>
      withTransaction((tx) => redactCustomer(tx, shop, { customer: { id: customerId, email: null }, orders_to_redact: [orderId] }, { webhookId: `redact-${customerId}`, at: s.at(40) }));
    expect(await redact(45002, 5002)).toMatchObject({ status: "processed" });
    expect(await sendCustomerNotices(shop, s.at(41))).toMatchObject({ sent: 1, skipped: 0 });
    expect(await redact(45001, 5001)).toMatchObject({ status: "processed" });
    expect(smtp.messages().map((m) => m.to)).toEqual([["ana@example.com"]]);
    expect((await notices(shop)).map((x) => [x.orderName, x.status, x.to, x.lastError])).toEqual([
      ["#1001", "sent", null, null],
      ["#1002", "skipped", null, "customer data redacted"],
    ]);
  });
});
