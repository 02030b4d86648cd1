// One escalation: why a person is needed, the pre-filled draft (editable before approving), and
// approve / dismiss. Used by the inbox and by the escalation page the alerts link to.
import { Badge, BlockStack, Box, Button, ButtonGroup, Card, DataTable, InlineStack, Link, Text, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import type { EscalationView } from "../services/replenishment-admin.server";
import { ESCALATION_STATUS_LABELS, money } from "../services/replenishment-labels";
import { useCommand } from "./use-command";

type Item = Omit<EscalationView, never>;

export function EscalationCard({ item, action }: { item: Item; action: string }) {
  const approve = useCommand();
  const dismiss = useCommand();
  const initial = () => (item.draft?.lines ?? []).map((l) => ({ sku: l.sku, quantity: String(l.quantity), unitCost: String(l.unitCost) }));
  const [editing, setEditing] = useState(false);
  const [lines, setLines] = useState(initial);
  const [dismissing, setDismissing] = useState(false);
  const [reason, setReason] = useState("");
  useEffect(() => setLines(initial()), [item.draft]); // eslint-disable-line react-hooks/exhaustive-deps
  const draft = item.draft;
  const errors = approve.fieldErrors;
  const created = new Date(item.createdAt).toLocaleString();

  return (
    <Card>
      <BlockStack gap="300">
        <InlineStack align="space-between" blockAlign="start" gap="200">
          <BlockStack gap="100">
            <Text as="h2" variant="headingSm">
              {item.label}
            </Text>
            <InlineStack gap="200" blockAlign="center">
              <Badge tone={item.status === "open" ? "warning" : item.status === "approved" ? "success" : undefined}>{ESCALATION_STATUS_LABELS[item.status] ?? item.status}</Badge>
              <Text as="span" tone="subdued" variant="bodySm">
                {item.sku ?? "—"} · {item.supplier?.name ?? "no supplier"} · {item.units} unit{item.units === 1 ? "" : "s"} · raised {created}
                {item.resolvedAt ? ` · ${item.status} ${new Date(item.resolvedAt).toLocaleString()}${item.resolvedBy ? ` by ${item.resolvedBy}` : ""}` : ""}
              </Text>
            </InlineStack>
          </BlockStack>
          {draft ? (
            <Link url={`/app/purchase-orders/${draft.id}`}>{`${draft.number} · ${draft.statusLabel}`}</Link>
          ) : null}
        </InlineStack>
        <Text as="p">{item.message}</Text>
        {item.reasons.length > 1 ? (
          <BlockStack gap="100">
            {item.reasons.slice(1).map((r, i) => (
              <Text as="p" tone="subdued" key={i}>
                <b>{r.label}.</b> {r.message}
              </Text>
            ))}
          </BlockStack>
        ) : null}
        {draft ? (
          editing && item.canApprove ? (
            <BlockStack gap="200">
              {lines.map((l, i) => (
                <InlineStack gap="300" blockAlign="end" key={l.sku}>
                  <Box minWidth="160px">
                    <Text as="span" fontWeight="semibold">
                      {l.sku}
                    </Text>
                  </Box>
                  <TextField
                    label="Quantity"
                    type="number"
                    min={1}
                    autoComplete="off"
                    value={l.quantity}
                    onChange={(v) => setLines(lines.map((x, j) => (j === i ? { ...x, quantity: v } : x)))}
                    error={errors[`edits.${i}.quantity`]}
                  />
                  <TextField
                    label={`Unit cost (${draft.currency})`}
                    type="number"
                    min={0}
                    step={0.01}
                    autoComplete="off"
                    value={l.unitCost}
                    onChange={(v) => setLines(lines.map((x, j) => (j === i ? { ...x, unitCost: v } : x)))}
                    error={errors[`edits.${i}.unitCost`]}
                  />
                </InlineStack>
              ))}
            </BlockStack>
          ) : (
            <DataTable
              columnContentTypes={["text", "numeric", "text", "numeric", "numeric", "numeric"]}
              headings={[`Draft ${draft.number} to ${draft.supplierName}`, "Quantity", "Of which", "Unit cost", "Lead time", "Total"]}
              rows={draft.lines.map((l) => [
                l.sku,
                l.quantity,
                `${l.customerUnits} for customers · ${l.bufferUnits} buffer${l.roundingUnits ? ` · ${l.roundingUnits} rounding` : ""}`,
                money(l.unitCost, draft.currency),
                `${l.leadTimeDays} d`,
                money(l.quantity * l.unitCost, draft.currency),
              ])}
            />
          )
        ) : (
          <Text as="p" tone="subdued">
            No draft: no supplier can take this shortage. Order it outside the app, then dismiss.
          </Text>
        )}
        {dismissing ? (
          <TextField label="Why dismiss?" value={reason} onChange={setReason} autoComplete="off" error={dismiss.fieldErrors.reason} helpText="Nothing will be ordered by the app." />
        ) : null}
        {item.status === "open" ? (
          <InlineStack align="end">
            <ButtonGroup>
              {dismissing ? (
                <>
                  <Button onClick={() => setDismissing(false)}>Keep</Button>
                  <Button tone="critical" loading={dismiss.busy} onClick={() => dismiss.run({ escalationId: item.id, intent: "dismiss", reason }, action)}>
                    Dismiss escalation
                  </Button>
                </>
              ) : (
                <>
                  <Button onClick={() => setDismissing(true)}>Dismiss</Button>
                  {item.canApprove ? (
                    <Button onClick={() => setEditing(!editing)} pressed={editing}>
                      Edit draft
                    </Button>
                  ) : null}
                  {item.canApprove ? (
                    <Button
                      variant="primary"
                      loading={approve.busy}
                      onClick={() =>
                        approve.run(
                          {
                            escalationId: item.id,
                            intent: "approve",
                            ...(editing ? { edits: lines.map((l) => ({ sku: l.sku, quantity: Number(l.quantity), unitCost: Number(l.unitCost) })) } : {}),
                          },
                          action,
                        )
                      }
                    >
                      {editing ? "Approve edited draft" : "Approve and submit"}
                    </Button>
                  ) : null}
                </>
              )}
            </ButtonGroup>
          </InlineStack>
        ) : null}
      </BlockStack>
    </Card>
  );
}
