import { describe, expect, it } from "vitest";
import {
  DEFAULT_WINDOW_SETTINGS,
  deficitUnits,
  groupDeficits,
  isWindowClosed,
  openDeficitWindow,
  recordCancellation,
  recordOversell,
  windowClosesAt,
  type DeficitEvent,
} from "./index";

const T0 = Date.parse("2026-05-01T08:00:00Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000);
const settings = DEFAULT_WINDOW_SETTINGS; // quiet 10 s, max 90 s
const oversell = (seconds: number, units = 1, sku = "LAMP-BRASS", locationId = "berlin"): DeficitEvent => ({
  kind: "oversell",
  sku,
  locationId,
  at: at(seconds),
  units,
});
const cancellation = (seconds: number, units = 1, sku = "LAMP-BRASS", locationId = "berlin"): DeficitEvent => ({
  kind: "cancellation",
  sku,
  locationId,
  at: at(seconds),
  units,
});

describe("deficit window timing", () => {
  it("defaults to 10 quiet seconds and 90 seconds at most", () => {
    expect(DEFAULT_WINDOW_SETTINGS).toEqual({ quietSeconds: 10, maxSeconds: 90 });
  });

  it("closes a lone oversell's window after the quiet period", () => {
    const w = openDeficitWindow({ sku: "LAMP-BRASS", locationId: "berlin", at: at(0), units: 1 });
    expect(windowClosesAt(w, settings)).toEqual(at(10));
    expect(isWindowClosed(w, at(9.999), settings)).toBe(false);
    expect(isWindowClosed(w, at(10), settings)).toBe(true);
  });

  it("stays open while oversells keep coming, and closes once the SKU is quiet", () => {
    const [w] = groupDeficits([oversell(0), oversell(4), oversell(8)], settings);
    expect(windowClosesAt(w, settings)).toEqual(at(18));
    expect(isWindowClosed(w, at(17), settings)).toBe(false);
    expect(isWindowClosed(w, at(18), settings)).toBe(true);
  });

  it("never stays open past the maximum after it opened", () => {
    const w = { openedAt: at(0), lastOversellAt: at(85) };
    expect(windowClosesAt(w, settings)).toEqual(at(90));
    expect(windowClosesAt(w, { quietSeconds: 10, maxSeconds: 200 })).toEqual(at(95));
  });
});

describe("recordOversell / recordCancellation", () => {
  const opened = openDeficitWindow({ sku: "LAMP-BRASS", locationId: "berlin", at: at(0), units: 2 });

  it("joins an oversell to the open window", () => {
    const { window, closed } = recordOversell(opened, { sku: "LAMP-BRASS", locationId: "berlin", at: at(6), units: 3 }, settings);
    expect(closed).toBeNull();
    expect(window).toEqual({
      sku: "LAMP-BRASS",
      locationId: "berlin",
      openedAt: at(0),
      lastOversellAt: at(6),
      oversoldUnits: 5,
      cancelledUnits: 0,
    });
  });

  it("opens a new window for an oversell at or after the close, handing the closed one back", () => {
    const { window, closed } = recordOversell(opened, { sku: "LAMP-BRASS", locationId: "berlin", at: at(10), units: 1 }, settings);
    expect(closed).toBe(opened);
    expect(window).toEqual({
      sku: "LAMP-BRASS",
      locationId: "berlin",
      openedAt: at(10),
      lastOversellAt: at(10),
      oversoldUnits: 1,
      cancelledUnits: 0,
    });
  });

  it("does not move the quiet timer back for a late-arriving earlier oversell", () => {
    const later = recordOversell(opened, { sku: "LAMP-BRASS", locationId: "berlin", at: at(8), units: 1 }, settings).window;
    const { window } = recordOversell(later, { sku: "LAMP-BRASS", locationId: "berlin", at: at(3), units: 1 }, settings);
    expect(window.lastOversellAt).toEqual(at(8));
    expect(window.oversoldUnits).toBe(4);
  });

  it("refuses an oversell of another SKU or location", () => {
    expect(() => recordOversell(opened, { sku: "LAMP-BRASS", locationId: "paris", at: at(1), units: 1 }, settings)).toThrow(RangeError);
  });

  it("shrinks the deficit for a cancellation inside the window, without keeping the window open", () => {
    const { window, applied } = recordCancellation(opened, { at: at(5), units: 1 }, settings);
    expect(applied).toBe(true);
    expect(deficitUnits(window)).toBe(1);
    expect(windowClosesAt(window, settings)).toEqual(at(10));
  });

  it("leaves a closed window alone and says so", () => {
    const { window, applied } = recordCancellation(opened, { at: at(10), units: 1 }, settings);
    expect(applied).toBe(false);
    expect(window).toBe(opened);
  });

  it("never counts a deficit below zero", () => {
    expect(deficitUnits({ oversoldUnits: 2, cancelledUnits: 3 })).toBe(0);
  });

  it("rejects non-positive or fractional units", () => {
    expect(() => openDeficitWindow({ sku: "X", locationId: "l", at: at(0), units: 0 })).toThrow(RangeError);
    expect(() => recordCancellation(opened, { at: at(1), units: 0.5 }, settings)).toThrow(RangeError);
  });
});

describe("groupDeficits", () => {
  it("makes one deficit of the acceptance scenario's seven oversells across two channels", () => {
    // EBAY-508..510 and WEB-2009..2012, seconds after the scenario start; window 60 s.
    const events = [31, 32, 35, 36, 39, 40, 44].map((s) => oversell(s));
    const windows = groupDeficits(events, { quietSeconds: 10, maxSeconds: 60 });
    expect(windows).toEqual([
      { sku: "LAMP-BRASS", locationId: "berlin", openedAt: at(31), lastOversellAt: at(44), oversoldUnits: 7, cancelledUnits: 0 },
    ]);
    expect(windowClosesAt(windows[0], { quietSeconds: 10, maxSeconds: 60 })).toEqual(at(54));
  });

  it("splits a steady stream at the maximum window length", () => {
    const events = Array.from({ length: 21 }, (_, i) => oversell(i * 5)); // every 5 s from 0 to 100
    const windows = groupDeficits(events, settings);
    expect(windows.map((w) => [w.openedAt, w.lastOversellAt, w.oversoldUnits])).toEqual([
      [at(0), at(85), 18],
      [at(90), at(100), 3],
    ]);
  });

  it("splits a burst from the next one after a quiet gap", () => {
    const windows = groupDeficits([oversell(0, 2), oversell(3), oversell(30), oversell(35, 4)], settings);
    expect(windows.map((w) => [w.openedAt, deficitUnits(w)])).toEqual([
      [at(0), 3],
      [at(30), 5],
    ]);
  });

  it("keeps SKUs and locations apart, ordered by when each window opened", () => {
    const windows = groupDeficits([oversell(2, 1, "MUG"), oversell(0), oversell(1, 1, "LAMP-BRASS", "paris"), oversell(3)], settings);
    expect(windows.map((w) => [w.sku, w.locationId, w.oversoldUnits])).toEqual([
      ["LAMP-BRASS", "berlin", 2],
      ["LAMP-BRASS", "paris", 1],
      ["MUG", "berlin", 1],
    ]);
  });

  it("nets cancellations inside the window and ignores the ones outside any window", () => {
    const windows = groupDeficits([cancellation(0), oversell(1, 3), cancellation(4, 2), cancellation(30)], settings);
    expect(windows).toEqual([
      { sku: "LAMP-BRASS", locationId: "berlin", openedAt: at(1), lastOversellAt: at(1), oversoldUnits: 3, cancelledUnits: 2 },
    ]);
    expect(deficitUnits(windows[0])).toBe(1);
  });

  it("applies events in time order whatever order they are given in", () => {
    const events = [oversell(15), oversell(0), cancellation(5)];
    expect(groupDeficits(events, settings).map((w) => [w.openedAt, w.oversoldUnits, w.cancelledUnits])).toEqual([
      [at(0), 1, 1],
      [at(15), 1, 0],
    ]);
  });
});
