// Aging across days on a virtual clock, in the shop's business days (New York, US holidays:
// Juneteenth on Friday 19 June 2026): each action performed exactly once however often the run
// goes — re-notify on day 4, escalate to staff ("due today") on day 8, and at the limit either the
// automatic cancellation with a refund (mode cancel) or the customer's consent asked, cancelled when
// unanswered, kept when they choose to wait. A line closed by hand with a reason stays closed.
import "../setup/database";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRecoveryHarness, type RecoveryHarness } from "./support";
import { callAction } from "../support/call-route";

let h: RecoveryHarness;
beforeAll(async () => {
  h = await startRecoveryHarness(new Date("2026-06-01T14:00:00Z"));
});
afterAll(async () => {
  await h.stop();
});

const { updateRecoverySettings } = await import("../../app/services/recovery/settings.server");
const { armFault, disarmFaults } = await import("../../app/faults.server");
const { loadDueToday, recoveryCommand } = await import("../../app/services/recovery/admin.server");
const route = await import("../../app/routes/choice.$token");

const products = [
  { title: "Lamp", variants: [{ sku: "LAMP", price: 40, inventoryPolicy: "CONTINUE" as const, inventory: { Main: 0 } }] },
  { title: "Plate", variants: [{ sku: "PLATE", price: 12, inventory: { Main: 20 } }] },
];

/** 09:00 in New York (EDT) on a day of June 2026 (days past 30 run into July). */
const morning = (day: number) => new Date(Date.UTC(2026, 5, day, 13, 0));

async function waitingOrder(mode: "cancel" | "ask_consent") {
  h.clock.rewind(new Date("2026-06-01T14:00:00Z"));
  const { shop } = await h.shop(products);
  expect((await updateRecoverySettings(shop, { holdRule: "off", aging: { autoCancel: { mode, afterDays: 14, consentGraceDays: 5 } } })).ok).toBe(true);
  const order = h.emulator.placeOrder(shop, { name: "#G1", channel: "web", customer: { email: "gia@example.com", firstName: "Gia" }, lines: [{ sku: "LAMP", quantity: 1 }, { sku: "PLATE", quantity: 1 }] });
  await h.deliver();
  const line = await h.prisma.backorderLine.findFirstOrThrow({ where: { shop } });
  return { shop, order, line };
}

type DayLog = { day: string; notices: string[]; actions: string[]; due: boolean };

/** Runs recovery twice every morning from `from` to `to` (June days); what each day newly produced. */
async function days(shop: string, lineId: bigint, from: number, to: number): Promise<DayLog[]> {
  const log: DayLog[] = [];
  for (let d = from; d <= to; d++) {
    if (morning(d) > h.clock.now()) h.clock.set(morning(d));
    const noticesBefore = await h.prisma.customerNotice.count({ where: { shop } });
    const actionsBefore = await h.prisma.recoveryAction.count({ where: { shop } });
    await h.recover(shop);
    await h.recover(shop);
    const notices = await h.prisma.customerNotice.findMany({ where: { shop }, orderBy: { id: "asc" }, skip: noticesBefore });
    const actions = await h.prisma.recoveryAction.findMany({ where: { shop }, orderBy: { id: "asc" }, skip: actionsBefore });
    const due = (await loadDueToday(shop, h.clock.now())).rows.some((r) => r.id === lineId.toString());
    log.push({ day: morning(d).toISOString().slice(0, 10), notices: notices.map((n) => n.kind), actions: actions.map((a) => `${a.kind}:${a.status}`), due });
  }
  return log;
}

const eventful = (log: DayLog[]) => log.filter((l) => l.notices.length || l.actions.length).map((l) => [l.day, l.notices, l.actions]);

