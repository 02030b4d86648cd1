// Recovery in the backorder queue: each row's next review, the "Due today" work list, and the bulk
// actions on selected lines (notify, offer choices, cancel with a refund or close with a reason,
// preview an allocation). Commands go to /app/recovery/actions.
import { useNavigate } from "@remix-run/react";
import { Badge, BlockStack, IndexTable, Text } from "@shopify/polaris";
import { useState } from "react";
import { useCommand } from "./use-command";
import { ReasonDialog, type ReasonIntent } from "./reason-dialog";
import { BackorderLineCells } from "./backorder-line-cells";

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
      <BackorderLineCells row={row} />
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

/** The queue's bulk actions on the selected lines, and the reason dialog cancel/close need. */
export function useRecoveryBulkActions(o: { selected: string[]; closeReasons: { value: string; label: string }[]; onDone: () => void }) {
  const command = useCommand({ onSuccess: () => o.onDone() });
  const navigate = useNavigate();
  const [dialog, setDialog] = useState<ReasonIntent | null>(null);
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
    <ReasonDialog
      intent={dialog}
      title={{ cancel: `Cancel ${o.selected.length} backordered line(s) with a refund`, close: `Close ${o.selected.length} line(s)` }}
      submitLabel={{ cancel: "Cancel and refund", close: "Close lines" }}
      intro={{
        cancel: "The backordered units are removed from each order and refunded; the customers are told. Items in stock still ship.",
        close: "The lines leave the queue for good (nothing changes in Shopify). Say why: it shows in the audit trail and the reports.",
      }}
      closeReasons={o.closeReasons}
      fieldErrors={command.fieldErrors}
      busy={command.busy}
      onClose={() => setDialog(null)}
      onSubmit={(intent, input) => run(intent, input)}
    />
  );
  return { promoted: actions, more, modal, busy: command.busy };
}
