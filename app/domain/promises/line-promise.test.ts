import { describe, expect, it } from "vitest";
import { createBusinessCalendar } from "../calendar";
import {
  closedReason,
  linePromise,
  nextUpdateBy,
  offerForUncovered,
  promiseReason,
  supplyForOrder,
  supplyHistoryFor,
  windowChange,
  type CoveringOrder,
  type ReceiptRecord,
} from "./line-promise";

const de = createBusinessCalendar({ timeZone: "Europe/Berlin", country: "DE" });
const NONE = { skuLeadDays: [], supplierLeadDays: [], slipDays: [] };
const po = (o: Partial<CoveringOrder>): CoveringOrder => ({ status: "submitted", submittedOn: "2026-06-01", eta: null, firstEta: null, statedLeadDays: 5, receivedOn: null, ...o });

describe("supplyForOrder", () => {
  it("maps each PO state to where its stock stands", () => {
    const approval = { approvalDays: 2 };
    expect(supplyForOrder(po({ status: "draft", submittedOn: null }), approval)).toEqual({ phase: "awaiting_po", statedLeadDays: 5, orderWithinDays: 0 });
    expect(supplyForOrder(po({ status: "escalated", submittedOn: null }), approval)).toEqual({ phase: "awaiting_po", statedLeadDays: 5, orderWithinDays: 2 });
    expect(supplyForOrder(po({}), approval)).toEqual({ phase: "submitted", submittedOn: "2026-06-01", statedLeadDays: 5 });
    // An ETA (confirmed, or proposed on a submitted PO): confirmed, with the first ETA it gave.
    expect(supplyForOrder(po({ status: "confirmed", eta: "2026-06-12", firstEta: "2026-06-05" }), approval)).toEqual({
      phase: "confirmed",
      statedLeadDays: 5,
      supplierEta: "2026-06-12",
      firstEta: "2026-06-05",
    });
    expect(supplyForOrder(po({ eta: "2026-06-08" }), approval)).toMatchObject({ phase: "confirmed", firstEta: "2026-06-08" });
    expect(supplyForOrder(po({ status: "partially_received", eta: "2026-06-08", receivedOn: "2026-06-08" }), approval)).toEqual({ phase: "received", receivedOn: "2026-06-08" });
    expect(supplyForOrder(po({ status: "cancelled" }), approval)).toBeNull();
    // Fractional stated days round up (a 4.5-day lead time is not promised as 4).
    expect(supplyForOrder(po({ statedLeadDays: 4.5 }), approval)).toMatchObject({ statedLeadDays: 5 });
  });
});

describe("offerForUncovered", () => {
  const offers = [
    { supplierId: "fast", leadTimeDays: 4, active: true },
    { supplierId: "slow", leadTimeDays: 9, active: true },
    { supplierId: "slower", leadTimeDays: 20, active: true },
    { supplierId: "down", leadTimeDays: 2, active: false },
  ];
  it("inside the channel's window: the slowest of the offers that fit (the planner picks one of them)", () => {
    expect(offerForUncovered(offers, 10)?.supplierId).toBe("slow");
  });
  it("none fits: a person decides among all active offers, the slowest stands in", () => {
    expect(offerForUncovered(offers, 3)?.supplierId).toBe("slower");
    expect(offerForUncovered(offers, null)?.supplierId).toBe("slower");
  });
  it("no active offer: nothing to promise from", () => {
    expect(offerForUncovered([offers[3]], 10)).toBeNull();
    expect(offerForUncovered([], 10)).toBeNull();
  });
});

describe("supplyHistoryFor", () => {
  const r = (o: Partial<ReceiptRecord>): ReceiptRecord => ({ supplierId: "acme", sku: "LAMP", submittedOn: "2026-05-04", receivedOn: "2026-05-11", statedLeadDays: 5, firstEta: null, ...o });
  it("counts business days of the shop's calendar, this SKU apart from the supplier's, and lateness against first ETAs", () => {
    const h = supplyHistoryFor(
      [
        // 4 May -> 15 May over Ascension Day (14 May): 8 business days.
        r({ submittedOn: "2026-05-04", receivedOn: "2026-05-15", firstEta: "2026-05-13" }),
        r({ sku: "DESK", submittedOn: "2026-05-04", receivedOn: "2026-05-08", statedLeadDays: 3.5 }),
        r({ supplierId: "other", receivedOn: "2026-05-20" }),
        r({ submittedOn: "2026-05-18", receivedOn: "2026-05-22", firstEta: "2026-05-26" }),
      ],
      de,
      "acme",
      "LAMP",
    );
    // Oldest first. Whit Monday (25 May) is closed: received 22 May vs ETA 26 May is 1 day early.
    expect(h).toEqual({
      skuLeadDays: [8, 4],
      // By receipt: DESK (8 May), LAMP (15 May), LAMP (22 May).
      supplierLeadDays: [
        { actualDays: 4, statedDays: 4 },
        { actualDays: 8, statedDays: 5 },
        { actualDays: 4, statedDays: 5 },
      ],
      slipDays: [1, -1],
    });
  });
});

