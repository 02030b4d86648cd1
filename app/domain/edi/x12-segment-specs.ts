// Element rules (004010) for the envelope and the 850 segments the app writes. The serializer and
// the parser check values against the same table, so what one writes the other accepts.
// Elements past the listed ones (up to `maxElements`) are not checked beyond separators.

export type X12ElementType = "ID" | "AN" | "N0" | "R" | "DT" | "TM";
export type X12ElementSpec = { type: X12ElementType; min: number; max: number; required: boolean };
export type X12SegmentSpec = {
  maxElements: number;
  elements: readonly X12ElementSpec[];
  /** 1-based element pairs: both present or both absent (qualifier + value). */
  pairs?: readonly (readonly [number, number])[];
};

const m = (type: X12ElementType, min: number, max: number): X12ElementSpec => ({ type, min, max, required: true });
const o = (type: X12ElementType, min: number, max: number): X12ElementSpec => ({ type, min, max, required: false });

// PO106/PO107 ... PO124/PO125: product id qualifier + product id.
const productIdPairs = Array.from({ length: 10 }, (_, i) => [6 + 2 * i, 7 + 2 * i] as const);

export const X12_SEGMENT_SPECS: Readonly<Record<string, X12SegmentSpec>> = {
  GS: {
    maxElements: 8,
    elements: [m("ID", 2, 2), m("AN", 2, 15), m("AN", 2, 15), m("DT", 8, 8), m("TM", 4, 8), m("N0", 1, 9), m("ID", 1, 2), m("AN", 1, 12)],
  },
  ST: { maxElements: 3, elements: [m("ID", 3, 3), m("AN", 4, 9), o("AN", 1, 35)] },
  SE: { maxElements: 2, elements: [m("N0", 1, 10), m("AN", 4, 9)] },
  GE: { maxElements: 2, elements: [m("N0", 1, 6), m("N0", 1, 9)] },
  IEA: { maxElements: 2, elements: [m("N0", 1, 5), m("N0", 9, 9)] },
  BEG: { maxElements: 12, elements: [m("ID", 2, 2), m("ID", 2, 2), m("AN", 1, 22), o("AN", 1, 30), m("DT", 8, 8), o("AN", 1, 30)] },
  CUR: { maxElements: 21, elements: [m("ID", 2, 3), m("ID", 3, 3)] },
  REF: { maxElements: 4, elements: [m("ID", 2, 3), o("AN", 1, 30), o("AN", 1, 80)] },
  DTM: { maxElements: 6, elements: [m("ID", 3, 3), o("DT", 8, 8), o("TM", 4, 8), o("ID", 2, 2), o("ID", 2, 3), o("AN", 1, 35)] },
  N1: {
    maxElements: 6,
    elements: [m("ID", 2, 3), o("AN", 1, 60), o("ID", 1, 2), o("AN", 2, 80), o("ID", 2, 2), o("ID", 2, 3)],
    pairs: [[3, 4]],
  },
  PO1: {
    maxElements: 25,
    elements: [
      o("AN", 1, 20),
      o("R", 1, 15),
      o("ID", 2, 2),
      o("R", 1, 17),
      o("ID", 2, 2),
      ...productIdPairs.flatMap(() => [o("ID", 2, 2), o("AN", 1, 48)]),
    ],
    pairs: productIdPairs,
  },
  PID: {
    maxElements: 9,
    elements: [
      m("ID", 1, 1),
      o("ID", 2, 3),
      o("ID", 2, 2),
      o("AN", 1, 12),
      o("AN", 1, 80),
      o("ID", 2, 2),
      o("ID", 1, 1),
      o("ID", 2, 3),
      o("ID", 2, 3),
    ],
  },
  CTT: {
    maxElements: 7,
    elements: [m("N0", 1, 6), o("R", 1, 10), o("R", 1, 10), o("ID", 2, 2), o("R", 1, 8), o("ID", 2, 2), o("AN", 1, 80)],
  },
};

const ID_VALUE = /^[A-Z0-9]+$/;
const N0_VALUE = /^-?\d+$/;
const R_VALUE = /^-?(\d+(\.\d*)?|\.\d+)$/;
const TM_VALUE = /^([01]\d|2[0-3])[0-5]\d(\d\d(\d{1,2})?)?$/;
// Printable ASCII plus the Latin-1 supplement (X12's extended character set is a subset of it).
const TEXT_VALUE = /^[\x20-\x7E\u00A0-\u00FF]*$/;

/** Counts as X12 does: digits only for numbers (no sign, no decimal point). */
function lengthOf(type: X12ElementType, value: string): number {
  return type === "N0" || type === "R" ? value.replace(/[^0-9]/g, "").length : value.length;
}

function isCalendarDate(ccyymmdd: string): boolean {
  if (!/^\d{8}$/.test(ccyymmdd)) return false;
  const [y, mo, d] = [ccyymmdd.slice(0, 4), ccyymmdd.slice(4, 6), ccyymmdd.slice(6, 8)].map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function matchesType(type: X12ElementType, value: string): boolean {
  switch (type) {
    case "ID":
      return ID_VALUE.test(value);
    case "AN":
      return TEXT_VALUE.test(value);
    case "N0":
      return N0_VALUE.test(value);
    case "R":
      return R_VALUE.test(value);
    case "DT":
      return isCalendarDate(value);
    case "TM":
      return TM_VALUE.test(value);
  }
}

/** Why a non-empty value breaks its element's rule, or null when it does not. */
export function elementProblem(spec: X12ElementSpec, value: string): string | null {
  if (!matchesType(spec.type, value)) return `is not a valid ${spec.type} value: "${value}"`;
  const length = lengthOf(spec.type, value);
  if (length < spec.min || length > spec.max) return `must be ${spec.min}–${spec.max} characters long, is ${length}: "${value}"`;
  return null;
}

/** "PO107" for segment PO1, element 7. */
export const elementRef = (segmentId: string, index1: number) => `${segmentId}${String(index1).padStart(2, "0")}`;
