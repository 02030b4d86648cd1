// Aging: every open backordered line has a plan (domain/aging agingPlan in the shop's business
// days: time zone and the public holidays of its country) — its bucket, the pending action and the
// next review day, stored on LineAging. The run (the recovery job, at least once a day per shop)
// performs what is due, exactly once: the action's record (lastNotifiedAt, escalatedAt, outreachAt,
// consentRequestedAt, cancelRequestedAt) and its effect (a notice in the notice outbox, an outbox
// row that cancels the line with a refund) are written in one transaction under a row lock, so a
// repeated or concurrent run finds the action done.
// - renotify: a "still waiting" notice (with the customer's choice link);
// - escalate: the line appears in staff's "due today" list;
// - cancellation outreach / consent request: a notice asking the customer to choose (link);
// - auto-cancel (mode cancel after N business days, or consent unanswered): the delayed units are
//   cancelled with a refund through the outbox (the line closes when Shopify's webhook comes back).
import { now } from "../../clock.server";
import { agingPlan, type AgingLine, type AgingPlan } from "../../domain/aging";
import type { BusinessCalendar, LocalDate } from "../../domain/calendar";
import {
  agingCandidates,
  findRecoveryShopState,
  saveRecoveryShopState,
  upsertLineAgings,
  type AgingCandidate,
  type LineAgingWrite,
} from "../../models/recovery/aging.server";
import { findShop } from "../../models/shops.server";
import { withTransaction, type Tx } from "../../models/transaction.server";
import { failPoint } from "../../faults.server";
import { shopCalendar } from "../promises/shop-calendar.server";
import { recordOrderChoice } from "./choices.server";
import { customerChoiceToken, customerChoiceUrlFor } from "./customer-links.server";
import { noticesEnabled, queueRecoveryNotices, type RecoveryNotice } from "./notices.server";
import { loadRecoverySettings, type ShopRecoverySettings } from "./settings.server";
import { orderBackorders } from "../../models/recovery/orders.server";

const CHUNK = 200;
/** Actions one line may take in one run (escalate, then a missed promise, ...). */
const MAX_STEPS = 6;

export type AgingRun = { lines: number; renotified: number; escalated: number; outreach: number; consentRequested: number; autoCancelled: number; notices: number; full: boolean };

type Ctx = { shop: string; at: Date; today: LocalDate; calendar: BusinessCalendar; settings: ShopRecoverySettings; notify: boolean };

export async function runAging(shop: string, at: Date = now()): Promise<AgingRun> {
  const run: AgingRun = { lines: 0, renotified: 0, escalated: 0, outreach: 0, consentRequested: 0, autoCancelled: 0, notices: 0, full: false };
  const info = await findShop(shop);
  if (!info || info.uninstalledAt) return run;
  const calendar = shopCalendar({ timezone: info.timezone, country: info.country });
  const today = calendar.localDate(at);
  const state = await findRecoveryShopState(shop);
  run.full = state?.agingRunOn !== today;
  const ctx: Ctx = { shop, at, today, calendar, settings: await loadRecoverySettings(shop), notify: await noticesEnabled(shop) };
  let afterId = 0n;
  for (;;) {
    const n = await withTransaction(async (tx) => {
      const lines = await agingCandidates(tx, shop, { all: run.full, today, limit: CHUNK, afterId });
      if (lines.length) afterId = lines[lines.length - 1].id;
      await ageChunk(tx, ctx, lines, run);
      return lines.length;
    });
    run.lines += n;
    if (n < CHUNK) break;
  }
  await saveRecoveryShopState(shop, { agingRunOn: today });
  return run;
}

function lineState(ctx: Ctx, l: AgingCandidate): AgingLine {
  const noticed = l.lastNoticeAt ? ctx.calendar.localDate(l.lastNoticeAt) : null;
  const lastNotifiedAt = [l.lastNotifiedAt, noticed].filter((d): d is string => Boolean(d)).sort().at(-1) ?? null;
  return {
    detectedAt: ctx.calendar.localDate(l.detectedAt),
    lastNotifiedAt,
    promiseLatest: l.promiseLatest,
    escalatedAt: l.escalatedAt,
    outreachAt: l.outreachAt,
    consentRequestedAt: l.consentRequestedAt,
    consentGivenAt: l.consentGivenAt,
  };
}

