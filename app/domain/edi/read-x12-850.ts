// Reads the purchase order back out of a parsed 850 transaction set: the inverse of
// serializeX12_850 for the segments it writes (others are ignored).
import {
  X12Error,
  type X12Party,
  type X12PurchaseOrder,
  type X12PurchaseOrderLine,
  type X12Segment,
  type X12TransactionSet,
} from "./types";

const el = (segment: X12Segment, index1: number) => segment.elements[index1 - 1] ?? "";

function isoDate(ccyymmdd: string, field: string): string {
  if (!/^\d{8}$/.test(ccyymmdd)) throw new X12Error(`${field} is not a CCYYMMDD date: "${ccyymmdd}"`, field);
  return `${ccyymmdd.slice(0, 4)}-${ccyymmdd.slice(4, 6)}-${ccyymmdd.slice(6, 8)}`;
}

function party(n1: X12Segment | undefined, code: string): X12Party {
  if (!n1) throw new X12Error(`no N1 segment with entity code ${code}`, `N1*${code}`);
  const qualifier = el(n1, 3);
  return qualifier ? { name: el(n1, 2), idQualifier: qualifier, id: el(n1, 4) } : { name: el(n1, 2) };
}

/** PO106..PO125 hold (qualifier, product id) pairs. */
function productId(po1: X12Segment, qualifier: string): string | undefined {
  for (let i = 6; i < po1.elements.length; i += 2) if (el(po1, i) === qualifier) return el(po1, i + 1);
  return undefined;
}

function readLine(po1: X12Segment, pid: X12Segment | undefined): X12PurchaseOrderLine {
  const sku = productId(po1, "BP");
  if (!sku) throw new X12Error(`PO1 at segment ${po1.position} has no buyer's part number (BP)`, "PO107");
  const line: X12PurchaseOrderLine = { quantity: Number(el(po1, 2)), unitPrice: Number(el(po1, 4)), sku };
  const vendorPartNumber = productId(po1, "VP");
  if (vendorPartNumber) line.vendorPartNumber = vendorPartNumber;
  if (pid && el(pid, 1) === "F" && el(pid, 5)) line.description = el(pid, 5);
  return line;
}

/** Throws `X12Error` when a segment the app's 850s always carry is missing. */
export function readX12_850(set: X12TransactionSet): X12PurchaseOrder {
  if (set.code !== "850") throw new X12Error(`transaction set ${set.controlNumber} is a ${set.code}, not an 850`, "ST01");
  const body = set.segments.slice(1, -1);
  const find = (id: string, first?: string) => body.find((x) => x.id === id && (first === undefined || el(x, 1) === first));
  const beg = find("BEG");
  if (!beg) throw new X12Error("no BEG segment", "BEG");
  const dtm = find("DTM", "002");
  if (!dtm) throw new X12Error("no requested delivery date (DTM*002)", "DTM");
  const cur = find("CUR", "BY");
  if (!cur) throw new X12Error("no buyer's currency (CUR*BY)", "CUR");

  const lines: X12PurchaseOrderLine[] = [];
  body.forEach((segment, i) => {
    if (segment.id !== "PO1") return;
    const next = body[i + 1];
    lines.push(readLine(segment, next?.id === "PID" ? next : undefined));
  });
  const references = body.filter((x) => x.id === "REF").map((x) => ({ qualifier: el(x, 1), value: el(x, 2) }));

  return {
    poNumber: el(beg, 3),
    orderDate: isoDate(el(beg, 5), "BEG05"),
    currency: el(cur, 2),
    ...(references.length > 0 ? { references } : {}),
    requestedDeliveryDate: isoDate(el(dtm, 2), "DTM02"),
    shipTo: party(find("N1", "ST"), "ST"),
    supplier: party(find("N1", "VN"), "VN"),
    lines,
  };
}
