// View models and commands of recovery's admin screens: the settings page, the queue's next review
// and "due today" view, bulk actions (notify, cancel with a reason, close with a reason), and a
// line's recovery panel (holds as last synced, the customer's choice, aging, allocations, the
// outbox). Plain serialisable objects: the routes authenticate, parse and render.
import { z } from "zod";
import { now } from "../../clock.server";
import { AGING_ACTION_LABELS, AGING_BUCKET_LABELS, AGING_REASON_LABELS, AUTO_CANCEL_MODE_LABELS, MANUAL_CLOSE_REASON_LABELS, isAgingBucket, manualCloseSchema, type AgingAction, type AgingReason } from "../../domain/aging";
import { DEFAULT_PRIORITY_CRITERIA, PRIORITY_CRITERIA, PRIORITY_CRITERION_LABELS, type PriorityCriterion } from "../../domain/allocation";
import { HOLD_RULE_LABELS } from "../../domain/fulfillment-holds";
import { CAP_REASON_LABELS, type CapReason } from "../../domain/oversell-caps";
import { insertBackorderEvents } from "../../models/backorders.server";
import { actionsOfShop, upsertStateActions } from "../../models/recovery/actions.server";
import { agingOfLines, dueLines, recordCancelRequested, recordManualClose, recordNotified } from "../../models/recovery/aging.server";
import { allocationsOfShop } from "../../models/recovery/allocations.server";
import { variantCapsOfShop } from "../../models/recovery/caps.server";
import { backorderLinesByIds, closeBackorderLines, findOrderRecovery, lockOrderBackorders, orderBackorders, type OrderBackorder } from "../../models/recovery/orders.server";
import { listCapRules, listSubstitutes } from "../../models/recovery/settings.server";
import { findShop } from "../../models/shops.server";
import { withTransaction } from "../../models/transaction.server";
import { loadReplenishmentSettings } from "../replenishment/settings.server";
import { shopCalendar } from "../promises/shop-calendar.server";
import { channelLabel } from "../channel-label";
import { CHOICE_LABELS, recordOrderChoice } from "./choices.server";
import { customerChoiceUrl } from "./customer-links.server";
import { queueRecoveryNotices, type RecoveryNotice } from "./notices.server";
import { scheduleRecoveryRun } from "./schedule.server";
import { holdSyncAction } from "./hold-keys";
import { schedulePromiseDelivery } from "../promises/schedule.server";
import { HOLD_RULE_OFF_LABEL, RECOVERY_HOLD_RULES, loadRecoverySettings, serviceLevelsFrom, updateRecoverySettings, type RecoveryHoldRule } from "./settings.server";

export type CommandAnswer = { ok: true; message: string; url?: string } | { ok: false; status: number; error: string; fieldErrors?: Record<string, string> };
const ok = (message: string, extra: { url?: string } = {}): CommandAnswer => ({ ok: true, message, ...extra });
const fail = (status: number, error: string, fieldErrors?: Record<string, string>): CommandAnswer => ({ ok: false, status, error, ...(fieldErrors ? { fieldErrors } : {}) });

async function shopToday(shop: string, at: Date): Promise<string> {
  const info = await findShop(shop);
  return shopCalendar({ timezone: info?.timezone ?? null, country: info?.country ?? null }).localDate(at);
}

// ---- settings ------------------------------------------------------------------------------------

export type RecoverySettingsForm = {
  holdRule: RecoveryHoldRule;
  autoCancelMode: string;
  autoCancelAfterDays: string;
  consentGraceDays: string;
  choiceLinkDays: string;
  customPriority: boolean;
  criteria: PriorityCriterion[];
  serviceDefaultDays: string;
  serviceLevels: { channel: string; days: string }[];
  substitutes: { sku: string; substitutes: string }[];
  capRules: { sku: string; channel: string; eligible: boolean; maxUnits: string; resumeMargin: string }[];
};

