// Performs the outbox's external effects after commit: PO submissions (API / email / EDI through
// the supplier adapters) and escalation alerts (Slack incoming webhook, ops email). A row is
// claimed with a lease, the effect performed once, and the outcome settled in one transaction
// with what it implies — only by the claim that still holds the row:
// - accepted: PO submitted (confirmed when the answer carried an ETA);
// - transient: retried with exponential backoff (Retry-After honoured) until the shop's maximum;
// - rejected or retries exhausted: the PO is cancelled and its units planned again without that
//   supplier (fallback), or escalated when no path is left.
// Retries of a submission carry the same idempotency key (the PO), so the supplier keeps one order.
import crypto from "node:crypto";
import { withTransaction } from "../../models/transaction.server";
import { lockShopStock } from "../../models/stock-lock.server";
import { claimOutbox, settleOutbox, type OutboxRow } from "../../models/replenishment/outbox.server";
import { addPurchaseOrderEvent, findPurchaseOrder, recordSubmissionAttempt, type PurchaseOrderRecord } from "../../models/replenishment/purchase-orders.server";
import { findSupplier, listOffers, shopCurrencyAndZone, type SupplierRecord } from "../../models/replenishment/suppliers.server";
import { findEscalation } from "../../models/replenishment/escalations.server";
import { createSubmitter, type PurchaseOrderDocument, type SubmissionResult, type SupplierChannel } from "../../integrations/suppliers";
import { postSlackAlert, sendOpsEmail, type OpsAlert } from "../../integrations/alerts";
import { createMailer, parseSmtpUrl } from "../../integrations/mail";
import { serializeX12_850 } from "../../domain/edi";
import { addDays, zonedDateReader, type LocalDate } from "../../domain/calendar/local-date";
import { loadReplenishmentSettings, type ShopReplenishmentSettings } from "./settings.server";
import { failSubmission, recordAcceptedSubmission } from "./purchase-orders.server";
import { supplierLinkUrl } from "./supplier-links.server";
import { appUrl, mailFrom, smtpUrl } from "./replenishment-env.server";
import { failPoint } from "../../faults.server";

export type DispatchReport = { claimed: number; accepted: number; retried: number; failed: number; skipped: number; lost: number };

export type DispatchOptions = { shop?: string; at: Date; limit?: number; leaseMs?: number };

/** Claims and performs due outbox rows until none is due at `at` (new rows a fallback adds included). */
export async function dispatchReplenishmentOutbox(o: DispatchOptions): Promise<DispatchReport> {
  const report: DispatchReport = { claimed: 0, accepted: 0, retried: 0, failed: 0, skipped: 0, lost: 0 };
  const token = crypto.randomUUID();
  for (let round = 0; round < 100; round++) {
    const rows = await claimOutbox(token, { shop: o.shop, at: o.at, leaseMs: o.leaseMs ?? 120_000, limit: o.limit ?? 20 });
    if (rows.length === 0) break;
    report.claimed += rows.length;
    for (const row of rows) {
      const outcome = await perform(row, token, o.at).catch((error: unknown) => {
        // An unexpected error (database, a bug): the lease returns the row for another try.
        console.error(`[replenishment] outbox ${row.kind} #${row.id} (${row.shop}): ${(error as Error).message}`);
        return "lost" as const;
      });
      report[outcome]++;
    }
  }
  return report;
}

type Outcome = "accepted" | "retried" | "failed" | "skipped" | "lost";

function perform(row: OutboxRow, token: string, at: Date): Promise<Outcome> {
  switch (row.kind) {
    case "submit_purchase_order":
      return submit(row, token, at);
    case "slack_alert":
    case "ops_email":
      return alert(row, token, at);
  }
}

