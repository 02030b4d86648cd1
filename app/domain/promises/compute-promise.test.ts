import { describe, expect, it } from "vitest";
import { addDays, createBusinessCalendar, type LocalDate } from "../calendar";
import { computePromise, leadTimeSamples, type PromiseInput, type SupplyHistory, type SupplyState } from "./index";

const us = createBusinessCalendar({ timeZone: "America/New_York", country: "US" });
const settings = { receivingDays: 1, processingDays: 1, transitDays: 0 };
const NONE: SupplyHistory = { skuLeadDays: [], supplierLeadDays: [], slipDays: [] };
const RICH = [8, 9, 9, 10, 10, 10, 10, 11, 11, 11, 12, 12, 12, 13, 13, 14, 15, 16, 18, 22];
const SLIPS = [...Array(12).fill(0), 1, 1, 1, 1, 1, 2, 2, 4];
// Monday 29 June 2026, 10:00 in New York. Friday 3 July is the observed Independence Day.
const MONDAY = new Date("2026-06-29T14:00:00Z");

const promise = (supply: SupplyState, history: SupplyHistory = NONE, extra: Partial<PromiseInput> = {}) =>
  computePromise({ calendar: us, now: MONDAY, supply, history, settings, ...extra });
const windowOf = (p: { earliest: LocalDate; latest: LocalDate }) => [p.earliest, p.latest];

describe("computePromise: before any PO", () => {
  it("counts the stated lead time (and a quarter more) from today, then receiving and processing", () => {
    const p = promise({ phase: "awaiting_po", statedLeadDays: 10 });
    // Receipt 14–17 July (3 July closed), + receiving + processing.
    expect(windowOf(p)).toEqual(["2026-07-16", "2026-07-21"]);
    expect(p.basis).toEqual({
      phase: "awaiting_po",
      today: "2026-06-29",
      receipt: { earliest: "2026-07-14", latest: "2026-07-17" },
      leadTime: { low: 10, high: 13, source: "stated", sampleCount: 0, scope: "none" },
      elapsedDays: null,
      supplierEta: null,
      firstEta: null,
      slip: null,
      receivingDays: 1,
      processingDays: 1,
      transitDays: 0,
    });
  });

  it("adds the channel's transit days", () => {
    const p = promise({ phase: "awaiting_po", statedLeadDays: 10 }, NONE, { settings: { ...settings, transitDays: 2 } });
    expect(windowOf(p)).toEqual(["2026-07-20", "2026-07-23"]);
  });

  it("counts from the shop's day: Friday evening in Los Angeles is still Friday", () => {
    const la = createBusinessCalendar({ timeZone: "America/Los_Angeles", country: "US" });
    const fridayNight = new Date("2026-05-09T05:00:00Z");
    const supply: SupplyState = { phase: "awaiting_po", statedLeadDays: 5 };
    const inLa = computePromise({ calendar: la, now: fridayNight, supply, history: NONE, settings });
    const inNy = computePromise({ calendar: us, now: fridayNight, supply, history: NONE, settings });
    expect(inLa.basis.today).toBe("2026-05-08");
    expect(windowOf(inLa)).toEqual(["2026-05-19", "2026-05-21"]);
    expect(inNy.basis.today).toBe("2026-05-09");
    expect(windowOf(inNy)).toEqual(["2026-05-20", "2026-05-22"]);
  });

  it("learns from the supplier's other SKUs when this one's history is thin, re-based on its stated time", () => {
    const history: SupplyHistory = {
      skuLeadDays: [12, 13],
      supplierLeadDays: [
        ...[7, 8, 7, 7, 8, 7, 7, 8, 7, 7].map((actualDays) => ({ actualDays, statedDays: 5 })),
        { actualDays: 12, statedDays: 10 },
        { actualDays: 13, statedDays: 10 },
      ],
      slipDays: [],
    };
    const p = promise({ phase: "awaiting_po", statedLeadDays: 10 }, history);
    expect(p.basis.leadTime).toEqual({ low: 12, high: 13, source: "history", sampleCount: 12, scope: "supplier" });
    expect(windowOf(p)).toEqual(["2026-07-20", "2026-07-21"]);
  });
});