export async function loadRecoverySettingsScreen(shop: string) {
  const settings = await loadRecoverySettings(shop);
  const replenishment = await loadReplenishmentSettings(shop);
  const defaults = serviceLevelsFrom(replenishment.promiseWindowDays);
  const policy = settings.priorityPolicy ?? { criteria: DEFAULT_PRIORITY_CRITERIA, serviceLevelDays: defaults };
  const subs = await listSubstitutes(shop);
  const bySku = new Map<string, string[]>();
  for (const s of subs) bySku.set(s.sku, [...(bySku.get(s.sku) ?? []), s.substituteSku]);
  const values: RecoverySettingsForm = {
    holdRule: settings.holdRule,
    autoCancelMode: settings.aging.autoCancel.mode,
    autoCancelAfterDays: String(settings.aging.autoCancel.afterDays),
    consentGraceDays: String(settings.aging.autoCancel.consentGraceDays),
    choiceLinkDays: String(settings.choiceLinkDays),
    customPriority: settings.priorityPolicy !== null,
    criteria: [...policy.criteria],
    serviceDefaultDays: String(policy.serviceLevelDays.default),
    serviceLevels: Object.entries(policy.serviceLevelDays).filter(([c]) => c !== "default").map(([channel, days]) => ({ channel, days: String(days) })),
    substitutes: [...bySku].map(([sku, list]) => ({ sku, substitutes: list.join(", ") })),
    capRules: (await listCapRules(shop)).map((r) => ({ sku: r.sku ?? "", channel: r.channel ?? "", eligible: r.eligible, maxUnits: r.maxUnits === null ? "" : String(r.maxUnits), resumeMargin: r.resumeMargin === null ? "" : String(r.resumeMargin) })),
  };
  const caps = await variantCapsOfShop(shop);
  return {
    values,
    holdRules: RECOVERY_HOLD_RULES.map((r) => ({ value: r, label: r === "off" ? HOLD_RULE_OFF_LABEL : HOLD_RULE_LABELS[r] })),
    autoCancelModes: Object.entries(AUTO_CANCEL_MODE_LABELS).map(([value, label]) => ({ value, label })),
    criteria: PRIORITY_CRITERIA.map((c) => ({ value: c, label: PRIORITY_CRITERION_LABELS[c] })),
    defaultServiceLevels: Object.entries(defaults).map(([channel, days]) => ({ channel: channel === "default" ? "Default" : channelLabel(channel), days })),
    caps: caps.map((c) => ({
      variantId: c.variantId.toString(),
      sku: c.sku,
      policy: c.policy,
      reason: CAP_REASON_LABELS[c.reason as CapReason] ?? c.reason,
      uncoveredUnits: c.uncoveredUnits,
      resumeAt: c.resumeAt,
      channel: c.channel ? channelLabel(c.channel) : "All channels",
      decidedAt: c.decidedAt.toISOString(),
    })),
  };
}

const wholeText = (field: string, errors: Record<string, string>, value: string, optional = false): number | null | undefined => {
  const t = value.trim();
  if (t === "") {
    if (!optional) errors[field] = "Required";
    return null;
  }
  if (!/^\d+$/.test(t)) {
    errors[field] = "Whole number";
    return undefined;
  }
  return Number(t);
};

const FormSchema = z.object({
  holdRule: z.string(),
  autoCancelMode: z.string(),
  autoCancelAfterDays: z.string(),
  consentGraceDays: z.string(),
  choiceLinkDays: z.string(),
  customPriority: z.boolean(),
  criteria: z.array(z.string()),
  serviceDefaultDays: z.string(),
  serviceLevels: z.array(z.object({ channel: z.string(), days: z.string() })),
  substitutes: z.array(z.object({ sku: z.string(), substitutes: z.string() })),
  capRules: z.array(z.object({ sku: z.string(), channel: z.string(), eligible: z.boolean(), maxUnits: z.string(), resumeMargin: z.string() })),
});

