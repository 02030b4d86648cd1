// Promise settings: the shop's receiving and processing days, transit per channel, how wide the
// windows are (quantiles), and its own subject and intro for each customer notice.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Card, Checkbox, FormLayout, InlineGrid, Layout, Page, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import { loadPromiseSettings, updatePromiseSettings } from "../services/promises/settings.server";
import { NOTICE_KINDS, type NoticeKind } from "../emails/notice-types";
import { useCommand } from "../components/use-command";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const s = await loadPromiseSettings(session.shop);
  return {
    values: {
      receivingDays: String(s.receivingDays),
      processingDays: String(s.processingDays),
      transitDays: Object.entries(s.transitDays)
        .sort(([a], [b]) => (a === "default" ? -1 : b === "default" ? 1 : a.localeCompare(b)))
        .map(([channel, days]) => `${channel}=${days}`)
        .join(", "),
      lowQuantile: String(s.lowQuantile),
      highQuantile: String(s.highQuantile),
      approvalDays: String(s.approvalDays),
      noticesEnabled: s.noticesEnabled,
      noticeTexts: Object.fromEntries(NOTICE_KINDS.map((k) => [k, { subject: s.noticeTexts[k]?.subject ?? "", intro: s.noticeTexts[k]?.intro ?? "" }])) as Record<NoticeKind, { subject: string; intro: string }>,
    },
  };
};

type FormValues = Awaited<ReturnType<typeof loader>>["values"];

const number = z.string().trim().regex(/^\d+(\.\d+)?$/, "a number").transform(Number);
const FormSchema = z.object({
  receivingDays: number,
  processingDays: number,
  transitDays: z.string().transform((text, ctx) => {
    const out: Record<string, number> = {};
    for (const part of text.split(",").map((p) => p.trim()).filter(Boolean)) {
      const m = /^([\w.-]+)\s*=\s*(\d+)$/.exec(part);
      if (!m) {
        ctx.addIssue({ code: z.ZodIssueCode.custom, message: `"${part}": write channel=days, e.g. default=0, amazon=2` });
        return z.NEVER;
      }
      out[m[1]] = Number(m[2]);
    }
    return out;
  }),
  lowQuantile: number,
  highQuantile: number,
  approvalDays: number,
  noticesEnabled: z.boolean(),
  noticeTexts: z.record(z.string(), z.object({ subject: z.string(), intro: z.string() })),
});

/** Parses the form, then one service call; answers { ok, message } or { ok: false, error, fieldErrors }. */
export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const form = FormSchema.safeParse(await request.json().catch(() => null));
  if (!form.success) {
    const fieldErrors = Object.fromEntries(form.error.issues.map((i) => [i.path.join("."), i.message]));
    return json({ ok: false as const, error: "Some fields need a look", fieldErrors }, { status: 400 });
  }
  const { noticeTexts, ...rest } = form.data;
  const r = await updatePromiseSettings(session.shop, {
    ...rest,
    // A cleared field means "use the default wording".
    noticeTexts: Object.fromEntries(Object.entries(noticeTexts).map(([k, t]) => [k, { subject: t.subject.trim() || null, intro: t.intro.trim() || null }])),
  });
  if (!r.ok) return json({ ok: false as const, error: "Some fields need a look", fieldErrors: Object.fromEntries(r.errors.map((e) => [e.field, e.message])) }, { status: 400 });
  return json({ ok: true as const, message: "Promise settings saved: open promises are re-checked" });
};

const KIND_LABELS: Record<NoticeKind, string> = {
  first_backorder: "First notice (an item is backordered)",
  window_slipped: "Update (the dates moved later)",
  shipped: "Shipped note",
} as Record<NoticeKind, string>;

export default function PromiseSettings() {
  const { values } = useLoaderData<typeof loader>();
  const save = useCommand();
  const [v, setV] = useState<FormValues>(values);
  useEffect(() => setV(values), [values]);
  const e = save.fieldErrors;
  const dirty = JSON.stringify(v) !== JSON.stringify(values);
  const set = <K extends keyof FormValues>(k: K, value: FormValues[K]) => setV({ ...v, [k]: value });
  return (
    <Page
      backAction={{ content: "Backorders", url: "/app" }}
      title="Promise settings"
      subtitle="How ship windows are counted, and what customers read"
      primaryAction={{ content: "Save", loading: save.busy, disabled: !dirty, onAction: () => save.run(v as unknown as Record<string, unknown>) }}
    >
      <Layout>
        {save.answer && !save.answer.ok ? (
          <Layout.Section>
            <Banner tone="critical" title={save.answer.error}>
              <ul>
                {Object.entries(e).map(([k, m]) => (
                  <li key={k}>
                    {k}: {m}
                  </li>
                ))}
              </ul>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.AnnotatedSection title="Your own days" description="Business days of your calendar (your time zone and your country's public holidays).">
          <Card>
            <FormLayout>
              <InlineGrid columns={3} gap="300">
                <TextField label="Receiving" helpText="From a PO's receipt to pickable stock" value={v.receivingDays} onChange={(x) => set("receivingDays", x)} autoComplete="off" error={e.receivingDays} />
                <TextField label="Processing" helpText="From pickable stock to a shipped parcel" value={v.processingDays} onChange={(x) => set("processingDays", x)} autoComplete="off" error={e.processingDays} />
                <TextField label="Approval" helpText="For a PO waiting for a person" value={v.approvalDays} onChange={(x) => set("approvalDays", x)} autoComplete="off" error={e.approvalDays} />
              </InlineGrid>
              <TextField label="Transit per channel" helpText="Inside the window, e.g. default=0, amazon=2" value={v.transitDays} onChange={(x) => set("transitDays", x)} autoComplete="off" error={e.transitDays} />
            </FormLayout>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Window width" description="Learned from your own purchase orders: where the window opens and closes among past lead times and delays.">
          <Card>
            <InlineGrid columns={2} gap="300">
              <TextField label="Opens at quantile" value={v.lowQuantile} onChange={(x) => set("lowQuantile", x)} autoComplete="off" error={e.lowQuantile} />
              <TextField label="Closes at quantile" value={v.highQuantile} onChange={(x) => set("highQuantile", x)} autoComplete="off" error={e.highQuantile} />
            </InlineGrid>
          </Card>
        </Layout.AnnotatedSection>
        <Layout.AnnotatedSection title="Customer emails" description="Placeholders: {{order}}, {{shop}}, {{customer}}. Leave empty for the default wording.">
          <Card>
            <BlockStack gap="400">
              <Checkbox label="Email customers about backorders" checked={v.noticesEnabled} onChange={(x) => set("noticesEnabled", x)} />
              {NOTICE_KINDS.filter((k) => k in KIND_LABELS).map((k) => (
                <BlockStack key={k} gap="200">
                  <Text as="h3" variant="headingSm">
                    {KIND_LABELS[k]}
                  </Text>
                  <TextField label="Subject" value={v.noticeTexts[k]?.subject ?? ""} onChange={(x) => set("noticeTexts", { ...v.noticeTexts, [k]: { ...v.noticeTexts[k], subject: x } })} autoComplete="off" error={e[`noticeTexts.${k}.subject`]} />
                  <TextField label="Intro" multiline={3} value={v.noticeTexts[k]?.intro ?? ""} onChange={(x) => set("noticeTexts", { ...v.noticeTexts, [k]: { ...v.noticeTexts[k], intro: x } })} autoComplete="off" error={e[`noticeTexts.${k}.intro`]} />
                </BlockStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.AnnotatedSection>
      </Layout>
    </Page>
  );
}
