// Recovery settings: how backordered orders are held, what happens as they age (re-notify,
// escalate, automatic cancellation or asking the customer), which customer goes first when stock
// arrives (priority policy), which substitutes customers may choose, and the oversell caps per SKU
// and channel (with the variants' current decisions).
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Banner, BlockStack, Button, Card, Checkbox, ChoiceList, DataTable, FormLayout, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { authenticate } from "../shopify.server";
import { loadRecoverySettingsScreen, saveRecoverySettingsForm, type RecoverySettingsForm } from "../services/recovery/admin.server";
import { useCommand } from "../components/use-command";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  return { screen: await loadRecoverySettingsScreen(session.shop) };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await saveRecoverySettingsForm(session.shop, await request.json().catch(() => null));
  return json(result, { status: result.ok ? 200 : result.status });
};

function Section({ title, description, children }: { title: string; description: string; children: React.ReactNode }) {
  return (
    <Layout.AnnotatedSection title={title} description={description}>
      <Card>{children}</Card>
    </Layout.AnnotatedSection>
  );
}

export default function RecoverySettings() {
  const { screen } = useLoaderData<typeof loader>();
  const save = useCommand();
  const [v, setV] = useState<RecoverySettingsForm>(screen.values);
  useEffect(() => setV(screen.values), [screen.values]);
  const e = save.fieldErrors;
  const set = <K extends keyof RecoverySettingsForm>(k: K, value: RecoverySettingsForm[K]) => setV({ ...v, [k]: value });
  const dirty = JSON.stringify(v) !== JSON.stringify(screen.values);
  const move = (i: number, by: number) => {
    const c = [...v.criteria];
    const [x] = c.splice(i, 1);
    c.splice(i + by, 0, x);
    set("criteria", c);
  };
  return (
    <Page
      title="Recovery settings"
      subtitle="Holds, aging, allocation priority, substitutes and oversell caps"
      backAction={{ content: "Settings", url: "/app/settings" }}
      primaryAction={{ content: "Save", loading: save.busy, disabled: !dirty, onAction: () => save.run(v as unknown as Record<string, unknown>) }}
      secondaryActions={[{ content: "Discard changes", disabled: !dirty, onAction: () => setV(screen.values) }]}
    >
      <Layout>
        {save.answer && !save.answer.ok ? (
          <Layout.Section>
            <Banner tone="critical" title={save.answer.error}>
              <ul>
                {Object.entries(e).map(([k, m]) => (
                  <li key={k}>{`${k}: ${m}`}</li>
                ))}
              </ul>
            </Banner>
          </Layout.Section>
        ) : null}
        <Section title="Fulfillment holds" description="What happens in Shopify to an order with backordered items: its fulfillment orders are held (reason: inventory out of stock) so nothing ships by mistake.">
          <ChoiceList title="Hold rule" titleHidden choices={screen.holdRules} selected={[v.holdRule]} onChange={([x]) => set("holdRule", x as RecoverySettingsForm["holdRule"])} error={e.holdRule} />
        </Section>
        <Section
          title="Aging and cancellation"
          description="Waiting lines are reviewed every business day: customers hear again after 4 business days, staff see the line after 8, and the last step starts after the limit below."
        >
          <FormLayout>
            <Select label="After the limit" options={screen.autoCancelModes} value={v.autoCancelMode} onChange={(x) => set("autoCancelMode", x)} error={e.autoCancelMode} />
            <FormLayout.Group>
              <TextField label="Limit" type="number" suffix="business days" autoComplete="off" value={v.autoCancelAfterDays} onChange={(x) => set("autoCancelAfterDays", x)} error={e.autoCancelAfterDays} />
              <TextField label="Time to answer" type="number" suffix="business days" autoComplete="off" value={v.consentGraceDays} onChange={(x) => set("consentGraceDays", x)} error={e.consentGraceDays} helpText="When asking the customer." />
              <TextField label="Customer links valid for" type="number" suffix="days" autoComplete="off" value={v.choiceLinkDays} onChange={(x) => set("choiceLinkDays", x)} error={e.choiceLinkDays} />
            </FormLayout.Group>
          </FormLayout>
        </Section>
        <Section
          title="Who gets arriving stock"
          description="The same order decides which orders carry a shortage (the last served) and who a restock reaches first. By default: past their promise, stricter channels (shorter promise windows from the replenishment settings), bigger orders, older orders."
        >
          <BlockStack gap="300">
            <Checkbox label="Use my own priority" checked={v.customPriority} onChange={(x) => set("customPriority", x)} />
            {v.criteria.map((c, i) => (
              <InlineStack key={c} gap="200" blockAlign="center">
                <Text as="span">{`${i + 1}. ${screen.criteria.find((x) => x.value === c)?.label ?? c}`}</Text>
                {v.customPriority ? (
                  <>
                    <Button size="micro" disabled={i === 0} onClick={() => move(i, -1)} accessibilityLabel={`Move ${c} up`}>
                      ↑
                    </Button>
                    <Button size="micro" disabled={i === v.criteria.length - 1} onClick={() => move(i, 1)} accessibilityLabel={`Move ${c} down`}>
                      ↓
                    </Button>
                    <Button size="micro" onClick={() => set("criteria", v.criteria.filter((x) => x !== c))}>
                      Remove
                    </Button>
                  </>
                ) : null}
              </InlineStack>
            ))}
            {v.customPriority ? (
              <>
                <InlineStack gap="200">
                  {screen.criteria
                    .filter((c) => !v.criteria.includes(c.value))
                    .map((c) => (
                      <Button key={c.value} size="slim" onClick={() => set("criteria", [...v.criteria, c.value])}>
                        {`Add: ${c.label}`}
                      </Button>
                    ))}
                </InlineStack>
                <TextField label="Service level, default" type="number" suffix="days" autoComplete="off" value={v.serviceDefaultDays} onChange={(x) => set("serviceDefaultDays", x)} error={e.serviceDefaultDays} />
                {v.serviceLevels.map((row, i) => (
                  <InlineStack key={i} gap="200" blockAlign="end" wrap={false}>
                    <TextField label="Channel" autoComplete="off" value={row.channel} onChange={(x) => set("serviceLevels", v.serviceLevels.map((r, j) => (j === i ? { ...r, channel: x } : r)))} error={e[`serviceLevels.${i}.channel`]} />
                    <TextField label="Days" type="number" autoComplete="off" value={row.days} onChange={(x) => set("serviceLevels", v.serviceLevels.map((r, j) => (j === i ? { ...r, days: x } : r)))} error={e[`serviceLevels.${i}.days`]} />
                    <Button onClick={() => set("serviceLevels", v.serviceLevels.filter((_, j) => j !== i))}>Remove</Button>
                  </InlineStack>
                ))}
                <InlineStack>
                  <Button onClick={() => set("serviceLevels", [...v.serviceLevels, { channel: "", days: v.serviceDefaultDays }])}>Add a channel</Button>
                </InlineStack>
              </>
            ) : (
              <Text as="p" tone="subdued">
                {`Service levels: ${screen.defaultServiceLevels.map((s) => `${s.channel} ${s.days} d`).join(", ")}`}
              </Text>
            )}
          </BlockStack>
        </Section>
        <Section title="Substitutes" description="What a customer may take instead of a backordered item (their choice page offers these). Separate SKUs with commas.">
          <BlockStack gap="300">
            {v.substitutes.map((row, i) => (
              <InlineStack key={i} gap="200" blockAlign="end" wrap={false}>
                <TextField label="SKU" autoComplete="off" value={row.sku} onChange={(x) => set("substitutes", v.substitutes.map((r, j) => (j === i ? { ...r, sku: x } : r)))} error={e[`substitutes.${i}.sku`]} />
                <TextField label="May be replaced by" autoComplete="off" value={row.substitutes} onChange={(x) => set("substitutes", v.substitutes.map((r, j) => (j === i ? { ...r, substitutes: x } : r)))} error={e[`substitutes.${i}.substitutes.0`]} />
                <Button onClick={() => set("substitutes", v.substitutes.filter((_, j) => j !== i))}>Remove</Button>
              </InlineStack>
            ))}
            <InlineStack>
              <Button onClick={() => set("substitutes", [...v.substitutes, { sku: "", substitutes: "" }])}>Add a substitute</Button>
            </InlineStack>
          </BlockStack>
        </Section>
        <Section
          title="Oversell caps"
          description="How far below zero a SKU may sell, and which may be backordered at all, per SKU and channel (empty: all). Shopify has one switch per variant: at the cap, or when any channel rule forbids it, the variant stops selling (inventory policy DENY); it resumes once stock or a purchase order makes room."
        >
          <BlockStack gap="300">
            {v.capRules.map((row, i) => (
              <InlineStack key={i} gap="200" blockAlign="end" wrap={false}>
                <TextField label="SKU" placeholder="All SKUs" autoComplete="off" value={row.sku} onChange={(x) => set("capRules", v.capRules.map((r, j) => (j === i ? { ...r, sku: x } : r)))} error={e[`capRules.${i}`] ?? e[`capRules.${i}.sku`]} />
                <TextField label="Channel" placeholder="All channels" autoComplete="off" value={row.channel} onChange={(x) => set("capRules", v.capRules.map((r, j) => (j === i ? { ...r, channel: x } : r)))} />
                <Checkbox label="May backorder" checked={row.eligible} onChange={(x) => set("capRules", v.capRules.map((r, j) => (j === i ? { ...r, eligible: x } : r)))} />
                <TextField label="Cap" type="number" suffix="units" placeholder="None" autoComplete="off" disabled={!row.eligible} value={row.maxUnits} onChange={(x) => set("capRules", v.capRules.map((r, j) => (j === i ? { ...r, maxUnits: x } : r)))} error={e[`capRules.${i}.maxUnits`]} />
                <TextField label="Resume margin" type="number" suffix="units" placeholder="Auto" autoComplete="off" disabled={!row.eligible} value={row.resumeMargin} onChange={(x) => set("capRules", v.capRules.map((r, j) => (j === i ? { ...r, resumeMargin: x } : r)))} error={e[`capRules.${i}.resumeMargin`]} />
                <Button onClick={() => set("capRules", v.capRules.filter((_, j) => j !== i))}>Remove</Button>
              </InlineStack>
            ))}
            <InlineStack>
              <Button onClick={() => set("capRules", [...v.capRules, { sku: "", channel: "", eligible: true, maxUnits: "", resumeMargin: "" }])}>Add a rule</Button>
            </InlineStack>
            {screen.caps.length ? (
              <DataTable
                columnContentTypes={["text", "text", "text", "numeric", "text"]}
                headings={["SKU", "Selling", "Why", "Uncovered units", "Decided by"]}
                rows={screen.caps.map((c) => [c.sku ?? "—", c.policy === "CONTINUE" ? "Below zero allowed" : "Stops at zero", c.reason, c.uncoveredUnits, c.channel])}
              />
            ) : null}
          </BlockStack>
        </Section>
      </Layout>
    </Page>
  );
}
