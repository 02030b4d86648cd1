import type { LocalDate } from "../domain/calendar";
import type { PromiseWindow } from "../domain/promises";

export const NOTICE_KINDS = [
  "first_backorder",
  "window_slipped",
  "shipped",
  // Recovery (issue 9): app/emails/recovery-notices.tsx
  "allocated",
  "still_waiting",
  "choice_request",
  "backorder_cancelled",
] as const;
export type NoticeKind = (typeof NOTICE_KINDS)[number];

export type NoticeItem = {
  title: string;
  variantTitle?: string | null;
  quantity: number;
};

type NoticeBase = {
  shop: { name: string };
  /** The order's name as the customer knows it, e.g. "#1001". */
  order: { name: string };
  customer: { firstName?: string | null; lastName?: string | null };
  /** BCP 47 locale for dates, e.g. "en-US". */
  locale: string;
  /** "Choose what happens to your order": rendered only when given (http or https). */
  actionUrl?: string | null;
};

export type FirstBackorderNotice = NoticeBase & {
  delayed: (NoticeItem & { window: PromiseWindow })[];
  /** Items of the same order that ship as usual. */
  onTrack: NoticeItem[];
  /** The day by which the customer hears from the shop again at the latest. */
  nextUpdateBy: LocalDate;
};

export type WindowSlippedNotice = NoticeBase & {
  items: (NoticeItem & { previous: PromiseWindow; window: PromiseWindow })[];
  nextUpdateBy: LocalDate;
};

export type ShippedNotice = NoticeBase & {
  items: NoticeItem[];
  tracking?: { url: string; company?: string | null; number?: string | null } | null;
};

// ---- recovery (issue 9) -------------------------------------------------------------------------

/** Stock reached the backordered items: they ship with the next parcel. */
export type AllocatedNotice = NoticeBase & { items: NoticeItem[] };

/** Still waiting (aging re-notification): the current window, if any. */
export type StillWaitingNotice = NoticeBase & { items: (NoticeItem & { window: PromiseWindow | null })[] };

/** Asks the customer to choose (actionUrl): the shop holds the order, the wait got long, or consent to keep waiting. */
export type ChoiceRequestNotice = NoticeBase & {
  reason: "ask_customer" | "outreach" | "consent" | "staff";
  items: (NoticeItem & { window: PromiseWindow | null })[];
  /** consent: the day after which the backordered items are cancelled without an answer. */
  answerBy?: LocalDate | null;
};

/** The backordered items were cancelled (customer's choice, auto-cancel, staff). */
export type BackorderCancelledNotice = NoticeBase & {
  reason: "customer" | "app" | "staff";
  items: NoticeItem[];
  refunded: boolean;
  /** The money refunded for these items (price and tax), when known; a cancelled order's is Shopify's. */
  refund?: { amount: string; currencyCode: string } | null;
};

export type NoticeData = {
  first_backorder: FirstBackorderNotice;
  window_slipped: WindowSlippedNotice;
  shipped: ShippedNotice;
  allocated: AllocatedNotice;
  still_waiting: StillWaitingNotice;
  choice_request: ChoiceRequestNotice;
  backorder_cancelled: BackorderCancelledNotice;
};

/** A shop's own wording; `{{order}}`, `{{shop}}` and `{{customer}}` are filled in. */
export type NoticeOverrides = { subject?: string | null; intro?: string | null };

export type RenderedNotice = { subject: string; html: string; text: string };
