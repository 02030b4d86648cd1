// Writes one purchase order as a complete X12 004010 interchange:
// ISA / GS / ST 850 / BEG / CUR / REF* / DTM / N1 ST / N1 VN / (PO1 / PID?)+ / CTT / SE / GE / IEA.
import {
  DEFAULT_X12_SEPARATORS,
  X12Error,
  type X12Envelope,
  type X12PurchaseOrder,
  type X12SerializeOptions,
  type X12Separators,
} from "./types";
import { X12_SEGMENT_SPECS, elementProblem, elementRef } from "./x12-segment-specs";

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const CLOCK = /^([01]\d|2[0-3]):([0-5]\d)$/;
const MAX_CONTROL_NUMBER = 999_999_999;

/** Separators must be single, distinct characters that cannot occur in ordinary data. */
export function resolveSeparators(partial: Partial<X12Separators> = {}): X12Separators {
  const s = { ...DEFAULT_X12_SEPARATORS, ...partial };
  for (const [name, ch] of Object.entries(s))
    if (ch.length !== 1 || /[A-Za-z0-9 ]/.test(ch))
      throw new X12Error(`${name} separator must be one non-alphanumeric character, got "${ch}"`, name);
  if (new Set([s.element, s.subElement, s.segment]).size !== 3) throw new X12Error("separators must differ from each other", "separators");
  return s;
}

function ccyymmdd(date: string, field: string): string {
  const match = ISO_DATE.exec(date);
  if (!match) throw new X12Error(`${field} must be YYYY-MM-DD, got "${date}"`, field);
  return match.slice(1).join("");
}

function hhmm(time: string, field: string): string {
  const match = CLOCK.exec(time);
  if (!match) throw new X12Error(`${field} must be HH:MM, got "${time}"`, field);
  return match.slice(1).join("");
}

function controlNumber(n: number, field: string): number {
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONTROL_NUMBER)
    throw new X12Error(`${field} must be an integer 1..${MAX_CONTROL_NUMBER}, got ${n}`, field);
  return n;
}

/** X12 "R" numbers: plain decimal notation, no trailing zeros. */
function decimal(n: number, maxDecimals: number, field: string): string {
  if (!Number.isFinite(n) || n < 0) throw new X12Error(`${field} must be a finite number >= 0, got ${n}`, field);
  return n.toFixed(maxDecimals).replace(/\.?0+$/, "");
}

type Row = { id: string; elements: string[] };

/** Builds segment text, checking every value against the 004010 rules and the separators. */
class SegmentWriter {
  readonly rows: Row[] = [];

  constructor(private readonly separators: X12Separators, private readonly policy: "reject" | "replace") {}

  /** `cut`: 1-based elements holding free text that may be shortened to the element's maximum. */
  add(id: string, elements: (string | undefined)[], cut: readonly number[] = []): void {
    const spec = X12_SEGMENT_SPECS[id];
    const values = elements.map((value, i) => {
      const ref = elementRef(id, i + 1);
      const clean = this.clean(value ?? "", ref);
      const rule = spec?.elements[i];
      if (clean === "") {
        if (rule?.required) throw new X12Error(`${ref} is required`, ref);
        return clean;
      }
      const fitted = rule && cut.includes(i + 1) ? clean.slice(0, rule.max).trimEnd() : clean;
      const problem = rule ? elementProblem(rule, fitted) : null;
      if (problem) throw new X12Error(`${ref} ${problem}`, ref);
      return fitted;
    });
    for (const [a, b] of spec?.pairs ?? []) {
      if ((values[a - 1] ?? "") === "" && (values[b - 1] ?? "") === "") continue;
      if ((values[a - 1] ?? "") === "" || (values[b - 1] ?? "") === "")
        throw new X12Error(`${elementRef(id, a)} and ${elementRef(id, b)} go together`, elementRef(id, values[a - 1] ? b : a));
    }
    // X12 drops trailing empty elements rather than writing trailing separators.
    while (values.length > 0 && values[values.length - 1] === "") values.pop();
    this.rows.push({ id, elements: values });
  }

  private clean(value: string, ref: string): string {
    const { element, subElement, segment } = this.separators;
    const hasSeparator = [element, subElement, segment].some((s) => value.includes(s));
    const hasLineBreak = /[\r\n\t]/.test(value);
    if (!hasSeparator && !hasLineBreak) return value;
    if (this.policy === "reject") {
      const what = hasSeparator ? "a separator character" : "a line break or tab";
      throw new X12Error(`${ref} contains ${what} (X12 004010 has no escape): "${value}"`, ref);
    }
    return [element, subElement, segment, "\r", "\n", "\t"].reduce((v, s) => v.split(s).join(" "), value).trim();
  }
}

