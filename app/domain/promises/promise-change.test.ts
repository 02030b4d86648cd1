import { describe, expect, it } from "vitest";
import { promiseChange, shouldNotifyCustomer, type PromiseWindow } from "./index";

const told: PromiseWindow = { earliest: "2026-07-10", latest: "2026-07-15" };
const w = (earliest: string, latest: string) => ({ earliest, latest } as PromiseWindow);

describe("promiseChange", () => {
  it.each([
    [w("2026-07-10", "2026-07-15"), "unchanged"],
    [w("2026-07-10", "2026-07-16"), "slipped"],
    [w("2026-07-08", "2026-07-20"), "slipped"], // wider at both ends still ends later
    [w("2026-07-16", "2026-07-22"), "slipped"],
    [w("2026-07-08", "2026-07-13"), "earlier"],
    [w("2026-07-11", "2026-07-14"), "narrowed"],
    [w("2026-07-12", "2026-07-15"), "narrowed"],
    [w("2026-07-10", "2026-07-13"), "narrowed"],
    [w("2026-07-06", "2026-07-15"), "widened"],
  ] as const)("%o after the first window is %s", (next, change) => {
    expect(promiseChange(told, next)).toBe(change);
  });
});

describe("shouldNotifyCustomer", () => {
  it("tells the customer their first promise and every slip, nothing else", () => {
    expect(shouldNotifyCustomer(null, told)).toBe(true);
    expect(shouldNotifyCustomer(told, w("2026-07-10", "2026-07-16"))).toBe(true);
    expect(shouldNotifyCustomer(told, told)).toBe(false);
    expect(shouldNotifyCustomer(told, w("2026-07-08", "2026-07-13"))).toBe(false);
    expect(shouldNotifyCustomer(told, w("2026-07-11", "2026-07-14"))).toBe(false);
    expect(shouldNotifyCustomer(told, w("2026-07-06", "2026-07-15"))).toBe(false);
  });
});
