import type { ActionFunctionArgs, LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  DataTable,
  DropZone,
  EmptyState,
  IndexTable,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Modal,
  Page,
  Pagination,
  Tabs,
  Text,
  TextField,
  Tooltip,
} from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useMemo, useState } from "react";
import { z } from "zod";
import { authenticate } from "../shopify.server";
import {
  CSV_KINDS,
  MAX_CSV_BYTES,
  importSupplierMatrixCsv,
  loadSuppliersScreen,
  parseSuppliersScreenParams,
  runSupplierCommand,
  type CsvImportView,
  type RateView,
  type SupplierFormValues,
} from "../services/replenishment-admin.server";
import { SUPPLIER_CHANNEL_LABELS, SUPPLIER_STATUS_LABELS, money, percent } from "../services/replenishment-labels";
import { EMPTY_SUPPLIER, SupplierForm } from "../components/supplier-form";
import { OfferModal, offerDraft, type OfferDraft } from "../components/offer-modal";
import { useCommand } from "../components/use-command";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = parseSuppliersScreenParams(new URL(request.url));
  return { params, screen: await loadSuppliersScreen(session.shop, params) };
};

const ImportForm = z.object({ kind: z.enum(CSV_KINDS) });

export const action = async ({ request }: ActionFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  if ((request.headers.get("content-type") ?? "").startsWith("multipart/form-data")) {
    if (Number(request.headers.get("content-length") ?? 0) > MAX_CSV_BYTES + 64_000) {
      return json({ ok: false as const, error: "The file is larger than 2 MB", fieldErrors: { file: "The file is larger than 2 MB" } }, { status: 413 });
    }
    const form = await request.formData();
    const kind = ImportForm.safeParse({ kind: form.get("kind") });
    const file = form.get("file");
    if (!kind.success) return json({ ok: false as const, error: "Choose what to import", fieldErrors: { kind: "Choose suppliers or offers" } }, { status: 400 });
    if (!(file instanceof File) || file.size === 0) return json({ ok: false as const, error: "Choose a CSV file", fieldErrors: { file: "Choose a CSV file" } }, { status: 400 });
    if (file.size > MAX_CSV_BYTES) return json({ ok: false as const, error: "The file is larger than 2 MB", fieldErrors: { file: "The file is larger than 2 MB" } }, { status: 413 });
    const report = await importSupplierMatrixCsv(session.shop, kind.data.kind, file.name, await file.text());
    const message = `${report.imported} ${kind.data.kind === "suppliers" ? "supplier" : "offer"} row(s) imported (${report.created} new, ${report.updated} updated)${report.errors.length ? `; ${report.errors.length} row error(s)` : ""}`;
    return json({ ok: true as const, message, report });
  }
  const result = await runSupplierCommand(session.shop, await request.json().catch(() => null));
  return json(result, { status: result.ok ? 200 : result.status });
};

type Screen = SerializeFrom<typeof loader>["screen"];
const TABS = [
  { id: "suppliers", content: "Suppliers" },
  { id: "offers", content: "Offers matrix" },
  { id: "import", content: "Import / export" },
];

function Rate({ rate }: { rate: RateView }) {
  const seed = rate.seed ?? rate.defaultSeed;
  const drift = rate.computed - seed;
  return (
    <Tooltip content={`${rate.observations} observation(s) in this app; typed-in ${rate.seed === null ? `default ${percent(rate.defaultSeed)}` : percent(rate.seed)}`}>
      <BlockStack gap="050">
        <Text as="span" numeric tone={drift < -0.05 ? "critical" : undefined}>
          {percent(rate.computed, 1)}
        </Text>
        <Text as="span" tone="subdued" variant="bodySm">
          seed {percent(seed)}
          {rate.seed === null ? " (default)" : ""} · {rate.observations} obs.
        </Text>
      </BlockStack>
    </Tooltip>
  );
}