/** The settings form (strings, as typed) -> the validated update, with field errors by form path. */
export async function saveRecoverySettingsForm(shop: string, body: unknown): Promise<CommandAnswer> {
  const form = FormSchema.safeParse(body);
  if (!form.success) return fail(400, "The form could not be read");
  const f = form.data;
  const errors: Record<string, string> = {};
  const serviceLevelDays: Record<string, number> = {};
  const def = wholeText("serviceDefaultDays", errors, f.serviceDefaultDays);
  if (typeof def === "number") serviceLevelDays.default = def;
  f.serviceLevels.forEach((row, i) => {
    if (!row.channel.trim()) errors[`serviceLevels.${i}.channel`] = "Choose a channel";
    else if (row.channel.trim() in serviceLevelDays) errors[`serviceLevels.${i}.channel`] = "Listed twice";
    const d = wholeText(`serviceLevels.${i}.days`, errors, row.days);
    if (typeof d === "number" && row.channel.trim()) serviceLevelDays[row.channel.trim()] = d;
  });
  const capRules = f.capRules.map((r, i) => ({
    sku: r.sku.trim() || null,
    channel: r.channel.trim() || null,
    eligible: r.eligible,
    maxUnits: r.eligible ? (wholeText(`capRules.${i}.maxUnits`, errors, r.maxUnits, true) ?? null) : null,
    resumeMargin: r.eligible ? (wholeText(`capRules.${i}.resumeMargin`, errors, r.resumeMargin, true) ?? null) : null,
  }));
  const input = {
    holdRule: f.holdRule,
    aging: {
      autoCancel: {
        mode: f.autoCancelMode,
        afterDays: wholeText("autoCancelAfterDays", errors, f.autoCancelAfterDays),
        consentGraceDays: wholeText("consentGraceDays", errors, f.consentGraceDays),
      },
    },
    choiceLinkDays: wholeText("choiceLinkDays", errors, f.choiceLinkDays),
    priorityPolicy: f.customPriority ? { criteria: f.criteria, serviceLevelDays } : null,
    substitutes: f.substitutes
      .filter((r) => r.sku.trim() || r.substitutes.trim())
      .map((r) => ({ sku: r.sku.trim(), substitutes: r.substitutes.split(",").map((x) => x.trim()).filter(Boolean) })),
    capRules,
  };
  if (Object.keys(errors).length) return fail(400, "Some settings need attention", errors);
  const r = await updateRecoverySettings(shop, input);
  if (!r.ok) {
    const fieldErrors: Record<string, string> = {};
    for (const e of r.errors) fieldErrors[formPath(e.field)] = e.message;
    return fail(400, "Some settings need attention", fieldErrors);
  }
  await scheduleRecoveryRun(shop);
  return ok("Recovery settings saved");
}

/** Schema paths -> the form's field names. */
function formPath(field: string): string {
  return field
    .replace(/^aging\.autoCancel\.mode$/, "autoCancelMode")
    .replace(/^aging\.autoCancel\.afterDays$/, "autoCancelAfterDays")
    .replace(/^aging\.autoCancel\.consentGraceDays$/, "consentGraceDays")
    .replace(/^priorityPolicy\.criteria.*$/, "criteria")
    .replace(/^priorityPolicy\.serviceLevelDays\.default$/, "serviceDefaultDays")
    .replace(/^priorityPolicy\.serviceLevelDays.*$/, "serviceLevels");
}

// ---- queue ---------------------------------------------------------------------------------------

export type AgingInfo = { nextReviewOn: string; action: string; actionLabel: string; dueToday: boolean; escalated: boolean; reasonLabel: string };

/** Next review day and pending action for queue rows. */
export async function agingInfoFor(shop: string, ids: string[]): Promise<Map<string, AgingInfo>> {
  const rows = await agingOfLines(shop, ids.filter((id) => /^\d+$/.test(id)).map(BigInt));
  return new Map(
    rows.map((r) => [
      r.backorderLineId.toString(),
      {
        nextReviewOn: r.nextReviewOn,
        action: r.action,
        actionLabel: AGING_ACTION_LABELS[r.action as AgingAction] ?? r.action,
        dueToday: r.dueToday,
        escalated: r.escalatedAt !== null,
        reasonLabel: AGING_REASON_LABELS[r.reason as AgingReason] ?? r.reason,
      },
    ]),
  );
}

