import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData, useNavigate, useSearchParams } from "@remix-run/react";
import {
  Badge,
  BlockStack,
  Card,
  ChoiceList,
  EmptyState,
  IndexFilters,
  IndexTable,
  Layout,
  Page,
  Text,
  useIndexResourceState,
  useSetIndexFiltersMode,
  type IndexFiltersProps,
} from "@shopify/polaris";
import { useState } from "react";
import { authenticate } from "../shopify.server";
import { loadBackorderQueue, parseQueueParams, type QueueRow } from "../services/backorder-queue.server";
import { AGING_BUCKETS, AGING_BUCKET_LABELS } from "../domain/aging";
import { BACKORDER_STATUSES, STATUS_LABELS } from "../domain/backorder-status";
import { channelLabel } from "../services/channel-label";
import { formatWindow } from "../emails/notice-text";
import type { LocalDate } from "../domain/calendar";
import { loadQueueRecovery } from "../services/recovery/admin.server";
import { DUE_HEADINGS, DueTodayRow, NextReviewCell, useRecoveryBulkActions, type AgingCell } from "../components/recovery-queue";
import { BackorderLineCells } from "../components/backorder-line-cells";

export const loader = async ({ request }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const url = new URL(request.url);
  const params = parseQueueParams(url);
  const queue = await loadBackorderQueue(session.shop, params);
  // Recovery: next review per row, the "Due today" view, the bulk actions' reasons.
  const recovery = await loadQueueRecovery(session.shop, queue.rows.map((r) => r.id), url.searchParams.get("view"));
  return { params, queue, recovery };
};

const BUCKET_TONE = { "0-3": "info", "4-7": "attention", "8-14": "warning", "15+": "critical" } as const;
const STATUS_TONE = { backordered: "warning", resolved: "success", cancelled: undefined, closed: undefined } as const;

function BackorderRow({ row, index, onOpen, aging, selected }: { row: QueueRow; index: number; onOpen: (id: string) => void; aging?: AgingCell; selected?: boolean }) {
  return (
    <IndexTable.Row id={row.id} position={index} selected={selected} onClick={() => onOpen(row.id)}>
      <BackorderLineCells row={row} />
      <IndexTable.Cell>{row.location}</IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" numeric>
          {row.ageDays} d
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={BUCKET_TONE[row.bucket]}>{AGING_BUCKET_LABELS[row.bucket]}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Badge tone={STATUS_TONE[row.status]}>{row.statusLabel}</Badge>
      </IndexTable.Cell>
      <IndexTable.Cell>
        {row.promise ? (
          <BlockStack gap="050">
            <Text as="span">{formatWindow("en-GB", { earliest: row.promise.earliest as LocalDate, latest: row.promise.latest as LocalDate })}</Text>
            {row.pastPromise && <Badge tone="critical">Past promise</Badge>}
          </BlockStack>
        ) : (
          <Text as="span" tone="subdued">
            —
          </Text>
        )}
      </IndexTable.Cell>
      <IndexTable.Cell>
        <NextReviewCell aging={aging} />
      </IndexTable.Cell>
    </IndexTable.Row>
  );
}