function SupplierList({ screen }: { screen: Screen }) {
  const navigate = useNavigate();
  if (screen.suppliers.length === 0) {
    return (
      <Card>
        <EmptyState heading="No suppliers yet" image="/empty-backorders.svg">
          <p>Add your suppliers one by one, or import suppliers.csv and offers.csv from the Import / export tab.</p>
        </EmptyState>
      </Card>
    );
  }
  return (
    <Card padding="0">
      <IndexTable
        resourceName={{ singular: "supplier", plural: "suppliers" }}
        itemCount={screen.suppliers.length}
        selectable={false}
        headings={[
          { title: "Supplier" },
          { title: "Channel" },
          { title: "Status" },
          { title: "Currency" },
          { title: "Fill rate" },
          { title: "On time" },
          { title: "API availability" },
          { title: "Offers", alignment: "end" },
        ]}
      >
        {screen.suppliers.map((s, i) => (
          <IndexTable.Row key={s.id} id={s.id} position={i} onClick={() => navigate(`/app/suppliers/${encodeURIComponent(s.id)}`)}>
            <IndexTable.Cell>
              <BlockStack gap="050">
                <Text as="span" fontWeight="semibold">
                  {s.name}
                </Text>
                <Text as="span" tone="subdued" variant="bodySm">
                  {s.id}
                </Text>
              </BlockStack>
            </IndexTable.Cell>
            <IndexTable.Cell>{SUPPLIER_CHANNEL_LABELS[s.channel] ?? s.channel}</IndexTable.Cell>
            <IndexTable.Cell>
              <Badge tone={s.status === "active" ? "success" : s.status === "paused" ? "attention" : "critical"}>{SUPPLIER_STATUS_LABELS[s.status] ?? s.status}</Badge>
            </IndexTable.Cell>
            <IndexTable.Cell>{s.currency ?? "Shop's"}</IndexTable.Cell>
            <IndexTable.Cell>
              <Rate rate={s.fillRate} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Rate rate={s.onTimeRate} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Rate rate={s.apiAvailability} />
            </IndexTable.Cell>
            <IndexTable.Cell>
              <Text as="span" numeric>
                {s.offers}
              </Text>
            </IndexTable.Cell>
          </IndexTable.Row>
        ))}
      </IndexTable>
    </Card>
  );
}

function OffersMatrix({ screen }: { screen: Screen }) {
  const m = screen.matrix!;
  const [searchParams, setSearchParams] = useSearchParams();
  const [query, setQuery] = useState(m.query);
  const [editing, setEditing] = useState<{ draft: OfferDraft; isNew: boolean } | null>(null);
  const suppliers = m.suppliers.map((s) => ({ id: s.id, name: s.name }));
  const go = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(searchParams);
    for (const [k, v] of Object.entries(changes)) (v ? next.set(k, v) : next.delete(k));
    setSearchParams(next);
  };
  return (
    <Card padding="0">
      <Box padding="400">
        <InlineStack gap="300" align="space-between" blockAlign="end">
          <Box minWidth="320px">
            <TextField
              label="SKU contains"
              value={query}
              onChange={setQuery}
              autoComplete="off"
              clearButton
              onClearButtonClick={() => {
                setQuery("");
                go({ q: undefined, page: undefined });
              }}
              connectedRight={<Button onClick={() => go({ q: query.trim() || undefined, page: undefined })}>Filter</Button>}
            />
          </Box>
          <Button disabled={suppliers.length === 0} onClick={() => setEditing({ draft: offerDraft(null), isNew: true })}>
            Add offer
          </Button>
        </InlineStack>
      </Box>
      {m.rows.length === 0 ? (
        <Box padding="400">
          <Text as="p" tone="subdued">
            {m.query ? "No SKU matches." : "No offers yet: add them here or import offers.csv."}
          </Text>
        </Box>
      ) : (
        <DataTable
          columnContentTypes={["text", ...m.suppliers.map(() => "text" as const)]}
          headings={["SKU", ...m.suppliers.map((s) => (s.status === "active" ? s.name : `${s.name} (${SUPPLIER_STATUS_LABELS[s.status]?.toLowerCase() ?? s.status})`))]}
          stickyHeader
          rows={m.rows.map((r) => [
            <BlockStack gap="050" key="sku">
              <Text as="span" fontWeight="semibold">
                {r.sku}
              </Text>
              <Text as="span" tone="subdued" variant="bodySm">
                {r.title ?? ""}
              </Text>
            </BlockStack>,
            ...m.suppliers.map((s) => {
              const o = r.offers[s.id];
              if (!o)
                return (
                  <Button key={s.id} variant="plain" onClick={() => setEditing({ draft: offerDraft(null, { supplierId: s.id, sku: r.sku }), isNew: true })} accessibilityLabel={`Add an offer from ${s.name} for ${r.sku}`}>
                    + Add
                  </Button>
                );
              return (
                <BlockStack gap="050" key={s.id} inlineAlign="start">
                  <Button variant="plain" textAlign="left" onClick={() => setEditing({ draft: offerDraft(o), isNew: false })} accessibilityLabel={`Edit the offer from ${s.name} for ${r.sku}`}>
                    {`${o.leadTimeDays} d · ${money(o.unitCost, o.currency)}`}
                  </Button>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {`MOQ ${o.moq} · pack ${o.packSize} · ${o.available === null ? "unlimited" : `${o.available} available`}`}
                  </Text>
                </BlockStack>
              );
            }),
          ])}
        />
      )}
      <Box padding="400">
        <InlineStack align="center">
          <Pagination
            hasPrevious={m.page > 1}
            hasNext={m.page < m.pageCount}
            onPrevious={() => go({ page: String(m.page - 1) })}
            onNext={() => go({ page: String(m.page + 1) })}
            label={`Page ${m.page} of ${m.pageCount} · ${m.total} SKU${m.total === 1 ? "" : "s"}`}
          />
        </InlineStack>
      </Box>
      {editing ? <OfferModal open onClose={() => setEditing(null)} initial={editing.draft} isNew={editing.isNew} suppliers={suppliers} /> : null}
    </Card>
  );
}

