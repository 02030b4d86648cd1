import type { ActionFunctionArgs, LoaderFunctionArgs } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate } from "@remix-run/react";
import { Badge, BlockStack, Box, Button, Card, DataTable, InlineGrid, InlineStack, Layout, Modal, Page, Text } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { authenticate } from "../shopify.server";
import { loadSupplierDetail, runSupplierCommand, type SupplierFormValues } from "../services/replenishment-admin.server";
import { PURCHASE_ORDER_STATUS_TONES, SUPPLIER_CHANNEL_LABELS, SUPPLIER_STATUS_LABELS, money, percent } from "../services/replenishment-labels";
import { SupplierForm } from "../components/supplier-form";
import { OfferModal, offerDraft, type OfferDraft } from "../components/offer-modal";
import { useCommand } from "../components/use-command";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const detail = await loadSupplierDetail(session.shop, params.id ?? "");
  if (!detail) throw new Response("Supplier not found", { status: 404 });
  return { detail };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const result = await runSupplierCommand(session.shop, await request.json().catch(() => null), { supplierId: params.id ?? "" });
  return json(result, { status: result.ok ? 200 : result.status });
};

export default function SupplierDetail() {
  const { detail } = useLoaderData<typeof loader>();
  const navigate = useNavigate();
  const s = detail.supplier;
  const save = useCommand();
  const remove = useCommand({ onSuccess: () => navigate("/app/suppliers") });
  const [values, setValues] = useState<SupplierFormValues>(detail.form);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [editing, setEditing] = useState<{ draft: OfferDraft; isNew: boolean } | null>(null);
  useEffect(() => setValues(detail.form), [detail.form]);
  const dirty = JSON.stringify(values) !== JSON.stringify(detail.form);
  const rates = [
    ["Fill rate", s.fillRate],
    ["On-time rate", s.onTimeRate],
    ["API availability", s.apiAvailability],
  ] as const;

  return (
    <Page
      backAction={{ content: "Suppliers", url: "/app/suppliers" }}
      title={s.name}
      titleMetadata={<Badge tone={s.status === "active" ? "success" : s.status === "paused" ? "attention" : "critical"}>{SUPPLIER_STATUS_LABELS[s.status] ?? s.status}</Badge>}
      subtitle={`${s.id} · purchase orders by ${SUPPLIER_CHANNEL_LABELS[s.channel] ?? s.channel}`}
      primaryAction={{ content: "Save", disabled: !dirty, loading: save.busy, onAction: () => save.run({ intent: "update-supplier", values }) }}
      secondaryActions={[{ content: "Delete supplier", destructive: true, onAction: () => setConfirmDelete(true) }]}
    >
      <Layout>
        <Layout.Section>
          <Card>
            <InlineGrid columns={{ xs: 1, md: 3 }} gap="400">
              {rates.map(([label, r]) => (
                <BlockStack gap="100" key={label}>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {label}
                  </Text>
                  <Text as="span" variant="headingLg">
                    {percent(r.computed, 1)}
                  </Text>
                  <Text as="span" tone="subdued" variant="bodySm">
                    Typed-in {r.seed === null ? `— (default ${percent(r.defaultSeed)})` : percent(r.seed)} · {r.observations} observation{r.observations === 1 ? "" : "s"} in this app
                  </Text>
                </BlockStack>
              ))}
            </InlineGrid>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card>
            <SupplierForm values={values} onChange={setValues} errors={save.fieldErrors} mode="update" hasApiToken={detail.hasApiToken} />
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <Box padding="400">
              <InlineStack align="space-between" blockAlign="center">
                <Text as="h2" variant="headingSm">
                  Offers ({detail.offers.length})
                </Text>
                <Button onClick={() => setEditing({ draft: offerDraft(null, { supplierId: s.id }), isNew: true })}>Add offer</Button>
              </InlineStack>
            </Box>
            <DataTable
              columnContentTypes={["text", "numeric", "numeric", "numeric", "numeric", "numeric", "text"]}
              headings={["SKU", "Lead time", "MOQ", "Pack", "Unit cost", "Available", ""]}
              rows={detail.offers.map((o) => [
                o.sku,
                `${o.leadTimeDays} d`,
                o.moq,
                o.packSize,
                money(o.unitCost, o.currency),
                o.available === null ? "Unlimited" : o.available,
                <Button key="e" variant="plain" onClick={() => setEditing({ draft: offerDraft(o), isNew: false })}>
                  Edit
                </Button>,
              ])}
            />
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <Box padding="400">
              <Text as="h2" variant="headingSm">
                Recent purchase orders ({detail.purchaseOrderCount})
              </Text>
            </Box>
            <DataTable
              columnContentTypes={["text", "text", "numeric", "text", "text"]}
              headings={["PO", "Status", "Total", "Created", "ETA"]}
              rows={detail.purchaseOrders.map((p) => [
                <Button key="n" variant="plain" onClick={() => navigate(`/app/purchase-orders/${p.id}`)}>
                  {p.number}
                </Button>,
                <Badge key="s" tone={PURCHASE_ORDER_STATUS_TONES[p.status]}>
                  {p.statusLabel}
                </Badge>,
                money(p.total, p.currency),
                new Date(p.createdAt).toLocaleString(),
                p.eta ?? "—",
              ])}
            />
          </Card>
        </Layout.Section>
      </Layout>
      {editing ? <OfferModal open onClose={() => setEditing(null)} initial={editing.draft} isNew={editing.isNew} suppliers={[{ id: s.id, name: s.name }]} /> : null}
      <Modal
        open={confirmDelete}
        onClose={() => setConfirmDelete(false)}
        title={`Delete ${s.name}?`}
        primaryAction={{ content: "Delete", destructive: true, loading: remove.busy, onAction: () => remove.run({ intent: "delete-supplier" }) }}
        secondaryActions={[{ content: "Cancel", onAction: () => setConfirmDelete(false) }]}
      >
        <Modal.Section>
          <Text as="p">Its offers are deleted too. A supplier with purchase orders cannot be deleted: pause it instead.</Text>
        </Modal.Section>
      </Modal>
    </Page>
  );
}
