// Reads an X12 interchange and checks its envelope: ISA/IEA, GS/GE and ST/SE control numbers
// match, IEA/GE/SE counts are right, and in an 850 the CTT line count and hash total agree with
// the PO1 lines. Element values of known segments are checked against the 004010 rules: X12 has
// no escape character, so a separator typed into a value shows up as a malformed element or
// segment, and is reported rather than read as data.
import type {
  X12FunctionalGroup,
  X12Interchange,
  X12Issue,
  X12IssueCode,
  X12ParseResult,
  X12Segment,
  X12Separators,
  X12TransactionSet,
} from "./types";
import { X12_SEGMENT_SPECS, elementProblem, elementRef } from "./x12-segment-specs";

// ISA is fixed width: the element separator is its 4th character, ISA16 (the sub-element
// separator) its 105th and the segment terminator its 106th.
const ISA_LENGTH = 106;
const ISA_WIDTHS = [2, 10, 2, 10, 2, 15, 2, 15, 6, 4, 1, 5, 9, 1, 1, 1];
const SEGMENT_ID = /^[A-Z][A-Z0-9]{1,2}$/;

class Issues {
  readonly list: X12Issue[] = [];
  add(code: X12IssueCode, message: string, position?: number): void {
    this.list.push(position === undefined ? { code, message } : { code, message, position });
  }
}

function readIsa(text: string, issues: Issues): { separators: X12Separators; elements: string[] } | null {
  if (!text.startsWith("ISA") || text.length < ISA_LENGTH) {
    issues.add("isa_malformed", "The interchange must start with a 106-character ISA segment");
    return null;
  }
  const separators = { element: text[3], subElement: text[104], segment: text[105] };
  const elements = text.slice(4, 105).split(separators.element);
  const widthsOk = elements.length === ISA_WIDTHS.length && elements.every((e, i) => e.length === ISA_WIDTHS[i]);
  if (!widthsOk || new Set(Object.values(separators)).size !== 3 || /[A-Za-z0-9 ]/.test(Object.values(separators).join(""))) {
    issues.add("isa_malformed", "ISA does not have its 16 fixed-width elements and three distinct separators", 1);
    return null;
  }
  if (!/^\d{9}$/.test(elements[12])) issues.add("element_invalid", `ISA13 must be 9 digits: "${elements[12]}"`, 1);
  if (!/^\d{6}$/.test(elements[8]) || !/^\d{4}$/.test(elements[9])) issues.add("element_invalid", "ISA09/ISA10 must be YYMMDD and HHMM", 1);
  return { separators, elements };
}

function splitSegments(body: string, s: X12Separators, issues: Issues): X12Segment[] {
  // Line breaks after terminators are common for readability; they are not data.
  const pieces = body.split(s.segment).map((p) => (s.segment === "\n" || s.segment === "\r" ? p : p.replace(/^[\r\n]+/, "")));
  if (pieces.length > 0 && pieces[pieces.length - 1].trim() === "") pieces.pop();
  return pieces.map((piece, i) => {
    const [id, ...elements] = piece.split(s.element);
    const position = i + 2; // ISA is 1
    if (!SEGMENT_ID.test(id)) issues.add("segment_id_invalid", `"${piece.slice(0, 20)}" does not start with a segment id`, position);
    return { id, elements, position };
  });
}

function checkElements(segment: X12Segment, s: X12Separators, issues: Issues): void {
  const spec = X12_SEGMENT_SPECS[segment.id];
  if (!spec) return;
  const { id, elements, position } = segment;
  if (elements.length > spec.maxElements)
    issues.add("too_many_elements", `${id} has ${elements.length} elements, at most ${spec.maxElements} are defined`, position);
  spec.elements.forEach((rule, i) => {
    const value = elements[i] ?? "";
    const ref = elementRef(id, i + 1);
    if (value === "") {
      if (rule.required) issues.add("element_missing", `${ref} is required`, position);
      return;
    }
    // None of these elements is a composite: a sub-element separator can only be stray data.
    if (value.includes(s.subElement)) {
      issues.add("separator_in_value", `${ref} contains the sub-element separator "${s.subElement}": "${value}"`, position);
      return;
    }
    const problem = elementProblem(rule, value);
    if (problem) issues.add("element_invalid", `${ref} ${problem}`, position);
  });
  for (const [a, b] of spec.pairs ?? []) {
    const hasA = (elements[a - 1] ?? "") !== "";
    const hasB = (elements[b - 1] ?? "") !== "";
    if (hasA !== hasB) issues.add("element_missing", `${elementRef(id, a)} and ${elementRef(id, b)} go together`, position);
  }
}

const el = (segment: X12Segment | undefined, index1: number) => segment?.elements[index1 - 1] ?? "";

function check850(set: X12TransactionSet, issues: Issues): void {
  const body = set.segments.slice(1, -1);
  if (body[0]?.id !== "BEG") issues.add("missing_segment", `850 ${set.controlNumber} must start with BEG`, set.segments[0].position);
  const lines = body.filter((x) => x.id === "PO1");
  if (lines.length === 0) issues.add("missing_segment", `850 ${set.controlNumber} has no PO1 line`, set.segments[0].position);
  const ctt = body.find((x) => x.id === "CTT");
  if (!ctt) return;
  if (Number(el(ctt, 1)) !== lines.length)
    issues.add("ctt_line_count", `CTT01 says ${el(ctt, 1)} lines, the set has ${lines.length} PO1 segments`, ctt.position);
  const hash = el(ctt, 2);
  const total = lines.reduce((sum, line) => sum + Number(el(line, 2) || 0), 0);
  if (hash !== "" && Math.abs(Number(hash) - total) > 1e-9)
    issues.add("ctt_hash_total", `CTT02 hash total ${hash} differs from the PO1 quantities' sum ${total}`, ctt.position);
}

