// The one entry point for the job handler: submit a purchase order on whichever channel the
// supplier uses, one attempt, classified result. EDI needs the X12 interchange, which the caller
// supplies through `renderX12` (app/domain/edi's serializer, with the trading-partner ids it needs).
import type { PurchaseOrderDocument, SubmissionResult } from "./purchase-order-document";
import { SupplierChannelSchema, type SupplierChannel } from "./supplier-channel-config";
import { submitViaApi } from "./submit-via-api.server";
import { submitViaEdi } from "./submit-via-edi.server";
import { submitViaEmail } from "./submit-via-email.server";
import { describeIssues } from "./validate-submission";

export type SubmitterDependencies = {
  renderX12: (po: PurchaseOrderDocument) => string;
};

export type Submitter = (po: PurchaseOrderDocument, channel: SupplierChannel) => Promise<SubmissionResult>;

export function createSubmitter({ renderX12 }: SubmitterDependencies): Submitter {
  return async (po, channel) => {
    // Checked here too, so a stored config from the database is validated before dispatch.
    const parsed = SupplierChannelSchema.safeParse(channel);
    if (!parsed.success) return { outcome: "rejected", reason: `invalid supplier channel: ${describeIssues(parsed.error)}` };
    switch (channel.channel) {
      case "api":
        return submitViaApi(po, channel.config);
      case "email":
        return submitViaEmail(po, channel.config);
      case "edi": {
        const x12 = serialize(renderX12, po);
        return typeof x12 === "string" ? submitViaEdi(x12, po, channel.config) : x12;
      }
    }
  };
}

function serialize(renderX12: (po: PurchaseOrderDocument) => string, po: PurchaseOrderDocument): string | SubmissionResult {
  try {
    return renderX12(po);
  } catch (error) {
    // The same document will fail the same way on every retry.
    return { outcome: "rejected", reason: `could not serialize X12 850: ${error instanceof Error ? error.message : String(error)}` };
  }
}
