// The wait is over: the backordered items are on their way.
import { ActionButton, ItemList, Paragraph } from "./email-layout";
import type { NoticeTemplate } from "./notice-template";
import { itemLabel, safeLink } from "./notice-text";
import type { ShippedNotice } from "./notice-types";

const TRACK = "Track your parcel";
const carrier = (t: NonNullable<ShippedNotice["tracking"]>) => [t.company, t.number].filter(Boolean).join(" ");

export const shippedNotice: NoticeTemplate<ShippedNotice> = {
  subject: () => "Your backordered items from order {{order}} are on their way",
  intro: () =>
    "Hi {{customer}},\n\nGood news: the items from your order {{order}} that were backordered have shipped. Thank you for waiting.",
  preview: (d) => `On its way: ${d.items.map(itemLabel).join(", ")}.`,
  Body: ({ data: d }) => (
    <>
      <ItemList items={d.items.map(itemLabel)} />
      {d.tracking && (
        <>
          {carrier(d.tracking) && <Paragraph muted>Shipped with {carrier(d.tracking)}</Paragraph>}
          <ActionButton href={safeLink(d.tracking.url)}>{TRACK}</ActionButton>
        </>
      )}
    </>
  ),
  text: (d) => [
    d.items.map((i) => `- ${itemLabel(i)}`).join("\n"),
    ...(d.tracking ? [`${TRACK}${carrier(d.tracking) ? ` (${carrier(d.tracking)})` : ""}: ${safeLink(d.tracking.url)}`] : []),
  ],
};