type ImportAnswer = { ok: true; message: string; report: CsvImportView } | { ok: false; error: string; fieldErrors?: Record<string, string> };

function ImportCard({ kind }: { kind: "suppliers" | "offers" }) {
  const cmd = useCommand<ImportAnswer>();
  const shopify = useAppBridge();
  const [file, setFile] = useState<File | null>(null);
  const report = cmd.answer?.ok ? cmd.answer.report : null;
  const columns =
    kind === "suppliers"
      ? "id, name, status, channel, email, api_url, currency, timezone, fill_rate, on_time_rate, api_availability"
      : "sku, supplier, lead_time_days, moq, pack_size, unit_cost, available, currency";
  const download = async () => {
    const res = await fetch(`/app/export/${kind}.csv`);
    if (!res.ok) return shopify.toast.show("Export failed", { isError: true });
    const url = URL.createObjectURL(await res.blob());
    const a = document.createElement("a");
    a.href = url;
    a.download = `${kind}.csv`;
    a.click();
    URL.revokeObjectURL(url);
  };
  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="center">
          <Text as="h2" variant="headingSm">
            {kind === "suppliers" ? "suppliers.csv" : "offers.csv"}
          </Text>
          <Button onClick={() => void download()}>{`Export ${kind}.csv`}</Button>
        </InlineStack>
        <Text as="p" tone="subdued" variant="bodySm">
          Columns: {columns}. Rows are matched by {kind === "suppliers" ? "id" : "SKU and supplier"}: existing ones are updated. Valid rows are
          imported even when others have errors.
        </Text>
        <DropZone label={`Upload ${kind}.csv`} accept=".csv,text/csv" allowMultiple={false} onDrop={(files) => setFile(files[0] ?? null)} error={Boolean(cmd.fieldErrors.file)}>
          {file ? (
            <Box padding="400">
              <Text as="p">
                {file.name} · {Math.ceil(file.size / 1024)} KB
              </Text>
            </Box>
          ) : (
            <DropZone.FileUpload actionHint="CSV, UTF-8, up to 2 MB" />
          )}
        </DropZone>
        {cmd.fieldErrors.file ? (
          <Text as="p" tone="critical">
            {cmd.fieldErrors.file}
          </Text>
        ) : null}
        <InlineStack align="end">
          <Button
            variant="primary"
            disabled={!file}
            loading={cmd.busy}
            onClick={() => {
              const form = new FormData();
              form.set("kind", kind);
              form.set("file", file!);
              cmd.fetcher.submit(form, { method: "post", encType: "multipart/form-data" });
            }}
          >
            Import
          </Button>
        </InlineStack>
        {report ? (
          <BlockStack gap="200">
            <Banner tone={report.errors.length ? "warning" : "success"} title={`${report.fileName}: ${report.imported} row(s) imported, ${report.created} new, ${report.updated} updated`}>
              {report.errors.length ? <p>{report.errors.length} row(s) were not imported. Fix them and import the file again.</p> : null}
            </Banner>
            {report.errors.length ? (
              <DataTable
                columnContentTypes={["numeric", "text", "text"]}
                headings={["Line", "Column", "Problem"]}
                rows={report.errors.map((e) => [e.line, e.column ?? "—", e.message])}
              />
            ) : null}
          </BlockStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}

function AddSupplierModal({ open, onClose }: { open: boolean; onClose: () => void }) {
  const navigate = useNavigate();
  const cmd = useCommand<{ ok: true; message: string; supplierId?: string } | { ok: false; error: string; fieldErrors?: Record<string, string> }>({
    onSuccess: (a) => {
      onClose();
      if (a.ok && a.supplierId) navigate(`/app/suppliers/${encodeURIComponent(a.supplierId)}`);
    },
  });
  const [values, setValues] = useState<SupplierFormValues>(EMPTY_SUPPLIER);
  return (
    <Modal
      open={open}
      onClose={onClose}
      title="Add supplier"
      primaryAction={{ content: "Add supplier", loading: cmd.busy, onAction: () => cmd.run({ intent: "create-supplier", values }) }}
      secondaryActions={[{ content: "Cancel", onAction: onClose }]}
    >
      <Modal.Section>
        <SupplierForm values={values} onChange={setValues} errors={cmd.fieldErrors} mode="create" />
      </Modal.Section>
    </Modal>
  );
}

export default function Suppliers() {
  const { params, screen } = useLoaderData<typeof loader>();
  const [, setSearchParams] = useSearchParams();
  const [adding, setAdding] = useState(false);
  const selected = useMemo(() => Math.max(0, TABS.findIndex((t) => t.id === params.tab)), [params.tab]);
  return (
    <Page
      fullWidth={params.tab === "offers"}
      title="Suppliers"
      subtitle="Who you buy from, what each offers per SKU, and how they performed for you"
      primaryAction={{ content: "Add supplier", onAction: () => setAdding(true) }}
    >
      <Layout>
        <Layout.Section>
          <Tabs tabs={TABS} selected={selected} onSelect={(i) => setSearchParams(i === 0 ? new URLSearchParams() : new URLSearchParams({ tab: TABS[i].id }))} />
        </Layout.Section>
        <Layout.Section>
          {screen.tab === "suppliers" ? <SupplierList screen={screen} /> : null}
          {screen.tab === "offers" ? <OffersMatrix screen={screen} /> : null}
          {screen.tab === "import" ? (
            <InlineGrid columns={{ xs: 1, md: 2 }} gap="400">
              <ImportCard kind="suppliers" />
              <ImportCard kind="offers" />
            </InlineGrid>
          ) : null}
        </Layout.Section>
        {screen.tab === "suppliers" && screen.suppliers.length ? (
          <Layout.Section>
            <Text as="p" tone="subdued" variant="bodySm">
              Rates are computed from this app&apos;s own purchase orders and submissions (obs.), seeded by the values typed in (or 90% / 85% /
              95%). The seed weighs like a few orders and fades as history grows. See <Link url="/app/purchase-orders">purchase orders</Link>.
            </Text>
          </Layout.Section>
        ) : null}
      </Layout>
      {adding ? <AddSupplierModal open onClose={() => setAdding(false)} /> : null}
    </Page>
  );
}
