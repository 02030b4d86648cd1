// How a re-computed promise relates to the one the customer holds. Only a later end date breaks
// what they were told, so only a slip (or the first promise) is worth a message; an earlier,
// narrower or wider-at-the-front window stays within what they expect.
import type { PromiseWindow } from "./compute-promise";

export type PromiseChange = "unchanged" | "earlier" | "slipped" | "narrowed" | "widened";

/**
 * - slipped: the window now ends later (whatever its start did);
 * - earlier: it ends earlier and starts earlier;
 * - narrowed: it ends no later and starts no earlier, i.e. lies inside the old one;
 * - widened: it ends on the same day and starts earlier.
 */
export function promiseChange(previous: PromiseWindow, next: PromiseWindow): PromiseChange {
  if (next.latest > previous.latest) return "slipped";
  if (next.earliest === previous.earliest && next.latest === previous.latest) return "unchanged";
  if (next.earliest >= previous.earliest) return "narrowed";
  return next.latest < previous.latest ? "earlier" : "widened";
}

/** A customer hears about their first promise and about every slip, nothing else. */
export function shouldNotifyCustomer(previous: PromiseWindow | null, next: PromiseWindow): boolean {
  return previous === null || promiseChange(previous, next) === "slipped";
}
