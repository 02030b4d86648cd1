import { describe, expect, it } from "vitest";
import { parseSuppliersCsv, suppliersToCsv, type SupplierRow } from "./index";

const HEADER = "id,name,status,channel,email,api_url,currency,timezone,fill_rate,on_time_rate,api_availability";
const lumen: SupplierRow = {
  id: "lumen",
  name: "Lumen GmbH",
  status: "active",
  channel: "api",
  email: "orders@lumen.example",
  apiUrl: "https://api.lumen.example/v1/orders",
  currency: "EUR",
  timezone: "Europe/Berlin",
  fillRate: 0.97,
  onTimeRate: null,
  apiAvailability: 0.999,
};
const brightco: SupplierRow = {
  id: "brightco",
  name: 'BrightCo, "The Lamp People"',
  status: "paused",
  channel: "email",
  email: "po@brightco.example",
  apiUrl: null,
  currency: null,
  timezone: null,
  fillRate: 0.9,
  onTimeRate: 0.85,
  apiAvailability: null,
};

describe("parseSuppliersCsv", () => {
  it("reads every column", () => {
    const text = [
      HEADER,
      "lumen,Lumen GmbH,active,api,orders@lumen.example,https://api.lumen.example/v1/orders,EUR,Europe/Berlin,0.97,,0.999",
      'brightco,"BrightCo, ""The Lamp People""",paused,email,po@brightco.example,,,,0.9,0.85,',
    ].join("\r\n");
    expect(parseSuppliersCsv(text)).toEqual({ rows: [lumen, brightco], errors: [] });
  });

  it("round-trips through suppliersToCsv", () => {
    const csv = suppliersToCsv([lumen, brightco]);
    expect(csv.split("\r\n")[0]).toBe(HEADER);
    expect(parseSuppliersCsv(csv)).toEqual({ rows: [lumen, brightco], errors: [] });
  });

  it("accepts columns in any order, in any case, with optional ones left out, and trims cells", () => {
    const text = "Channel,ID,Name,Status,Email\nEMAIL , oak ,  Oakline Furniture , Active ,po@oak.example\n";
    expect(parseSuppliersCsv(text)).toEqual({
      rows: [
        {
          id: "oak",
          name: "Oakline Furniture",
          status: "active",
          channel: "email",
          email: "po@oak.example",
          apiUrl: null,
          currency: null,
          timezone: null,
          fillRate: null,
          onTimeRate: null,
          apiAvailability: null,
        },
      ],
      errors: [],
    });
  });

  it("reports each bad row by line and column, and still returns the good rows", () => {
    const text = [
      HEADER,
      "lumen,Lumen GmbH,active,api,,https://api.lumen.example,EUR,Europe/Berlin,0.97,,0.999",
      "terra,Terra Ceramics,closed,fax,,,,,,,", // line 3
      "north,Northwind,active,email,not-an-email,,euro,Mars/Olympus,1.5,-0.1,abc", // line 4
      "web,Web Co,active,api,,ftp://files.example,,,,,", // line 5
      ",No Id,active,edi,,,,,,,", // line 6
      "lumen,Lumen again,active,edi,,,,,,,", // line 7
      "short,row", // line 8
    ].join("\n");
    const { rows, errors } = parseSuppliersCsv(text);
    expect(rows.map((r) => r.id)).toEqual(["lumen"]);
    expect(errors).toEqual([
      { line: 3, column: "status", message: "status must be one of active, paused, unavailable" },
      { line: 3, column: "channel", message: "channel must be one of api, email, edi" },
      { line: 4, column: "email", message: "email must be an email address" },
      { line: 4, column: "currency", message: "currency must be a 3-letter ISO 4217 code such as EUR" },
      { line: 4, column: "timezone", message: "timezone must be an IANA time zone such as Europe/Berlin" },
      { line: 4, column: "fill_rate", message: "fill_rate must be between 0 and 1 (got 1.5)" },
      { line: 4, column: "on_time_rate", message: "on_time_rate must not be negative (got -0.1)" },
      { line: 4, column: "api_availability", message: 'api_availability must be a number (got "abc")' },
      { line: 5, column: "api_url", message: "api_url must be an http(s) URL" },
      { line: 6, column: "id", message: "id is required" },
      { line: 7, column: "id", message: 'Supplier "lumen" is already defined on line 2' },
      { line: 8, message: "Expected 11 fields as in the header, found 2" },
    ]);
  });

  it("needs somewhere to send each channel's orders", () => {
    const text = [HEADER, "a,A,active,email,,,,,,,", "b,B,active,api,,,,,,,", "c,C,active,edi,,,,,,,"].join("\n");
    const { rows, errors } = parseSuppliersCsv(text);
    expect(rows.map((r) => r.id)).toEqual(["c"]);
    expect(errors).toEqual([
      { line: 2, column: "email", message: "email is required when the channel is email" },
      { line: 3, column: "api_url", message: "api_url is required when the channel is api" },
    ]);
  });

  it("reads nothing when a required column is missing, and says which", () => {
    expect(parseSuppliersCsv("id,name,channel\nlumen,Lumen,edi\n")).toEqual({
      rows: [],
      errors: [{ line: 1, column: "status", message: 'Missing required column "status"' }],
    });
  });

  it("reports an unknown column and still reads the known ones", () => {
    const { rows, errors } = parseSuppliersCsv("id,name,status,channel,notes\nlumen,Lumen,active,edi,call first\n");
    expect(rows.map((r) => r.id)).toEqual(["lumen"]);
    expect(errors).toEqual([
      {
        line: 1,
        column: "notes",
        message:
          'Unknown column "notes" (expected id, name, status, channel, email, api_url, currency, timezone, fill_rate, on_time_rate, api_availability)',
      },
    ]);
  });

  it("refuses a column given twice", () => {
    expect(parseSuppliersCsv("id,name,status,channel,name\nx,X,active,edi,Y\n")).toEqual({
      rows: [],
      errors: [{ line: 1, column: "name", message: 'Column "name" appears twice' }],
    });
  });

  it("says so when the file is empty", () => {
    expect(parseSuppliersCsv("\uFEFF\r\n").errors).toEqual([
      {
        line: 1,
        message:
          "The file is empty: expected a header row (id,name,status,channel,email,api_url,currency,timezone,fill_rate,on_time_rate,api_availability)",
      },
    ]);
  });
});