export async function loadDueToday(shop: string, at: Date = now()) {
  const today = await shopToday(shop, at);
  const rows = await dueLines(shop, today, 250);
  return {
    today,
    rows: rows.map((r) => ({
      id: r.id.toString(),
      order: r.orderName,
      sku: r.sku,
      title: r.title,
      channelLabel: channelLabel(r.channel),
      quantityBackordered: r.quantityBackordered,
      quantityOrdered: r.quantityOrdered,
      bucket: isAgingBucket(r.bucket) ? AGING_BUCKET_LABELS[r.bucket] : r.bucket,
      nextReviewOn: r.nextReviewOn,
      action: AGING_ACTION_LABELS[r.action as AgingAction] ?? r.action,
      reason: AGING_REASON_LABELS[r.reason as AgingReason] ?? r.reason,
      escalatedAt: r.escalatedAt,
      overdue: r.nextReviewOn < today,
    })),
  };
}

// ---- commands (queue bulk actions, a line's panel) ---------------------------------------------

const ids = z.array(z.string().regex(/^\d{1,20}$/)).min(1, "Select at least one backorder").max(250);

export const RecoveryCommandSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("notify"), ids }),
  z.object({ intent: z.literal("offer_choices"), ids }),
  z.object({ intent: z.literal("cancel"), ids, reason: z.string(), note: z.string().optional() }),
  z.object({ intent: z.literal("close"), ids, reason: z.string(), note: z.string().optional() }),
  z.object({ intent: z.literal("choice_link"), ids: ids.max(1) }),
]);