function isaSegment(envelope: X12Envelope, s: X12Separators): string {
  const field = (value: string, width: number, ref: string) => {
    if (value.length > width) throw new X12Error(`${ref} must be at most ${width} characters, got "${value}"`, ref);
    if ([s.element, s.subElement, s.segment].some((sep) => value.includes(sep)))
      throw new X12Error(`${ref} contains a separator character: "${value}"`, ref);
    return value.padEnd(width, " ");
  };
  const qualifier = (value: string, ref: string) => {
    if (!/^[A-Z0-9]{2}$/.test(value)) throw new X12Error(`${ref} must be a 2-character code, got "${value}"`, ref);
    return value;
  };
  const elements = [
    "00", // ISA01: no authorization information
    " ".repeat(10),
    "00", // ISA03: no security information
    " ".repeat(10),
    qualifier(envelope.sender.qualifier, "ISA05"),
    field(envelope.sender.id, 15, "ISA06"),
    qualifier(envelope.receiver.qualifier, "ISA07"),
    field(envelope.receiver.id, 15, "ISA08"),
    ccyymmdd(envelope.date, "date").slice(2), // ISA09: YYMMDD
    hhmm(envelope.time, "time"),
    "U", // ISA11: US EDI community standards (004010 has no repetition separator here)
    "00401",
    String(controlNumber(envelope.interchangeControlNumber, "interchangeControlNumber")).padStart(9, "0"),
    envelope.acknowledgmentRequested ? "1" : "0",
    envelope.usage ?? "P",
    s.subElement,
  ];
  return ["ISA", ...elements].join(s.element) + s.segment;
}

function bodySegments(w: SegmentWriter, po: X12PurchaseOrder): void {
  w.add("BEG", ["00", "SA", po.poNumber, undefined, ccyymmdd(po.orderDate, "orderDate")]);
  w.add("CUR", ["BY", po.currency]);
  for (const ref of po.references ?? []) w.add("REF", [ref.qualifier, ref.value]);
  w.add("DTM", ["002", ccyymmdd(po.requestedDeliveryDate, "requestedDeliveryDate")]);
  for (const [code, party] of [
    ["ST", po.shipTo],
    ["VN", po.supplier],
  ] as const)
    w.add("N1", [code, party.name, party.idQualifier, party.id], [2]);
  po.lines.forEach((line, i) => {
    if (!Number.isInteger(line.quantity) || line.quantity <= 0)
      throw new X12Error(`lines[${i}].quantity must be a positive integer, got ${line.quantity}`, `lines[${i}].quantity`);
    const vendorPart = line.vendorPartNumber ? ["VP", line.vendorPartNumber] : [];
    const price = decimal(line.unitPrice, 4, `lines[${i}].unitPrice`);
    w.add("PO1", [String(i + 1), String(line.quantity), "EA", price, "PE", "BP", line.sku, ...vendorPart]);
    if (line.description) w.add("PID", ["F", undefined, undefined, undefined, line.description], [5]);
  });
  const hashTotal = po.lines.reduce((sum, l) => sum + l.quantity, 0);
  w.add("CTT", [String(po.lines.length), String(hashTotal)]);
}

/**
 * Serializes a purchase order as one X12 004010 interchange holding one functional group (PO)
 * holding one 850 transaction set. Throws `X12Error` for values X12 cannot carry.
 */
export function serializeX12_850(po: X12PurchaseOrder, envelope: X12Envelope, options: X12SerializeOptions = {}): string {
  if (po.lines.length === 0) throw new X12Error("a purchase order needs at least one line", "lines");
  const s = resolveSeparators(options.separators);
  const isa = isaSegment(envelope, s);
  const w = new SegmentWriter(s, options.separatorInValue ?? "reject");
  const group = String(controlNumber(envelope.groupControlNumber, "groupControlNumber"));
  const set = String(controlNumber(envelope.transactionSetControlNumber, "transactionSetControlNumber")).padStart(4, "0");

  w.add("GS", [
    "PO",
    envelope.sender.id,
    envelope.receiver.id,
    ccyymmdd(envelope.date, "date"),
    hhmm(envelope.time, "time"),
    group,
    "X",
    "004010",
  ]);
  w.add("ST", ["850", set]);
  bodySegments(w, po);
  const setSegmentCount = w.rows.length; // ST and the body (GS excluded), plus SE itself
  w.add("SE", [String(setSegmentCount), set]);
  w.add("GE", ["1", group]);
  w.add("IEA", ["1", String(envelope.interchangeControlNumber).padStart(9, "0")]);

  const lineEnd = options.lineBreaks ? "\n" : "";
  const rest = w.rows.map((r) => [r.id, ...r.elements].join(s.element) + s.segment + lineEnd);
  return isa + lineEnd + rest.join("");
}
