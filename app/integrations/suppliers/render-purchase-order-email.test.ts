import { describe, expect, it } from "vitest";
import { purchaseOrderCsv, renderPurchaseOrderEmail } from "./render-purchase-order-email";
import { samplePurchaseOrder } from "./sample-purchase-order";

describe("renderPurchaseOrderEmail", () => {
  const po = samplePurchaseOrder();
  const email = renderPurchaseOrderEmail(po);

  it("names the PO and the shop in the subject", () => {
    expect(email.subject).toBe("Purchase order PO-1001 from Northwind Outfitters");
  });

  it("lays out the text body with ship-to, requested date, aligned lines and the total", () => {
    expect(email.text).toBe(
      [
        "Purchase order PO-1001",
        "From: Northwind Outfitters <buying@northwind.example>",
        "To: Acme Wholesale",
        "",
        "Ship to:",
        "  Northwind Warehouse",
        "  12 Harbour Road",
        "  Portsmouth PO1 2AB",
        "Requested delivery: 2026-03-16",
        "",
        "#  SKU         Supplier SKU  Qty  Unit cost  Line total",
        "-  ----------  ------------  ---  ---------  ----------",
        "1  TENT-2P     AC-T2          12     $84.50   $1,014.00",
        "   Trail tent, 2 person",
        "2  STOVE-MINI                  3    $19.125      $57.38",
        '   Camp stove, "mini", gas',
        "",
        "Total: 2 lines, 15 units, $1,071.38 (USD)",
        "",
        "Notes:",
        "  Deliver to dock 3.",
        "",
        "The attached PO-1001.csv carries the same lines.",
        "Please confirm by replying with your order reference and expected delivery date, quoting PO-1001.",
        "",
      ].join("\n"),
    );
  });

  it("escapes merchant text in the HTML body and shows the same figures", () => {
    const html = renderPurchaseOrderEmail(samplePurchaseOrder({ notes: "<script>alert(1)</script> & co" })).html;
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt; &amp; co");
    expect(html).not.toContain("<script>");
    expect(html).toContain("Camp stove, &quot;mini&quot;, gas");
    expect(html).toContain("$1,071.38");
    expect(html).toContain("12 Harbour Road<br>Portsmouth PO1 2AB");
  });

  it("attaches the lines as CSV", () => {
    expect(email.attachments).toEqual([{ filename: "PO-1001.csv", contentType: "text/csv; charset=utf-8", content: purchaseOrderCsv(po) }]);
  });

  it("says 'as soon as possible' when no date is requested and omits empty notes", () => {
    const { text } = renderPurchaseOrderEmail(samplePurchaseOrder({ requestedDeliveryDate: undefined, notes: undefined }));
    expect(text).toContain("Requested delivery: as soon as possible");
    expect(text).not.toContain("Notes:");
  });
});

describe("purchaseOrderCsv", () => {
  it("quotes per RFC 4180 with CRLF rows", () => {
    expect(purchaseOrderCsv(samplePurchaseOrder())).toBe(
      "po_number,line,sku,supplier_sku,description,quantity,unit_cost,line_total,currency\r\n" +
        "PO-1001,1,TENT-2P,AC-T2,\"Trail tent, 2 person\",12,84.50,1014.00,USD\r\n" +
        'PO-1001,2,STOVE-MINI,,"Camp stove, ""mini"", gas",3,19.125,57.38,USD\r\n',
    );
  });

  it("defuses spreadsheet formulas in descriptions but keeps SKUs verbatim", () => {
    const csv = purchaseOrderCsv(samplePurchaseOrder({ lines: [{ sku: "-X1", description: "=HYPERLINK(\"http://x\")", quantity: 1, unitCost: 1 }] }));
    expect(csv.split("\r\n")[1]).toBe('PO-1001,1,-X1,,"\'=HYPERLINK(""http://x"")",1,1.00,1.00,USD');
  });
});
