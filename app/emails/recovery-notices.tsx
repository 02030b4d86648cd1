// Recovery's customer notices (issue 9): stock reached the backordered items; a status update while
// they wait; a request to choose what happens (the merchant asks, the wait got long, or the
// auto-cancel limit is near); the backordered items were cancelled and refunded.
import { ActionButton, ItemList, ItemTable, Paragraph } from "./email-layout";
import { ACTION_LABEL } from "./first-backorder-notice";
import type { NoticeTemplate } from "./notice-template";
import { formatDay, formatMoney, formatWindow, itemLabel, safeLink } from "./notice-text";
import type { PromiseWindow } from "../domain/promises";
import type { AllocatedNotice, BackorderCancelledNotice, ChoiceRequestNotice, StillWaitingNotice } from "./notice-types";

const windowText = (locale: string, w: PromiseWindow | null) => (w ? formatWindow(locale, w) : "Not known yet");

export const allocatedNotice: NoticeTemplate<AllocatedNotice> = {
  subject: () => "Good news: your backordered items from order {{order}} are in stock",
  intro: () =>
    "Hi {{customer}},\n\nThe items from your order {{order}} that were backordered are in stock again and set aside for you. We'll ship them as soon as they're packed.",
  preview: (d) => `In stock again: ${d.items.map(itemLabel).join(", ")}.`,
  Body: ({ data: d }) => <ItemList items={d.items.map(itemLabel)} />,
  text: (d) => [d.items.map((i) => `- ${itemLabel(i)}`).join("\n")],
};

const STILL_WAITING_HINT = "Would you rather not wait any longer? You can choose what happens to these items.";

export const stillWaitingNotice: NoticeTemplate<StillWaitingNotice> = {
  subject: () => "An update on the backordered items in your order {{order}}",
  intro: () =>
    "Hi {{customer}},\n\nWe haven't forgotten you: the backordered items in your order {{order}} are still on their way to us. Here is where things stand.",
  preview: (d) => `Still expected: ${windowText(d.locale, d.items[0].window)}.`,
  Body: ({ data: d }) => (
    <>
      <ItemTable headers={["Item", "Expected to ship"]} rows={d.items.map((i) => [itemLabel(i), windowText(d.locale, i.window)])} />
      {d.actionUrl && (
        <>
          <Paragraph>{STILL_WAITING_HINT}</Paragraph>
          <ActionButton href={safeLink(d.actionUrl)}>{ACTION_LABEL}</ActionButton>
        </>
      )}
    </>
  ),
  text: (d) => [
    d.items.map((i) => `- ${itemLabel(i)}: expected to ship ${windowText(d.locale, i.window)}`).join("\n"),
    ...(d.actionUrl ? [`${STILL_WAITING_HINT}\n${ACTION_LABEL}: ${safeLink(d.actionUrl)}`] : []),
  ],
};

const CHOICE_INTRO: Record<ChoiceRequestNotice["reason"], string> = {
  ask_customer:
    "Hi {{customer}},\n\nSome items in your order {{order}} are backordered. Before we ship anything, we'd like to know how you'd like us to handle it: wait for everything, ship what's in stock now, take an alternative, or cancel the backordered items with a refund.",
  outreach:
    "Hi {{customer}},\n\nThe backordered items in your order {{order}} are taking much longer than we hoped, and we're sorry. You can keep waiting, or cancel them with a full refund for those items.",
  consent:
    "Hi {{customer}},\n\nThe backordered items in your order {{order}} have now waited a long time. Please tell us whether you'd like to keep waiting.",
  staff: "Hi {{customer}},\n\nSome items in your order {{order}} are backordered. You can choose what happens to them.",
};

const answerBy = (d: ChoiceRequestNotice) =>
  d.answerBy ? `If we don't hear from you by ${formatDay(d.locale, d.answerBy)}, we'll cancel the backordered items and refund them.` : null;

export const choiceRequestNotice: NoticeTemplate<ChoiceRequestNotice> = {
  subject: (d) => (d.reason === "consent" ? "Do you still want to wait for your order {{order}}?" : "Choose what happens to your order {{order}}"),
  intro: (d) => CHOICE_INTRO[d.reason],
  preview: (d) => `${d.items.map(itemLabel).join(", ")}: choose what happens.`,
  Body: ({ data: d }) => (
    <>
      <ItemTable headers={["Item", "Expected to ship"]} rows={d.items.map((i) => [itemLabel(i), windowText(d.locale, i.window)])} />
      {answerBy(d) && <Paragraph>{answerBy(d)}</Paragraph>}
      {d.actionUrl && <ActionButton href={safeLink(d.actionUrl)}>{ACTION_LABEL}</ActionButton>}
    </>
  ),
  text: (d) => [
    d.items.map((i) => `- ${itemLabel(i)}: expected to ship ${windowText(d.locale, i.window)}`).join("\n"),
    ...(answerBy(d) ? [answerBy(d)!] : []),
    ...(d.actionUrl ? [`${ACTION_LABEL}: ${safeLink(d.actionUrl)}`] : []),
  ],
};

const CANCEL_INTRO: Record<BackorderCancelledNotice["reason"], string> = {
  customer: "Hi {{customer}},\n\nAs you asked, we've cancelled the backordered items in your order {{order}}.",
  app: "Hi {{customer}},\n\nThe backordered items in your order {{order}} did not come back in stock in time, so we've cancelled them. We're sorry.",
  staff: "Hi {{customer}},\n\nWe've cancelled the backordered items in your order {{order}}. We're sorry for the trouble.",
};

function refundText(d: BackorderCancelledNotice): string {
  if (!d.refunded) return "You have not been charged for these items.";
  if (d.refund) return `We've refunded ${formatMoney(d.locale, d.refund.amount, d.refund.currencyCode)} for these items to your original payment method.`;
  return "You'll be refunded for these items to your original payment method.";
}

export const backorderCancelledNotice: NoticeTemplate<BackorderCancelledNotice> = {
  subject: () => "Backordered items cancelled from your order {{order}}",
  intro: (d) => CANCEL_INTRO[d.reason],
  preview: (d) => `Cancelled: ${d.items.map(itemLabel).join(", ")}.`,
  Body: ({ data: d }) => (
    <>
      <ItemList items={d.items.map(itemLabel)} />
      <Paragraph>{refundText(d)}</Paragraph>
    </>
  ),
  text: (d) => [
    d.items.map((i) => `- ${itemLabel(i)}`).join("\n"),
    refundText(d),
  ],
};
