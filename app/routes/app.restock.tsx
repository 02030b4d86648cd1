// Receiving stock with a preview: staff enter a restock for a SKU at a location and see who it
// reaches before committing (the priority policy's plan: who gets what, who keeps waiting, the
// criterion that decided), then commit it into Shopify once (inventoryAdjustQuantities, reason
// `received`, idempotency key). Purchase-order receipts recorded in the app can be put into stock
// from here too — once per receipt however often the button is pressed.
import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, Banner, BlockStack, Button, Card, DataTable, FormLayout, IndexTable, InlineStack, Layout, Page, Select, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { authenticate } from "../shopify.server";
import { commitRestock, previewRestock, receiptsToStock } from "../services/recovery/allocation.server";
import { positionOfLine } from "../services/recovery/admin.server";
import { newRestockRequestId, shopLocationsForRestock } from "../services/recovery/restock-screen.server";
import { useCommand } from "../components/use-command";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const q = (k: string) => url.searchParams.get(k) ?? "";
  const fromLine = q("line") ? await positionOfLine(session.shop, q("line")) : null;
  const form = { sku: fromLine?.sku ?? q("sku"), locationId: fromLine?.locationId ?? q("locationId"), quantity: q("quantity") };
  const preview = form.sku && form.locationId && form.quantity ? await previewRestock(session.shop, form) : null;
  const screen = await shopLocationsForRestock(session.shop);
  return {
    form,
    preview,
    // A new id per preview shown: submitting the same preview twice is one restock.
    requestId: newRestockRequestId(),
    locations: screen.locations,
    positions: screen.positions,
    receipts: await receiptsToStock(session.shop),
  };
};

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const r = await commitRestock(session.shop, await request.json().catch(() => null));
  if (!r.ok) return json({ ok: false as const, error: "Check the restock", fieldErrors: r.fieldErrors }, { status: 400 });
  return json({ ok: true as const, message: r.queued ? "Restock sent to Shopify: the waiting orders are served as it arrives" : "This restock was already sent" });
};

const OUTCOME_TONE = { allocated: "success", partial: "attention", waiting: undefined } as const;