describe("supplyHistoryFor: horizons", () => {
  it("records how far ahead each first ETA looked, when every slip's day is known", () => {
    const r = (o: Partial<ReceiptRecord>): ReceiptRecord => ({ supplierId: "acme", sku: "LAMP", submittedOn: "2026-06-01", receivedOn: "2026-06-12", statedLeadDays: 5, firstEta: "2026-06-10", firstEtaGivenOn: "2026-06-02", ...o });
    expect(supplyHistoryFor([r({}), r({ receivedOn: "2026-06-15", firstEtaGivenOn: "2026-06-08" })], de, "acme", "LAMP")).toMatchObject({ slipDays: [2, 3], slipHorizonDays: [6, 2] });
    expect(supplyHistoryFor([r({}), r({ firstEtaGivenOn: null })], de, "acme", "LAMP")).not.toHaveProperty("slipHorizonDays");
  });
});

describe("linePromise", () => {
  const now = new Date("2026-06-01T08:00:00Z");
  const settings = { receivingDays: 1, processingDays: 1, transitDays: 0 };
  it("ships when its last unit is in: the latest start and the latest end of its parts", () => {
    const p = linePromise({
      calendar: de,
      now,
      settings,
      parts: [
        { units: 1, supply: { phase: "confirmed", statedLeadDays: 5, supplierEta: "2026-06-05" }, history: NONE, supplierId: "acme" },
        { units: 2, supply: { phase: "awaiting_po", statedLeadDays: 10 }, history: NONE, supplierId: "slow" },
      ],
    });
    // Confirmed: ships 9-11 June. Ten stated days from today: receipt 15-18 June, ships 17-22 June.
    expect(p).toMatchObject({ earliest: "2026-06-17", latest: "2026-06-22", limitingSupplier: "slow", parts: 2 });
    expect(p!.basis.phase).toBe("awaiting_po");
  });
  it("no parts (nothing to promise from): null", () => {
    expect(linePromise({ calendar: de, now, settings, parts: [] })).toBeNull();
  });
});

describe("promiseReason / windowChange / nextUpdateBy / closedReason", () => {
  const snap = (o: Partial<Parameters<typeof promiseReason>[1]>) => ({ window: { earliest: "2026-06-10", latest: "2026-06-12" } as const, phase: "submitted" as const, supplierEta: null, open: true, ...o });
  const flags = { settingsChanged: false, dayChanged: false };
  it("names what moved the promise", () => {
    expect(promiseReason(null, snap({}), flags)).toBe("detected");
    expect(promiseReason(snap({ open: false }), snap({}), flags)).toBe("reopened");
    expect(promiseReason(snap({ phase: "awaiting_po" }), snap({}), flags)).toBe("po_submitted");
    expect(promiseReason(snap({}), snap({ phase: "confirmed", supplierEta: "2026-06-05" }), flags)).toBe("po_confirmed");
    expect(promiseReason(snap({ phase: "confirmed", supplierEta: "2026-06-05" }), snap({ phase: "slipped", supplierEta: "2026-06-12" }), flags)).toBe("eta_slipped");
    expect(promiseReason(snap({ phase: "slipped", supplierEta: "2026-06-12" }), snap({ phase: "slipped", supplierEta: "2026-06-15" }), flags)).toBe("eta_slipped");
    expect(promiseReason(snap({ phase: "slipped", supplierEta: "2026-06-12" }), snap({ phase: "slipped", supplierEta: "2026-06-11" }), flags)).toBe("eta_changed");
    expect(promiseReason(snap({}), snap({ phase: "received" }), flags)).toBe("po_received");
    expect(promiseReason(snap({}), snap({}), { settingsChanged: true, dayChanged: true })).toBe("settings_changed");
    expect(promiseReason(snap({}), snap({}), { settingsChanged: false, dayChanged: true })).toBe("time_passed");
  });
  it("classifies the change", () => {
    expect(windowChange(null, { earliest: "2026-06-10", latest: "2026-06-12" })).toBe("set");
    expect(windowChange({ earliest: "2026-06-10", latest: "2026-06-12" }, { earliest: "2026-06-11", latest: "2026-06-15" })).toBe("slipped");
  });
  it("the next update comes by the business day after the earliest end", () => {
    // Ends Friday 22 May; Monday 25 May is Whit Monday.
    expect(nextUpdateBy(de, [{ earliest: "2026-05-20", latest: "2026-05-29" }, { earliest: "2026-05-18", latest: "2026-05-22" }])).toBe("2026-05-26");
    expect(() => nextUpdateBy(de, [])).toThrow(RangeError);
  });
  it("tells a fulfilled line from a removed or refunded one", () => {
    const base = { status: "resolved", orderCancelled: false, openQuantity: 0 };
    expect(closedReason({ ...base, reasonCode: "line_removed_or_fulfilled", currentQuantity: 2 })).toBe("shipped");
    expect(closedReason({ ...base, reasonCode: "line_removed_or_fulfilled", currentQuantity: 0 })).toBe("removed");
    expect(closedReason({ ...base, reasonCode: "line_removed_or_fulfilled", currentQuantity: null })).toBe("removed");
    expect(closedReason({ ...base, reasonCode: "stock_available", currentQuantity: 1, openQuantity: 1 })).toBe("in_stock");
    expect(closedReason({ ...base, reasonCode: "reattributed_to_later_order", currentQuantity: 1, openQuantity: 1 })).toBe("in_stock");
    expect(closedReason({ ...base, status: "cancelled", reasonCode: "order_cancelled", currentQuantity: 0 })).toBe("cancelled");
    expect(closedReason({ ...base, orderCancelled: true, reasonCode: "line_removed_or_fulfilled", currentQuantity: 2 })).toBe("cancelled");
    expect(closedReason({ ...base, status: "closed", reasonCode: null, currentQuantity: 1, openQuantity: 1 })).toBe("closed_by_staff");
  });
});
