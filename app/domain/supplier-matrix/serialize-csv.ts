// RFC 4180 output: CRLF after every record, quotes only where a field needs them.

const NEEDS_QUOTES = /[",\r\n]/;

export function serializeCsvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function serializeCsv(records: readonly (readonly string[])[]): string {
  return records.map((fields) => fields.map(serializeCsvField).join(",") + "\r\n").join("");
}
