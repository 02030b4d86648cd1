import type { ActionFunctionArgs, LoaderFunctionArgs, SerializeFrom } from "@remix-run/node";
import { json } from "@remix-run/node";
import { useLoaderData } from "@remix-run/react";
import {
  Badge,
  Banner,
  BlockStack,
  Box,
  Button,
  Card,
  Checkbox,
  DataTable,
  Divider,
  InlineGrid,
  InlineStack,
  Layout,
  Link,
  Modal,
  Page,
  RadioButton,
  Select,
  Text,
  TextField,
} from "@shopify/polaris";
import { useAppBridge } from "@shopify/app-bridge-react";
import { useEffect, useState } from "react";
import { authenticate } from "../shopify.server";
import { loadPurchaseOrderScreen, parsePurchaseOrderCommand, runPurchaseOrderCommand, type WhyTable } from "../services/replenishment-admin.server";
import { ORIGIN_LABELS, PURCHASE_ORDER_STATUS_TONES, SUPPLIER_CHANNEL_LABELS, money } from "../services/replenishment-labels";
import { useCommand } from "../components/use-command";

export const loader = async ({ request, params }: LoaderFunctionArgs) => {
  const { session } = await authenticate.admin(request);
  const po = await loadPurchaseOrderScreen(session.shop, params.id);
  // Another shop's id, or none: the same 404 either way.
  if (!po) throw new Response("Purchase order not found", { status: 404 });
  return { po };
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const { session, sessionToken } = await authenticate.admin(request);
  const parsed = parsePurchaseOrderCommand(await request.json().catch(() => null));
  const result = parsed.ok ? await runPurchaseOrderCommand(session.shop, params.id, parsed.command, { by: sessionToken?.sub ? `staff:${sessionToken.sub}` : undefined }) : parsed.result;
  return json(result, { status: result.ok ? 200 : result.status });
};

type Po = SerializeFrom<typeof loader>["po"];
const when = (iso: string | null) => (iso ? new Date(iso).toLocaleString() : "—");

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

function WhyScope({ scope, currency }: { scope: WhyTable["scopes"][number]; currency: string }) {
  const component = (c: WhyTable["scopes"][number]["candidates"][number], key: string) => {
    const x = c.components.find((k) => k.key === key);
    if (!x) return "—";
    return (
      <BlockStack gap="050">
        <Text as="span">{x.display}</Text>
        <Text as="span" tone="subdued" variant="bodySm">
          {x.normalised.toFixed(2)} × {Math.round(x.weight * 100)}% = +{x.points.toFixed(3)}
        </Text>
      </BlockStack>
    );
  };
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingXs">
        {scope.title}
      </Text>
      <DataTable
        columnContentTypes={["text", "text", "text", "text", "text", "text", "numeric"]}
        headings={["Supplier", "Score", "Lead time", "Fill rate", "Unit cost", "API availability", "Order qty"]}
        rows={scope.candidates.map((c) => [
          <BlockStack gap="100" key="s">
            <Text as="span" fontWeight={c.chosen ? "bold" : "regular"}>
              {c.supplierName}
            </Text>
            <InlineStack gap="100">
              {c.chosen ? <Badge tone="success">{c.eligible ? "Chosen" : "Chosen by a person"}</Badge> : null}
              {c.eligible ? <Badge tone={c.rank === 1 ? "info" : undefined}>{`#${c.rank}`}</Badge> : <Badge tone="critical">Not eligible</Badge>}
            </InlineStack>
          </BlockStack>,
          c.eligible ? (
            <Text as="span" fontWeight="semibold" key="t">
              {c.total === null ? "—" : c.total.toFixed(3)}
            </Text>
          ) : (
            <BlockStack gap="050" key="f">
              {c.failed.map((f) => (
                <Text as="span" tone="critical" variant="bodySm" key={f.code}>
                  {f.message}
                </Text>
              ))}
            </BlockStack>
          ),
          component(c, "leadTime"),
          component(c, "fillRate"),
          component(c, "unitCost"),
          component(c, "apiAvailability"),
          c.orderQuantity,
        ])}
      />
      <Text as="p" tone="subdued" variant="bodySm">
        Unit costs compared in {currency}. Each criterion is scaled 0–1 across the eligible suppliers (best 1, worst 0) and weighted as set in
        Settings.
      </Text>
    </BlockStack>
  );
}

