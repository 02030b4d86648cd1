import { describe, expect, it } from "vitest";
import { DEFAULT_PRIORITY_POLICY, comparePriority, rankLines, type PriorityLine, type PriorityPolicy } from "./index";

const TODAY = "2026-05-20";
const T0 = Date.parse("2026-05-01T08:00:00Z");

/** Line n: order 500+n created n minutes after T0, one unit, online store, 50.00, no promise. */
function line(n: number, extra: Partial<PriorityLine> = {}): PriorityLine {
  return {
    lineId: String(2000 + n),
    orderId: String(500 + n),
    orderCreatedAt: new Date(T0 + n * 60_000),
    channel: "online_store",
    orderValue: 5000,
    promiseLatest: null,
    units: 1,
    ...extra,
  };
}
const ids = (lines: PriorityLine[]) => lines.map((l) => l.lineId);
const only = (...criteria: PriorityPolicy["criteria"]): PriorityPolicy => ({ ...DEFAULT_PRIORITY_POLICY, criteria });

describe("rankLines under each criterion", () => {
  it("past_promise: overdue lines first, oldest order first among them; a promise due today is not overdue", () => {
    const lines = [
      line(1),
      line(2, { promiseLatest: "2026-05-19" }),
      line(3, { promiseLatest: TODAY }),
      line(4, { promiseLatest: "2026-05-02" }),
      line(5, { promiseLatest: "2026-05-18" }),
    ];
    // Among overdue lines the order's age decides, not how overdue the promise is.
    expect(ids(rankLines(lines, only("past_promise"), TODAY))).toEqual(["2002", "2004", "2005", "2001", "2003"]);
  });

  it("past_promise decides before every later criterion", () => {
    const lines = [
      line(1, { channel: "amazon", orderValue: 90_000 }),
      line(2, { promiseLatest: "2026-05-10" }),
      line(3, { promiseLatest: "2026-05-10", channel: "amazon", orderValue: 99_000 }),
    ];
    // 2 and 3 are both overdue: 2 is older, so amazon and the higher value of 3 do not count.
    expect(ids(rankLines(lines, DEFAULT_PRIORITY_POLICY, TODAY))).toEqual(["2002", "2003", "2001"]);
  });

  it("service_level: a shorter window first; channels at the default window are equal; longer windows last", () => {
    const policy: PriorityPolicy = { criteria: ["service_level"], serviceLevelDays: { default: 10, amazon: 4, ebay: 10, wholesale: 20 } };
    const lines = [
      line(1, { channel: "wholesale" }),
      line(2, { channel: "ebay" }),
      line(3, { channel: "amazon" }),
      line(4, { channel: "online_store" }),
      line(5, { channel: "pos" }),
      line(6, { channel: "amazon" }),
    ];
    expect(ids(rankLines(lines, policy, TODAY))).toEqual(["2003", "2006", "2002", "2004", "2005", "2001"]);
  });

  it("service_level does not read channel names off the object prototype", () => {
    const policy: PriorityPolicy = { criteria: ["service_level"], serviceLevelDays: { default: 10, amazon: 4 } };
    const lines = [line(1, { channel: "constructor" }), line(2, { channel: "amazon" }), line(3, { channel: "toString" })];
    expect(ids(rankLines(lines, policy, TODAY))).toEqual(["2002", "2001", "2003"]);
  });

  it("order_value: higher order value first", () => {
    const lines = [line(1, { orderValue: 1999 }), line(2, { orderValue: 25_000 }), line(3, { orderValue: 1999 }), line(4, { orderValue: 0 })];
    expect(ids(rankLines(lines, only("order_value"), TODAY))).toEqual(["2002", "2001", "2003", "2004"]);
  });

  it("order_age: oldest order first", () => {
    const lines = [line(3), line(1), line(2)];
    expect(ids(rankLines(lines, only("order_age"), TODAY))).toEqual(["2001", "2002", "2003"]);
  });

  it("the default policy combines all four in the spec's order", () => {
    const lines = [
      line(1, { channel: "ebay", orderValue: 3000 }),
      line(2, { channel: "amazon", orderValue: 1000 }),
      line(3, { channel: "online_store", orderValue: 8000, promiseLatest: "2026-05-25" }),
      line(4, { channel: "online_store", orderValue: 500, promiseLatest: "2026-05-15" }),
      line(5, { channel: "amazon", orderValue: 4000 }),
      line(6, { channel: "online_store", orderValue: 3000 }),
      line(7, { channel: "ebay", orderValue: 3000, promiseLatest: "2026-05-19" }),
    ];
    expect(ids(rankLines(lines, DEFAULT_PRIORITY_POLICY, TODAY))).toEqual([
      "2004", // overdue, older
      "2007", // overdue, newer
      "2005", // amazon, 40.00
      "2002", // amazon, 10.00
      "2003", // default window, 80.00 (promise still ahead)
      "2001", // default window, 30.00, older
      "2006", // default window, 30.00, newest
    ]);
  });

  it("the criteria order is configurable: value before channel", () => {
    const lines = [line(1, { channel: "amazon", orderValue: 1000 }), line(2, { orderValue: 2000 })];
    expect(ids(rankLines(lines, only("order_value", "service_level"), TODAY))).toEqual(["2002", "2001"]);
    expect(ids(rankLines(lines, only("service_level", "order_value"), TODAY))).toEqual(["2001", "2002"]);
  });

  it("with no criteria it is plain first-come first-served", () => {
    const lines = [line(2, { channel: "amazon", orderValue: 9000, promiseLatest: "2026-01-01" }), line(1)];
    expect(ids(rankLines(lines, only(), TODAY))).toEqual(["2001", "2002"]);
  });
});

