// The purchase order as an email an order desk can act on without opening anything: plain text and
// HTML with the same content (PO number, ship-to, requested date, lines, totals), plus the lines
// as CSV for the supplier's own import.
import type { MailAttachment } from "../mail/create-mailer.server";
import { escapeHtml as esc } from "../mail/escape-html";
import type { PurchaseOrderDocument } from "./purchase-order-document";
import { decimalText, formatMoney, priceOrder, unitCostText, type PricedLine, type PricedOrder } from "./purchase-order-totals";

export type RenderedPurchaseOrderEmail = { subject: string; text: string; html: string; attachments: MailAttachment[] };

export function renderPurchaseOrderEmail(po: PurchaseOrderDocument): RenderedPurchaseOrderEmail {
  const priced = priceOrder(po);
  const csvName = `${safeFileName(po.poNumber)}.csv`;
  return {
    subject: `Purchase order ${po.poNumber} from ${po.buyer.shopName}`,
    text: renderText(po, priced, csvName),
    html: renderHtml(po, priced, csvName),
    attachments: [{ filename: csvName, contentType: "text/csv; charset=utf-8", content: purchaseOrderCsv(po) }],
  };
}

const CSV_HEADER = ["po_number", "line", "sku", "supplier_sku", "description", "quantity", "unit_cost", "line_total", "currency"];

/** RFC 4180 (CRLF, quoted where needed), one row per line. */
export function purchaseOrderCsv(po: PurchaseOrderDocument): string {
  const priced = priceOrder(po);
  const rows = priced.lines.map((line, i) => [
    po.poNumber,
    String(i + 1),
    line.sku,
    line.supplierSku ?? "",
    // Free text opened in a spreadsheet: neutralise formula starters. SKUs stay verbatim because
    // the supplier's import matches on them.
    defuseFormula(line.description ?? ""),
    String(line.quantity),
    unitCostText(line, priced.currencyDigits),
    decimalText(line.lineTotalMinor, priced.currencyDigits, priced.currencyDigits),
    po.currency,
  ]);
  return [CSV_HEADER, ...rows].map((row) => row.map(csvCell).join(",")).join("\r\n") + "\r\n";
}

function renderText(po: PurchaseOrderDocument, priced: PricedOrder, csvName: string): string {
  const money = moneyOf(po.currency, priced.currencyDigits);
  const table = textTable(
    ["#", "SKU", "Supplier SKU", "Qty", "Unit cost", "Line total"],
    priced.lines.map((l, i) => [String(i + 1), l.sku, l.supplierSku ?? "", String(l.quantity), money.unit(l), money.minor(l.lineTotalMinor)]),
    [false, false, false, true, true, true],
    priced.lines.map((l) => l.description),
  );
  return [
    `Purchase order ${po.poNumber}`,
    `From: ${po.buyer.shopName}${po.buyer.email ? ` <${po.buyer.email}>` : ""}`,
    `To: ${po.supplier.name}`,
    "",
    "Ship to:",
    `  ${po.shipTo.name}`,
    ...(po.shipTo.address ? po.shipTo.address.split(/\r?\n/).map((l) => `  ${l}`) : []),
    `Requested delivery: ${po.requestedDeliveryDate ?? "as soon as possible"}`,
    "",
    table,
    "",
    `Total: ${summary(priced)}, ${money.minor(priced.totalMinor)} (${po.currency})`,
    ...(po.notes ? ["", "Notes:", ...po.notes.split(/\r?\n/).map((l) => `  ${l}`)] : []),
    "",
    `The attached ${csvName} carries the same lines.`,
    `Please confirm by replying with your order reference and expected delivery date, quoting ${po.poNumber}.`,
    "",
  ].join("\n");
}

function renderHtml(po: PurchaseOrderDocument, priced: PricedOrder, csvName: string): string {
  const money = moneyOf(po.currency, priced.currencyDigits);
  const cell = 'style="padding:4px 8px;border-bottom:1px solid #ddd;text-align:left"';
  const num = 'style="padding:4px 8px;border-bottom:1px solid #ddd;text-align:right"';
  const rows = priced.lines
    .map(
      (l, i) =>
        `<tr><td ${num}>${i + 1}</td><td ${cell}>${esc(l.sku)}</td><td ${cell}>${esc(l.supplierSku ?? "")}</td><td ${cell}>${esc(l.description ?? "")}</td>` +
        `<td ${num}>${l.quantity}</td><td ${num}>${esc(money.unit(l))}</td><td ${num}>${esc(money.minor(l.lineTotalMinor))}</td></tr>`,
    )
    .join("\n");
  const address = po.shipTo.address ? `<br>${esc(po.shipTo.address).replace(/\r?\n/g, "<br>")}` : "";
  return `<!doctype html>
<html><body style="font-family:Arial,Helvetica,sans-serif;color:#222">
<h1 style="font-size:20px">Purchase order ${esc(po.poNumber)}</h1>
<p><strong>From:</strong> ${esc(po.buyer.shopName)}${po.buyer.email ? ` &lt;${esc(po.buyer.email)}&gt;` : ""}<br>
<strong>To:</strong> ${esc(po.supplier.name)}</p>
<p><strong>Ship to:</strong><br>${esc(po.shipTo.name)}${address}</p>
<p><strong>Requested delivery:</strong> ${esc(po.requestedDeliveryDate ?? "as soon as possible")}</p>
<table style="border-collapse:collapse">
<thead><tr><th ${num}>#</th><th ${cell}>SKU</th><th ${cell}>Supplier SKU</th><th ${cell}>Description</th><th ${num}>Qty</th><th ${num}>Unit cost</th><th ${num}>Line total</th></tr></thead>
<tbody>
${rows}
</tbody>
<tfoot><tr><th ${cell} colspan="6">Total (${esc(summary(priced))})</th><th ${num}>${esc(money.minor(priced.totalMinor))}</th></tr></tfoot>
</table>
${po.notes ? `<p><strong>Notes:</strong><br>${esc(po.notes).replace(/\r?\n/g, "<br>")}</p>\n` : ""}<p>The attached ${esc(csvName)} carries the same lines.
Please confirm by replying with your order reference and expected delivery date, quoting ${esc(po.poNumber)}.</p>
</body></html>
`;
}

function moneyOf(currency: string, digits: number) {
  return {
    unit: (line: PricedLine) => formatMoney(unitCostText(line, digits), currency, digits),
    minor: (amountMinor: number) => formatMoney(decimalText(amountMinor, digits, digits), currency, digits),
  };
}

function summary(priced: PricedOrder): string {
  const lines = priced.lines.length;
  return `${lines} line${lines === 1 ? "" : "s"}, ${priced.units} unit${priced.units === 1 ? "" : "s"}`;
}

/** Fixed-width columns; a line's description goes on its own indented row under it. */
function textTable(header: string[], rows: string[][], rightAligned: boolean[], notes: (string | undefined)[]): string {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c].length)));
  const format = (row: string[]) =>
    row
      .map((value, c) => (rightAligned[c] ? value.padStart(widths[c]) : value.padEnd(widths[c])))
      .join("  ")
      .trimEnd();
  const indent = " ".repeat(widths[0] + 2);
  const body = rows.flatMap((row, i) => [format(row), ...(notes[i] ? [`${indent}${notes[i]}`] : [])]);
  return [format(header), format(widths.map((w) => "-".repeat(w))), ...body].join("\n");
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

function defuseFormula(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function safeFileName(value: string): string {
  return value.replace(/[^A-Za-z0-9._-]+/g, "_");
}
