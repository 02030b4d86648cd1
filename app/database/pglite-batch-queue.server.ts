// pglite-socket queues each wire-protocol MESSAGE, so two connections' extended-protocol sequences
// (Parse/Bind/Describe/Execute ... Sync) interleave on PGlite's single session and fail ("bind
// message supplies 4 parameters, but prepared statement "" requires 2"). This keeps a connection's
// sequence together: once a handler sends an extended-protocol message, only that handler is served
// until its Sync — the same stickiness pglite-socket already applies to open transactions.
import type { PGlite } from "@electric-sql/pglite";

type QueuedQuery = {
  handlerId: number;
  message: Uint8Array;
  resolve: (n: number) => void;
  reject: (e: Error) => void;
  onData: (data: Uint8Array) => void;
};

type QueueManager = {
  queue: QueuedQuery[];
  processing: boolean;
  db: PGlite;
  lastHandlerId: number | null;
  processQueue: () => Promise<void>;
  clearQueueForHandler: (handlerId: number) => void;
  clearTransactionIfNeeded: (handlerId: number) => Promise<void>;
};

// Frontend messages that open or continue an extended-protocol sequence (ends with Sync 'S').
const EXTENDED = new Set(["P", "B", "D", "E", "C", "H"].map((c) => c.charCodeAt(0)));
const SYNC = "S".charCodeAt(0);
const QUERY = "Q".charCodeAt(0);

export function keepProtocolSequencesTogether(server: unknown): void {
  const q = (server as { queryQueue: QueueManager }).queryQueue;
  let midSequence: number | null = null;

  q.processQueue = async function processQueue(this: QueueManager) {
    if (this.processing || this.queue.length === 0) return;
    this.processing = true;
    try {
      while (this.queue.length > 0) {
        const sticky = midSequence ?? (this.db.isInTransaction() ? this.lastHandlerId : null);
        const i = sticky === null ? 0 : this.queue.findIndex((x) => x.handlerId === sticky);
        // The sticky connection has nothing queued yet: wait for it (enqueue restarts processing).
        if (i === -1) break;
        const query = this.queue.splice(i, 1)[0];
        let bytes = 0;
        try {
          await this.db.runExclusive(() =>
            this.db.execProtocolRawStream(query.message, {
              onRawData: (data: Uint8Array) => {
                bytes += data.length;
                query.onData(data);
              },
            }),
          );
        } catch (error) {
          midSequence = null;
          query.reject(error as Error);
          continue;
        }
        const type = query.message[0];
        if (EXTENDED.has(type)) midSequence = query.handlerId;
        else if (type === SYNC || type === QUERY) midSequence = null;
        this.lastHandlerId = query.handlerId;
        query.resolve(bytes);
      }
    } finally {
      this.processing = false;
    }
  }.bind(q);

  const clear = q.clearQueueForHandler.bind(q);
  q.clearQueueForHandler = (handlerId: number) => {
    // A connection that drops mid-sequence must not block the others.
    if (midSequence === handlerId) midSequence = null;
    clear(handlerId);
    void q.processQueue();
  };
}