describe("aging", () => {
  it("mode cancel: re-notify on business day 4, escalate on day 8, cancel with a refund after 14 — each once", async () => {
    const { shop, order, line } = await waitingOrder("cancel");
    const log = await days(shop, line.id, 1, 25);
    expect(eventful(log)).toEqual([
      ["2026-06-05", ["still_waiting"], []],
      // Day 15 counts past Juneteenth (19 June, not a business day): Tuesday 23 June.
      ["2026-06-23", ["backorder_cancelled"], ["cancel_line:done"]],
    ]);
    // Escalated on 11 June: staff see it in "due today" from then until it leaves the queue.
    expect(log.filter((l) => l.due).map((l) => l.day)).toEqual(["2026-06-11", "2026-06-12", "2026-06-13", "2026-06-14", "2026-06-15", "2026-06-16", "2026-06-17", "2026-06-18", "2026-06-19", "2026-06-20", "2026-06-21", "2026-06-22"]);
    const aging = await h.prisma.lineAging.findUniqueOrThrow({ where: { backorderLineId: line.id } });
    expect(aging).toMatchObject({ lastNotifiedAt: "2026-06-05", escalatedAt: "2026-06-11", cancelRequestedAt: "2026-06-23", outreachAt: null, consentRequestedAt: null });
    // One refund of the backordered lamp, and the line closed through the refund's webhook.
    const em = h.emulator.order(shop, order.id);
    expect(em.refunds.map((r) => r.lines.map((l) => [l.quantity, l.restockType]))).toEqual([[[1, "CANCEL"]]]);
    // The money: the lamp's price (this shop charges no tax), once, against the sale.
    expect(em.refunds[0].transactions).toEqual([expect.objectContaining({ amount: "40.00", gateway: "manual" })]);
    expect((await h.prisma.backorderLine.findUniqueOrThrow({ where: { id: line.id } })).status).toBe("resolved");
    const trail = await h.prisma.backorderEvent.findMany({ where: { backorderLineId: line.id }, orderBy: { id: "asc" } });
    expect(trail.map((e) => e.kind)).toEqual(["detected", "auto_cancel_requested", "auto_cancelled", "resolved"]);
    const cancelled = await h.prisma.customerNotice.findFirstOrThrow({ where: { shop, kind: "backorder_cancelled" } });
    expect(cancelled.data).toMatchObject({ reason: "app", refunded: true, refund: { amount: "40.00", currencyCode: "USD" } });
    const renotice = await h.prisma.customerNotice.findFirstOrThrow({ where: { shop, kind: "still_waiting" } });
    expect((renotice.data as { actionUrl: string }).actionUrl).toMatch(/^http:\/\/localhost:3999\/choice\/v1\./);
  });

  it("mode ask_consent: the customer is asked at the limit and the line is cancelled when they do not answer", async () => {
    const { shop, order, line } = await waitingOrder("ask_consent");
    const log = await days(shop, line.id, 1, 31);
    expect(eventful(log)).toEqual([
      ["2026-06-05", ["still_waiting"], []],
      ["2026-06-23", ["choice_request"], []],
      // Five business days to answer: Tuesday 30 June.
      ["2026-06-30", ["backorder_cancelled"], ["cancel_line:done"]],
    ]);
    const ask = await h.prisma.customerNotice.findFirstOrThrow({ where: { shop, kind: "choice_request" } });
    expect(ask.data).toMatchObject({ reason: "consent", answerBy: "2026-06-30", items: [{ title: "Lamp", quantity: 1 }] });
    expect(h.emulator.order(shop, order.id).refunds).toHaveLength(1);
  });

  it("mode ask_consent: a customer who chooses to wait keeps waiting — no cancellation", async () => {
    const { shop, order, line } = await waitingOrder("ask_consent");
    await days(shop, line.id, 1, 23);
    const ask = await h.prisma.customerNotice.findFirstOrThrow({ where: { shop, kind: "choice_request" } });
    const token = (ask.data as { actionUrl: string }).actionUrl.split("/choice/")[1];
    const form = new FormData();
    form.set("option", "wait");
    const res = await callAction(route.action, new Request(`http://localhost:3999/choice/${token}`, { method: "POST", body: form }), { token });
    expect(res.status).toBe(200);
    const log = await days(shop, line.id, 24, 35);
    // Nothing more: no cancellation, no outreach, no further request.
    expect(eventful(log)).toEqual([]);
    expect((await h.prisma.recoveryAction.findMany({ where: { shop } })).map((a) => [a.kind, a.status])).toEqual([["customer_choice", "done"]]);
    expect(h.emulator.order(shop, order.id).refunds).toHaveLength(0);
    const aging = await h.prisma.lineAging.findUniqueOrThrow({ where: { backorderLineId: line.id } });
    expect(aging).toMatchObject({ consentGivenAt: "2026-06-23", action: "monitor", reason: "customer_agreed_to_wait", cancelRequestedAt: null });
    expect((await h.prisma.backorderLine.findUniqueOrThrow({ where: { id: line.id } })).status).toBe("backordered");
  });

  it("a run that fails before it commits performs nothing; the next performs each action once", async () => {
    const { shop, line } = await waitingOrder("cancel");
    await days(shop, line.id, 1, 4);
    h.clock.set(morning(5));
    armFault("recovery.beforeCommit", "throw", 1);
    await expect(h.recover(shop)).rejects.toThrow(/injected fault at recovery.beforeCommit/);
    disarmFaults();
    expect(await h.prisma.customerNotice.count({ where: { shop } })).toBe(0);
    expect((await h.prisma.lineAging.findUniqueOrThrow({ where: { backorderLineId: line.id } })).lastNotifiedAt).toBeNull();
    const log = await days(shop, line.id, 5, 12);
    expect(eventful(log)).toEqual([["2026-06-05", ["still_waiting"], []]]);
    expect((await h.prisma.lineAging.findUniqueOrThrow({ where: { backorderLineId: line.id } })).escalatedAt).toBe("2026-06-11");
  });

  it("a line closed by hand with a reason leaves the queue for good: aging stops, later stock changes do not reopen it", async () => {
    const { shop, line } = await waitingOrder("cancel");
    expect(await recoveryCommand(shop, { intent: "close", ids: [line.id.toString()], reason: "other" })).toMatchObject({ ok: false, status: 400, fieldErrors: { note: "Explain why the line is closed" } });
    expect(await recoveryCommand(shop, { intent: "close", ids: [line.id.toString()], reason: "fulfilled_elsewhere", note: "Sent from the Berlin store" })).toMatchObject({ ok: true });
    const closed = await h.prisma.backorderLine.findUniqueOrThrow({ where: { id: line.id } });
    expect([closed.status, closed.reasonCode]).toEqual(["closed", "closed_by_staff"]);
    const event = await h.prisma.backorderEvent.findFirstOrThrow({ where: { backorderLineId: line.id, kind: "closed_manually" } });
    expect(event).toMatchObject({ reasonCode: "fulfilled_elsewhere", source: "staff", detail: { note: "Sent from the Berlin store", label: "Fulfilled from another location or supplier" } });
    // Another lamp sold: the position is evaluated again, the closed line is not reopened (and the
    // new order takes its own shortage, not the closed line's).
    h.emulator.placeOrder(shop, { name: "#G2", channel: "web", lines: [{ sku: "LAMP", quantity: 1 }] });
    await h.deliver();
    const lines = await h.prisma.backorderLine.findMany({ where: { shop }, orderBy: { id: "asc" } });
    expect(lines.map((l) => [l.orderName, l.status, l.quantityBackordered])).toEqual([["#G1", "closed", 1], ["#G2", "backordered", 1]]);
    const log = await days(shop, line.id, 1, 25);
    expect(log.every((l) => !l.due)).toBe(true);
    expect(await h.prisma.recoveryAction.count({ where: { shop, kind: "cancel_line" } })).toBe(1);
    expect((await h.prisma.recoveryAction.findFirstOrThrow({ where: { shop, kind: "cancel_line" } })).key).toBe(`auto_cancel:${lines[1].id}`);
  });
});
