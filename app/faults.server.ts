// Fail points for fault-injection tests: named places in the pipeline where a test can make the
// code throw, or make the process die (SIGKILL) or hang, to prove no data is lost. Armed in-process
// with armFault(), or in a child process with BP_FAULTS="point:action[:times],..." — and only when
// NODE_ENV=test or BP_ALLOW_FAULTS=1, so a production process ignores them entirely.

export const FAULT_POINTS = [
  "intake.insert", // the acknowledgement path, after the HMAC check, before the delivery is stored
  "worker.apply", // inside a batch transaction, after the mirror writes, before evaluation
  "worker.evaluate", // evaluating a stock position
  "worker.beforeCommit", // a batch's writes done, not committed
  "lookup.apply", // applying assigned locations from the Admin API
  "replenishment.track", // deficit windows updated inside a batch transaction, not committed
  "replenishment.afterPurchaseOrderInsert", // a closing run (or fallback) inserted a PO, not committed
  "replenishment.afterSubmit", // the supplier accepted a PO, the outcome not recorded yet
  "replenishment.afterAlert", // an ops alert was sent, the outbox row not settled yet
  "notices.afterSend", // the SMTP server answered a customer notice, the outcome not recorded yet
  "promises.beforeCommit", // a promise refresh wrote its changes and outboxes, not committed
  "recovery.afterAdminCall", // a recovery outbox effect's Admin mutation answered, the outcome not recorded yet
  "recovery.beforeCommit", // a recovery decision (choice, aging step, follow-up) wrote its outbox rows, not committed
] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];
export type FaultAction = "throw" | "kill" | "hang";

type Armed = { action: FaultAction; remaining: number };
const armed = new Map<FaultPoint, Armed>();

function enabled(): boolean {
  return process.env.NODE_ENV === "test" || process.env.BP_ALLOW_FAULTS === "1";
}

function loadFromEnv(): void {
  const spec = process.env.BP_FAULTS;
  if (!spec || !enabled()) return;
  for (const part of spec.split(",").map((s) => s.trim()).filter(Boolean)) {
    const [point, action = "throw", times = "1"] = part.split(":");
    if (!(FAULT_POINTS as readonly string[]).includes(point)) throw new Error(`BP_FAULTS: unknown fault point "${point}"`);
    armed.set(point as FaultPoint, { action: action as FaultAction, remaining: times === "always" ? Infinity : Number(times) });
  }
}
loadFromEnv();

export function armFault(point: FaultPoint, action: FaultAction = "throw", times = 1): void {
  if (!enabled()) throw new Error("fault injection is only available in tests");
  armed.set(point, { action, remaining: times });
}

export function disarmFaults(): void {
  armed.clear();
}

export class InjectedFault extends Error {
  constructor(readonly point: FaultPoint) {
    super(`injected fault at ${point}`);
    this.name = "InjectedFault";
  }
}

/** A fail point: does nothing unless a test armed it. */
export async function failPoint(point: FaultPoint): Promise<void> {
  if (armed.size === 0) return;
  const a = armed.get(point);
  if (!a || a.remaining <= 0) return;
  a.remaining--;
  if (a.action === "kill") process.kill(process.pid, "SIGKILL");
  if (a.action === "hang") await new Promise(() => {});
  throw new InjectedFault(point);
}
