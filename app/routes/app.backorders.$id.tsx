import type { LoaderFunctionArgs } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import { Badge, BlockStack, Box, Card, DataTable, InlineGrid, Layout, Page, Text } from "@shopify/polaris";
import { authenticate } from "../shopify.server";
import { loadBackorderDetail } from "../services/backorder-queue.server";
import { AGING_BUCKET_LABELS } from "../domain/aging";
import { formatWindow } from "../emails/notice-text";
import type { LocalDate } from "../domain/calendar";
import { loadRecoveryPanel } from "../services/recovery/admin.server";
import { RecoveryPanel } from "../components/recovery-panel";

const range = (w: { earliest: string; latest: string }) => formatWindow("en-GB", { earliest: w.earliest as LocalDate, latest: w.latest as LocalDate });
const NOTICE_LABELS: Record<string, string> = { first_backorder: "Backorder notice", window_slipped: "New dates", shipped: "Shipped note" };
const CLOSED_LABELS: Record<string, string> = { shipped: "Shipped", in_stock: "Served from stock", cancelled: "Cancelled", removed: "Removed or refunded", closed_by_staff: "Closed by staff" };

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const detail = await loadBackorderDetail(session.shop, params.id ?? "");
  // Another shop's id, or none: the same 404 either way.
  if (!detail) throw new Response("Backorder not found", { status: 404 });
  // Recovery: holds, the customer's choice, aging, allocations, queued Shopify changes, actions.
  return { detail, recovery: await loadRecoveryPanel(session.shop, params.id ?? "") };
};

const EVENT_LABELS: Record<string, string> = {
  detected: "Detected",
  quantity_changed: "Quantity changed",
  resolved: "Resolved",
  cancelled: "Cancelled",
  reopened: "Reopened",
  redacted: "Customer data redacted",
  promise_set: "Promise given",
  promise_changed: "Promise changed",
  // Recovery (issue 9)
  customer_choice: "Customer chose",
  choice_carried_out: "Choice carried out",
  choice_not_needed: "Choice not needed (stock arrived)",
  choice_failed: "Choice could not be carried out",
  substituted: "Substituted",
  customer_cancelled: "Cancelled at the customer's request",
  auto_cancel_requested: "Automatic cancellation requested",
  auto_cancelled: "Cancelled automatically",
  cancel_requested: "Cancellation requested by staff",
  staff_cancelled: "Cancelled by staff",
  closed_manually: "Closed by staff",
  customer_notified: "Customer notified",
  choices_offered: "Choices offered to the customer",
};

function Fact({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <BlockStack gap="100">
      <Text as="span" tone="subdued" variant="bodySm">
        {label}
      </Text>
      <Text as="span">{children}</Text>
    </BlockStack>
  );
}

export default function BackorderDetail() {
  const { detail: d, recovery } = useLoaderData<typeof loader>();
  const fmt = (iso: string) => new Date(iso).toLocaleString();
  return (
    <Page
      backAction={{ content: "Backorders", url: "/app" }}
      title={`${d.order} · ${d.sku ?? d.title ?? "Line"}`}
      titleMetadata={<Badge tone={d.status === "backordered" ? "warning" : d.status === "resolved" ? "success" : undefined}>{d.statusLabel}</Badge>}
      subtitle={d.reason}
    >
      <Layout>
        <Layout.Section>
          <Card>
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
              <Fact label="Backordered">
                {d.quantityBackordered} of {d.quantityOrdered}
              </Fact>
              <Fact label="SKU">{d.sku ?? "—"}</Fact>
              <Fact label="Product">{d.title ?? "—"}</Fact>
              <Fact label="Location">{d.location}</Fact>
              <Fact label="Channel">{d.channelLabel}</Fact>
              <Fact label="Detected">{fmt(d.detectedAt)}</Fact>
              <Fact label="Age">
                {d.ageDays} d · {AGING_BUCKET_LABELS[d.bucket]}
              </Fact>
              <Fact label="Resolved">{d.resolvedAt ? fmt(d.resolvedAt) : "—"}</Fact>
            </InlineGrid>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingSm">
                Promise
              </Text>
              {d.promise ? (
                <>
                  <Text as="p" variant="headingMd">
                    Ships {range(d.promise)}
                  </Text>
                  {d.pastPromise && <Badge tone="critical">Past promise</Badge>}
                  <Text as="p" tone="subdued">
                    {d.promisePhase}
                  </Text>
                </>
              ) : (
                <Text as="p" tone="subdued">
                  {d.promiseClosed ? `No longer waiting: ${CLOSED_LABELS[d.promiseClosed] ?? d.promiseClosed}` : "No promise yet"}
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneThird">
          <Card>
            <BlockStack gap="200">
              <Text as="h2" variant="headingSm">
                Customer
              </Text>
              {d.customer ? (
                <>
                  <Text as="p">{d.customer.name ?? "—"}</Text>
                  <Text as="p" tone="subdued">
                    {d.customer.email ?? "—"}
                  </Text>
                </>
              ) : (
                <Text as="p" tone="subdued">
                  No customer on this order
                </Text>
              )}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section>
          <Card padding="0">
            <Box padding="400">
              <Text as="h2" variant="headingSm">
                Promise history
              </Text>
            </Box>
            <DataTable
              columnContentTypes={["text", "text", "text", "text"]}
              headings={["Time", "Range given", "Why", "Customer emails"]}
              rows={d.promiseHistory.map((h) => [
                fmt(h.at),
                range(h),
                `${h.reasonLabel} (${h.change})`,
                d.notices
                  .filter((n) => n.createdAt === h.at)
                  .map((n) => `${NOTICE_LABELS[n.kind] ?? n.kind}: ${n.status}`)
                  .join(", ") || "—",
              ])}
            />
          </Card>
        </Layout.Section>
        {recovery ? <RecoveryPanel data={recovery} /> : null}
        <Layout.Section>
          <Card padding="0">
            <Box padding="400">
              <Text as="h2" variant="headingSm">
                Audit trail
              </Text>
            </Box>
            <DataTable
              columnContentTypes={["text", "text", "text", "text", "text", "text"]}
              headings={["Time", "Event", "Status", "Quantity / range", "Reason", "Source"]}
              rows={d.trail.map((e) => [
                fmt(e.at),
                EVENT_LABELS[e.kind] ?? e.kind,
                e.fromStatus && e.toStatus && e.fromStatus !== e.toStatus ? `${e.fromStatus} → ${e.toStatus}` : (e.toStatus ?? "—"),
                e.promise?.to
                  ? `${e.promise.from ? `${range(e.promise.from)} → ` : ""}${range(e.promise.to)}`
                  : e.fromQuantity !== null && e.toQuantity !== null
                    ? `${e.fromQuantity} → ${e.toQuantity}`
                    : String(e.toQuantity ?? "—"),
                e.reason ?? "—",
                e.source ?? "—",
              ])}
            />
          </Card>
        </Layout.Section>
      </Layout>
    </Page>
  );
}
