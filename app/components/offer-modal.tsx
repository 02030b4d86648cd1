// Adds or edits one offer of the supplier matrix (a SKU from a supplier), or removes it.
import { FormLayout, Modal, Select, TextField } from "@shopify/polaris";
import { useEffect, useState } from "react";
import { useCommand } from "./use-command";

export type OfferDraft = {
  supplierId: string;
  sku: string;
  leadTimeDays: string;
  moq: string;
  packSize: string;
  unitCost: string;
  currency: string;
  available: string;
  supplierSku: string;
  lastUnitCostSeed: string;
};

type OfferLike = {
  supplierId: string;
  sku: string;
  leadTimeDays: number;
  moq: number;
  packSize: number;
  unitCost: number;
  currency: string;
  available: number | null;
  supplierSku: string | null;
  lastUnitCostSeed: number | null;
};

export function offerDraft(o: OfferLike | null, defaults: { supplierId?: string; sku?: string } = {}): OfferDraft {
  return {
    supplierId: o?.supplierId ?? defaults.supplierId ?? "",
    sku: o?.sku ?? defaults.sku ?? "",
    leadTimeDays: o ? String(o.leadTimeDays) : "",
    moq: o ? String(o.moq) : "1",
    packSize: o ? String(o.packSize) : "1",
    unitCost: o ? String(o.unitCost) : "",
    currency: o?.currency ?? "",
    available: o?.available === null || o?.available === undefined ? "" : String(o.available),
    supplierSku: o?.supplierSku ?? "",
    lastUnitCostSeed: o?.lastUnitCostSeed === null || o?.lastUnitCostSeed === undefined ? "" : String(o.lastUnitCostSeed),
  };
}

export function OfferModal({
  open,
  onClose,
  initial,
  isNew,
  suppliers,
  action,
}: {
  open: boolean;
  onClose: () => void;
  initial: OfferDraft;
  isNew: boolean;
  suppliers: { id: string; name: string }[];
  action?: string;
}) {
  const save = useCommand({ onSuccess: onClose });
  const remove = useCommand({ onSuccess: onClose });
  const [v, setV] = useState(initial);
  useEffect(() => setV(initial), [initial]);
  const e = save.fieldErrors;
  const set = (k: keyof OfferDraft) => (x: string) => setV({ ...v, [k]: x });
  return (
    <Modal
      open={open}
      onClose={onClose}
      title={isNew ? "Add an offer" : `${v.sku} from ${suppliers.find((s) => s.id === v.supplierId)?.name ?? v.supplierId}`}
      primaryAction={{ content: isNew ? "Add offer" : "Save offer", loading: save.busy, onAction: () => save.run({ intent: "save-offer", values: v }, action) }}
      secondaryActions={[
        ...(isNew ? [] : [{ content: "Remove offer", destructive: true, loading: remove.busy, onAction: () => remove.run({ intent: "delete-offer", supplierId: v.supplierId, sku: v.sku }, action) }]),
        { content: "Cancel", onAction: onClose },
      ]}
    >
      <Modal.Section>
        <FormLayout>
          <FormLayout.Group>
            <Select
              label="Supplier"
              disabled={!isNew}
              options={[{ label: "Choose a supplier", value: "" }, ...suppliers.map((s) => ({ label: s.name, value: s.id }))]}
              value={v.supplierId}
              onChange={set("supplierId")}
              error={e.supplierId}
            />
            <TextField label="SKU" disabled={!isNew} value={v.sku} onChange={set("sku")} error={e.sku} autoComplete="off" />
          </FormLayout.Group>
          <FormLayout.Group>
            <TextField label="Lead time" type="number" suffix="days" value={v.leadTimeDays} onChange={set("leadTimeDays")} error={e.leadTimeDays} autoComplete="off" />
            <TextField label="Unit cost" type="number" step={0.01} value={v.unitCost} onChange={set("unitCost")} error={e.unitCost} autoComplete="off" />
            <TextField label="Currency" placeholder="Supplier's" value={v.currency} onChange={set("currency")} error={e.currency} autoComplete="off" />
          </FormLayout.Group>
          <FormLayout.Group>
            <TextField label="MOQ" type="number" value={v.moq} onChange={set("moq")} error={e.moq} autoComplete="off" />
            <TextField label="Pack size" type="number" value={v.packSize} onChange={set("packSize")} error={e.packSize} autoComplete="off" />
            <TextField label="Available" type="number" placeholder="Unlimited" value={v.available} onChange={set("available")} error={e.available} autoComplete="off" />
          </FormLayout.Group>
          <FormLayout.Group>
            <TextField label="Supplier's SKU" value={v.supplierSku} onChange={set("supplierSku")} error={e.supplierSku} autoComplete="off" />
            <TextField
              label="Last unit cost paid"
              type="number"
              step={0.01}
              helpText="Before using the app. Compared with the offer to catch price changes."
              value={v.lastUnitCostSeed}
              onChange={set("lastUnitCostSeed")}
              error={e.lastUnitCostSeed}
              autoComplete="off"
            />
          </FormLayout.Group>
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}