describe("computePromise: PO submitted", () => {
  it("counts the learned lead time from the submission", () => {
    const p = promise({ phase: "submitted", submittedOn: "2026-06-22", statedLeadDays: 10 }, { ...NONE, skuLeadDays: RICH });
    expect(p.basis.leadTime).toEqual({ low: 8, high: 19, source: "history", sampleCount: 20, scope: "sku" });
    expect(p.basis.elapsedDays).toBe(5);
    expect(p.basis.receipt).toEqual({ earliest: "2026-07-02", latest: "2026-07-20" });
    expect(windowOf(p)).toEqual(["2026-07-07", "2026-07-22"]);
  });

  it("with thin history, does not promise the high end before the stated lead time", () => {
    const p = promise({ phase: "submitted", submittedOn: "2026-06-29", statedLeadDays: 10 }, { ...NONE, skuLeadDays: [6, 7] });
    expect(p.basis.leadTime).toEqual({ low: 6, high: 12, source: "blended", sampleCount: 2, scope: "sku" });
    expect(windowOf(p)).toEqual(["2026-07-10", "2026-07-20"]);
  });

  it("counts elapsed business days across a DST change, in New York and in Berlin", () => {
    const ny = promise({ phase: "submitted", submittedOn: "2026-03-06", statedLeadDays: 5 }, NONE, {
      now: new Date("2026-03-09T13:00:00Z"), // Monday 09:00 EDT, the day after clocks went forward
    });
    expect([ny.basis.today, ny.basis.elapsedDays]).toEqual(["2026-03-09", 1]);
    expect(windowOf(ny)).toEqual(["2026-03-17", "2026-03-19"]);
    const berlin = computePromise({
      calendar: createBusinessCalendar({ timeZone: "Europe/Berlin", country: "DE" }),
      now: new Date("2026-03-29T22:30:00Z"), // Monday 00:30 CEST, still Sunday in UTC
      supply: { phase: "submitted", submittedOn: "2026-03-27", statedLeadDays: 5 },
      history: NONE,
      settings,
    });
    expect([berlin.basis.today, berlin.basis.elapsedDays]).toEqual(["2026-03-30", 1]);
    expect(windowOf(berlin)).toEqual(["2026-04-09", "2026-04-13"]); // Good Friday 3 April, Easter Monday 6 April
  });

  it("for a PO out longer than usual, keeps only the lead times still possible", () => {
    // 19 business days out; of the history only the 22-day PO took that long.
    const p = promise({ phase: "submitted", submittedOn: "2026-06-01", statedLeadDays: 10 }, { ...NONE, skuLeadDays: RICH });
    expect(p.basis.elapsedDays).toBe(19);
    expect(p.basis.receipt).toEqual({ earliest: "2026-06-29", latest: "2026-07-02" });
    expect(windowOf(p)).toEqual(["2026-07-01", "2026-07-07"]);
  });
});

