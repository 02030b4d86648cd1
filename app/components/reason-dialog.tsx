// The dialog that "cancel with a refund" and "close with a reason" need, for one line (its recovery
// panel) or many (the queue's bulk actions): a reason code and an optional note, kept while the
// dialog is closed and reopened, handed to `onSubmit` with the intent.
import { FormLayout, Modal, Select, Text, TextField } from "@shopify/polaris";
import { useState } from "react";

export type ReasonIntent = "cancel" | "close";

export function ReasonDialog(o: {
  intent: ReasonIntent | null;
  title: Record<ReasonIntent, string>;
  submitLabel: Record<ReasonIntent, string>;
  intro?: Record<ReasonIntent, string>;
  closeReasons: { value: string; label: string }[];
  fieldErrors: Record<string, string | undefined>;
  busy?: boolean;
  onClose: () => void;
  onSubmit: (intent: ReasonIntent, input: { reason: string; note?: string }) => void;
}) {
  const [reason, setReason] = useState(o.closeReasons[0]?.value ?? "other");
  const [note, setNote] = useState("");
  const intent = o.intent;
  return (
    <Modal
      open={intent !== null}
      onClose={o.onClose}
      title={intent ? o.title[intent] : ""}
      primaryAction={{
        content: intent ? o.submitLabel[intent] : "",
        destructive: intent === "cancel",
        ...(o.busy === undefined ? {} : { loading: o.busy }),
        onAction: () => {
          if (intent) o.onSubmit(intent, { reason, ...(note.trim() ? { note: note.trim() } : {}) });
          o.onClose();
        },
      }}
      secondaryActions={[{ content: "Back", onAction: o.onClose }]}
    >
      <Modal.Section>
        <FormLayout>
          {intent && o.intro ? <Text as="p">{o.intro[intent]}</Text> : null}
          <Select label="Reason" options={o.closeReasons} value={reason} onChange={setReason} error={o.fieldErrors.reason} />
          <TextField label="Note" autoComplete="off" value={note} onChange={setNote} multiline={2} error={o.fieldErrors.note} helpText="Required for “Other”." />
        </FormLayout>
      </Modal.Section>
    </Modal>
  );
}
