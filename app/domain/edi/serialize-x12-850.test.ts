import { describe, expect, it } from "vitest";
import { X12Error, serializeX12_850, type X12Envelope, type X12PurchaseOrder } from "./index";

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

const ISA = "ISA*00*          *00*          *ZZ*BACKORDERPILOT *ZZ*LUMEN          *260501*1001*U*00401*000000042*0*P*>~";

describe("serializeX12_850", () => {
  it("writes the whole interchange", () => {
    expect(serializeX12_850(po, envelope).split("~")).toEqual([
      ISA.slice(0, -1),
      "GS*PO*BACKORDERPILOT*LUMEN*20260501*1001*7*X*004010",
      "ST*850*0001",
      "BEG*00*SA*PO-1042**20260501",
      "CUR*BY*EUR",
      "REF*IA*V-778",
      "DTM*002*20260507",
      "N1*ST*Berlin warehouse*92*berlin",
      "N1*VN*Lumen GmbH*92*lumen",
      "PO1*1*12*EA*31*PE*BP*LAMP-BRASS*VP*LB-100",
      "PID*F****Brass desk lamp",
      "PO1*2*3*EA*4.125*PE*BP*BULB-E27",
      "CTT*2*15", // 2 lines, 12 + 3 units
      "SE*12*0001", // ST through SE
      "GE*1*7",
      "IEA*1*000000042",
      "",
    ]);
  });

  it("writes ISA at its fixed width of 106 characters, with the separators at their fixed places", () => {
    const text = serializeX12_850(po, {
      ...envelope,
      sender: { qualifier: "01", id: "123456789" },
      usage: "T",
      acknowledgmentRequested: true,
    });
    const isa = text.slice(0, text.indexOf("~") + 1);
    expect(isa).toHaveLength(106);
    expect(isa).toBe("ISA*00*          *00*          *01*123456789      *ZZ*LUMEN          *260501*1001*U*00401*000000042*1*T*>~");
    expect([isa[3], isa[104], isa[105]]).toEqual(["*", ">", "~"]);
  });

  it("zero-pads the interchange control number to 9 digits and the set control number to 4", () => {
    const text = serializeX12_850(po, { ...envelope, interchangeControlNumber: 999_999_999, transactionSetControlNumber: 12345 });
    expect(text).toContain("*999999999*0*P*>~");
    expect(text).toContain("~ST*850*12345~");
    expect(text).toContain("~SE*12*12345~");
    expect(text.endsWith("~IEA*1*999999999~")).toBe(true);
  });

  it("leaves out what is not given: REF, PID, the vendor part number, party ids", () => {
    const bare: X12PurchaseOrder = {
      ...po,
      references: undefined,
      shipTo: { name: "Berlin warehouse" },
      lines: [{ quantity: 5, unitPrice: 0.5, sku: "MUG" }],
    };
    const segments = serializeX12_850(bare, envelope).split("~").slice(3, -3);
    expect(segments).toEqual([
      "BEG*00*SA*PO-1042**20260501",
      "CUR*BY*EUR",
      "DTM*002*20260507",
      "N1*ST*Berlin warehouse",
      "N1*VN*Lumen GmbH*92*lumen",
      "PO1*1*5*EA*0.5*PE*BP*MUG",
      "CTT*1*5",
      "SE*9*0001", // ST, 7 body segments, SE
    ]);
  });

  it("uses the separators it is given, and can break lines after terminators", () => {
    const text = serializeX12_850(po, envelope, { separators: { element: "|", subElement: "^", segment: "'" }, lineBreaks: true });
    const lines = text.split("\n");
    expect(lines[0]).toBe("ISA|00|          |00|          |ZZ|BACKORDERPILOT |ZZ|LUMEN          |260501|1001|U|00401|000000042|0|P|^'");
    expect(lines[9]).toBe("PO1|1|12|EA|31|PE|BP|LAMP-BRASS|VP|LB-100'");
    expect(lines.at(-1)).toBe("");
  });

  it.each([
    ["an element separator", "Brass*desk lamp"],
    ["a sub-element separator", "Brass>desk lamp"],
    ["a segment terminator", "Brass~desk lamp"],
    ["a line break", "Brass\ndesk lamp"],
  ])("rejects a value holding %s", (_, description) => {
    const bad = { ...po, lines: [{ ...po.lines[0], description }] };
    expect(() => serializeX12_850(bad, envelope)).toThrow(X12Error);
    try {
      serializeX12_850(bad, envelope);
    } catch (e) {
      expect((e as X12Error).field).toBe("PID05");
    }
  });

  it("rejects separators in identifiers as well as in text", () => {
    expect(() => serializeX12_850({ ...po, lines: [{ ...po.lines[0], sku: "LAMP*BRASS" }] }, envelope)).toThrow(
      /PO107 contains a separator/
    );
    expect(() => serializeX12_850(po, { ...envelope, receiver: { qualifier: "ZZ", id: "LU~MEN" } })).toThrow(/ISA08 contains a separator/);
  });

  it("replaces separators and line breaks with spaces when asked to", () => {
    const messy = { ...po, lines: [{ ...po.lines[0], description: "Brass*desk~lamp\r\n" }] };
    expect(serializeX12_850(messy, envelope, { separatorInValue: "replace" })).toContain("~PID*F****Brass desk lamp~");
  });

  it("shortens free text to its element's maximum but never an identifier", () => {
    const long = "Brass desk lamp with a weighted base, adjustable arm and a linen shade in natural oatmeal";
    const text = serializeX12_850({ ...po, lines: [{ ...po.lines[0], description: long }] }, envelope);
    expect(text).toContain(`~PID*F****${long.slice(0, 80)}~`);
    expect(() => serializeX12_850({ ...po, poNumber: "PO-2026-05-01-BERLIN-0001" }, envelope)).toThrow(
      'BEG03 must be 1–22 characters long, is 25: "PO-2026-05-01-BERLIN-0001"'
    );
    expect(() => serializeX12_850(po, { ...envelope, sender: { qualifier: "ZZ", id: "BACKORDER-PILOT-APP" } })).toThrow(
      "ISA06 must be at most 15"
    );
  });

  it("rejects what X12 cannot carry", () => {
    expect(() => serializeX12_850({ ...po, lines: [] }, envelope)).toThrow("at least one line");
    expect(() => serializeX12_850({ ...po, lines: [{ ...po.lines[0], quantity: 0 }] }, envelope)).toThrow("positive integer");
    expect(() => serializeX12_850({ ...po, lines: [{ ...po.lines[0], quantity: 1.5 }] }, envelope)).toThrow("positive integer");
    expect(() => serializeX12_850({ ...po, lines: [{ ...po.lines[0], unitPrice: -1 }] }, envelope)).toThrow("unitPrice");
    expect(() => serializeX12_850({ ...po, currency: "euro" }, envelope)).toThrow("CUR02");
    expect(() => serializeX12_850({ ...po, orderDate: "2026-02-30" }, envelope)).toThrow("BEG05");
    expect(() => serializeX12_850({ ...po, shipTo: { name: "Berlin", idQualifier: "92" } }, envelope)).toThrow("N104");
    expect(() => serializeX12_850(po, { ...envelope, interchangeControlNumber: 0 })).toThrow("interchangeControlNumber");
    expect(() => serializeX12_850(po, { ...envelope, groupControlNumber: 1_000_000_000 })).toThrow("groupControlNumber");
    expect(() => serializeX12_850(po, { ...envelope, time: "25:00" })).toThrow("HH:MM");
    expect(() => serializeX12_850(po, envelope, { separators: { element: "~" } })).toThrow("separators must differ");
    expect(() => serializeX12_850(po, envelope, { separators: { element: "A" } })).toThrow("non-alphanumeric");
  });
});