/** Exponential backoff from the shop's first delay, capped at an hour; never sooner than Retry-After. */
export function retryDelayMs(attempt: number, firstDelaySeconds: number, retryAfterMs?: number): number {
  const backoff = Math.min(3_600_000, firstDelaySeconds * 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.max(backoff, retryAfterMs ?? 0);
}

async function submit(row: OutboxRow, token: string, at: Date): Promise<Outcome> {
  const shop = row.shop;
  const po = await findPurchaseOrder(shop, row.subjectId);
  if (!po || po.status !== "draft") {
    const settled = await settleOutbox(undefined, row.id, token, { status: "done", at, error: `nothing to submit: purchase order ${po ? po.status : "gone"}` });
    return settled ? "skipped" : "lost";
  }
  const settings = await loadReplenishmentSettings(shop);
  const supplier = await findSupplier(shop, po.supplierId);
  const result: SubmissionResult = supplier ? await submitOnce(shop, po, supplier, settings, at) : { outcome: "rejected", reason: `supplier ${po.supplierId} no longer exists` };
  await failPoint("replenishment.afterSubmit");

  const exhausted = result.outcome === "transient" && row.attempts >= settings.submissionMaxAttempts;
  return withTransaction(async (tx) => {
    const attempt = { supplierId: po.supplierId, purchaseOrderId: po.id, at, outcome: result.outcome, reason: result.outcome === "accepted" ? null : result.reason };
    if (result.outcome === "accepted") {
      if (!(await settleOutbox(tx, row.id, token, { status: "done", at }))) return "lost";
      await recordSubmissionAttempt(tx, shop, attempt);
      await recordAcceptedSubmission(tx, shop, po.id, result, at);
      return "accepted";
    }
    if (result.outcome === "transient" && !exhausted) {
      const retryAt = new Date(at.getTime() + retryDelayMs(row.attempts, settings.submissionRetrySeconds, result.retryAfterMs));
      if (!(await settleOutbox(tx, row.id, token, { status: "pending", retryAt, error: result.reason }))) return "lost";
      await recordSubmissionAttempt(tx, shop, attempt);
      await addPurchaseOrderEvent(tx, shop, po.id, at, "attempt_failed", { attempt: row.attempts, reason: result.reason, retryAt: retryAt.toISOString() });
      return "retried";
    }
    const reason = exhausted ? `no answer after ${row.attempts} attempts (${result.reason})` : result.reason;
    // The fallback re-plans under the shop's stock lock: take it before the outbox row (lock order).
    await lockShopStock(tx, shop);
    if (!(await settleOutbox(tx, row.id, token, { status: "failed", at, error: reason }))) return "lost";
    await recordSubmissionAttempt(tx, shop, attempt);
    await failSubmission(tx, shop, po.id, reason, at);
    return "failed";
  });
}

/** One attempt on the supplier's channel, the idempotency key being the PO itself. */
async function submitOnce(shop: string, po: PurchaseOrderRecord, supplier: SupplierRecord, settings: ShopReplenishmentSettings, at: Date): Promise<SubmissionResult> {
  const info = await shopCurrencyAndZone(undefined, shop);
  const zone = safeZone(supplier.timezone ?? info.timezone);
  const today = zonedDateReader(zone)(at);
  const channel = supplierChannel(supplier, settings);
  if ("error" in channel) return { outcome: "rejected", reason: channel.error };
  // The document depends on the PO alone (its creation day, not this attempt's): a retry sends the
  // same bytes under the same idempotency key, which suppliers require.
  const document = await purchaseOrderDocument(shop, po, supplier, settings, { orderDay: zonedDateReader(zone)(po.createdAt) });
  const submitter = createSubmitter({ renderX12: (doc) => renderX12(doc, supplier, po, { today, at, zone }) });
  return submitter(document, channel);
}

function safeZone(zone: string | null): string {
  if (!zone) return "UTC";
  try {
    zonedDateReader(zone);
    return zone;
  } catch {
    return "UTC";
  }
}

const addressOf = (mailbox: string) => /<([^<>]+)>/.exec(mailbox)?.[1] ?? mailbox;

export function supplierChannel(supplier: SupplierRecord, settings: ShopReplenishmentSettings): SupplierChannel | { error: string } {
  const from = settings.purchasingEmail ?? mailFrom();
  switch (supplier.channel) {
    case "api":
      if (!supplier.apiUrl) return { error: "the supplier has no API URL" };
      return {
        channel: "api",
        config: { kind: supplier.apiKind === "graphql" ? "graphql" : "json", url: supplier.apiUrl, ...(supplier.apiToken ? { token: supplier.apiToken } : {}) },
      };
    case "email": {
      const transport = smtpUrl();
      if (!supplier.email) return { error: "the supplier has no order email address" };
      if (!transport) return { error: "no SMTP server configured (SMTP_URL)" };
      return { channel: "email", config: { to: supplier.email, from, transport } };
    }
    case "edi": {
      const edi = (supplier.ediConfig ?? {}) as Record<string, unknown>;
      if (edi.transport === "email") {
        const transport = smtpUrl();
        if (!transport) return { error: "no SMTP server configured (SMTP_URL)" };
        return { channel: "edi", config: { transport: "email", to: String(edi.to ?? supplier.email ?? ""), from, smtp: transport } };
      }
      const url = typeof edi.url === "string" ? edi.url : supplier.apiUrl;
      if (!url) return { error: "the supplier has no EDI endpoint" };
      return { channel: "edi", config: { transport: "http", url, ...(typeof edi.token === "string" ? { token: edi.token } : supplier.apiToken ? { token: supplier.apiToken } : {}) } };
    }
    default:
      return { error: `unknown submission channel ${supplier.channel}` };
  }
}

export async function purchaseOrderDocument(
  shop: string,
  po: PurchaseOrderRecord,
  supplier: SupplierRecord,
  settings: ShopReplenishmentSettings,
  o: { orderDay: LocalDate },
): Promise<PurchaseOrderDocument> {
  const offers = new Map((await listOffers(shop, { supplierId: supplier.id })).map((x) => [x.sku, x]));
  const live = po.lines.filter((l) => l.live);
  const lead = Math.max(0, ...live.map((l) => Math.ceil(l.leadTimeDays)));
  const link = supplierLinkUrl(shop, po.id, po.createdAt);
  const buyerEmail = settings.purchasingEmail ? addressOf(settings.purchasingEmail) : undefined;
  return {
    poNumber: po.number,
    // Stable across every retry and every worker: the supplier keeps one order per PO.
    idempotencyKey: `${shop}:po:${po.id}`,
    buyer: { shopName: shop, ...(buyerEmail ? { email: buyerEmail } : {}) },
    supplier: { id: supplier.id, name: supplier.name },
    currency: po.currency,
    shipTo: { name: `Location ${po.locationId}` },
    requestedDeliveryDate: addDays(o.orderDay, lead),
    lines: live.map((l) => ({
      sku: l.sku,
      ...(l.title ? { description: l.title } : {}),
      quantity: l.quantity,
      unitCost: l.unitCost,
      ...(offers.get(l.sku)?.supplierSku ? { supplierSku: offers.get(l.sku)!.supplierSku! } : {}),
    })),
    notes: `Confirm this order or propose a delivery date: ${link}`,
  };
}

function renderX12(doc: PurchaseOrderDocument, supplier: SupplierRecord, po: PurchaseOrderRecord, o: { today: LocalDate; at: Date; zone: string }): string {
  const edi = (supplier.ediConfig ?? {}) as Record<string, unknown>;
  const text = (v: unknown, fallback: string) => (typeof v === "string" && v.trim() ? v.trim() : fallback);
  const control = Number(po.id % 999_999_999n) || 1;
  const time = new Intl.DateTimeFormat("en-GB", { timeZone: o.zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(o.at);
  return serializeX12_850(
    {
      poNumber: doc.poNumber,
      orderDate: o.today,
      currency: doc.currency,
      requestedDeliveryDate: doc.requestedDeliveryDate ?? o.today,
      shipTo: { name: doc.shipTo.name },
      supplier: { name: doc.supplier.name, idQualifier: "92", id: doc.supplier.id },
      lines: doc.lines.map((l) => ({ quantity: l.quantity, unitPrice: l.unitCost, sku: l.sku, ...(l.supplierSku ? { vendorPartNumber: l.supplierSku } : {}), ...(l.description ? { description: l.description } : {}) })),
    },
    {
      sender: { qualifier: text(edi.senderQualifier, "ZZ"), id: text(edi.senderId, "BACKORDERPILOT").slice(0, 15) },
      receiver: { qualifier: text(edi.receiverQualifier, "ZZ"), id: text(edi.receiverId, supplier.id.toUpperCase()).slice(0, 15) },
      interchangeControlNumber: control,
      groupControlNumber: control,
      transactionSetControlNumber: control,
      date: o.today,
      time,
      usage: edi.test === true ? "T" : "P",
    },
    { separatorInValue: "replace" },
  );
}

// ---- alerts ----

async function alert(row: OutboxRow, token: string, at: Date): Promise<Outcome> {
  const shop = row.shop;
  const settings = await loadReplenishmentSettings(shop);
  const escalation = await findEscalation(undefined, shop, row.subjectId);
  if (!escalation) return (await settleOutbox(undefined, row.id, token, { status: "done", at, error: "escalation gone" })) ? "skipped" : "lost";
  const po = escalation.purchaseOrderId === null ? null : await findPurchaseOrder(shop, escalation.purchaseOrderId);
  const supplier = escalation.supplierId ? await findSupplier(shop, escalation.supplierId) : null;
  const message: OpsAlert = {
    reason: escalation.message,
    sku: escalation.sku ?? "(no SKU)",
    quantity: Math.max(1, escalation.units),
    ...(supplier ? { supplier: { id: supplier.id, name: supplier.name } } : {}),
    ...(po ? { poNumber: po.number } : {}),
    shop,
    escalationUrl: `${appUrl()}/app/escalations/${escalation.id}`,
    severity: escalation.code === "all_submissions_failed" || escalation.code === "no_eligible_supplier" ? "critical" : "warning",
    dedupeKey: `${shop}:escalation:${escalation.id}`,
  };
  let result: { outcome: "accepted" } | { outcome: "rejected" | "transient"; reason: string; retryAfterMs?: number };
  if (row.kind === "slack_alert") {
    result = settings.slackWebhookUrl ? await postSlackAlert(settings.slackWebhookUrl, message) : { outcome: "rejected", reason: "no Slack webhook configured" };
  } else {
    const transport = smtpUrl();
    if (!settings.opsEmails.length) result = { outcome: "rejected", reason: "no ops recipients configured" };
    else if (!transport) result = { outcome: "rejected", reason: "no SMTP server configured (SMTP_URL)" };
    else {
      const mailer = createMailer({ ...parseSmtpUrl(transport), from: mailFrom() });
      try {
        const sent = await sendOpsEmail(mailer, settings.opsEmails, message);
        result = sent.outcome === "accepted" ? { outcome: "accepted" } : sent;
      } finally {
        mailer.close();
      }
    }
  }
  await failPoint("replenishment.afterAlert");
  if (result.outcome === "accepted") return (await settleOutbox(undefined, row.id, token, { status: "done", at })) ? "accepted" : "lost";
  if (result.outcome === "transient" && row.attempts < settings.submissionMaxAttempts) {
    const retryAt = new Date(at.getTime() + retryDelayMs(row.attempts, settings.submissionRetrySeconds, result.retryAfterMs));
    return (await settleOutbox(undefined, row.id, token, { status: "pending", retryAt, error: result.reason })) ? "retried" : "lost";
  }
  console.warn(`[replenishment] ${row.kind} for escalation ${escalation.id} (${shop}) failed: ${result.reason}`);
  return (await settleOutbox(undefined, row.id, token, { status: "failed", at, error: result.reason })) ? "failed" : "lost";
}
