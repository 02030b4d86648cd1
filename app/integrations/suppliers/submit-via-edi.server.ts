// Transport for an already-serialized X12 850: POSTed to the supplier's EDI endpoint (AS2-like,
// application/edi-x12, Message-ID and Idempotency-Key headers) or emailed as an attachment. The
// interchange is sent byte for byte as given; serialization belongs to app/domain/edi.
import { z } from "zod";
import { escapeHtml } from "../mail/escape-html";
import type { PurchaseOrderDocument, SubmissionResult } from "./purchase-order-document";
import { safeFileName } from "./render-purchase-order-email";
import { DEFAULT_SUPPLIER_TIMEOUT_MS, EdiSupplierConfigSchema, type EdiSupplierConfig, type ParsedEdiSupplierConfig } from "./supplier-channel-config";
import { exchange, failureOf, isAnswer, isSuccess, parseJson, supplierHeaders } from "./supplier-http.server";
import { purchaseOrderMessageId, sendPurchaseOrderMail } from "./submit-via-email.server";
import { validateSubmission } from "./validate-submission";


const ReceiptSchema = z.object({ reference: z.string().trim().min(1).max(200) });

export async function submitViaEdi(x12: string, po: PurchaseOrderDocument, config: EdiSupplierConfig): Promise<SubmissionResult> {
  const checked = validateSubmission(po, EdiSupplierConfigSchema, config);
  if (!checked.ok) return checked.failure;
  if (!x12.startsWith("ISA")) return { outcome: "rejected", reason: "not an X12 interchange: it must start with an ISA segment" };
  return checked.config.transport === "http" ? overHttp(x12, checked.po, checked.config) : overEmail(x12, checked.po, checked.config);
}

async function overHttp(x12: string, po: PurchaseOrderDocument, config: Extract<ParsedEdiSupplierConfig, { transport: "http" }>): Promise<SubmissionResult> {
  const answer = await exchange(
    config.url,
    {
      method: "POST",
      headers: { ...supplierHeaders(po, config.token), "content-type": "application/edi-x12", "message-id": purchaseOrderMessageId(po) },
      body: x12,
    },
    config.timeoutMs ?? DEFAULT_SUPPLIER_TIMEOUT_MS,
  );
  if (!isAnswer(answer)) return answer;
  if (!isSuccess(answer)) return failureOf(answer);
  // A 2xx is the receipt (like a synchronous MDN). The purchase order acknowledgement (855), if
  // any, comes later and quotes our PO number, which is the reference when the receipt names none.
  const json = parseJson(answer.body);
  const receipt = json.ok ? ReceiptSchema.safeParse(json.value) : undefined;
  return { outcome: "accepted", supplierReference: receipt?.success ? receipt.data.reference : po.poNumber };
}

function overEmail(x12: string, po: PurchaseOrderDocument, config: Extract<ParsedEdiSupplierConfig, { transport: "email" }>): Promise<SubmissionResult> {
  const filename = `${safeFileName(po.poNumber)}.x12`;
  const summary = `X12 850 purchase order ${po.poNumber} from ${po.buyer.shopName} is attached as ${filename}.`;
  return sendPurchaseOrderMail({ ...config.smtp, from: config.from }, po, {
    to: config.to,
    subject: `EDI 850 purchase order ${po.poNumber}`,
    text: `${summary}\n`,
    html: `<p>${escapeHtml(summary)}</p>\n`,
    attachments: [{ filename, contentType: "application/edi-x12", content: x12 }],
  });
}