/** One command from the queue's bulk actions or a line's recovery panel. */
export async function recoveryCommand(shop: string, body: unknown, at: Date = now()): Promise<CommandAnswer> {
  const parsed = RecoveryCommandSchema.safeParse(body);
  if (!parsed.success) return fail(400, parsed.error.issues[0]?.message ?? "Invalid request");
  const c = parsed.data;
  const lines = await backorderLinesByIds(shop, c.ids.map(BigInt));
  // Another shop's ids find nothing: the same answer as ids that do not exist.
  if (lines.length === 0) return fail(404, "Backorder not found");
  const open = lines.filter((l) => l.status === "backordered");
  const orders = [...new Set(open.map((l) => l.orderId))];
  switch (c.intent) {
    case "choice_link": {
      const url = await customerChoiceUrl(shop, lines[0].orderId, at);
      return ok("Customer link created: it is valid once, until it expires", { url });
    }
    case "notify":
    case "offer_choices": {
      if (open.length === 0) return fail(409, "None of these lines is waiting any more");
      const backorders = await orderBackorders(shop, orders);
      const notices: RecoveryNotice[] = [];
      for (const orderId of orders) {
        const chosen = backorders.filter((b) => b.orderId === orderId && b.status === "backordered" && open.some((l) => l.id === b.id));
        if (!chosen.some((b) => b.customerEmail)) continue;
        notices.push({
          kind: c.intent === "notify" ? "still_waiting" : "choice_request",
          orderId,
          orderName: chosen[0].orderName,
          event: `staff@${at.getTime()}`,
          lines: chosen.map((b) => ({ backorderLineId: b.id, title: b.title, sku: b.sku, quantity: b.quantityBackordered, window: b.promiseEarliest && b.promiseLatest ? { earliest: b.promiseEarliest, latest: b.promiseLatest } : null })),
          extra: { actionUrl: await customerChoiceUrl(shop, orderId, at), ...(c.intent === "offer_choices" ? { reason: "staff" } : {}) },
        });
      }
      const day = await shopToday(shop, at);
      const n = await withTransaction(async (tx) => {
        const created = await queueRecoveryNotices(tx, shop, notices, at);
        await recordNotified(tx, shop, notices.flatMap((x) => x.lines.map((l) => ({ backorderLineId: l.backorderLineId, orderId: x.orderId }))), day, at);
        await insertBackorderEvents(
          tx,
          shop,
          notices.flatMap((x) => x.lines.map((l) => ({ backorderLineId: l.backorderLineId, kind: c.intent === "notify" ? "customer_notified" : "choices_offered", fromStatus: null, toStatus: null, fromQuantity: null, toQuantity: null, reasonCode: null, source: "staff", detail: { day } }))),
          at,
        );
        return created;
      });
      await schedulePromiseDelivery("notices", shop);
      return ok(`${n} customer${n === 1 ? "" : "s"} notified${notices.length < orders.length ? ` (${orders.length - notices.length} without an email address)` : ""}`);
    }
    case "cancel":
    case "close": {
      const reason = manualCloseSchema.safeParse({ reason: c.reason, ...(c.note ? { note: c.note } : {}) });
      if (!reason.success) return fail(400, "Choose a reason", Object.fromEntries(reason.error.issues.map((i) => [i.path.join(".") || "reason", i.message])));
      if (open.length === 0) return fail(409, "None of these lines is waiting any more");
      const day = await shopToday(shop, at);
      if (c.intent === "close") {
        await withTransaction(async (tx) => {
          const n = await closeBackorderLines(tx, shop, open.map((l) => l.id), at);
          if (n === 0) return;
          await recordManualClose(tx, shop, open.map((l) => ({ backorderLineId: l.id, orderId: l.orderId })), reason.data.reason, reason.data.note ?? null, day, at);
          await insertBackorderEvents(
            tx,
            shop,
            open.map((l) => ({ backorderLineId: l.id, kind: "closed_manually", fromStatus: "backordered", toStatus: "closed", fromQuantity: l.quantityBackordered, toQuantity: 0, reasonCode: reason.data.reason, source: "staff", detail: { note: reason.data.note ?? null, label: MANUAL_CLOSE_REASON_LABELS[reason.data.reason] } })),
            at,
          );
        });
        // The order's holds follow (a closed line holds nothing).
        await withTransaction((tx) => upsertStateActions(tx, shop, orders.map(holdSyncAction), at));
        await scheduleRecoveryRun(shop);
        return ok(`${open.length} line${open.length === 1 ? "" : "s"} closed: ${MANUAL_CLOSE_REASON_LABELS[reason.data.reason]}`);
      }
      let queued = 0;
      await withTransaction(async (tx) => {
        for (const orderId of orders) {
          await lockOrderBackorders(tx, shop, orderId);
          const current = (await orderBackorders(shop, [orderId], tx)).filter((b) => b.status === "backordered");
          for (const l of open.filter((x) => x.orderId === orderId)) {
            const b = current.find((x) => x.id === l.id);
            if (!b) continue;
            const created = await recordOrderChoice(tx, shop, {
              orderId,
              orderName: b.orderName,
              open: [b as OrderBackorder],
              choice: { choice: "cancel_line", lineItemId: b.lineItemId.toString() },
              initiatedBy: "staff",
              key: `staff_cancel:${b.id}`,
              at,
              day,
              note: `${MANUAL_CLOSE_REASON_LABELS[reason.data.reason]}${reason.data.note ? `: ${reason.data.note}` : ""}`,
            });
            if (created) queued++;
          }
        }
        await recordCancelRequested(tx, shop, open.map((l) => ({ backorderLineId: l.id, orderId: l.orderId })), day, at);
      });
      await scheduleRecoveryRun(shop);
      return ok(queued ? `Cancelling ${queued} line${queued === 1 ? "" : "s"} with a refund` : "These lines are already being cancelled");
    }
  }
}

// ---- a line's recovery panel -----------------------------------------------------------------------

export type FulfillmentOrderView = { id: string; status: string; lines: { title: string | null; quantity: number }[]; holds: { handle: string; ours: boolean }[] };

