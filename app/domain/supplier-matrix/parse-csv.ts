// RFC 4180 CSV: comma-separated fields, records ended by CRLF (LF and CR accepted too), fields
// optionally in double quotes, where they may hold commas, line breaks and "" for a quote.
// A UTF-8 BOM (Excel) is skipped; blank lines, including a trailing one, are not records.
import type { CsvRowError } from "./types";

export type CsvRecord = {
  /** 1-based line where the record starts (a quoted field can span lines). */
  line: number;
  fields: string[];
};

type State = {
  fields: string[];
  field: string;
  /** The current field was quoted and its closing quote has been read. */
  closed: boolean;
  quoted: boolean;
  error: string | null;
  line: number;
};

const fresh = (line: number): State => ({ fields: [], field: "", closed: false, quoted: false, error: null, line });

/** Splits CSV text into records. Malformed records are reported and left out. */
export function parseCsv(text: string): { records: CsvRecord[]; errors: CsvRowError[] } {
  const src = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const records: CsvRecord[] = [];
  const errors: CsvRowError[] = [];
  let line = 1;
  let s = fresh(line);
  let inQuotes = false;

  const endRecord = () => {
    s.fields.push(s.field);
    const blank = s.fields.length === 1 && s.fields[0] === "" && !s.quoted;
    if (s.error) errors.push({ line: s.line, message: s.error });
    else if (!blank) records.push({ line: s.line, fields: s.fields });
  };
  const fail = (message: string) => {
    s.error ??= message;
  };

  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (inQuotes) {
      if (c === '"' && src[i + 1] === '"') {
        s.field += '"';
        i++;
      } else if (c === '"') {
        inQuotes = false;
        s.closed = true;
      } else {
        s.field += c;
        // Count lines inside quoted fields so later records keep their true line numbers.
        if (c === "\n" || (c === "\r" && src[i + 1] !== "\n")) line++;
      }
      continue;
    }
    if (c === ",") {
      s.fields.push(s.field);
      s.field = "";
      s.closed = false;
    } else if (c === "\r" || c === "\n") {
      if (c === "\r" && src[i + 1] === "\n") i++;
      endRecord();
      line++;
      s = fresh(line);
    } else if (c === '"' && s.field === "" && !s.closed) {
      inQuotes = true;
      s.quoted = true;
    } else if (c === '"') {
      fail("A quote inside an unquoted field (quote the field and double the quote)");
      s.field += c;
    } else {
      if (s.closed) fail("Characters after a closing quote");
      s.field += c;
    }
  }
  if (inQuotes) fail("A quoted field is never closed");
  // The text ended without a final line break: the last record is complete as it is.
  if (s.fields.length > 0 || s.field !== "" || s.quoted || s.error) endRecord();
  return { records, errors };
}