describe("ties end in a total deterministic order", () => {
  const at = new Date(T0);

  it("same creation time: order id numerically, not as text", () => {
    const lines = [line(1, { orderId: "100", orderCreatedAt: at }), line(2, { orderId: "99", orderCreatedAt: at })];
    expect(ids(rankLines(lines, DEFAULT_PRIORITY_POLICY, TODAY))).toEqual(["2002", "2001"]);
  });

  it("ids beyond 2^53 still compare exactly", () => {
    // Both ids round to the same double; compared as numbers they would tie.
    const lines = [
      line(1, { orderId: "9007199254740993", orderCreatedAt: at }),
      line(2, { orderId: "9007199254740992", orderCreatedAt: at }),
    ];
    expect(Number(lines[0].orderId)).toBe(Number(lines[1].orderId));
    expect(ids(rankLines(lines, DEFAULT_PRIORITY_POLICY, TODAY))).toEqual(["2002", "2001"]);
  });

  it("same order: line id numerically", () => {
    const lines = [line(1, { lineId: "31", orderId: "7", orderCreatedAt: at }), line(2, { lineId: "4", orderId: "7", orderCreatedAt: at })];
    expect(ids(rankLines(lines, DEFAULT_PRIORITY_POLICY, TODAY))).toEqual(["4", "31"]);
  });

  it("comparePriority is antisymmetric and zero only for the same line", () => {
    const a = line(1, { orderCreatedAt: at, orderId: "7", lineId: "1" });
    const b = line(2, { orderCreatedAt: at, orderId: "7", lineId: "2" });
    const cmp = comparePriority(DEFAULT_PRIORITY_POLICY, TODAY);
    expect(Math.sign(cmp(a, b))).toBe(-1);
    expect(Math.sign(cmp(b, a))).toBe(1);
    expect(cmp(a, { ...a })).toBe(0);
  });
});

describe("comparePriority and rankLines", () => {
  // Deterministic pseudo-random fixture (a linear congruential generator, fixed seed).
  function fixture(n: number): PriorityLine[] {
    let s = 42;
    const next = (m: number) => ((s = (s * 1_103_515_245 + 12_345) % 2 ** 31), s % m);
    const channels = ["online_store", "ebay", "amazon", "pos"];
    return Array.from({ length: n }, (_, i) =>
      line(i, {
        orderCreatedAt: new Date(T0 + next(50) * 60_000),
        orderId: String(1000 + next(400)),
        channel: channels[next(4)],
        orderValue: next(5) * 1000,
        promiseLatest: next(3) === 0 ? `2026-05-${String(10 + next(20)).padStart(2, "0")}` : null,
      }),
    );
  }

  it("agree exactly: the comparator sorts into the same order rankLines produces", () => {
    const lines = fixture(2000);
    const bySort = [...lines].sort(comparePriority(DEFAULT_PRIORITY_POLICY, TODAY));
    expect(ids(rankLines(lines, DEFAULT_PRIORITY_POLICY, TODAY))).toEqual(ids(bySort));
  });

  it("does not depend on input order and does not reorder the input", () => {
    const lines = fixture(300);
    const before = ids(lines);
    const forward = ids(rankLines(lines, DEFAULT_PRIORITY_POLICY, TODAY));
    expect(ids(rankLines([...lines].reverse(), DEFAULT_PRIORITY_POLICY, TODAY))).toEqual(forward);
    expect(ids(lines)).toEqual(before);
  });

  it("refuses lines that would make the order arbitrary", () => {
    expect(() => rankLines([line(1), line(2, { orderCreatedAt: new Date("nope") })], DEFAULT_PRIORITY_POLICY, TODAY)).toThrow(/2002: invalid orderCreatedAt/);
    expect(() => rankLines([line(1), line(2, { orderValue: Number.NaN })], DEFAULT_PRIORITY_POLICY, TODAY)).toThrow(/2002: orderValue/);
  });
});