export async function loadRecoveryPanel(shop: string, lineId: string, at: Date = now()) {
  if (!/^\d+$/.test(lineId)) return null;
  const [line] = await backorderLinesByIds(shop, [BigInt(lineId)]);
  if (!line) return null;
  const [aging] = await agingOfLines(shop, [line.id]);
  const recovery = await findOrderRecovery(shop, line.orderId);
  const actions = await actionsOfShop(shop, { orderId: line.orderId });
  const allocations = await allocationsOfShop(shop, { backorderLineIds: [line.id] });
  const settings = await loadRecoverySettings(shop);
  const today = await shopToday(shop, at);
  const fos = (recovery?.fulfillmentOrders ?? []) as { id: string; status: string; lines: { title: string | null; quantity: number }[]; holds: { handle: string; ours: boolean }[] }[];
  return {
    lineId: line.id.toString(),
    open: line.status === "backordered",
    today,
    holdRule: recovery?.ruleOverride ?? settings.holdRule,
    holdRuleLabel: ((r: string) => (r === "off" ? HOLD_RULE_OFF_LABEL : HOLD_RULE_LABELS[r as keyof typeof HOLD_RULE_LABELS] ?? r))(recovery?.ruleOverride ?? settings.holdRule),
    customerChoice: recovery?.choice ? { label: CHOICE_LABELS[recovery.choice as keyof typeof CHOICE_LABELS] ?? recovery.choice, at: recovery.choiceAt?.toISOString() ?? null } : null,
    fulfillmentOrders: fos.map((fo): FulfillmentOrderView => ({ id: fo.id, status: fo.status, lines: fo.lines, holds: fo.holds })),
    heldHandles: recovery?.heldHandles ?? [],
    holdsSyncedAt: recovery?.holdsSyncedAt?.toISOString() ?? null,
    aging: aging
      ? {
          bucket: isAgingBucket(aging.bucket) ? AGING_BUCKET_LABELS[aging.bucket] : aging.bucket,
          action: AGING_ACTION_LABELS[aging.action as AgingAction] ?? aging.action,
          reason: AGING_REASON_LABELS[aging.reason as AgingReason] ?? aging.reason,
          nextReviewOn: aging.nextReviewOn,
          lastNotifiedAt: aging.lastNotifiedAt,
          escalatedAt: aging.escalatedAt,
          outreachAt: aging.outreachAt,
          consentRequestedAt: aging.consentRequestedAt,
          consentGivenAt: aging.consentGivenAt,
          cancelRequestedAt: aging.cancelRequestedAt,
          closedReason: aging.closedReason ? (MANUAL_CLOSE_REASON_LABELS[aging.closedReason as keyof typeof MANUAL_CLOSE_REASON_LABELS] ?? aging.closedReason) : null,
          closedNote: aging.closedNote,
        }
      : null,
    allocations: allocations.map((a) => ({ id: a.id.toString(), units: a.units, from: a.fromQuantity, to: a.toQuantity, cause: a.cause, source: a.source, at: a.at.toISOString() })),
    actions: actions.map((a) => ({ id: a.id.toString(), kind: a.kind, status: a.status, attempts: a.attempts, lastError: a.lastError, createdAt: a.createdAt.toISOString(), doneAt: a.doneAt?.toISOString() ?? null })),
    closeReasons: Object.entries(MANUAL_CLOSE_REASON_LABELS).map(([value, label]) => ({ value, label })),
  };
}

// ---- the queue page's recovery parts -------------------------------------------------------------

/** What the queue shows of recovery: each row's next review and pending action, and the "due today" list when asked. */
export async function loadQueueRecovery(shop: string, rowIds: string[], view: string | null, at: Date = now()) {
  const aging = await agingInfoFor(shop, rowIds);
  return {
    view: view === "due" ? ("due" as const) : ("all" as const),
    aging: Object.fromEntries(aging),
    due: view === "due" ? await loadDueToday(shop, at) : null,
    closeReasons: Object.entries(MANUAL_CLOSE_REASON_LABELS).map(([value, label]) => ({ value, label })),
  };
}

/** The restock preview's position for a backorder line (queue "Preview allocation"). */
export async function positionOfLine(shop: string, lineId: string): Promise<{ sku: string; locationId: string } | null> {
  if (!/^\d{1,20}$/.test(lineId)) return null;
  const [ref] = await backorderLinesByIds(shop, [BigInt(lineId)]);
  if (!ref) return null;
  const line = (await orderBackorders(shop, [ref.orderId])).find((b) => b.id === ref.id);
  return line?.sku ? { sku: line.sku, locationId: line.locationId.toString() } : null;
}
