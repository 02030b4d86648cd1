import { describe, expect, it } from "vitest";
import { jsonRows, textRows } from "./json-rows";

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

describe("textRows", () => {
  it("splits rows on line breaks and fields on tabs, keeping empty fields", () => {
    expect(textRows("1\tweb\t\n22\t\"a\\tb\"\t2026-03-12")).toEqual([
      ["1", "web", ""],
      ["22", '"a\\tb"', "2026-03-12"],
    ]);
  });

  it("reads no rows from NULL (an aggregate over nothing) or empty text", () => {
    expect(textRows(null)).toEqual([]);
    expect(textRows("")).toEqual([]);
  });
});
