// Customer notices about backorders, rendered to an HTML email and its plain-text alternative.
// All data goes through React as text, so shop, customer and product names are escaped; the
// shop's own subject and intro are plain text with placeholders, escaped the same way.
import { renderToStaticMarkup } from "react-dom/server";
import { EmailLayout, Paragraph } from "./email-layout";
import { firstBackorderNotice } from "./first-backorder-notice";
import type { NoticeTemplate } from "./notice-template";
import { fillPlaceholders, oneLine, paragraphs, type PlaceholderValues } from "./notice-text";
import type { NoticeData, NoticeKind, NoticeOverrides, RenderedNotice } from "./notice-types";
import { shippedNotice } from "./shipped-notice";
import { windowSlippedNotice } from "./window-slipped-notice";
import { allocatedNotice, backorderCancelledNotice, choiceRequestNotice, stillWaitingNotice } from "./recovery-notices";

const TEMPLATES: { [K in NoticeKind]: NoticeTemplate<NoticeData[K]> } = {
  first_backorder: firstBackorderNotice,
  window_slipped: windowSlippedNotice,
  shipped: shippedNotice,
  allocated: allocatedNotice,
  still_waiting: stillWaitingNotice,
  choice_request: choiceRequestNotice,
  backorder_cancelled: backorderCancelledNotice,
};

type Common = NoticeData[NoticeKind];

function placeholderValues(data: Common): PlaceholderValues {
  const customer = oneLine(data.customer.firstName || data.customer.lastName || "") || "there";
  return { order: data.order.name, shop: data.shop.name, customer };
}

const footer = (data: Common) => `You're receiving this email about your order ${data.order.name} at ${data.shop.name}.`;

export function renderNotice<K extends NoticeKind>(kind: K, data: NoticeData[K], overrides: NoticeOverrides = {}): RenderedNotice {
  const template: NoticeTemplate<NoticeData[K]> = TEMPLATES[kind];
  const values = placeholderValues(data);
  // An empty override means "use the default", as a cleared settings field does.
  const subject = oneLine(fillPlaceholders(overrides.subject?.trim() || template.subject(data), values));
  const intro = paragraphs(fillPlaceholders(overrides.intro?.trim() || template.intro(data), values));
  const { Body } = template;

  const markup = renderToStaticMarkup(
    <EmailLayout title={subject} preview={template.preview(data)} footer={footer(data)}>
      {intro.map((p, i) => (
        <Paragraph key={i}>{p}</Paragraph>
      ))}
      <Body data={data} />
      <Paragraph>{data.shop.name}</Paragraph>
    </EmailLayout>
  );
  const text = [...intro, ...template.text(data), data.shop.name, footer(data)].join("\n\n");
  return { subject, html: `<!DOCTYPE html>${markup}`, text: `${text}\n` };
}
