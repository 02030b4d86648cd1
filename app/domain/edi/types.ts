// ASC X12 004010 purchase orders (850) as the app sends them to EDI suppliers.

export type X12Separators = {
  /** Between elements ("*"). */
  element: string;
  /** Between components of a composite element; also ISA16 (">"). */
  subElement: string;
  /** Ends each segment ("~"). */
  segment: string;
};

export const DEFAULT_X12_SEPARATORS: Readonly<X12Separators> = Object.freeze({ element: "*", subElement: ">", segment: "~" });

/** A trading partner's interchange id (ISA05/06, ISA07/08; GS02/03). */
export type X12PartnerId = {
  /** ISA id qualifier: "ZZ" mutually defined, "01" DUNS, "12" phone... */
  qualifier: string;
  /** Up to 15 characters. */
  id: string;
};

export type X12Envelope = {
  sender: X12PartnerId;
  receiver: X12PartnerId;
  /** ISA13 / IEA02: 1..999999999, sent as 9 digits. Unique per interchange sent to a partner. */
  interchangeControlNumber: number;
  /** GS06 / GE02: 1..999999999. */
  groupControlNumber: number;
  /** ST02 / SE02: 1..999999999, sent with at least 4 digits. */
  transactionSetControlNumber: number;
  /** When the interchange is prepared, in the sender's calendar: YYYY-MM-DD and HH:MM. */
  date: string;
  time: string;
  /** "P" production (default) or "T" test. */
  usage?: "P" | "T";
  /** Ask the partner for a TA1 interchange acknowledgment. */
  acknowledgmentRequested?: boolean;
};

export type X12Party = {
  /** N102: up to 60 characters (longer names are cut). */
  name: string;
  /** N103 / N104 together: e.g. "92" (assigned by buyer) and the party's code. */
  idQualifier?: string;
  id?: string;
};

export type X12PurchaseOrderLine = {
  /** PO102, units of each (PO103 "EA"). */
  quantity: number;
  /** PO104, per each (PO105 "PE"), in the PO's currency. */
  unitPrice: number;
  /** PO107, buyer's part number (PO106 "BP"). */
  sku: string;
  /** PO109, vendor's part number (PO108 "VP"). */
  vendorPartNumber?: string;
  /** PID05, free-form (PID01 "F"); up to 80 characters (longer text is cut). */
  description?: string;
};

export type X12PurchaseOrder = {
  /** BEG03, up to 22 characters. */
  poNumber: string;
  /** BEG05, YYYY-MM-DD. */
  orderDate: string;
  /** CUR02 (buying party, CUR01 "BY"), ISO 4217. */
  currency: string;
  /** REF segments: e.g. { qualifier: "IA", value: "<our vendor number>" }. */
  references?: { qualifier: string; value: string }[];
  /** DTM "002" (delivery requested), YYYY-MM-DD. */
  requestedDeliveryDate: string;
  /** N1 "ST". */
  shipTo: X12Party;
  /** N1 "VN". */
  supplier: X12Party;
  lines: X12PurchaseOrderLine[];
};

export type X12SerializeOptions = {
  separators?: Partial<X12Separators>;
  /**
   * X12 004010 has no escape character. "reject" (default) throws when a value contains a
   * separator; "replace" turns separators and line breaks inside values into spaces.
   */
  separatorInValue?: "reject" | "replace";
  /** Put a line break after each segment terminator (readable files; most partners accept it). */
  lineBreaks?: boolean;
};

/** One segment: its id and its elements (elements[0] is XX01). */
export type X12Segment = { id: string; elements: string[]; /** 1-based position in the interchange. */ position: number };

export type X12TransactionSet = {
  /** ST01, e.g. "850". */
  code: string;
  controlNumber: string;
  /** ST through SE. */
  segments: X12Segment[];
};

export type X12FunctionalGroup = {
  /** GS01, e.g. "PO". */
  functionalId: string;
  senderCode: string;
  receiverCode: string;
  controlNumber: string;
  /** GS08, e.g. "004010". */
  version: string;
  transactionSets: X12TransactionSet[];
};

export type X12Interchange = {
  separators: X12Separators;
  sender: X12PartnerId;
  receiver: X12PartnerId;
  /** ISA09 YYMMDD and ISA10 HHMM, as sent. */
  date: string;
  time: string;
  controlNumber: string;
  /** ISA12, e.g. "00401". */
  version: string;
  usage: string;
  acknowledgmentRequested: boolean;
  groups: X12FunctionalGroup[];
  /** Every segment, ISA through IEA. */
  segments: X12Segment[];
};

export const X12_ISSUE_CODES = [
  "isa_malformed",
  "segment_id_invalid",
  "unexpected_segment",
  "missing_segment",
  "trailing_data",
  "too_many_elements",
  "element_missing",
  "element_invalid",
  "separator_in_value",
  "interchange_control_mismatch",
  "group_control_mismatch",
  "set_control_mismatch",
  "iea_group_count",
  "ge_set_count",
  "se_segment_count",
  "ctt_line_count",
  "ctt_hash_total",
] as const;
export type X12IssueCode = (typeof X12_ISSUE_CODES)[number];

export type X12Issue = {
  code: X12IssueCode;
  message: string;
  /** 1-based position of the segment concerned, when there is one. */
  position?: number;
};

export type X12ParseResult = { ok: true; interchange: X12Interchange } | { ok: false; errors: X12Issue[] };

/** A value or structure the serializer or reader cannot represent in valid X12. */
export class X12Error extends Error {
  constructor(
    message: string,
    /** The element or field concerned, e.g. "PO107" or "lines[2].sku". */
    readonly field: string
  ) {
    super(message);
    this.name = "X12Error";
  }
}
