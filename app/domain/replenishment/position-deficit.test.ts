import { describe, expect, it } from "vitest";
import { allocateCoverage, countedUnits, reconcilePositionDeficit, type PositionWindows } from "./position-deficit";

const settings = { quietSeconds: 10, maxSeconds: 90 };
const T0 = new Date("2026-05-01T08:00:00Z");
const at = (s: number) => new Date(T0.getTime() + s * 1000);
const none: PositionWindows = { open: null, sealed: [], ordered: [] };
const open = (o: Partial<PositionWindows["open"] & object> = {}) => ({ id: "w1", openedAt: at(0), lastOversellAt: at(0), oversoldUnits: 3, cancelledUnits: 0, ...o });

describe("reconcilePositionDeficit", () => {
  it("opens a window for a first shortage, closing after the quiet period", () => {
    expect(reconcilePositionDeficit(none, 2, at(5), settings)).toEqual({
      seal: null,
      grow: null,
      open: { oversoldUnits: 2, openedAt: at(5), closesAt: at(15) },
      shrink: [],
      consume: [],
    });
  });

  it("does nothing when the windows already count the shortage", () => {
    const w: PositionWindows = { open: open(), sealed: [], ordered: [{ id: "o1", outstandingUnits: 4 }] };
    expect(reconcilePositionDeficit(w, 7, at(3), settings)).toEqual({ seal: null, grow: null, open: null, shrink: [], consume: [] });
  });

  it("grows the open window by the new units only, moving the quiet period", () => {
    const w: PositionWindows = { open: open(), sealed: [], ordered: [{ id: "o1", outstandingUnits: 4 }] };
    const c = reconcilePositionDeficit(w, 9, at(8), settings);
    expect(c.grow).toEqual({ id: "w1", oversoldUnits: 5, lastOversellAt: at(8), closesAt: at(18) });
    expect(c.open).toBeNull();
  });

  it("never keeps a window open past its maximum", () => {
    const w: PositionWindows = { open: open({ lastOversellAt: at(85) }), sealed: [], ordered: [] };
    expect(reconcilePositionDeficit(w, 4, at(86), settings).grow).toEqual({ id: "w1", oversoldUnits: 4, lastOversellAt: at(86), closesAt: at(90) });
  });

  it("seals a window past its closing time and opens a new one for new units", () => {
    const w: PositionWindows = { open: open({ lastOversellAt: at(2) }), sealed: [], ordered: [] };
    const c = reconcilePositionDeficit(w, 4, at(12), settings);
    expect(c.seal).toEqual({ id: "w1", closedAt: at(12) });
    expect(c.open).toEqual({ oversoldUnits: 1, openedAt: at(12), closesAt: at(22) });
    expect(c.grow).toBeNull();
  });

  it("shrinks windows not yet ordered first (open, then sealed newest first), then ordered ones oldest first", () => {
    const w: PositionWindows = {
      open: open({ oversoldUnits: 2, cancelledUnits: 1 }),
      sealed: [
        { id: "s1", oversoldUnits: 2, cancelledUnits: 0 },
        { id: "s2", oversoldUnits: 1, cancelledUnits: 0 },
      ],
      ordered: [
        { id: "o1", outstandingUnits: 2 },
        { id: "o2", outstandingUnits: 3 },
      ],
    };
    expect(countedUnits(w)).toEqual({ unordered: 4, ordered: 5 });
    const c = reconcilePositionDeficit(w, 2, at(3), settings);
    expect(c.shrink).toEqual([
      { id: "w1", cancelledUnits: 2 },
      { id: "s2", cancelledUnits: 1 },
      { id: "s1", cancelledUnits: 2 },
    ]);
    expect(c.consume).toEqual([
      { id: "o1", outstandingUnits: 0 },
      { id: "o2", outstandingUnits: 2 },
    ]);
    expect(c.open).toBeNull();
  });

  it("rejects a negative or fractional shortage", () => {
    expect(() => reconcilePositionDeficit(none, -1, at(0), settings)).toThrow(RangeError);
    expect(() => reconcilePositionDeficit(none, 1.5, at(0), settings)).toThrow(RangeError);
  });
});

describe("allocateCoverage", () => {
  it("pours sources into demands in order, each unit once", () => {
    expect(
      allocateCoverage(
        [
          { id: "p1", units: 3 },
          { id: "p2", units: 2 },
        ],
        [
          { id: "a", units: 1 },
          { id: "b", units: 3 },
          { id: "c", units: 2 },
        ]
      )
    ).toEqual([
      { demandId: "a", sourceId: "p1", units: 1 },
      { demandId: "b", sourceId: "p1", units: 2 },
      { demandId: "b", sourceId: "p2", units: 1 },
      { demandId: "c", sourceId: "p2", units: 1 },
    ]);
  });

  it("leaves surplus coverage unallocated and uncovered demand unlinked", () => {
    expect(allocateCoverage([{ id: "p1", units: 5 }], [{ id: "a", units: 2 }])).toEqual([{ demandId: "a", sourceId: "p1", units: 2 }]);
    expect(allocateCoverage([], [{ id: "a", units: 2 }])).toEqual([]);
  });
});
