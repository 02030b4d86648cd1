// A backorder's recovery: how its order is held in Shopify (the fulfillment orders and their holds
// as last synced, the customer's choice), its aging plan, the stock that reached it, the Admin
// effects queued for its order, and what staff can do (notify, offer choices, a customer link,
// cancel with a refund or close with a reason).
import { Badge, BlockStack, Box, Button, Card, DataTable, InlineStack, Layout, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useCommand, type CommandAnswer } from "./use-command";
import { ReasonDialog, type ReasonIntent } from "./reason-dialog";

export type RecoveryPanelData = {
  lineId: string;
  open: boolean;
  holdRuleLabel: string;
  customerChoice: { label: string; at: string | null } | null;
  fulfillmentOrders: { id: string; status: string; lines: { title: string | null; quantity: number }[]; holds: { handle: string; ours: boolean }[] }[];
  heldHandles: string[];
  holdsSyncedAt: string | null;
  aging: {
    bucket: string;
    action: string;
    reason: string;
    nextReviewOn: string;
    lastNotifiedAt: string | null;
    escalatedAt: string | null;
    outreachAt: string | null;
    consentRequestedAt: string | null;
    consentGivenAt: string | null;
    cancelRequestedAt: string | null;
    closedReason: string | null;
    closedNote: string | null;
  } | null;
  allocations: { id: string; units: number; from: number; to: number; cause: string; source: string | null; at: string }[];
  actions: { id: string; kind: string; status: string; attempts: number; lastError: string | null; createdAt: string; doneAt: string | null }[];
  closeReasons: { value: string; label: string }[];
};

const KIND_LABELS: Record<string, string> = {
  sync_holds: "Fulfillment holds",
  customer_choice: "Customer's choice",
  cancel_line: "Cancellation",
  set_inventory_policy: "Inventory policy",
  adjust_inventory: "Restock",
};
const STATUS_LABELS: Record<string, string> = { OPEN: "Open", ON_HOLD: "On hold", IN_PROGRESS: "In progress", SCHEDULED: "Scheduled", INCOMPLETE: "Incomplete", CLOSED: "Closed", CANCELLED: "Cancelled" };
const fmt = (iso: string) => new Date(iso).toLocaleString();

export function RecoveryPanel({ data }: { data: RecoveryPanelData }) {
  const command = useCommand<CommandAnswer & { url?: string }>();
  const [dialog, setDialog] = useState<ReasonIntent | null>(null);
  const link = command.answer && command.answer.ok ? command.answer.url : undefined;
  const run = (intent: string, extra: Record<string, unknown> = {}) => command.run({ intent, ids: [data.lineId], ...extra }, "/app/recovery/actions");
  const a = data.aging;
  return (
    <>
      <Layout.Section>
        <Card>
          <BlockStack gap="300">
            <InlineStack align="space-between" blockAlign="center">
              <Text as="h2" variant="headingSm">
                Fulfillment
              </Text>
              <Text as="span" tone="subdued" variant="bodySm">
                {data.holdsSyncedAt ? `Holds synced ${fmt(data.holdsSyncedAt)}` : "No holds placed yet"}
              </Text>
            </InlineStack>
            <Text as="p">
              Rule: {data.holdRuleLabel}
              {data.customerChoice ? ` · Customer chose: ${data.customerChoice.label}` : ""}
            </Text>
            {data.fulfillmentOrders.length ? (
              <DataTable
                columnContentTypes={["text", "text", "text"]}
                headings={["Fulfillment order", "Items", "Holds"]}
                rows={data.fulfillmentOrders.map((fo) => [
                  `${STATUS_LABELS[fo.status] ?? fo.status} · #${fo.id}`,
                  fo.lines.map((l) => `${l.quantity} × ${l.title ?? "Item"}`).join(", ") || "—",
                  fo.holds.map((h) => (h.ours ? h.handle : `${h.handle || "merchant"} (not ours)`)).join(", ") || "—",
                ])}
              />
            ) : null}
            {data.open ? (
              <InlineStack gap="200">
                <Button onClick={() => run("notify")} loading={command.busy}>
                  Notify customer
                </Button>
                <Button onClick={() => run("offer_choices")}>Email choices to customer</Button>
                <Button onClick={() => run("choice_link")}>Create customer link</Button>
                <Button tone="critical" onClick={() => setDialog("cancel")}>
                  Cancel with refund…
                </Button>
                <Button onClick={() => setDialog("close")}>Close with reason…</Button>
              </InlineStack>
            ) : null}
            {link ? <TextField label="Customer link (valid once)" value={link} readOnly autoComplete="off" selectTextOnFocus /> : null}
          </BlockStack>
        </Card>
      </Layout.Section>
      <Layout.Section variant="oneThird">
        <Card>
          <BlockStack gap="200">
            <Text as="h2" variant="headingSm">
              Aging
            </Text>
            {a ? (
              <>
                <InlineStack gap="200">
                  <Badge>{a.bucket}</Badge>
                  {a.escalatedAt ? <Badge tone="critical">{`Escalated ${a.escalatedAt}`}</Badge> : null}
                </InlineStack>
                <Text as="p">{a.closedReason ? `Closed: ${a.closedReason}${a.closedNote ? ` — ${a.closedNote}` : ""}` : `${a.action} · ${a.reason}`}</Text>
                <Text as="p" tone="subdued">
                  Next review {a.nextReviewOn}
                  {a.lastNotifiedAt ? ` · last told ${a.lastNotifiedAt}` : ""}
                  {a.consentRequestedAt ? ` · asked ${a.consentRequestedAt}` : ""}
                  {a.consentGivenAt ? ` · agreed to wait ${a.consentGivenAt}` : ""}
                  {a.cancelRequestedAt ? ` · cancellation requested ${a.cancelRequestedAt}` : ""}
                </Text>
              </>
            ) : (
              <Text as="p" tone="subdued">
                Planned at the next recovery run.
              </Text>
            )}
          </BlockStack>
        </Card>
      </Layout.Section>
      {data.allocations.length || data.actions.length ? (
        <Layout.Section>
          <Card padding="0">
            <Box padding="400">
              <Text as="h2" variant="headingSm">
                Stock and Shopify changes
              </Text>
            </Box>
            <DataTable
              columnContentTypes={["text", "text", "text", "text"]}
              headings={["Time", "What", "Status", "Detail"]}
              rows={[
                ...data.allocations.map((x) => [fmt(x.at), `Stock reached the line: ${x.units} unit(s)`, `${x.from} → ${x.to} waiting`, x.cause === "restock" ? `Restock (${x.source ?? "—"})` : "Released by another order"]),
                ...data.actions.map((x) => [fmt(x.createdAt), KIND_LABELS[x.kind] ?? x.kind, x.status === "done" ? "Done" : x.status === "failed" ? "Failed" : `Pending (${x.attempts} attempt(s))`, x.lastError ?? (x.doneAt ? fmt(x.doneAt) : "—")]),
              ]}
            />
          </Card>
        </Layout.Section>
      ) : null}
      <ReasonDialog
        intent={dialog}
        title={{ cancel: "Cancel the backordered units with a refund", close: "Close this line" }}
        submitLabel={{ cancel: "Cancel and refund", close: "Close line" }}
        closeReasons={data.closeReasons}
        fieldErrors={command.fieldErrors}
        onClose={() => setDialog(null)}
        onSubmit={(intent, input) => run(intent, input)}
      />
    </>
  );
}