function WhyCard({ po }: { po: Po }) {
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingSm">
          Why this supplier
        </Text>
        {po.why.length === 0 ? (
          <Text as="p" tone="subdued">
            No evaluation was stored for this purchase order.
          </Text>
        ) : (
          po.why.map((w) => (
            <BlockStack gap="300" key={w.sku}>
              <InlineStack gap="200" blockAlign="center">
                <Text as="span" fontWeight="semibold">
                  {w.sku}
                </Text>
                <Text as="span" tone="subdued">
                  {w.customerUnits} unit{w.customerUnits === 1 ? "" : "s"} for customers · {w.bufferUnits} buffer
                  {w.promiseWindowDays !== null ? ` · promise window ${w.promiseWindowDays} d` : ""} · {w.strategy}
                </Text>
              </InlineStack>
              {w.excluded.length ? (
                <Text as="p" tone="caution">
                  Excluded after a failed submission: {w.excluded.join(", ")}
                </Text>
              ) : null}
              {w.escalations.length ? (
                <Banner tone="warning">
                  <BlockStack gap="100">
                    {w.escalations.map((e, i) => (
                      <Text as="p" key={i}>
                        <b>{e.label}.</b> {e.message}
                      </Text>
                    ))}
                  </BlockStack>
                </Banner>
              ) : null}
              {w.scopes.map((s) => (
                <WhyScope key={s.scope} scope={s} currency={po.currency} />
              ))}
            </BlockStack>
          ))
        )}
      </BlockStack>
    </Card>
  );
}

function DraftEditor({ po }: { po: Po }) {
  const approve = useCommand();
  const change = useCommand();
  const [lines, setLines] = useState(() => po.lines.map((l) => ({ sku: l.sku, quantity: String(l.quantity), unitCost: String(l.unitCost) })));
  const [supplierId, setSupplierId] = useState("");
  useEffect(() => setLines(po.lines.map((l) => ({ sku: l.sku, quantity: String(l.quantity), unitCost: String(l.unitCost) }))), [po.lines]);
  const errors = approve.fieldErrors;
  return (
    <Card>
      <BlockStack gap="400">
        <Text as="h2" variant="headingSm">
          Draft — edit before approving
        </Text>
        {lines.map((l, i) => (
          <InlineGrid columns={{ xs: 1, md: 3 }} gap="300" key={l.sku}>
            <BlockStack gap="050">
              <Text as="span" fontWeight="semibold">
                {l.sku}
              </Text>
              <Text as="span" tone="subdued" variant="bodySm">
                {po.lines[i].customerUnits} for customers · {po.lines[i].bufferUnits} buffer · lead time {po.lines[i].leadTimeDays} d
              </Text>
            </BlockStack>
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
              label={`Unit cost (${po.currency})`}
              type="number"
              min={0}
              step={0.01}
              autoComplete="off"
              value={l.unitCost}
              onChange={(v) => setLines(lines.map((x, j) => (j === i ? { ...x, unitCost: v } : x)))}
              error={errors[`edits.${i}.unitCost`]}
            />
          </InlineGrid>
        ))}
        <InlineStack align="end">
          <Button
            variant="primary"
            loading={approve.busy}
            onClick={() => approve.run({ intent: "approve", edits: lines.map((l) => ({ sku: l.sku, quantity: Number(l.quantity), unitCost: Number(l.unitCost) })) })}
          >
            Approve and submit
          </Button>
        </InlineStack>
        <Divider />
        <InlineStack gap="300" blockAlign="end">
          <Box minWidth="260px">
            <Select
              label="Order from another supplier"
              options={[{ label: po.supplierChoices.length ? "Choose a supplier" : "No other supplier offers every SKU", value: "" }, ...po.supplierChoices.map((s) => ({ label: s.name, value: s.id }))]}
              value={supplierId}
              onChange={setSupplierId}
              disabled={po.supplierChoices.length === 0}
              error={change.fieldErrors.supplierId}
            />
          </Box>
          <Button disabled={!supplierId} loading={change.busy} onClick={() => change.run({ intent: "change-supplier", supplierId })}>
            Change supplier
          </Button>
        </InlineStack>
        <Text as="p" tone="subdued" variant="bodySm">
          Changing the supplier takes its unit cost and lead time and rounds the quantities to its MOQ and pack size.
        </Text>
      </BlockStack>
    </Card>
  );
}

