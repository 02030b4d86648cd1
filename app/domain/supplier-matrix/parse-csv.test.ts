import { describe, expect, it } from "vitest";
import { parseCsv, serializeCsv } from "./index";

const fieldsOf = (text: string) => parseCsv(text).records.map((r) => r.fields);

describe("parseCsv", () => {
  it("reads plain records with CRLF or LF line ends", () => {
    expect(fieldsOf("a,b,c\r\n1,2,3\r\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
    expect(fieldsOf("a,b,c\n1,2,3\n")).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
    ]);
    expect(fieldsOf("a,b\r1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("keeps the last record without a final line break, and drops an empty trailing line", () => {
    expect(fieldsOf("a,b\n1,2")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(fieldsOf("a,b\n1,2\n\n")).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(fieldsOf("")).toEqual([]);
  });

  it("skips a UTF-8 BOM", () => {
    expect(fieldsOf("\uFEFFid,name\nlumen,Lumen GmbH\n")).toEqual([
      ["id", "name"],
      ["lumen", "Lumen GmbH"],
    ]);
  });

  it("reads quoted fields: commas, doubled quotes, line breaks, empty strings", () => {
    expect(fieldsOf('"Lumen, GmbH","The ""best"" lamps","two\r\nlines","",x\n')).toEqual([
      ["Lumen, GmbH", 'The "best" lamps', "two\r\nlines", "", "x"],
    ]);
  });

  it("keeps empty fields, including trailing ones", () => {
    expect(fieldsOf("a,,c,\n")).toEqual([["a", "", "c", ""]]);
  });

  it("numbers records by the line they start on, across multi-line fields", () => {
    const { records } = parseCsv('h1,h2\n"multi\nline",x\n\nlast,y\n');
    expect(records.map((r) => r.line)).toEqual([1, 2, 5]);
  });

  it("reports malformed records and keeps the others", () => {
    const { records, errors } = parseCsv('a,b\nbad"quote,1\n"closed"extra,2\nok,3\n"never closed,4\n');
    expect(records.map((r) => r.fields)).toEqual([
      ["a", "b"],
      ["ok", "3"],
    ]);
    expect(errors).toEqual([
      { line: 2, message: "A quote inside an unquoted field (quote the field and double the quote)" },
      { line: 3, message: "Characters after a closing quote" },
      { line: 5, message: "A quoted field is never closed" },
    ]);
  });
});

describe("serializeCsv", () => {
  it("quotes only fields that need it and ends every record with CRLF", () => {
    expect(
      serializeCsv([
        ["id", "name"],
        ["lumen", 'Lumen, "GmbH"'],
        ["x", "two\nlines"],
      ])
    ).toBe('id,name\r\nlumen,"Lumen, ""GmbH"""\r\nx,"two\nlines"\r\n');
  });

  it("round-trips through parseCsv", () => {
    const records = [
      ["a", "", 'q"uote'],
      [" spaced ", "comma,inside", "cr\r\nlf"],
      ["", "", ""],
    ];
    expect(fieldsOf(serializeCsv(records))).toEqual(records);
  });
});
