// Every submission channel end to end: a deficit ordered from an email supplier (SMTP stand-in) and
// from an EDI supplier (X12 850 over HTTP to the stand-in, read back with the app's own parser).
import "../setup/database";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { resetClock } from "../../app/clock.server";
import { startSmtpStandIn, startSupplierApiStandIn, type SmtpStandIn, type SupplierApiStandIn } from "../../app/stand-ins";
import { closeWebhookIntake } from "../../app/services/webhook-intake.server";
import { parseX12, readX12_850 } from "../../app/domain/edi";
import { purchaseOrderMessageId } from "../../app/integrations/suppliers";
import { addOffer, addSupplier, createShop, purchaseOrders, settings, skus, storefront } from "./support";

const [LAMP] = skus(1);
let api: SupplierApiStandIn;
let smtp: SmtpStandIn;
let shopN = 0;
let shop = "";

beforeAll(async () => {
  api = await startSupplierApiStandIn({ suppliers: { edico: { mode: "up" } } });
  smtp = await startSmtpStandIn();
  process.env.SMTP_URL = smtp.url;
});
afterAll(async () => {
  delete process.env.SMTP_URL;
  await Promise.all([api.stop(), smtp.stop()]);
  await closeWebhookIntake();
  resetClock();
});
beforeEach(async () => {
  shop = `channels-${++shopN}.myshopify.com`;
  await createShop(shop, [LAMP]);
  await settings(shop, { purchasingEmail: "Lamp Shop <buying@lampshop.example>", safetyStockDefault: 1 });
});

async function oversell(units: number) {
  const s = storefront(shop);
  s.setStock(LAMP, 0);
  await s.order(LAMP, 0, { qty: units });
  await s.run(10);
  return (await purchaseOrders(shop))[0];
}

describe("submission channels", () => {
  it("email: one message to the supplier's order desk with the PO, the CSV and the link; Message-ID from the idempotency key", async () => {
    await addSupplier(shop, { id: "mailco", name: "Mail Co", channel: "email", email: "orders@mailco.example" });
    await addOffer(shop, { supplierId: "mailco", sku: LAMP.sku, leadTimeDays: 4, unitCost: 7.25, lastUnitCostSeed: 7.25, supplierSku: "MC-LAMP" });
    const po = await oversell(3);
    expect(po).toMatchObject({ supplierId: "mailco", status: "submitted" });
    const mails = smtp.messages().filter((m) => m.to.includes("orders@mailco.example") && m.subject?.includes(po.number));
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail.subject).toBe(`Purchase order ${po.number} from ${shop}`);
    expect(mail.from).toBe("buying@lampshop.example");
    expect(mail.messageId).toBe(purchaseOrderMessageId({ idempotencyKey: `${shop}:po:${po.id}` }));
    expect(po.supplierReference).toBe(mail.messageId);
    expect(mail.headers["x-purchase-order"]).toBe(po.number);
    const csv = mail.attachments.find((a) => a.contentType.startsWith("text/csv"))!.content.toString("utf8");
    expect(csv).toContain(LAMP.sku);
    expect(csv).toContain("MC-LAMP");
    // 3 short + 1 safety stock.
    expect(po.lines.map((l) => [l.quantity, l.customerUnits, l.bufferUnits])).toEqual([[4, 3, 1]]);
    expect(mail.text).toMatch(/\/supplier\/po\/v1\./);
  });

  it("EDI: one X12 850 over HTTP that reads back to the PO", async () => {
    await addSupplier(shop, { id: "edico", name: "EDI Co", channel: "edi", ediConfig: { transport: "http", url: api.ediUrl("edico"), receiverId: "EDICO", senderId: "LAMPSHOP" } });
    await addOffer(shop, { supplierId: "edico", sku: LAMP.sku, leadTimeDays: 5, unitCost: 6.5, lastUnitCostSeed: 6.5, packSize: 6, supplierSku: "E-77" });
    const po = await oversell(2);
    expect(po).toMatchObject({ supplierId: "edico", status: "submitted" });
    const orders = api.orders("edico").filter((o) => o.idempotencyKey === `${shop}:po:${po.id}`);
    expect(orders).toHaveLength(1);
    const order = orders[0];
    if (order.channel !== "edi") throw new Error("expected an EDI order");
    const parsed = parseX12(order.x12);
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
    expect(parsed.interchange.sender.id).toBe("LAMPSHOP");
    expect(parsed.interchange.receiver.id).toBe("EDICO");
    const x12 = readX12_850(parsed.interchange.groups[0].transactionSets[0]);
    expect(x12).toMatchObject({ poNumber: po.number, currency: "EUR", supplier: { name: "EDI Co", id: "edico" } });
    // 2 short + 1 safety stock, in packs of 6.
    expect(x12.lines).toEqual([{ quantity: 6, unitPrice: 6.5, sku: LAMP.sku, vendorPartNumber: "E-77", description: `Item ${LAMP.sku}` }]);
    expect(po.lines.map((l) => [l.quantity, l.customerUnits, l.bufferUnits, l.roundingUnits])).toEqual([[6, 2, 1, 3]]);
  });
});