describe("computePromise: PO confirmed with an ETA", () => {
  it("widens the supplier's ETA by its historical lateness: the promise is not the ETA", () => {
    const p = promise({ phase: "confirmed", statedLeadDays: 10, supplierEta: "2026-07-13" }, { ...NONE, slipDays: SLIPS });
    expect(p.basis.slip).toEqual({ low: 0, high: 3, source: "history", sampleCount: 20 });
    expect(p.basis.receipt).toEqual({ earliest: "2026-07-13", latest: "2026-07-16" });
    expect(windowOf(p)).toEqual(["2026-07-15", "2026-07-20"]);
    expect(p.basis.phase).toBe("confirmed");
  });

  it("lets a supplier that delivers early pull the window's start before the ETA", () => {
    const p = promise({ phase: "confirmed", statedLeadDays: 10, supplierEta: "2026-07-13" }, { ...NONE, slipDays: [-1, -1, ...SLIPS] });
    expect(windowOf(p)).toEqual(["2026-07-14", "2026-07-17"]);
  });

  it("after a slip, counts from the new ETA and no earlier", () => {
    const supply: SupplyState = { phase: "confirmed", statedLeadDays: 10, supplierEta: "2026-07-13", firstEta: "2026-07-06" };
    const p = promise(supply, { ...NONE, slipDays: [-1, -1, ...SLIPS] });
    expect(p.basis.phase).toBe("slipped");
    expect(p.basis.firstEta).toBe("2026-07-06");
    expect(p.basis.slip).toEqual({ low: 0, high: 3, source: "history", sampleCount: 20 });
    expect(windowOf(p)).toEqual(["2026-07-15", "2026-07-20"]);
  });

  it("opens the window on a revised ETA even for a supplier that is always late against its first ETAs", () => {
    const late: SupplyHistory = { ...NONE, slipDays: [1, 1, 1, 1, 2, 2, 2, 3] };
    const confirmed = promise({ phase: "confirmed", statedLeadDays: 10, supplierEta: "2026-07-13" }, late);
    expect(confirmed.basis.receipt).toEqual({ earliest: "2026-07-14", latest: "2026-07-16" });
    const slipped = promise({ phase: "confirmed", statedLeadDays: 10, supplierEta: "2026-07-13", firstEta: "2026-07-08" }, late);
    expect(slipped.basis.receipt).toEqual({ earliest: "2026-07-13", latest: "2026-07-16" });
    expect(windowOf(slipped)).toEqual(["2026-07-15", "2026-07-20"]);
  });

  it("rules out arrivals before today even when the ETA is still ahead", () => {
    // Tuesday, ETA Wednesday: a history of 3-day-early deliveries cannot open the window before today.
    const p = promise(
      { phase: "confirmed", statedLeadDays: 10, supplierEta: "2026-07-01" },
      { ...NONE, slipDays: [-3, -3, -3, -3, 0, 0, 0, 0] },
      {
        now: new Date("2026-06-30T14:00:00Z"),
      }
    );
    // Only the four on-time receipts remain possible: too few, so blended with the prior [-1, 3]
    // (a day early allowed): it may come today, not before.
    expect(p.basis.slip).toEqual({ low: -1, high: 2, source: "blended", sampleCount: 4 });
    expect(p.basis.receipt).toEqual({ earliest: "2026-06-30", latest: "2026-07-06" });
  });

  it("once the ETA has passed, keeps only the lateness still possible", () => {
    const p = promise(
      { phase: "confirmed", statedLeadDays: 10, supplierEta: "2026-07-13" },
      { ...NONE, slipDays: SLIPS },
      {
        now: new Date("2026-07-15T14:00:00Z"),
      }
    );
    expect(p.basis.slip).toEqual({ low: 2, high: 5, source: "blended", sampleCount: 3 });
    expect(p.basis.receipt).toEqual({ earliest: "2026-07-15", latest: "2026-07-20" });
    expect(windowOf(p)).toEqual(["2026-07-17", "2026-07-22"]);
  });

  it("with no slip history, allows a day early and a quarter of the stated lead time late", () => {
    const p = promise({ phase: "confirmed", statedLeadDays: 10, supplierEta: "2026-07-13" });
    expect(p.basis.slip).toEqual({ low: -1, high: 3, source: "stated", sampleCount: 0 });
    // Receipt Friday 10 July (a day early) to Thursday 16 July.
    expect(windowOf(p)).toEqual(["2026-07-14", "2026-07-20"]);
  });

  it("an ETA given further ahead than usual may come earlier than usual (the late side as recorded)", () => {
    // Past ETAs were given 5 business days ahead and came up to 1 day early; this one looked 25 ahead.
    const history = { ...NONE, slipDays: [-1, -1, 0, 0, 0, 0, 1, 1, 2, 0], slipHorizonDays: Array(10).fill(5) };
    const near = promise({ phase: "confirmed", statedLeadDays: 10, supplierEta: "2026-07-13", firstEtaHorizonDays: 5 }, history);
    const far = promise({ phase: "confirmed", statedLeadDays: 10, supplierEta: "2026-07-13", firstEtaHorizonDays: 25 }, history);
    expect(near.basis.slip).toMatchObject({ low: -1, high: 2 });
    // -1 at 5 days ahead is -3 at 25 (scaled by (25 + 5) / (5 + 5)); the late end stays.
    expect(far.basis.slip).toMatchObject({ low: -3, high: 2 });
    const off = promise({ phase: "confirmed", statedLeadDays: 10, supplierEta: "2026-07-13", firstEtaHorizonDays: 25 }, history, { tuning: { horizonOffsetDays: null } });
    expect(off.basis.slip).toMatchObject({ low: -1, high: 2 });
  });
});

describe("computePromise: stock received", () => {
  it("leaves receiving (counted from the receipt), processing and transit", () => {
    // Received today (Monday 29 June): pickable Tuesday, + 1 processing + 2 transit (3 July closed).
    const p = promise({ phase: "received", receivedOn: "2026-06-29" }, NONE, { settings: { ...settings, transitDays: 2 } });
    expect(windowOf(p)).toEqual(["2026-07-06", "2026-07-06"]);
    expect(p.basis.receivingDays).toBe(1);
    // Received last week: receiving is done, only processing and transit are left from today.
    const earlier = promise({ phase: "received", receivedOn: "2026-06-22" }, NONE, { settings: { ...settings, transitDays: 2 } });
    expect(windowOf(earlier)).toEqual(["2026-07-02", "2026-07-02"]);
  });
});

