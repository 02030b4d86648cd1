// Recovery in the backorder queue: each row's next review, the "Due today" work list, and the bulk
// actions on selected lines (notify, offer choices, cancel with a refund or close with a reason,
// preview an allocation). Commands go to /app/recovery/actions.
import { useNavigate } from "@remix-run/react";
import { Badge, BlockStack, FormLayout, IndexTable, Modal, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";
import { useCommand } from "./use-command";

export type AgingCell = { nextReviewOn: string; actionLabel: string; dueToday: boolean; escalated: boolean; reasonLabel: string };

/** The "Next review" cell of a queue row. */
export function NextReviewCell({ aging, today }: { aging: AgingCell | undefined; today?: string }) {
  if (!aging) {
    return (
      <Text as="span" tone="subdued">
        —
      </Text>
    );
  }
  const due = aging.dueToday || (today !== undefined && aging.nextReviewOn <= today);
  return (
    <BlockStack gap="050">
      <Text as="span">{aging.nextReviewOn}</Text>
      {aging.escalated ? <Badge tone="critical">Escalated</Badge> : due ? <Badge tone="attention">{aging.actionLabel}</Badge> : null}
    </BlockStack>
  );
}

export type DueRow = {
  id: string;
  order: string;
  sku: string | null;
  title: string | null;
  channelLabel: string;
  quantityBackordered: number;
  quantityOrdered: number;
  bucket: string;
  nextReviewOn: string;
  action: string;
  reason: string;
  escalatedAt: string | null;
  overdue: boolean;
};

export function DueTodayRow({ row, index, selected, onOpen }: { row: DueRow; index: number; selected: boolean; onOpen: (id: string) => void }) {
  return (
    <IndexTable.Row id={row.id} position={index} selected={selected} onClick={() => onOpen(row.id)}>
      <IndexTable.Cell>
        <Text as="span" fontWeight="semibold">
          {row.order}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Text as="span">{row.sku ?? "—"}</Text>
          <Text as="span" tone="subdued" variant="bodySm">
            {row.title}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>
        <Text as="span" numeric>
          {row.quantityBackordered} of {row.quantityOrdered}
        </Text>
      </IndexTable.Cell>
      <IndexTable.Cell>{row.channelLabel}</IndexTable.Cell>
      <IndexTable.Cell>{row.bucket}</IndexTable.Cell>
      <IndexTable.Cell>
        <BlockStack gap="050">
          <Text as="span">{row.escalatedAt ? `Escalated ${row.escalatedAt}` : row.action}</Text>
          <Text as="span" tone="subdued" variant="bodySm">
            {row.reason}
          </Text>
        </BlockStack>
      </IndexTable.Cell>
      <IndexTable.Cell>{row.overdue ? <Badge tone="critical">{`Since ${row.nextReviewOn}`}</Badge> : <Badge tone="attention">Today</Badge>}</IndexTable.Cell>
    </IndexTable.Row>
  );
}

export const DUE_HEADINGS: [{ title: string }, ...{ title: string; alignment?: "end" }[]] = [
  { title: "Order" },
  { title: "SKU" },
  { title: "Backordered", alignment: "end" },
  { title: "Channel" },
  { title: "Aging" },
  { title: "What is due" },
  { title: "Review" },
];

type ReasonIntent = "cancel" | "close";

/** The queue's bulk actions on the selected lines, and the reason dialog cancel/close need. */
export function useRecoveryBulkActions(o: { selected: string[]; closeReasons: { value: string; label: string }[]; onDone: () => void }) {
  const command = useCommand({ onSuccess: () => o.onDone() });
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<ReasonIntent | null>(null);
  const [reason, setReason] = useState(o.closeReasons[0]?.value ?? "other");
  const [note, setNote] = useState("");
  const run = (intent: string, extra: Record<string, unknown> = {}) => command.run({ intent, ids: o.selected, ...extra }, "/app/recovery/actions");
  const actions = [
    { content: "Notify customers", onAction: () => run("notify") },
    { content: "Offer choices", onAction: () => run("offer_choices") },
    { content: "Preview allocation", onAction: () => navigate(`/app/restock?line=${o.selected[0]}`) },
  ];
  const more = [
    { content: "Cancel with refund…", destructive: true, onAction: () => setDialog("cancel") },
    { content: "Close with reason…", onAction: () => setDialog("close") },
  ];
  const modal = (
    <Modal
      open={dialog !== null}
      onClose={() => setDialog(null)}
      title={dialog === "cancel" ? `Cancel ${o.selected.length} backordered line(s) with a refund` : `Close ${o.selected.length} line(s)`}
      primaryAction={{
        content: dialog === "cancel" ? "Cancel and refund" : "Close lines",
        destructive: dialog === "cancel",
        loading: command.busy,
        onAction: () => {
          run(dialog!, { reason, ...(note.trim() ? { note: note.trim() } : {}) });
          setDialog(null);
        },
      }}
      secondaryActions={[{ content: "Back", onAction: () => setDialog(null) }]}
    >
      <Modal.Section>
        <FormLayout>
          <Text as="p">
            {dialog === "cancel"
              ? "The backordered units are removed from each order and refunded; the customers are told. Items in stock still ship."
              : "The lines leave the queue for good (nothing changes in Shopify). Say why: it shows in the audit trail and the reports."}
          </Text>
          <Select label="Reason" options={o.closeReasons} value={reason} onChange={setReason} error={command.fieldErrors.reason} />
          <TextField label="Note" autoComplete="off" value={note} onChange={setNote} multiline={2} error={command.fieldErrors.note} helpText="Required for “Other”." />
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
  return { promoted: actions, more, modal, busy: command.busy };
}
