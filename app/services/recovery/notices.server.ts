// Recovery's customer notices, written to the promise engineer's notice outbox (CustomerNotice) in
// the transaction that decided them: keyed so that the same event never makes a second email, and
// one row per line event (CustomerNoticeLine) so a line's event is in at most one notice. The
// sender renders them (app/emails/recovery-notices.tsx) and sends each exactly once.
import crypto from "node:crypto";
import type { JsonValue, Tx } from "../../models/transaction.server";
import { insertNotices, type NewNotice } from "../../models/promises.server";
import { deriveMessageId } from "../../integrations/mail";
import { loadPromiseSettings } from "../promises/settings.server";

export type RecoveryNoticeKind = "allocated" | "still_waiting" | "choice_request" | "backorder_cancelled";

export type NoticeLine = {
  backorderLineId: bigint;
  title: string | null;
  sku: string | null;
  quantity: number;
  window?: { earliest: string; latest: string } | null;
  /** This line's own event (an allocation id); the notice's `event` otherwise. */
  event?: string;
};

export type RecoveryNotice = {
  kind: RecoveryNoticeKind;
  orderId: bigint;
  orderName: string;
  /** What makes this event unique for each line (an allocation id, a day, a choice...). */
  event: string;
  lines: NoticeLine[];
  /** Everything else the template reads (reason, actionUrl, answerBy, refunded). */
  extra?: Record<string, JsonValue | null>;
};

const itemOf = (l: NoticeLine, withWindow: boolean) => ({
  lineId: l.backorderLineId.toString(),
  title: l.title ?? l.sku ?? "Item",
  quantity: l.quantity,
  ...(withWindow ? { window: l.window ?? null } : {}),
});

export function noticeRows(shop: string, notices: RecoveryNotice[]): NewNotice[] {
  return notices
    .filter((n) => n.lines.length > 0)
    .map((n) => {
      const lines = [...n.lines].sort((a, b) => (a.backorderLineId < b.backorderLineId ? -1 : 1));
      const raw = `${n.orderId}:${n.kind}:${lines.map((l) => `${l.backorderLineId}@${l.event ?? n.event}`).join(",")}`;
      const key = raw.length <= 200 ? raw : `${n.orderId}:${n.kind}:${crypto.createHash("sha256").update(raw).digest("hex")}`;
      const withWindow = n.kind === "still_waiting" || n.kind === "choice_request";
      return {
        key,
        orderId: n.orderId,
        orderName: n.orderName,
        kind: n.kind,
        data: { items: lines.map((l) => itemOf(l, withWindow)), ...(n.extra ?? {}) } as JsonValue,
        status: "pending" as const,
        messageId: deriveMessageId("notice", `${shop}/${key}`),
        lastError: null,
        lineKeys: lines.map((l) => ({ key: `${l.backorderLineId}:${n.kind}:${l.event ?? n.event}`, backorderLineId: l.backorderLineId })),
      };
    });
}

/** Whether the shop sends customer notices at all (the promise settings' switch). */
export async function noticesEnabled(shop: string): Promise<boolean> {
  return (await loadPromiseSettings(shop)).noticesEnabled;
}

/** Writes the notices in the caller's transaction; returns how many were new. */
export async function queueRecoveryNotices(tx: Tx, shop: string, notices: RecoveryNotice[], at: Date): Promise<number> {
  const rows = noticeRows(shop, notices);
  if (rows.length === 0) return 0;
  return insertNotices(tx, shop, rows, at);
}
