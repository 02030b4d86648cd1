// The plan's "why" as plain text, for the escalation draft, the PO timeline and logs.
import type { CandidateEvaluation, EvaluationScope } from "./evaluate-candidates";
import { SCORE_COMPONENTS, SCORE_COMPONENT_LABELS, type ScoreComponent } from "./score-weights";

const SCOPE_TITLES: Record<EvaluationScope, string> = {
  order: "Whole order",
  customer_units: "Units customers wait on",
  buffer_units: "Buffer stock",
  late_customer_units: "Units customers wait on, beyond the promise window",
};

const VALUE_FORMAT: Record<ScoreComponent, (value: number) => string> = {
  leadTime: (v) => `${v} d`,
  fillRate: String,
  unitCost: String,
  apiAvailability: String,
};

function row(e: CandidateEvaluation, idWidth: number): string {
  const id = e.supplierId.padEnd(idWidth);
  if (!e.score) return `  -  ${id}  not eligible: ${e.failed.map((f) => f.message).join("; ")}`;
  const parts = SCORE_COMPONENTS.map((c) => {
    const { value, normalised, points } = e.score!.components[c];
    return `${SCORE_COMPONENT_LABELS[c]} ${VALUE_FORMAT[c](value)} → ${normalised} (+${points})`;
  });
  return `  #${e.rank} ${id}  score ${e.score.total}  qty ${e.orderQuantity}  ${parts.join(", ")}`;
}

/** One block per scope, candidates in evaluation order (best first, then the ineligible). */
export function formatWhyTable(evaluations: readonly CandidateEvaluation[]): string {
  const idWidth = Math.max(0, ...evaluations.map((e) => e.supplierId.length));
  const scopes = [...new Set(evaluations.map((e) => e.scope))];
  return scopes
    .map((scope) => [SCOPE_TITLES[scope], ...evaluations.filter((e) => e.scope === scope).map((e) => row(e, idWidth))].join("\n"))
    .join("\n");
}
