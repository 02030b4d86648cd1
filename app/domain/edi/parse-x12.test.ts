import { describe, expect, it } from "vitest";
import { parseX12, readX12_850, serializeX12_850, type X12Envelope, type X12PurchaseOrder } from "./index";

// What serializeX12_850 writes for PO-1042 (see serialize-x12-850.test.ts), one segment a line.
const DOCUMENT = [
  "ISA*00*          *00*          *ZZ*BACKORDERPILOT *ZZ*LUMEN          *260501*1001*U*00401*000000042*0*P*>~",
  "GS*PO*BACKORDERPILOT*LUMEN*20260501*1001*7*X*004010~",
  "ST*850*0001~",
  "BEG*00*SA*PO-1042**20260501~",
  "CUR*BY*EUR~",
  "REF*IA*V-778~",
  "DTM*002*20260507~",
  "N1*ST*Berlin warehouse*92*berlin~",
  "N1*VN*Lumen GmbH*92*lumen~",
  "PO1*1*12*EA*31*PE*BP*LAMP-BRASS*VP*LB-100~",
  "PID*F****Brass desk lamp~",
  "PO1*2*3*EA*4.125*PE*BP*BULB-E27~",
  "CTT*2*15~",
  "SE*12*0001~",
  "GE*1*7~",
  "IEA*1*000000042~",
].join("");

const po: X12PurchaseOrder = {
  poNumber: "PO-1042",
  orderDate: "2026-05-01",
  currency: "EUR",
  references: [{ qualifier: "IA", value: "V-778" }],
  requestedDeliveryDate: "2026-05-07",
  shipTo: { name: "Berlin warehouse", idQualifier: "92", id: "berlin" },
  supplier: { name: "Lumen GmbH", idQualifier: "92", id: "lumen" },
  lines: [
    { quantity: 12, unitPrice: 31, sku: "LAMP-BRASS", vendorPartNumber: "LB-100", description: "Brass desk lamp" },
    { quantity: 3, unitPrice: 4.125, sku: "BULB-E27" },
  ],
};
const envelope: X12Envelope = {
  sender: { qualifier: "ZZ", id: "BACKORDERPILOT" },
  receiver: { qualifier: "ZZ", id: "LUMEN" },
  interchangeControlNumber: 42,
  groupControlNumber: 7,
  transactionSetControlNumber: 1,
  date: "2026-05-01",
  time: "10:01",
};

function errorsOf(text: string) {
  const result = parseX12(text);
  if (result.ok) throw new Error("expected the document to be rejected");
  return result.errors;
}

describe("parseX12 — a valid interchange", () => {
  it("reads the serializer's output back: segments, counts and control numbers", () => {
    const text = serializeX12_850(po, envelope);
    expect(text).toBe(DOCUMENT);
    const result = parseX12(text);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const { interchange } = result;
    expect(interchange.segments.map((s) => s.id)).toEqual([
      "ISA",
      "GS",
      "ST",
      "BEG",
      "CUR",
      "REF",
      "DTM",
      "N1",
      "N1",
      "PO1",
      "PID",
      "PO1",
      "CTT",
      "SE",
      "GE",
      "IEA",
    ]);
    expect(interchange).toMatchObject({
      separators: { element: "*", subElement: ">", segment: "~" },
      sender: { qualifier: "ZZ", id: "BACKORDERPILOT" },
      receiver: { qualifier: "ZZ", id: "LUMEN" },
      date: "260501",
      time: "1001",
      controlNumber: "000000042",
      version: "00401",
      usage: "P",
      acknowledgmentRequested: false,
    });
    expect(interchange.groups).toHaveLength(1);
    const [group] = interchange.groups;
    expect(group).toMatchObject({
      functionalId: "PO",
      senderCode: "BACKORDERPILOT",
      receiverCode: "LUMEN",
      controlNumber: "7",
      version: "004010",
    });
    expect(group.transactionSets.map((t) => [t.code, t.controlNumber, t.segments.length])).toEqual([["850", "0001", 12]]);
    expect(group.transactionSets[0].segments.find((s) => s.id === "CTT")).toEqual({ id: "CTT", elements: ["2", "15"], position: 13 });
    expect(interchange.segments.find((s) => s.id === "PO1")).toEqual({
      id: "PO1",
      elements: ["1", "12", "EA", "31", "PE", "BP", "LAMP-BRASS", "VP", "LB-100"],
      position: 10,
    });
  });

  it("round-trips the purchase order", () => {
    const result = parseX12(serializeX12_850(po, envelope));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(readX12_850(result.interchange.groups[0].transactionSets[0])).toEqual(po);
  });

  it("round-trips with other separators, line breaks and CRLF", () => {
    const separators = { element: "|", subElement: "^", segment: "'" };
    const text = serializeX12_850(po, envelope, { separators, lineBreaks: true }).replace(/\n/g, "\r\n");
    const result = parseX12(text);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(result.interchange.separators).toEqual(separators);
    expect(readX12_850(result.interchange.groups[0].transactionSets[0])).toEqual(po);
  });

  it("round-trips a minimal order", () => {
    const minimal: X12PurchaseOrder = {
      ...po,
      references: undefined,
      shipTo: { name: "Berlin warehouse" },
      lines: [{ quantity: 1, unitPrice: 0, sku: "MUG" }],
    };
    const result = parseX12(serializeX12_850(minimal, envelope));
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    expect(readX12_850(result.interchange.groups[0].transactionSets[0])).toEqual({
      poNumber: "PO-1042",
      orderDate: "2026-05-01",
      currency: "EUR",
      requestedDeliveryDate: "2026-05-07",
      shipTo: { name: "Berlin warehouse" },
      supplier: { name: "Lumen GmbH", idQualifier: "92", id: "lumen" },
      lines: [{ quantity: 1, unitPrice: 0, sku: "MUG" }],
    });
  });
});