export default function BackorderQueue() {
  const { params, queue, recovery } = useLoaderData<typeof loader>();
  const [searchParams, setSearchParams] = useSearchParams();
  const navigate = useNavigate();
  const { mode, setMode } = useSetIndexFiltersMode();
  const [query, setQuery] = useState(params.sku ?? "");
  const listed = recovery.due ? recovery.due.rows : queue.rows;
  const selection = useIndexResourceState(listed as { id: string }[]);
  const bulk = useRecoveryBulkActions({ selected: selection.selectedResources, closeReasons: recovery.closeReasons, onDone: () => selection.clearSelection() });

  const update = (changes: Record<string, string | undefined>) => {
    const next = new URLSearchParams(searchParams);
    for (const [k, v] of Object.entries(changes)) (v ? next.set(k, v) : next.delete(k));
    // Any filter change starts from the first page.
    next.delete("after");
    next.delete("before");
    setSearchParams(next);
  };

  if (queue.neverHadBackorders) {
    return (
      <Page title="Backorders">
        <Layout>
          <Layout.Section>
            <Card>
              <EmptyState heading="No oversold orders yet" image="/empty-backorders.svg">
                <p>
                  Backorder Pilot watches every sales channel — online store, POS, marketplaces and draft orders. When
                  orders push a product below zero at a location, the order lines that are short appear here within
                  seconds, with how many units, why, and how long they have waited. Nothing to set up: your inventory
                  was synced when you installed the app.
                </p>
              </EmptyState>
            </Card>
          </Layout.Section>
        </Layout>
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
          choices={[...BACKORDER_STATUSES.map((s) => ({ label: STATUS_LABELS[s], value: s })), { label: "All", value: "all" }]}
          selected={[params.status]}
          onChange={([v]) => update({ status: v })}
        />
      ),
      pinned: true,
    },
    {
      key: "bucket",
      label: "Age",
      filter: (
        <ChoiceList
          title="Age"
          titleHidden
          choices={AGING_BUCKETS.map((b) => ({ label: AGING_BUCKET_LABELS[b], value: b }))}
          selected={params.bucket ? [params.bucket] : []}
          onChange={([v]) => update({ bucket: v })}
        />
      ),
      pinned: true,
    },
    {
      key: "promise",
      label: "Promise",
      filter: (
        <ChoiceList
          title="Promise"
          titleHidden
          choices={[{ label: "Past promise", value: "past" }]}
          selected={params.promise ? [params.promise] : []}
          onChange={([v]) => update({ promise: v })}
        />
      ),
      pinned: true,
    },
    {
      key: "channel",
      label: "Channel",
      filter: (
        <ChoiceList
          title="Channel"
          titleHidden
          choices={queue.facets.channels.map((c) => ({ label: channelLabel(c), value: c }))}
          selected={params.channel ? [params.channel] : []}
          onChange={([v]) => update({ channel: v })}
        />
      ),
      pinned: true,
    },
  ];
  const appliedFilters: IndexFiltersProps["appliedFilters"] = [
    ...(params.status !== "backordered"
      ? [{ key: "status", label: `Status: ${params.status === "all" ? "All" : STATUS_LABELS[params.status]}`, onRemove: () => update({ status: undefined }) }]
      : []),
    ...(params.bucket ? [{ key: "bucket", label: `Age: ${AGING_BUCKET_LABELS[params.bucket]}`, onRemove: () => update({ bucket: undefined }) }] : []),
    ...(params.channel ? [{ key: "channel", label: `Channel: ${channelLabel(params.channel)}`, onRemove: () => update({ channel: undefined }) }] : []),
    ...(params.promise ? [{ key: "promise", label: "Past promise", onRemove: () => update({ promise: undefined }) }] : []),
  ];

  const page = (key: "after" | "before", cursor: string | null) => {
    if (!cursor) return;
    const next = new URLSearchParams(searchParams);
    next.delete("after");
    next.delete("before");
    next.set(key, cursor);
    setSearchParams(next);
  };

  return (
    <Page title="Backorders" subtitle="Order lines sold beyond available stock, latest first">
      <Layout>
        <Layout.Section>
          <Card padding="0">
            <IndexFilters
              queryValue={query}
              queryPlaceholder="Filter by exact SKU"
              onQueryChange={setQuery}
              onQueryClear={() => {
                setQuery("");
                update({ sku: undefined });
              }}
              onQueryBlur={() => update({ sku: query.trim() || undefined })}
              filters={filters}
              appliedFilters={appliedFilters}
              onClearAll={() => {
                setQuery("");
                setSearchParams(new URLSearchParams());
              }}
              tabs={[
                { id: "all", content: "All backorders", onAction: () => update({ view: undefined }) },
                { id: "due", content: "Due today", onAction: () => update({ view: "due" }) },
              ]}
              selected={recovery.view === "due" ? 1 : 0}
              onSelect={(i) => update({ view: i === 1 ? "due" : undefined })}
              mode={mode}
              setMode={setMode}
              canCreateNewView={false}
              cancelAction={{ onAction: () => {}, disabled: false, loading: false }}
            />
            {recovery.due ? (
              <IndexTable
                resourceName={{ singular: "backorder", plural: "backorders" }}
                itemCount={recovery.due.rows.length}
                selectedItemsCount={selection.allResourcesSelected ? "All" : selection.selectedResources.length}
                onSelectionChange={selection.handleSelectionChange}
                promotedBulkActions={bulk.promoted}
                bulkActions={bulk.more}
                emptyState={
                  <Text as="p" alignment="center" tone="subdued">
                    Nothing is due today.
                  </Text>
                }
                headings={DUE_HEADINGS}
              >
                {recovery.due.rows.map((row, i) => (
                  <DueTodayRow key={row.id} row={row} index={i} selected={selection.selectedResources.includes(row.id)} onOpen={(id) => navigate(`/app/backorders/${id}`)} />
                ))}
              </IndexTable>
            ) : (
            <IndexTable
              resourceName={{ singular: "backorder", plural: "backorders" }}
              itemCount={queue.rows.length}
              selectedItemsCount={selection.allResourcesSelected ? "All" : selection.selectedResources.length}
              onSelectionChange={selection.handleSelectionChange}
              promotedBulkActions={bulk.promoted}
              bulkActions={bulk.more}
              emptyState={
                <Text as="p" alignment="center" tone="subdued">
                  No backorders match these filters.
                </Text>
              }
              headings={[
                { title: "Order" },
                { title: "SKU" },
                { title: "Backordered", alignment: "end" },
                { title: "Channel" },
                { title: "Location" },
                { title: "Age", alignment: "end" },
                { title: "Aging" },
                { title: "Status" },
                { title: "Promise" },
                { title: "Next review" },
              ]}
              pagination={{
                hasNext: Boolean(queue.nextCursor),
                hasPrevious: Boolean(queue.previousCursor),
                onNext: () => page("after", queue.nextCursor),
                onPrevious: () => page("before", queue.previousCursor),
              }}
            >
              {queue.rows.map((row, i) => (
                <BackorderRow
                  key={row.id}
                  row={row}
                  index={i}
                  aging={recovery.aging[row.id]}
                  selected={selection.selectedResources.includes(row.id)}
                  onOpen={(id) => navigate(`/app/backorders/${id}`)}
                />
              ))}
            </IndexTable>
            )}
            {bulk.modal}
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