const ENVELOPE_IDS = new Set(["ISA", "IEA", "GS", "GE", "ST", "SE"]);

/** Walks GS..GE and ST..SE, checking pairs and counts; returns the groups found. */
function readGroups(segments: X12Segment[], issues: Issues): { groups: X12FunctionalGroup[]; iea: X12Segment | undefined } {
  const groups: X12FunctionalGroup[] = [];
  let i = 0;
  const at = () => segments[i];
  while (i < segments.length && at().id !== "IEA") {
    if (at().id !== "GS") {
      issues.add("unexpected_segment", `${at().id} outside a functional group`, at().position);
      i++;
      continue;
    }
    const gs = segments[i++];
    const sets: X12TransactionSet[] = [];
    while (i < segments.length && !["GE", "GS", "IEA"].includes(at().id)) {
      if (at().id !== "ST") {
        issues.add("unexpected_segment", `${at().id} outside a transaction set`, at().position);
        i++;
        continue;
      }
      const start = i++;
      while (i < segments.length && !ENVELOPE_IDS.has(at().id)) i++;
      const st = segments[start];
      const se = at()?.id === "SE" ? segments[i++] : undefined;
      const set: X12TransactionSet = { code: el(st, 1), controlNumber: el(st, 2), segments: segments.slice(start, i) };
      if (!se) issues.add("missing_segment", `ST ${set.controlNumber} has no SE`, st.position);
      else {
        if (el(se, 2) !== set.controlNumber)
          issues.add("set_control_mismatch", `SE02 ${el(se, 2)} does not match ST02 ${set.controlNumber}`, se.position);
        if (Number(el(se, 1)) !== set.segments.length)
          issues.add("se_segment_count", `SE01 says ${el(se, 1)} segments, ST..SE holds ${set.segments.length}`, se.position);
        if (set.code === "850") check850(set, issues);
      }
      sets.push(set);
    }
    const ge = at()?.id === "GE" ? segments[i++] : undefined;
    const group: X12FunctionalGroup = {
      functionalId: el(gs, 1),
      senderCode: el(gs, 2),
      receiverCode: el(gs, 3),
      controlNumber: el(gs, 6),
      version: el(gs, 8),
      transactionSets: sets,
    };
    if (!ge) issues.add("missing_segment", `GS ${group.controlNumber} has no GE`, gs.position);
    else {
      if (el(ge, 2) !== group.controlNumber)
        issues.add("group_control_mismatch", `GE02 ${el(ge, 2)} does not match GS06 ${group.controlNumber}`, ge.position);
      if (Number(el(ge, 1)) !== sets.length)
        issues.add("ge_set_count", `GE01 says ${el(ge, 1)} transaction sets, the group holds ${sets.length}`, ge.position);
    }
    groups.push(group);
  }
  return { groups, iea: segments[i] };
}

/** Parses one X12 interchange; `ok: false` lists every problem found, each with its segment position. */
export function parseX12(text: string): X12ParseResult {
  const issues = new Issues();
  const source = text.replace(/^\uFEFF/, "").replace(/^\s+/, "");
  const isa = readIsa(source, issues);
  if (!isa) return { ok: false, errors: issues.list };
  const { separators, elements } = isa;
  const isaSegment: X12Segment = { id: "ISA", elements, position: 1 };
  const rest = splitSegments(source.slice(ISA_LENGTH), separators, issues);
  rest.forEach((segment) => checkElements(segment, separators, issues));

  const { groups, iea } = readGroups(rest, issues);
  const controlNumber = elements[12];
  if (!iea) issues.add("missing_segment", "The interchange has no IEA", rest.at(-1)?.position ?? 1);
  else {
    if (el(iea, 2) !== controlNumber)
      issues.add("interchange_control_mismatch", `IEA02 ${el(iea, 2)} does not match ISA13 ${controlNumber}`, iea.position);
    if (Number(el(iea, 1)) !== groups.length)
      issues.add("iea_group_count", `IEA01 says ${el(iea, 1)} groups, the interchange holds ${groups.length}`, iea.position);
    const after = rest.slice(rest.indexOf(iea) + 1);
    if (after.length > 0) issues.add("trailing_data", `${after.length} segment(s) after IEA`, after[0].position);
  }
  if (issues.list.length > 0) return { ok: false, errors: issues.list };
  return {
    ok: true,
    interchange: {
      separators,
      sender: { qualifier: elements[4], id: elements[5].trimEnd() },
      receiver: { qualifier: elements[6], id: elements[7].trimEnd() },
      date: elements[8],
      time: elements[9],
      controlNumber,
      version: elements[11],
      usage: elements[14],
      acknowledgmentRequested: elements[13] === "1",
      groups,
      segments: [isaSegment, ...rest],
    },
  };
}
