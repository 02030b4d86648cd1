import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexTable,
  Layout,
  Page,
  Text,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
} from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { loadPurchaseOrderList, parsePurchaseOrderListParams, type PurchaseOrderListRowView } from "../services/replenishment-admin.server";
import { ORIGIN_LABELS, PURCHASE_ORDER_STATUS_LABELS, PURCHASE_ORDER_STATUS_TONES, money } from "../services/replenishment-labels";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const params = parsePurchaseOrderListParams(new URL(request.url));
  return { params, list: await loadPurchaseOrderList(session.shop, params) };
};

const STATUS_ORDER = ["escalated", "draft", "submitted", "confirmed", "partially_received", "received", "cancelled"];
const day = (iso: string | null) => (iso ? new Date(iso).toLocaleString("en-US", { month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }) : "—");

function Row({ row, index, onOpen }: { row: PurchaseOrderListRowView; index: number; onOpen: (id: string) => void }) {
  return (
    <IndexTable.Row id={row.id} position={index} onClick={() => onOpen(row.id)}>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Text as="span" fontWeight="semibold">
            {row.number}
          </Text>
          {row.origin !== "auto" ? (
            <Text as="span" tone="subdued" variant="bodySm">
              {ORIGIN_LABELS[row.origin] ?? row.origin}
            </Text>
          ) : null}
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>{row.supplierName}</IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={PURCHASE_ORDER_STATUS_TONES[row.status]}>{row.statusLabel}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" numeric>
          {row.lines} · {row.units} u
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" numeric>
          {money(row.total, row.currency)}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{day(row.createdAt)}</IndexTable.Cell>
      <IndexTable.Cell>{day(row.submittedAt)}</IndexTable.Cell>
      <IndexTable.Cell>{row.eta ?? "—"}</IndexTable.Cell>
    </IndexTable.Row>
  );
}

export default function PurchaseOrders() {
  const { params, list } = useLoaderData<typeof loader>();
  const [searchParams, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  const { mode, setMode } = useSetIndexFiltersMode();

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(searchParams);
    for (const [k, v] of Object.entries(changes)) (v ? next.set(k, v) : next.delete(k));
    next.delete("page");
    setSearchParams(next);
  };
  const goToPage = (page: number) => {
    const next = new URLSearchParams(searchParams);
    next.set("page", String(page));
    setSearchParams(next);
  };
  const supplierName = (id: string) => list.suppliers.find((s) => s.id === id)?.name ?? id;

  if (!list.hasSuppliers && list.total === 0) {
    return (
      <Page title="Purchase orders">
        <Card>
          <EmptyState heading="Add your suppliers to start replenishing" image="/empty-backorders.svg" action={{ content: "Add suppliers", url: "/app/suppliers" }}>
            <p>
              When orders oversell a product, Backorder Pilot groups the shortage, picks the best supplier from your supplier matrix and sends the
              purchase order by API, email or EDI. Add suppliers and what they offer for each SKU first.
            </p>
          </EmptyState>
        </Card>
      </Page>
    );
  }

  const filters: IndexFiltersProps["filters"] = [
    {
      key: "status",
      label: "Status",
      filter: (
        <ChoiceList
          title="Status"
          titleHidden
          allowMultiple
          choices={STATUS_ORDER.map((s) => ({ label: `${PURCHASE_ORDER_STATUS_LABELS[s]} (${list.statusCounts[s as keyof typeof list.statusCounts] ?? 0})`, value: s }))}
          selected={params.status}
          onChange={(v) => update({ status: v.join(",") || undefined })}
        />
      ),
      pinned: true,
    },
    {
      key: "supplier",
      label: "Supplier",
      filter: (
        <ChoiceList
          title="Supplier"
          titleHidden
          choices={list.suppliers.map((s) => ({ label: s.name, value: s.id }))}
          selected={params.supplier ? [params.supplier] : []}
          onChange={([v]) => update({ supplier: v })}
        />
      ),
      pinned: true,
    },
  ];
  const appliedFilters: IndexFiltersProps["appliedFilters"] = [
    ...(params.status.length
      ? [{ key: "status", label: `Status: ${params.status.map((s) => PURCHASE_ORDER_STATUS_LABELS[s]).join(", ")}`, onRemove: () => update({ status: undefined }) }]
      : []),
    ...(params.supplier ? [{ key: "supplier", label: `Supplier: ${supplierName(params.supplier)}`, onRemove: () => update({ supplier: undefined }) }] : []),
  ];

  return (
    <Page title="Purchase orders" subtitle="What the app ordered from your suppliers to cover oversold units, newest first">
      <Layout>
        {list.openEscalations > 0 ? (
          <Layout.Section>
            <Banner tone="warning" title={`${list.openEscalations} draft${list.openEscalations === 1 ? "" : "s"} waiting for approval`} action={{ content: "Open the escalation inbox", url: "/app/escalations" }}>
              <p>These purchase orders are drafted but not sent: a person has to approve or dismiss them.</p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section>
          <Card padding="0">
            <IndexFilters
              queryValue=""
              hideQueryField
              onQueryChange={() => {}}
              onQueryClear={() => {}}
              filters={filters}
              appliedFilters={appliedFilters}
              onClearAll={() => setSearchParams(new URLSearchParams())}
              tabs={[]}
              selected={0}
              mode={mode}
              setMode={setMode}
              canCreateNewView={false}
              cancelAction={{ onAction: () => {}, disabled: false, loading: false }}
            />
            <IndexTable
              resourceName={{ singular: "purchase order", plural: "purchase orders" }}
              itemCount={list.rows.length}
              selectable={false}
              emptyState={
                <Text as="p" alignment="center" tone="subdued">
                  {list.total === 0 && !params.status.length && !params.supplier
                    ? "No purchase orders yet: they appear here when oversold units are ordered."
                    : "No purchase orders match these filters."}
                </Text>
              }
              headings={[
                { title: "PO" },
                { title: "Supplier" },
                { title: "Status" },
                { title: "Lines", alignment: "end" },
                { title: "Total", alignment: "end" },
                { title: "Created" },
                { title: "Submitted" },
                { title: "ETA" },
              ]}
              pagination={{
                hasNext: list.page < list.pageCount,
                hasPrevious: list.page > 1,
                onNext: () => goToPage(list.page + 1),
                onPrevious: () => goToPage(list.page - 1),
                label: `Page ${list.page} of ${list.pageCount} · ${list.total} purchase order${list.total === 1 ? "" : "s"}`,
              }}
            >
              {list.rows.map((row, i) => (
                <Row key={row.id} row={row} index={i} onOpen={(id) => navigate(`/app/purchase-orders/${id}`)} />
              ))}
            </IndexTable>
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
