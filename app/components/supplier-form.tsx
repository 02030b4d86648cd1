// The supplier's fields: identity, how purchase orders reach it, and the typed-in performance that
// only seeds what the app computes from its own purchase orders.
import { FormLayout, Select, Text, TextField } from "@shopify/polaris";
import type { SupplierFormValues } from "../services/replenishment-admin.server";

export const EMPTY_SUPPLIER: SupplierFormValues = {
  id: "",
  name: "",
  status: "active",
  channel: "api",
  contactName: "",
  email: "",
  phone: "",
  apiUrl: "",
  apiKind: "json",
  apiToken: "",
  currency: "",
  timezone: "",
  fillRateSeed: "",
  onTimeRateSeed: "",
  apiAvailabilitySeed: "",
};

export function SupplierForm({
  values,
  onChange,
  errors,
  mode,
  hasApiToken = false,
}: {
  values: SupplierFormValues;
  onChange: (v: SupplierFormValues) => void;
  errors: Record<string, string>;
  mode: "create" | "update";
  hasApiToken?: boolean;
}) {
  const set = (k: keyof SupplierFormValues) => (v: string) => onChange({ ...values, [k]: v });
  const field = (k: keyof SupplierFormValues, label: string, extra: Partial<React.ComponentProps<typeof TextField>> = {}) => (
    <TextField label={label} value={values[k]} onChange={set(k)} error={errors[k]} autoComplete="off" {...extra} />
  );
  return (
    <FormLayout>
      <FormLayout.Group>
        {field("name", "Name")}
        {field("id", "Code", { disabled: mode === "update", helpText: mode === "create" ? "Used in CSV files, e.g. lumen" : "The code cannot change" })}
      </FormLayout.Group>
      <FormLayout.Group>
        <Select
          label="Status"
          options={[
            { label: "Active", value: "active" },
            { label: "Paused (not ordered from)", value: "paused" },
            { label: "Unavailable", value: "unavailable" },
          ]}
          value={values.status}
          onChange={set("status")}
          error={errors.status}
        />
        <Select
          label="Purchase orders go by"
          options={[
            { label: "API", value: "api" },
            { label: "Email", value: "email" },
            { label: "EDI (X12 850)", value: "edi" },
          ]}
          value={values.channel}
          onChange={set("channel")}
          error={errors.channel}
        />
      </FormLayout.Group>
      {values.channel === "email" ? field("email", "Order email address", { type: "email" }) : null}
      {values.channel === "api" || values.channel === "edi" ? (
        <FormLayout.Group>
          {field("apiUrl", values.channel === "edi" ? "EDI endpoint URL" : "API URL", { type: "url" })}
          {values.channel === "api" ? (
            <Select
              label="API kind"
              options={[
                { label: "JSON", value: "json" },
                { label: "GraphQL", value: "graphql" },
              ]}
              value={values.apiKind}
              onChange={set("apiKind")}
            />
          ) : null}
        </FormLayout.Group>
      ) : null}
      {values.channel !== "email" ? field("apiToken", "API token", { type: "password", helpText: hasApiToken ? "Leave empty to keep the stored token" : "Sent as a Bearer token" }) : null}
      {values.channel !== "email" ? field("email", "Email (optional)", { type: "email" }) : null}
      <FormLayout.Group>
        {field("contactName", "Contact")}
        {field("phone", "Phone")}
      </FormLayout.Group>
      <FormLayout.Group>
        {field("currency", "Currency", { placeholder: "Shop currency", helpText: "ISO code, e.g. USD" })}
        {field("timezone", "Time zone", { placeholder: "Shop time zone", helpText: "e.g. Europe/Berlin" })}
      </FormLayout.Group>
      <Text as="p" tone="subdued" variant="bodySm">
        Performance you know from before using the app. It only seeds the rates the app computes from its own purchase orders and fades as
        history grows; empty uses 90% / 85% / 95%.
      </Text>
      <FormLayout.Group condensed>
        {field("fillRateSeed", "Fill rate", { type: "number", suffix: "%" })}
        {field("onTimeRateSeed", "On-time rate", { type: "number", suffix: "%" })}
        {field("apiAvailabilitySeed", "API availability", { type: "number", suffix: "%" })}
      </FormLayout.Group>
    </FormLayout>
  );
}
