// The dates moved later: old and new window per item, an apology, the next update.
import { ActionButton, ItemTable, Paragraph } from "./email-layout";
import { ACTION_LABEL } from "./first-backorder-notice";
import type { NoticeTemplate } from "./notice-template";
import { formatDay, formatWindow, itemLabel, safeLink } from "./notice-text";
import type { WindowSlippedNotice } from "./notice-types";

const nextUpdate = (d: WindowSlippedNotice) =>
  `We'll email you again if they change, and by ${formatDay(d.locale, d.nextUpdateBy)} at the latest.`;
const ACTION_HINT = "If the new dates don't work for you, you can choose what happens to these items.";

export const windowSlippedNotice: NoticeTemplate<WindowSlippedNotice> = {
  subject: () => "New shipping dates for your order {{order}}",
  intro: () =>
    "Hi {{customer}},\n\nThe backordered items in your order {{order}} will ship later than we told you. We're sorry for the longer wait. These are the new dates.",
  preview: (d) => `Now expected to ship ${formatWindow(d.locale, d.items[0].window)}.`,
  Body: ({ data: d }) => (
    <>
      <ItemTable
        headers={["Item", "Was", "Now expected"]}
        rows={d.items.map((i) => [itemLabel(i), formatWindow(d.locale, i.previous), formatWindow(d.locale, i.window)])}
      />
      <Paragraph>{nextUpdate(d)}</Paragraph>
      {d.actionUrl && (
        <>
          <Paragraph>{ACTION_HINT}</Paragraph>
          <ActionButton href={safeLink(d.actionUrl)}>{ACTION_LABEL}</ActionButton>
        </>
      )}
    </>
  ),
  text: (d) => [
    d.items
      .map((i) => `- ${itemLabel(i)}: was ${formatWindow(d.locale, i.previous)}, now expected ${formatWindow(d.locale, i.window)}`)
      .join("\n"),
    nextUpdate(d),
    ...(d.actionUrl ? [`${ACTION_HINT}\n${ACTION_LABEL}: ${safeLink(d.actionUrl)}`] : []),
  ],
};