describe("readX12_850", () => {
  it("refuses a transaction set that is not a complete 850", () => {
    const result = parseX12(DOCUMENT);
    if (!result.ok) throw new Error(JSON.stringify(result.errors));
    const set = result.interchange.groups[0].transactionSets[0];
    expect(() => readX12_850({ ...set, code: "855" })).toThrow("transaction set 0001 is a 855, not an 850");
    expect(() => readX12_850({ ...set, segments: set.segments.filter((s) => s.id !== "DTM") })).toThrow("DTM*002");
    expect(() => readX12_850({ ...set, segments: set.segments.filter((s) => s.id !== "CUR") })).toThrow("CUR*BY");
  });
});

describe("parseX12 — rejections", () => {
  it("rejects a wrong SE segment count", () => {
    expect(errorsOf(DOCUMENT.replace("SE*12*0001", "SE*11*0001"))).toEqual([
      { code: "se_segment_count", message: "SE01 says 11 segments, ST..SE holds 12", position: 14 },
    ]);
  });

  it("rejects mismatched control numbers at every level", () => {
    expect(errorsOf(DOCUMENT.replace("IEA*1*000000042", "IEA*1*000000043"))).toEqual([
      { code: "interchange_control_mismatch", message: "IEA02 000000043 does not match ISA13 000000042", position: 16 },
    ]);
    expect(errorsOf(DOCUMENT.replace("GE*1*7", "GE*1*8"))).toEqual([
      { code: "group_control_mismatch", message: "GE02 8 does not match GS06 7", position: 15 },
    ]);
    expect(errorsOf(DOCUMENT.replace("SE*12*0001", "SE*12*0002"))).toEqual([
      { code: "set_control_mismatch", message: "SE02 0002 does not match ST02 0001", position: 14 },
    ]);
  });

  it("rejects wrong group and set counts", () => {
    expect(errorsOf(DOCUMENT.replace("IEA*1*", "IEA*2*")).map((e) => e.code)).toEqual(["iea_group_count"]);
    expect(errorsOf(DOCUMENT.replace("GE*1*7", "GE*2*7")).map((e) => e.code)).toEqual(["ge_set_count"]);
  });

  it("rejects a CTT that disagrees with the PO1 lines", () => {
    expect(errorsOf(DOCUMENT.replace("CTT*2*15", "CTT*3*15"))).toEqual([
      { code: "ctt_line_count", message: "CTT01 says 3 lines, the set has 2 PO1 segments", position: 13 },
    ]);
    expect(errorsOf(DOCUMENT.replace("CTT*2*15", "CTT*2*16"))).toEqual([
      { code: "ctt_hash_total", message: "CTT02 hash total 16 differs from the PO1 quantities' sum 15", position: 13 },
    ]);
  });

  it("rejects an element separator inside a value: it makes an element that cannot be", () => {
    expect(errorsOf(DOCUMENT.replace("Brass desk lamp", "Brass*desk lamp"))).toEqual([
      { code: "element_invalid", message: 'PID06 is not a valid ID value: "desk lamp"', position: 11 },
    ]);
    // "Lumen*GmbH" shifts every later element: the qualifier and the code land where they cannot be.
    expect(errorsOf(DOCUMENT.replace("N1*VN*Lumen GmbH", "N1*VN*Lumen*GmbH"))).toEqual([
      { code: "element_invalid", message: 'N103 is not a valid ID value: "GmbH"', position: 9 },
      { code: "element_invalid", message: 'N105 is not a valid ID value: "lumen"', position: 9 },
    ]);
    expect(errorsOf(DOCUMENT.replace("PID*F****Brass desk lamp", "PID*F****Brass*desk*lamp*w*x*y")).map((e) => e.code)).toContain(
      "too_many_elements"
    );
  });

  it("rejects a sub-element separator inside a value", () => {
    expect(errorsOf(DOCUMENT.replace("Brass desk lamp", "Brass>desk lamp"))).toEqual([
      { code: "separator_in_value", message: 'PID05 contains the sub-element separator ">": "Brass>desk lamp"', position: 11 },
    ]);
  });

  it("rejects a segment terminator inside a value: the rest is no segment, and SE no longer counts right", () => {
    expect(errorsOf(DOCUMENT.replace("Brass desk lamp", "Brass~desk lamp"))).toEqual([
      { code: "segment_id_invalid", message: '"desk lamp" does not start with a segment id', position: 12 },
      { code: "se_segment_count", message: "SE01 says 12 segments, ST..SE holds 13", position: 15 },
    ]);
  });

  it("rejects a broken envelope", () => {
    expect(errorsOf("GS*PO*A*B~")).toEqual([
      { code: "isa_malformed", message: "The interchange must start with a 106-character ISA segment" },
    ]);
    expect(errorsOf(DOCUMENT.replace("*ZZ*LUMEN          *", "*ZZ*LUMEN*")).map((e) => e.code)).toEqual(["isa_malformed"]);
    expect(errorsOf(DOCUMENT.replace("IEA*1*000000042~", ""))).toEqual([
      { code: "missing_segment", message: "The interchange has no IEA", position: 15 },
    ]);
    expect(errorsOf(DOCUMENT.replace("GE*1*7~", "")).map((e) => e.code)).toEqual(["missing_segment"]);
    expect(errorsOf(DOCUMENT.replace("SE*12*0001~", "")).map((e) => e.code)).toEqual(["missing_segment"]);
    expect(errorsOf(DOCUMENT + "ST*850*0002~")).toEqual([{ code: "trailing_data", message: "1 segment(s) after IEA", position: 17 }]);
    expect(errorsOf(DOCUMENT.replace("GS*PO", "BEG*00*SA*X**20260501~GS*PO")).map((e) => e.code)).toEqual(["unexpected_segment"]);
  });

  it("rejects missing required elements and invalid values", () => {
    expect(errorsOf(DOCUMENT.replace("BEG*00*SA*PO-1042**20260501", "BEG*00*SA*PO-1042**20260532"))).toEqual([
      { code: "element_invalid", message: 'BEG05 is not a valid DT value: "20260532"', position: 4 },
    ]);
    expect(errorsOf(DOCUMENT.replace("CUR*BY*EUR", "CUR*BY"))).toEqual([
      { code: "element_missing", message: "CUR02 is required", position: 5 },
    ]);
    expect(errorsOf(DOCUMENT.replace("*VP*LB-100", "*VP"))).toEqual([
      { code: "element_missing", message: "PO108 and PO109 go together", position: 10 },
    ]);
  });

  it("lists every problem, not only the first", () => {
    const broken = DOCUMENT.replace("CTT*2*15", "CTT*3*15").replace("IEA*1*000000042", "IEA*1*000000041");
    expect(errorsOf(broken).map((e) => e.code)).toEqual(["ctt_line_count", "interchange_control_mismatch"]);
  });
});