describe("computePromise: never too early", () => {
  const starts = Array.from(
    { length: 21 },
    (_, i) => new Date(Date.parse("2026-06-26T13:00:00Z") + i * 86_400_000 + (i % 3) * 8 * 3_600_000)
  );
  const histories: SupplyHistory[] = [
    NONE,
    { skuLeadDays: [3, 4], supplierLeadDays: [], slipDays: [-2, 5] },
    { skuLeadDays: RICH, supplierLeadDays: [], slipDays: [-3, -1, ...SLIPS] },
  ];

  it("never starts before the lead time + receiving + processing from its start, nor before the work still ahead", () => {
    for (const now of starts) {
      const today = us.localDate(now);
      for (const history of histories) {
        for (const stated of [0, 3, 10]) {
          const supplies: SupplyState[] = [
            { phase: "awaiting_po", statedLeadDays: stated },
            ...[0, 4, 15, 40].map(
              (back): SupplyState => ({ phase: "submitted", submittedOn: addDays(today, -back), statedLeadDays: stated })
            ),
            ...[-6, -1, 0, 2, 9].map(
              (ahead): SupplyState => ({ phase: "confirmed", statedLeadDays: stated, supplierEta: addDays(today, ahead) })
            ),
            { phase: "received", receivedOn: addDays(today, -2) },
          ];
          for (const supply of supplies) {
            const p = computePromise({
              calendar: us,
              now,
              supply,
              history,
              settings: { receivingDays: 2, processingDays: 1, transitDays: 1 },
            });
            const label = `${now.toISOString()} ${JSON.stringify(supply)} ${JSON.stringify(history.skuLeadDays)}`;
            expect(p.earliest <= p.latest, label).toBe(true);
            const ahead = (supply.phase === "received" ? 0 : 2) + 1 + 1;
            expect(p.earliest >= us.addBusinessDays(today, ahead), label).toBe(true);
            if (supply.phase === "awaiting_po") {
              expect(p.earliest >= us.addBusinessDays(today, p.basis.leadTime!.low + 2 + 1), label).toBe(true);
              if (history === NONE) expect(p.earliest >= us.addBusinessDays(today, stated + 2 + 1), label).toBe(true);
            }
            if (supply.phase === "submitted") {
              expect(p.earliest >= us.addBusinessDays(supply.submittedOn, p.basis.leadTime!.low + 2 + 1), label).toBe(true);
            }
            if (supply.phase === "confirmed" && history === NONE) {
              // An unknown supplier may deliver a day before its ETA (LEARNING_DEFAULTS.priorEarlyDays), no earlier.
              expect(us.businessDaysBetween(supply.supplierEta, p.earliest), label).toBeGreaterThanOrEqual(2 + 1 + 1 - 1);
            }
          }
        }
      }
    }
  });

  it("refuses settings that are not whole business days", () => {
    expect(() => promise({ phase: "awaiting_po", statedLeadDays: 10 }, NONE, { settings: { ...settings, processingDays: -1 } })).toThrow(
      RangeError
    );
    expect(() => promise({ phase: "awaiting_po", statedLeadDays: 1.5 })).toThrow(RangeError);
  });
});

describe("leadTimeSamples", () => {
  it("prefers the SKU's own history, else the supplier's re-based on the stated lead time", () => {
    const supplierLeadDays = [
      { actualDays: 9, statedDays: 5 },
      { actualDays: 3, statedDays: 5 },
      { actualDays: 0, statedDays: 20 },
    ];
    expect(leadTimeSamples({ skuLeadDays: [], supplierLeadDays, slipDays: [] }, 10, 8)).toEqual({ samples: [14, 8, 0], scope: "supplier" });
    expect(leadTimeSamples({ skuLeadDays: [11, 12, 13], supplierLeadDays, slipDays: [] }, 10, 8)).toEqual({
      samples: [11, 12, 13],
      scope: "sku",
    });
    expect(leadTimeSamples({ skuLeadDays: [11], supplierLeadDays, slipDays: [] }, 10, 1)).toEqual({ samples: [11], scope: "sku" });
    expect(leadTimeSamples(NONE, 10, 8)).toEqual({ samples: [], scope: "none" });
  });
});
