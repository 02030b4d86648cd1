// Group commit: callers add items and wait; items that arrive while a write is in flight are written
// together by the next one. An idle system writes each item at once (no added latency); a busy one
// turns N concurrent writes into a few multi-row statements, each one round trip and one commit.

export type GroupCommitOptions<T> = {
  /** Writes one group; rejects to fail every item of that group. */
  write: (items: T[]) => Promise<void>;
  /** Largest group per statement. */
  maxBatch: number;
  /** Groups written at once (keep within the pool size). */
  maxInFlight: number;
};

type Pending<T> = { item: T; resolve: () => void; reject: (e: unknown) => void };

export type GroupCommitter<T> = {
  /** Resolves once the item is durably written (its group's statement committed). */
  add(item: T): Promise<void>;
  /** Items waiting plus groups in flight (for metrics and shutdown). */
  readonly backlog: number;
  /** Resolves when nothing is waiting or in flight. */
  drain(): Promise<void>;
};

export function createGroupCommitter<T>(o: GroupCommitOptions<T>): GroupCommitter<T> {
  const queue: Pending<T>[] = [];
  let inFlight = 0;
  let drained: (() => void)[] = [];

  const pump = () => {
    while (inFlight < o.maxInFlight && queue.length > 0) {
      const group = queue.splice(0, o.maxBatch);
      inFlight++;
      o.write(group.map((p) => p.item)).then(
        () => group.forEach((p) => p.resolve()),
        (error) => group.forEach((p) => p.reject(error)),
      ).finally(() => {
        inFlight--;
        pump();
        if (inFlight === 0 && queue.length === 0) {
          const waiting = drained;
          drained = [];
          waiting.forEach((r) => r());
        }
      });
    }
  };

  return {
    add(item) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        pump();
      });
    },
    get backlog() {
      return queue.length + inFlight;
    },
    drain() {
      if (inFlight === 0 && queue.length === 0) return Promise.resolve();
      return new Promise<void>((r) => drained.push(r));
    },
  };
}