function SupplierLink({ url }: { url: string }) {
  const shopify = useAppBridge();
  return (
    <BlockStack gap="200">
      <Text as="h3" variant="headingXs">
        Supplier link
      </Text>
      <InlineStack gap="200" blockAlign="end" wrap={false}>
        <Box width="100%">
          <TextField label="Link the supplier can use to confirm or propose a delivery date" labelHidden value={url} readOnly autoComplete="off" />
        </Box>
        <Button
          onClick={() => {
            void navigator.clipboard?.writeText(url).then(
              () => shopify.toast.show("Link copied"),
              () => shopify.toast.show("Could not copy: select the link and copy it", { isError: true }),
            );
          }}
        >
          Copy
        </Button>
      </InlineStack>
      <Text as="p" tone="subdued" variant="bodySm">
        No login needed; the link expires and only works for this purchase order.
      </Text>
    </BlockStack>
  );
}

function CancelModal({ po, open, onClose }: { po: Po; open: boolean; onClose: () => void }) {
  const cmd = useCommand({ onSuccess: onClose });
  const [reason, setReason] = useState("");
  const [reorder, setReorder] = useState(false);
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={`Cancel ${po.number}`}
      primaryAction={{ content: "Cancel purchase order", destructive: true, loading: cmd.busy, onAction: () => cmd.run({ intent: "cancel", reason, reorder }) }}
      secondaryActions={[{ content: "Keep it", onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <TextField label="Reason" value={reason} onChange={setReason} autoComplete="off" multiline={2} error={cmd.fieldErrors.reason} helpText="Shown in the timeline." />
          <Checkbox
            label="Order these units again from the next best supplier"
            checked={reorder}
            onChange={setReorder}
            helpText="Otherwise the units count as handled: you order them some other way."
          />
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

function ReceiveModal({ po, open, onClose }: { po: Po; open: boolean; onClose: () => void }) {
  const cmd = useCommand({ onSuccess: onClose });
  const live = po.lines.filter((l) => l.live && l.outstanding > 0);
  const [mode, setMode] = useState<"full" | "lines">("full");
  const [qty, setQty] = useState<Record<string, string>>({});
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={`Receive ${po.number}`}
      primaryAction={{
        content: "Record receipt",
        loading: cmd.busy,
        onAction: () => cmd.run({ intent: "receive", mode, lines: live.map((l) => ({ sku: l.sku, quantity: Number(qty[l.sku] ?? "0") || 0 })) }),
      }}
      secondaryActions={[{ content: "Close", onAction: onClose }]}
    >
      <Modal.Section>
        <BlockStack gap="300">
          <RadioButton label="Everything outstanding arrived" checked={mode === "full"} id="receive-full" name="receive-mode" onChange={() => setMode("full")} />
          <RadioButton label="Some lines or part of them" checked={mode === "lines"} id="receive-lines" name="receive-mode" onChange={() => setMode("lines")} />
          {mode === "lines"
            ? live.map((l) => (
                <TextField
                  key={l.sku}
                  label={`${l.sku} — ${l.outstanding} outstanding`}
                  type="number"
                  min={0}
                  autoComplete="off"
                  value={qty[l.sku] ?? ""}
                  onChange={(v) => setQty({ ...qty, [l.sku]: v })}
                />
              ))
            : null}
          {cmd.fieldErrors.lines ? (
            <Text as="p" tone="critical">
              {cmd.fieldErrors.lines}
            </Text>
          ) : null}
          <Text as="p" tone="subdued" variant="bodySm">
            Receiving records the delivery against this order. Add the stock in Shopify as usual: backorders resolve when the inventory update arrives.
          </Text>
        </BlockStack>
      </Modal.Section>
    </Modal>
  );
}

function ConfirmModal({ po, open, onClose }: { po: Po; open: boolean; onClose: () => void }) {
  const cmd = useCommand({ onSuccess: onClose });
  const [eta, setEta] = useState(po.eta ?? "");
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={`Record the supplier's confirmation of ${po.number}`}
      primaryAction={{ content: "Save delivery date", loading: cmd.busy, onAction: () => cmd.run({ intent: "confirm", eta }) }}
      secondaryActions={[{ content: "Close", onAction: onClose }]}
    >
      <Modal.Section>
        <TextField label="Delivery date" type="date" value={eta} onChange={setEta} autoComplete="off" error={cmd.fieldErrors.eta} />
      </Modal.Section>
    </Modal>
  );
}

export default function PurchaseOrderDetail() {
  const { po } = useLoaderData<typeof loader>();
  const submit = useCommand();
  const [modal, setModal] = useState<"cancel" | "receive" | "confirm" | null>(null);
  const close = () => setModal(null);
  const secondary = [
    ...(po.actions.submitNow ? [{ content: "Submit now", loading: submit.busy, onAction: () => submit.run({ intent: "submit-now" }) }] : []),
    ...(po.actions.checkStatus ? [{ content: "Ask the supplier now", loading: submit.busy, onAction: () => submit.run({ intent: "check-status" }) }] : []),
    ...(po.actions.confirm ? [{ content: "Record confirmation", onAction: () => setModal("confirm") }] : []),
    ...(po.actions.receive ? [{ content: "Receive", onAction: () => setModal("receive") }] : []),
    ...(po.actions.cancel ? [{ content: "Cancel order", destructive: true, onAction: () => setModal("cancel") }] : []),
  ];
  return (
    <Page
      fullWidth
      backAction={{ content: "Purchase orders", url: "/app/purchase-orders" }}
      title={po.number}
      titleMetadata={<Badge tone={PURCHASE_ORDER_STATUS_TONES[po.status]}>{po.statusLabel}</Badge>}
      subtitle={`${po.supplier.name} · ship to ${po.location} · ${money(po.total, po.currency)}`}
      secondaryActions={secondary}
    >
      <Layout>
        {po.escalation && po.escalation.status === "open" ? (
          <Layout.Section variant="fullWidth">
            <Banner tone="warning" title={`Waiting for approval: ${po.escalation.label}`}>
              <p>{po.escalation.message}</p>
            </Banner>
          </Layout.Section>
        ) : null}
        {po.replacedBy.length ? (
          <Layout.Section variant="fullWidth">
            <Banner tone="info" title="Ordered from another supplier instead">
              <p>
                {po.replacedBy.map((r, i) => (
                  <span key={r.id}>
                    {i ? ", " : ""}
                    <Link url={`/app/purchase-orders/${r.id}`}>{r.number}</Link> ({r.supplierName})
                  </span>
                ))}{" "}
                replaced this order after its submission failed.
              </p>
            </Banner>
          </Layout.Section>
        ) : null}
        {po.submission?.status === "pending" && po.attempts.length > 0 ? (
          <Layout.Section variant="fullWidth">
            <Banner tone="info" title="The supplier did not take the order yet: retrying">
              <p>
                Last answer: {po.submission.lastError ?? "none"}. Next attempt {when(po.submission.nextAt)}.
              </p>
            </Banner>
          </Layout.Section>
        ) : null}
        <Layout.Section variant="fullWidth">
          <Card>
            <InlineGrid columns={{ xs: 2, md: 4 }} gap="400">
              <Fact label="Supplier">
                <Link url={`/app/suppliers/${encodeURIComponent(po.supplier.id)}`}>{po.supplier.name}</Link>
                {po.supplier.channel ? ` · ${SUPPLIER_CHANNEL_LABELS[po.supplier.channel] ?? po.supplier.channel}` : ""}
              </Fact>
              <Fact label="Origin">
                {ORIGIN_LABELS[po.origin] ?? po.origin}
                {po.replaces ? (
                  <>
                    {" "}
                    · replaces <Link url={`/app/purchase-orders/${po.replaces.id}`}>{po.replaces.number}</Link> ({po.replaces.supplierName})
                  </>
                ) : null}
              </Fact>
              <Fact label="Created">{when(po.createdAt)}</Fact>
              <Fact label="Submitted">{when(po.submittedAt)}</Fact>
              <Fact label="ETA">{po.eta ?? "—"}</Fact>
              <Fact label="Supplier reference">{po.supplierReference ?? "—"}</Fact>
              <Fact label="Received">{when(po.receivedAt)}</Fact>
              <Fact label={po.cancelledAt ? "Cancelled" : "Oldest shortage"}>{po.cancelledAt ? `${when(po.cancelledAt)} · ${po.cancelReason ?? ""}` : when(po.detectedAt)}</Fact>
            </InlineGrid>
          </Card>
        </Layout.Section>
        {po.actions.editDraft ? (
          <Layout.Section variant="fullWidth">
            <DraftEditor po={po} />
          </Layout.Section>
        ) : null}
        <Layout.Section variant="fullWidth">
          <Card padding="0">
            <Box padding="400">
              <Text as="h2" variant="headingSm">
                Lines
              </Text>
            </Box>
            <DataTable
              columnContentTypes={["text", "numeric", "text", "numeric", "numeric", "numeric", "numeric"]}
              headings={["SKU", "Quantity", "Of which", "Unit cost", "Total", "Lead time", "Received"]}
              rows={po.lines.map((l) => [
                <BlockStack gap="050" key="sku">
                  <Text as="span" fontWeight="semibold" tone={l.live ? undefined : "subdued"}>
                    {l.sku}
                  </Text>
                  <Text as="span" tone="subdued" variant="bodySm">
                    {l.title ?? ""}
                  </Text>
                </BlockStack>,
                l.quantity,
                `${l.customerUnits} for customers · ${l.bufferUnits} buffer${l.roundingUnits ? ` · ${l.roundingUnits} rounding` : ""}`,
                money(l.unitCost, po.currency),
                money(l.lineTotal, po.currency),
                `${l.leadTimeDays} d`,
                `${l.received} of ${l.quantity}`,
              ])}
              totals={["", "", "", "", money(po.total, po.currency), "", ""]}
              showTotalsInFooter
            />
          </Card>
        </Layout.Section>
        <Layout.Section variant="fullWidth">
          <WhyCard po={po} />
        </Layout.Section>
        <Layout.Section variant="fullWidth">
          <Card padding="0">
            <Box padding="400">
              <BlockStack gap="100">
                <Text as="h2" variant="headingSm">
                  Backorders this order covers
                </Text>
                {po.windows.map((w) => (
                  <Text as="p" tone="subdued" variant="bodySm" key={w.id}>
                    Shortage of {w.sku ?? "—"}: {w.oversoldUnits} oversold{w.cancelledUnits ? `, ${w.cancelledUnits} cancelled` : ""} from {when(w.openedAt)}
                    {w.closedAt ? ` to ${when(w.closedAt)}` : ""} · {w.orderedUnits} ordered, {w.outstandingUnits} still waiting for stock
                  </Text>
                ))}
              </BlockStack>
            </Box>
            {po.coverage.length ? (
              <DataTable
                columnContentTypes={["text", "text", "text", "numeric", "numeric"]}
                headings={["Order", "SKU", "Channel", "Backordered", "Covered by this PO"]}
                rows={po.coverage.map((c) => [
                  <Link url={`/app/backorders/${c.backorderLineId}`} key="o">
                    {c.order}
                  </Link>,
                  c.sku ?? "—",
                  c.channel,
                  c.quantityBackordered,
                  c.units,
                ])}
              />
            ) : (
              <Box padding="400" paddingBlockStart="0">
                <Text as="p" tone="subdued">
                  No open backorder line is waiting on this order{po.status === "received" || po.status === "cancelled" ? "" : " right now"}.
                </Text>
              </Box>
            )}
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingSm">
                Submission
              </Text>
              {po.attempts.length ? (
                <DataTable
                  columnContentTypes={["text", "text", "text", "text"]}
                  headings={["Time", "Supplier", "Outcome", "Answer"]}
                  rows={po.attempts.map((a, i) => [
                    when(a.at),
                    a.supplierName,
                    <Badge key={i} tone={a.outcome === "accepted" ? "success" : a.outcome === "transient" ? "warning" : "critical"}>
                      {a.outcome === "accepted" ? "Accepted" : a.outcome === "transient" ? "No answer" : "Rejected"}
                    </Badge>,
                    a.reason ?? "—",
                  ])}
                />
              ) : (
                <Text as="p" tone="subdued">
                  {po.status === "escalated" ? "Nothing is sent until a person approves the draft." : po.submission ? "Waiting for the first attempt." : "No submission attempts."}
                </Text>
              )}
              {po.supplierLink ? <SupplierLink url={po.supplierLink} /> : null}
            </BlockStack>
          </Card>
        </Layout.Section>
        <Layout.Section variant="oneHalf">
          <Card>
            <BlockStack gap="300">
              <Text as="h2" variant="headingSm">
                Timeline
              </Text>
              {po.events.map((e, i) => (
                <BlockStack gap="050" key={i}>
                  <InlineStack gap="200">
                    <Text as="span" fontWeight="semibold">
                      {e.label}
                    </Text>
                    <Text as="span" tone="subdued" variant="bodySm">
                      {when(e.at)}
                    </Text>
                  </InlineStack>
                  {e.sentence ? (
                    <Text as="span" tone="subdued" variant="bodySm">
                      {e.sentence}
                    </Text>
                  ) : null}
                </BlockStack>
              ))}
            </BlockStack>
          </Card>
        </Layout.Section>
      </Layout>
      <CancelModal po={po} open={modal === "cancel"} onClose={close} />
      <ReceiveModal po={po} open={modal === "receive"} onClose={close} />
      <ConfirmModal po={po} open={modal === "confirm"} onClose={close} />
    </Page>
  );
}
