// Customer notices from their outbox, over SMTP: one email per order per event (the first promise,
// a slip, shipped), exactly once.
// - A run claims due notices (FOR UPDATE SKIP LOCKED) and marks them `sending` in the same
//   committed statement, BEFORE talking to the SMTP server: a second run (or the same job run twice)
//   never claims a notice that is pending no more.
// - The Message-ID is derived from the notice's key, so anything that does resend carries the
//   same id (mail systems drop the repeat).
// - Accepted: `sent`, with the recipient and time. A 4xx or a broken connection: pending again with
//   backoff; a 5xx: failed. A notice left `sending` by a process that died during the SMTP exchange
//   may have been accepted: it is marked `uncertain`, not sent again (a duplicate email is the
//   failure this outbox exists to prevent), and shows in the admin.
import crypto from "node:crypto";
import { now } from "../../clock.server";
import { renderNotice, type NoticeData, type NoticeKind } from "../../emails";
import { failPoint } from "../../faults.server";
import { createMailer, parseSmtpUrl, type Mailer } from "../../integrations/mail";
import {
  claimNotices,
  findPromiseShop,
  markInterruptedNotices,
  nextNoticeAt,
  noticeRecipient,
  settleNotice,
  type ClaimedNotice,
} from "../../models/promises.server";
import { loadPromiseSettings } from "./settings.server";
import { noticeLocale } from "./shop-calendar.server";

export const NOTICE_MAX_ATTEMPTS = 8;

/** Backoff before a notice the SMTP server deferred is tried again: 1 min, 2 min ... capped at 2 h. */
export function noticeRetryDelayMs(attempts: number): number {
  return Math.min(7_200_000, 60_000 * 2 ** Math.max(0, attempts - 1));
}

export type NoticeRun = { sent: number; skipped: number; failed: number; deferred: number; uncertain: number; nextAt: Date | null; smtp: boolean };

function smtpUrl(): string | null {
  return process.env.SMTP_URL?.trim() || null;
}

/** `Shop name <address>`: the shop's name in front of the configured sender address. */
export function noticeFrom(shopName: string | null): string {
  const configured = process.env.NOTICE_FROM?.trim() || process.env.MAIL_FROM?.trim() || "Backorder Pilot <no-reply@backorder-pilot.invalid>";
  const address = /<([^<>]+)>/.exec(configured)?.[1] ?? configured;
  const name = (shopName ?? "").replace(/[<>"\r\n]/g, "").trim();
  return name ? `${name} <${address}>` : configured;
}

function splitName(full: string | null): { firstName: string | null; lastName: string | null } {
  const parts = (full ?? "").trim().split(/\s+/).filter(Boolean);
  return { firstName: parts[0] ?? null, lastName: parts.slice(1).join(" ") || null };
}

export async function sendCustomerNotices(shop: string, at: Date = now(), o: { leaseMs?: number } = {}): Promise<NoticeRun> {
  const run: NoticeRun = { sent: 0, skipped: 0, failed: 0, deferred: 0, uncertain: 0, nextAt: null, smtp: false };
  run.uncertain = await markInterruptedNotices(shop, at);
  const url = smtpUrl();
  if (!url) {
    // Nothing can be sent: the notices wait (they go out once SMTP_URL is configured).
    run.nextAt = await nextNoticeAt(shop);
    return run;
  }
  run.smtp = true;
  const info = await findPromiseShop(shop);
  const settings = await loadPromiseSettings(shop);
  const shopName = info?.name ?? shop.replace(/\.myshopify\.com$/, "");
  const locale = noticeLocale(info?.country ?? null);
  const mailer = createMailer({ ...parseSmtpUrl(url), from: noticeFrom(shopName) });
  const token = crypto.randomUUID();
  try {
    // One notice claimed at a time: only the one in flight is ever `sending`, so a process that
    // dies leaves at most that one uncertain.
    for (let i = 0; i < 1000; i++) {
      const [n] = await claimNotices(shop, token, at, o.leaseMs ?? 300_000, 1);
      if (!n) break;
      await sendOne(shop, n, token, at, { mailer, shopName, locale, texts: settings.noticeTexts }, run);
    }
  } finally {
    mailer.close();
  }
  run.nextAt = await nextNoticeAt(shop);
  return run;
}

type SendContext = { mailer: Mailer; shopName: string; locale: string; texts: Awaited<ReturnType<typeof loadPromiseSettings>>["noticeTexts"] };

async function sendOne(shop: string, n: ClaimedNotice, token: string, at: Date, ctx: SendContext, run: NoticeRun): Promise<void> {
  const recipient = await noticeRecipient(shop, n.orderId);
  if (!recipient?.customerEmail) {
    await settleNotice(n.id, token, { status: "skipped", at, error: "no customer email on the order" });
    run.skipped++;
    return;
  }
  let rendered;
  try {
    const kind = n.kind as NoticeKind;
    const data = {
      ...(n.data as object),
      shop: { name: ctx.shopName },
      order: { name: n.orderName },
      customer: splitName(recipient.customerName),
      locale: ctx.locale,
    } as NoticeData[typeof kind];
    rendered = renderNotice(kind, data, ctx.texts[kind] ?? {});
  } catch (error) {
    await settleNotice(n.id, token, { status: "failed", at, error: `could not render: ${(error as Error).message}` });
    run.failed++;
    return;
  }
  const result = await ctx.mailer.send({
    to: recipient.customerEmail,
    subject: rendered.subject,
    text: rendered.text,
    html: rendered.html,
    messageId: n.messageId,
    headers: { "X-Backorder-Pilot-Notice": n.key },
  });
  // The SMTP server has answered; a crash here leaves the notice `sending` (then `uncertain`).
  await failPoint("notices.afterSend");
  if (result.outcome === "accepted") {
    await settleNotice(n.id, token, { status: "sent", to: recipient.customerEmail, at });
    run.sent++;
  } else if (result.outcome === "transient" && n.attempts < NOTICE_MAX_ATTEMPTS) {
    await settleNotice(n.id, token, { status: "pending", retryAt: new Date(at.getTime() + noticeRetryDelayMs(n.attempts)), error: result.reason });
    run.deferred++;
  } else {
    await settleNotice(n.id, token, { status: "failed", at, error: result.reason });
    run.failed++;
  }
}