export default function Restock() {
  const data = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const commit = useCommand();
  const [form, setForm] = useState(data.form);
  const [reference, setReference] = useState("");
  useEffect(() => setForm(data.form), [data.form]);
  const preview = data.preview?.ok ? data.preview.preview : null;
  const errors = { ...(data.preview && !data.preview.ok ? data.preview.fieldErrors : {}), ...commit.fieldErrors };
  const showPreview = () => navigate(`/app/restock?${new URLSearchParams({ sku: form.sku, locationId: form.locationId, quantity: form.quantity })}`);
  return (
    <Page title="Receive stock" subtitle="See who a restock reaches before it goes into Shopify" backAction={{ content: "Backorders", url: "/app" }}>
      <Layout>
        <Layout.Section>
          <Card>
            <FormLayout>
              <FormLayout.Group>
                <TextField label="SKU" autoComplete="off" value={form.sku} onChange={(sku) => setForm({ ...form, sku })} error={errors.sku} />
                <Select
                  label="Location"
                  options={[{ label: "Choose a location", value: "" }, ...data.locations]}
                  value={form.locationId}
                  onChange={(locationId) => setForm({ ...form, locationId })}
                  error={errors.locationId}
                />
                <TextField label="Units received" type="number" min={1} autoComplete="off" value={form.quantity} onChange={(quantity) => setForm({ ...form, quantity })} error={errors.quantity} />
              </FormLayout.Group>
              <InlineStack gap="200">
                <Button onClick={showPreview}>Preview allocation</Button>
              </InlineStack>
            </FormLayout>
          </Card>
        </Layout.Section>
        {preview ? (
          <Layout.Section>
            <Card padding="0">
              <BlockStack gap="300">
                <div style={{ padding: "var(--p-space-400)" }}>
                  <BlockStack gap="200">
                    <Text as="h2" variant="headingMd">
                      {preview.quantity} × {preview.sku} at {preview.location}
                    </Text>
                    <Text as="p">
                      {preview.allocated} unit(s) reach {preview.linesAllocated + preview.linesPartial} waiting line(s); {preview.unitsStillWaiting} unit(s) on {preview.linesWaiting + preview.linesPartial} line(s) keep waiting
                      {preview.toStock ? `; ${preview.toStock} unit(s) go to stock` : ""}.
                      {preview.unexplained ? ` The first ${Math.min(preview.unexplained, preview.quantity)} unit(s) cover orders not received or located yet.` : ""}
                    </Text>
                    <InlineStack gap="200" blockAlign="end">
                      <TextField label="Reference (delivery note, PO number)" autoComplete="off" value={reference} onChange={setReference} />
                      <Button
                        variant="primary"
                        loading={commit.busy}
                        onClick={() => commit.run({ sku: preview.sku, locationId: preview.locationId, quantity: preview.quantity, requestId: data.requestId, ...(reference.trim() ? { reference: reference.trim() } : {}) })}
                      >
                        Receive into Shopify
                      </Button>
                    </InlineStack>
                  </BlockStack>
                </div>
                <IndexTable
                  resourceName={{ singular: "waiting line", plural: "waiting lines" }}
                  itemCount={preview.lines.length}
                  selectable={false}
                  headings={[{ title: "Rank" }, { title: "Order" }, { title: "Channel" }, { title: "Waiting", alignment: "end" }, { title: "Gets", alignment: "end" }, { title: "Outcome" }, { title: "Decided by" }]}
                >
                  {preview.lines.map((l, i) => (
                    <IndexTable.Row id={l.backorderLineId} key={l.backorderLineId} position={i}>
                      <IndexTable.Cell>{l.rank}</IndexTable.Cell>
                      <IndexTable.Cell>{l.order}</IndexTable.Cell>
                      <IndexTable.Cell>{l.channel}</IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" numeric>
                          {l.waiting}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Text as="span" numeric>
                          {l.allocated}
                        </Text>
                      </IndexTable.Cell>
                      <IndexTable.Cell>
                        <Badge tone={OUTCOME_TONE[l.outcome]}>{l.outcome === "allocated" ? "Served" : l.outcome === "partial" ? "Partly served" : "Keeps waiting"}</Badge>
                      </IndexTable.Cell>
                      <IndexTable.Cell>{l.decidedBy ?? "—"}</IndexTable.Cell>
                    </IndexTable.Row>
                  ))}
                </IndexTable>
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        {data.receipts.length ? (
          <Layout.Section>
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingSm">
                  Purchase-order receipts
                </Text>
                <DataTable
                  columnContentTypes={["text", "text", "numeric", "text"]}
                  headings={["Purchase order", "SKU", "Units", ""]}
                  rows={data.receipts.map((r) => [
                    r.purchaseOrder,
                    r.sku,
                    r.quantity,
                    r.queued ? (
                      <Badge tone="success" key={r.requestId}>
                        In Shopify stock
                      </Badge>
                    ) : (
                      <Button key={r.requestId} size="slim" onClick={() => commit.run({ sku: r.sku, locationId: r.locationId, quantity: r.quantity, requestId: r.requestId, reference: r.purchaseOrder })}>
                        Put into stock
                      </Button>
                    ),
                  ])}
                />
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        {data.positions.length ? (
          <Layout.Section variant="oneThird">
            <Card>
              <BlockStack gap="200">
                <Text as="h2" variant="headingSm">
                  Most units waiting
                </Text>
                {data.positions.slice(0, 10).map((p) => (
                  <InlineStack key={`${p.sku}:${p.locationId}`} align="space-between">
                    <Button variant="plain" onClick={() => navigate(`/app/restock?${new URLSearchParams({ sku: p.sku ?? "", locationId: p.locationId, quantity: String(p.units) })}`)}>
                      {`${p.sku ?? "—"} · ${p.location}`}
                    </Button>
                    <Text as="span">{`${p.units} unit(s), ${p.lines} line(s)`}</Text>
                  </InlineStack>
                ))}
              </BlockStack>
            </Card>
          </Layout.Section>
        ) : null}
        {commit.answer && !commit.answer.ok ? (
          <Layout.Section>
            <Banner tone="critical" title={commit.answer.error} />
          </Layout.Section>
        ) : null}
      </Layout>
    </Page>
  );
}
