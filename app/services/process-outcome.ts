/** How a delivery's handler settled it. */
export type ProcessOutcome = { status: "processed" | "skipped" | "failed"; reason: string | null };
