// In-process wake-up for delivery workers: the acknowledgement path signals after its group commit,
// so a worker in the same process starts at once (demo, tests, single-process installs). Workers in
// other processes are woken by Postgres NOTIFY or their poll.
type Listener = () => void;
const listeners = new Set<Listener>();

export function onDeliveriesStored(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function signalDeliveriesStored(): void {
  for (const l of listeners) l();
}
