export { parseX12 } from "./parse-x12";
export { readX12_850 } from "./read-x12-850";
export { resolveSeparators, serializeX12_850 } from "./serialize-x12-850";
export { DEFAULT_X12_SEPARATORS, X12Error, X12_ISSUE_CODES } from "./types";
export type {
  X12Envelope,
  X12FunctionalGroup,
  X12Interchange,
  X12Issue,
  X12IssueCode,
  X12ParseResult,
  X12Party,
  X12PartnerId,
  X12PurchaseOrder,
  X12PurchaseOrderLine,
  X12Segment,
  X12SerializeOptions,
  X12Separators,
  X12TransactionSet,
} from "./types";
