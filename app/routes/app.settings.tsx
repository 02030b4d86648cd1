import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, FormLayout, InlineGrid, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { authenticate } from "../shopify.server";
import { loadSettingsScreen, saveSettingsForm, type SettingsFormValues } from "../services/replenishment-admin.server";
import { useCommand } from "../components/use-command";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { screen: await loadSettingsScreen(session.shop) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await saveSettingsForm(session.shop, await request.json().catch(() => null));
  return json(result, { status: result.ok ? 200 : result.status });
};

const WEIGHTS = [
  { key: "leadTime", label: "Lead time", help: "Shorter is better" },
  { key: "fillRate", label: "Fill rate", help: "Share of ordered units delivered" },
  { key: "unitCost", label: "Unit cost", help: "Cheaper is better" },
  { key: "apiAvailability", label: "API availability", help: "Share of submissions accepted" },
] as const;

function Section({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <Layout.AnnotatedSection title={title} description={description}>
      <Card>{children}</Card>
    </Layout.AnnotatedSection>
  );
}

export default function Settings() {
  const { screen } = useLoaderData<typeof loader>();
  const save = useCommand();
  const [v, setV] = useState<SettingsFormValues>(screen.values);
  useEffect(() => setV(screen.values), [screen.values]);
  const e = save.fieldErrors;
  const set = <K extends keyof SettingsFormValues>(k: K, value: SettingsFormValues[K]) => setV({ ...v, [k]: value });
  const sum = WEIGHTS.reduce((s, w) => s + (Number(v.weights[w.key]) || 0), 0);
  const dirty = JSON.stringify(v) !== JSON.stringify(screen.values);
  const channelOptions = [{ label: "Choose a channel", value: "" }, ...screen.channels];

  return (
    <Page
      title="Settings"
      subtitle="How the app picks suppliers, groups shortages and tells you when it needs a person"
      primaryAction={{ content: "Save", loading: save.busy, disabled: !dirty, onAction: () => save.run(v as unknown as Record<string, unknown>) }}
      secondaryActions={[{ content: "Discard changes", disabled: !dirty, onAction: () => setV(screen.values) }]}
    >
      <Layout>
        {save.answer && !save.answer.ok ? (
          <Layout.Section>
            <Banner tone="critical" title={save.answer.error}>
              <ul>
                {Object.entries(e).map(([k, m]) => (
                  <li key={k}>{m}</li>
                ))}
              </ul>
            </Banner>
          </Layout.Section>
        ) : null}
        <Section title="Supplier score" description="When several suppliers can deliver, each criterion is scored 0–1 across them and weighted. The weights must add up to 100%.">
          <BlockStack gap="300">
            <InlineGrid columns={{ xs: 1, sm: 2 }} gap="300">
              {WEIGHTS.map((w) => (
                <TextField
                  key={w.key}
                  label={w.label}
                  type="number"
                  suffix="%"
                  min={0}
                  max={100}
                  autoComplete="off"
                  helpText={w.help}
                  value={v.weights[w.key]}
                  onChange={(x) => set("weights", { ...v.weights, [w.key]: x })}
                  error={e[`weights.${w.key}`]}
                />
              ))}
            </InlineGrid>
            <Text as="p" tone={Math.abs(sum - 100) > 0.01 ? "critical" : "subdued"}>
              Total {Math.round(sum * 100) / 100}%{e.weights ? ` — ${e.weights}` : ""}
            </Text>
          </BlockStack>
        </Section>
        <Section
          title="Grouping shortages"
          description="Oversells of a SKU close together become one purchase order: the order is placed after a quiet period without new oversells, or at the latest when the longest window ends."
        >
          <FormLayout>
            <FormLayout.Group>
              <TextField label="Quiet period" type="number" suffix="seconds" autoComplete="off" value={v.dedupQuietSeconds} onChange={(x) => set("dedupQuietSeconds", x)} error={e.dedupQuietSeconds} />
              <TextField label="Longest window" type="number" suffix="seconds" autoComplete="off" value={v.dedupWindowSeconds} onChange={(x) => set("dedupWindowSeconds", x)} error={e.dedupWindowSeconds} />
            </FormLayout.Group>
            <TextField
              label="Default safety stock"
              type="number"
              suffix="units"
              autoComplete="off"
              helpText="Buffer ordered on top of a shortage (per SKU values override it)."
              value={v.safetyStockDefault}
              onChange={(x) => set("safetyStockDefault", x)}
              error={e.safetyStockDefault}
            />
          </FormLayout>
        </Section>
        <Section
          title="Promise windows"
          description="The longest lead time acceptable for units customers wait on, per sales channel. A supplier slower than the window is not chosen for them; when none is fast enough, the draft is escalated."
        >
          <BlockStack gap="300">
            <TextField label="Default" type="number" suffix="days" autoComplete="off" value={v.promiseDefaultDays} onChange={(x) => set("promiseDefaultDays", x)} error={e.promiseDefaultDays} />
            {v.promiseChannels.map((row, i) => (
              <InlineStack key={i} gap="300" blockAlign="end" wrap={false}>
                <Select
                  label="Channel"
                  options={channelOptions}
                  value={row.channel}
                  onChange={(x) => set("promiseChannels", v.promiseChannels.map((r, j) => (j === i ? { ...r, channel: x } : r)))}
                  error={e[`promiseChannels.${i}.channel`]}
                />
                <TextField
                  label="Window"
                  type="number"
                  suffix="days"
                  autoComplete="off"
                  value={row.days}
                  onChange={(x) => set("promiseChannels", v.promiseChannels.map((r, j) => (j === i ? { ...r, days: x } : r)))}
                  error={e[`promiseChannels.${i}.days`]}
                />
                <Button accessibilityLabel={`Remove ${row.channel || "row"}`} onClick={() => set("promiseChannels", v.promiseChannels.filter((_, j) => j !== i))}>
                  Remove
                </Button>
              </InlineStack>
            ))}
            <InlineStack>
              <Button onClick={() => set("promiseChannels", [...v.promiseChannels, { channel: "", days: v.promiseDefaultDays }])}>Add a channel</Button>
            </InlineStack>
          </BlockStack>
        </Section>
        <Section title="Escalation" description="A draft waits for a person when its unit cost differs from the last purchase order's by more than this.">
          <TextField label="Cost deviation threshold" type="number" suffix="%" autoComplete="off" value={v.costDeviationPct} onChange={(x) => set("costDeviationPct", x)} error={e.costDeviationPct} />
        </Section>
        <Section title="Alerts" description="Where escalations are announced. Both are optional.">
          <FormLayout>
            <TextField
              label="Slack incoming webhook URL"
              autoComplete="off"
              placeholder="https://hooks.slack.com/services/…"
              value={v.slackWebhookUrl}
              onChange={(x) => set("slackWebhookUrl", x)}
              error={e.slackWebhookUrl}
            />
            <TextField
              label="Ops email recipients"
              autoComplete="off"
              helpText="Separate addresses with commas."
              multiline={2}
              value={v.opsEmails}
              onChange={(x) => set("opsEmails", x)}
              error={e.opsEmails}
            />
          </FormLayout>
        </Section>
        <Section title="Sending purchase orders" description="Emailed purchase orders come from this address. A submission the supplier does not answer is retried with growing delays, then ordered from the next supplier.">
          <FormLayout>
            <TextField
              label="Purchasing email (From / Reply-To)"
              autoComplete="off"
              placeholder="Purchasing <purchasing@yourshop.com>"
              value={v.purchasingEmail}
              onChange={(x) => set("purchasingEmail", x)}
              error={e.purchasingEmail}
            />
            <FormLayout.Group>
              <TextField label="Attempts per supplier" type="number" autoComplete="off" value={v.submissionMaxAttempts} onChange={(x) => set("submissionMaxAttempts", x)} error={e.submissionMaxAttempts} />
              <TextField label="First retry after" type="number" suffix="seconds" autoComplete="off" value={v.submissionRetrySeconds} onChange={(x) => set("submissionRetrySeconds", x)} error={e.submissionRetrySeconds} />
            </FormLayout.Group>
          </FormLayout>
        </Section>
      </Layout>
    </Page>
  );
}
