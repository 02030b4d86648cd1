// The supplier's page for one purchase order: no login, outside /app. The signed, expiring token in
// the URL is the only credential (app/security/supplier-links.ts); the supplier confirms the order
// with a delivery date or proposes a new one.
import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { json } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { loadSupplierPurchaseOrder, respondViaSupplierLink } from "../services/replenishment/supplier-links.server";

export const meta: MetaFunction = () => [{ title: "Purchase order" }, { name: "robots", content: "noindex" }, { name: "referrer", content: "no-referrer" }];

const NO_STORE = { "Cache-Control": "no-store", "Referrer-Policy": "no-referrer" };

export const loader = async ({ params }: LoaderFunctionArgs) => {
  const r = await loadSupplierPurchaseOrder(params.token ?? "");
  if (!r.ok) throw new Response(r.message, { status: r.status, headers: NO_STORE });
  return json({ purchaseOrder: r.value }, { headers: NO_STORE });
};

export const action = async ({ request, params }: ActionFunctionArgs) => {
  const form = await request.formData();
  const note = form.get("note");
  const r = await respondViaSupplierLink(params.token ?? "", {
    intent: form.get("intent"),
    eta: form.get("eta"),
    ...(typeof note === "string" && note.trim() ? { note: note.trim() } : {}),
  });
  if (!r.ok) return json({ ok: false as const, message: r.message }, { status: r.status, headers: NO_STORE });
  return json({ ok: true as const, status: r.value.status, eta: r.value.eta }, { headers: NO_STORE });
};

export default function SupplierPurchaseOrder() {
  const { purchaseOrder: po } = useLoaderData<typeof loader>();
  const result = useActionData<typeof action>();
  const money = (n: number) => `${n.toFixed(2)} ${po.currency}`;
  return (
    <main style={{ fontFamily: "system-ui, sans-serif", maxWidth: 720, margin: "2rem auto", padding: "0 1rem" }}>
      <h1>Purchase order {po.number}</h1>
      <p>
        For {po.supplierName} · status <strong>{po.status}</strong>
        {po.eta ? ` · expected delivery ${po.eta}` : ""}
      </p>
      <table style={{ width: "100%", borderCollapse: "collapse" }}>
        <thead>
          <tr>
            <th align="left">SKU</th>
            <th align="left">Description</th>
            <th align="right">Quantity</th>
            <th align="right">Unit cost</th>
          </tr>
        </thead>
        <tbody>
          {po.lines.map((l) => (
            <tr key={l.sku}>
              <td>{l.sku}</td>
              <td>{l.description ?? ""}</td>
              <td align="right">{l.quantity}</td>
              <td align="right">{money(l.unitCost)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {result ? <p role="status">{result.ok ? `Thank you: the order is ${result.status}${result.eta ? `, delivery ${result.eta}` : ""}.` : result.message}</p> : null}
      {po.canRespond ? (
        <Form method="post" style={{ marginTop: "1.5rem", display: "grid", gap: "0.75rem", maxWidth: 360 }}>
          <label>
            Delivery date <input type="date" name="eta" required defaultValue={po.eta ?? ""} />
          </label>
          <label>
            Note (optional) <input type="text" name="note" maxLength={500} />
          </label>
          <div style={{ display: "flex", gap: "0.5rem" }}>
            <button type="submit" name="intent" value="confirm">
              Confirm order
            </button>
            <button type="submit" name="intent" value="propose">
              Propose this date
            </button>
          </div>
        </Form>
      ) : null}
    </main>
  );
}
