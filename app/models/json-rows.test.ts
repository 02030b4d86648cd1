import { describe, expect, it } from "vitest";
import { jsonRows } from "./json-rows";

describe("jsonRows", () => {
  it("serializes bigints as strings at any depth, dates as ISO text, and keeps nulls", () => {
    const rows = [
      { id: 9007199254740993n, at: new Date("2026-12-02T10:00:00.000Z"), note: null, detail: { ids: [1n, 2n], n: 3 } },
      { id: 1n, at: null, note: "a\"b", detail: null },
    ];
    expect(JSON.parse(jsonRows(rows))).toEqual([
      { id: "9007199254740993", at: "2026-12-02T10:00:00.000Z", note: null, detail: { ids: ["1", "2"], n: 3 } },
      { id: "1", at: null, note: "a\"b", detail: null },
    ]);
  });

  it("drops undefined values as JSON does (the column reads NULL)", () => {
    expect(jsonRows([{ a: undefined, b: 1 }])).toBe('[{"b":1}]');
  });
});