async function ageChunk(tx: Tx, ctx: Ctx, lines: AgingCandidate[], run: AgingRun): Promise<void> {
  const writes: LineAgingWrite[] = [];
  const notices = new Map<string, RecoveryNotice>();
  const links = new Map<string, string>();
  const linkFor = (orderId: bigint) => {
    let url = links.get(orderId.toString());
    if (!url) links.set(orderId.toString(), (url = customerChoiceUrlFor(customerChoiceToken(ctx.shop, orderId, ctx.at, ctx.settings.choiceLinkDays))));
    return url;
  };
  const notice = (l: AgingCandidate, kind: RecoveryNotice["kind"], extra: RecoveryNotice["extra"]) => {
    if (!ctx.notify || !l.customerEmail) return;
    const reason = (extra?.reason as string | undefined) ?? "";
    const k = `${l.orderId}:${kind}:${reason}`;
    const n = notices.get(k) ?? { kind, orderId: l.orderId, orderName: l.orderName, event: `${reason || kind}@${ctx.today}`, lines: [], extra: { ...extra, actionUrl: linkFor(l.orderId) } };
    n.lines.push({ backorderLineId: l.id, title: l.title, sku: l.sku, quantity: l.quantityBackordered, window: l.promiseEarliest && l.promiseLatest ? { earliest: l.promiseEarliest, latest: l.promiseLatest } : null });
    notices.set(k, n);
  };
  const cancels: AgingCandidate[] = [];

  for (const l of lines) {
    const line = lineState(ctx, l);
    let cancelRequestedAt = l.cancelRequestedAt;
    let plan: AgingPlan = agingPlan(line, ctx.today, ctx.settings.aging, ctx.calendar);
    for (let step = 0; step < MAX_STEPS && plan.dueToday; step++) {
      if (plan.action === "renotify") {
        line.lastNotifiedAt = ctx.today;
        notice(l, "still_waiting", {});
        run.renotified++;
      } else if (plan.action === "escalate") {
        line.escalatedAt = ctx.today;
        run.escalated++;
      } else if (plan.action === "cancellation_outreach") {
        line.outreachAt = ctx.today;
        notice(l, "choice_request", { reason: "outreach" });
        run.outreach++;
      } else if (plan.action === "request_consent") {
        line.consentRequestedAt = ctx.today;
        notice(l, "choice_request", { reason: "consent", answerBy: ctx.calendar.addBusinessDays(ctx.today, ctx.settings.aging.autoCancel.consentGraceDays) });
        run.consentRequested++;
      } else if (plan.action === "auto_cancel") {
        // Stays due until the line closes: requested once, carried out by the outbox.
        if (!cancelRequestedAt) {
          cancelRequestedAt = ctx.today;
          cancels.push(l);
          run.autoCancelled++;
        }
        break;
      } else break;
      plan = agingPlan(line, ctx.today, ctx.settings.aging, ctx.calendar);
    }
    writes.push({
      backorderLineId: l.id,
      orderId: l.orderId,
      bucket: plan.bucket,
      action: plan.action,
      reason: plan.reason,
      dueToday: plan.dueToday,
      nextReviewOn: plan.nextReviewOn,
      lastNotifiedAt: line.lastNotifiedAt ?? null,
      escalatedAt: line.escalatedAt ?? null,
      outreachAt: line.outreachAt ?? null,
      consentRequestedAt: line.consentRequestedAt ?? null,
      consentGivenAt: line.consentGivenAt ?? null,
      cancelRequestedAt,
    });
  }
  await upsertLineAgings(tx, ctx.shop, writes, ctx.at);
  run.notices += await queueRecoveryNotices(tx, ctx.shop, [...notices.values()], ctx.at);
  for (const l of cancels) {
    const open = (await orderBackorders(ctx.shop, [l.orderId], tx)).filter((b) => b.id === l.id);
    await recordOrderChoice(tx, ctx.shop, {
      orderId: l.orderId,
      orderName: l.orderName,
      open,
      choice: { choice: "cancel_line", lineItemId: open[0]?.lineItemId.toString() ?? "0" },
      initiatedBy: "app",
      key: `auto_cancel:${l.id}`,
      at: ctx.at,
      day: ctx.today,
    });
  }
  await failPoint("recovery.beforeCommit");
}
