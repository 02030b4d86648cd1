// First notice: which items are backordered and when they should ship, which items of the same
// order are not affected, and when the customer will hear from the shop again.
import { ActionButton, Heading, ItemList, ItemTable, Paragraph } from "./email-layout";
import type { NoticeTemplate } from "./notice-template";
import { formatDay, formatWindow, itemLabel, safeLink } from "./notice-text";
import type { FirstBackorderNotice } from "./notice-types";

const nextUpdate = (d: FirstBackorderNotice) =>
  `We'll email you again if these dates change, and by ${formatDay(d.locale, d.nextUpdateBy)} at the latest.`;

export const ACTION_LABEL = "Choose what happens to your order";
const ACTION_HINT = "Would you rather not wait? You can choose what happens to the backordered items.";

export const firstBackorderNotice: NoticeTemplate<FirstBackorderNotice> = {
  subject: (d) => (d.onTrack.length ? "Part of your order {{order}} is backordered" : "Your order {{order}} is backordered"),
  intro: () =>
    "Hi {{customer}},\n\nThank you for your order {{order}}. Some items in it are backordered: we don't have them in stock yet. Here is when we expect to ship them.",
  preview: (d) => `Expected to ship ${formatWindow(d.locale, d.delayed[0].window)}.`,
  Body: ({ data: d }) => (
    <>
      <Heading>Backordered</Heading>
      <ItemTable headers={["Item", "Expected to ship"]} rows={d.delayed.map((i) => [itemLabel(i), formatWindow(d.locale, i.window)])} />
      {d.onTrack.length > 0 && (
        <>
          <Heading>On track</Heading>
          <Paragraph>These items are not affected and ship as usual:</Paragraph>
          <ItemList items={d.onTrack.map(itemLabel)} />
        </>
      )}
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
    ["BACKORDERED", ...d.delayed.map((i) => `- ${itemLabel(i)}: expected to ship ${formatWindow(d.locale, i.window)}`)].join("\n"),
    ...(d.onTrack.length ? [["ON TRACK (not affected, ship as usual)", ...d.onTrack.map((i) => `- ${itemLabel(i)}`)].join("\n")] : []),
    nextUpdate(d),
    ...(d.actionUrl ? [`${ACTION_HINT}\n${ACTION_LABEL}: ${safeLink(d.actionUrl)}`] : []),
  ],
};
