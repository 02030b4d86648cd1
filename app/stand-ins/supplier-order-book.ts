// The supplier stand-in's memory: per-supplier behaviour, every request, every order, and the
// Idempotency-Key ledger that makes a repeated submission return the original order.
import { IsoDateSchema } from "../integrations/suppliers/purchase-order-document";
import type { SupplierOrderStatus, SupplierPurchaseOrder } from "../integrations/suppliers/supplier-api-contract";

export type SupplierMode =
  | "up"
  | "down" // connection destroyed without an answer
  | "slow" // processes the order, answers after delayMs
  | "5xx" // 500
  | "rejects" // 422 (GraphQL: userErrors) with rejectReason
  | "flaky" // 503 for the first failFirst requests, then up
  | "throttled" // 429 with Retry-After
  | "garbled"; // 200 with an HTML page instead of an answer

export type SupplierBehaviour = {
  mode: SupplierMode;
  delayMs?: number;
  failFirst?: number;
  /** Orders get an ETA this many days after the clock's today; none when absent. */
  etaDays?: number;
  /** Requests must carry `Authorization: Bearer <token>`. */
  token?: string;
  rejectReason?: string;
  /** Sent as Retry-After on 5xx/503/429 answers (429 defaults to 1). */
  retryAfterSeconds?: number;
};

export type OrderChannel = "json" | "graphql" | "edi";

type OrderCommon = {
  reference: string;
  supplierId: string;
  idempotencyKey: string;
  status: SupplierOrderStatus;
  /** YYYY-MM-DD */
  eta?: string;
  receivedAt: Date;
};
export type StandInOrder = OrderCommon & ({ channel: "json" | "graphql"; purchaseOrder: SupplierPurchaseOrder } | { channel: "edi"; x12: string });
export type NewOrder = { channel: "json" | "graphql"; purchaseOrder: SupplierPurchaseOrder } | { channel: "edi"; x12: string };

export type RecordedRequest = {
  endpoint: "submit" | "status" | "graphql" | "edi";
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  idempotencyKey?: string;
  receivedAt: Date;
  /** The status code answered, or "destroyed" when the connection was cut. */
  answer?: number | "destroyed";
};

export type PlaceResult = { kind: "created" | "replayed"; order: StandInOrder } | { kind: "conflict"; order: StandInOrder };

type SupplierState = { behaviour: SupplierBehaviour; attempts: number; requests: RecordedRequest[]; sequence: number };

export class SupplierOrderBook {
  private readonly suppliers = new Map<string, SupplierState>();
  private readonly byReference = new Map<string, StandInOrder>();
  private readonly byKey = new Map<string, { order: StandInOrder; fingerprint?: string }>();

  constructor(
    suppliers: Record<string, SupplierBehaviour>,
    private readonly clock: () => Date,
  ) {
    for (const [id, behaviour] of Object.entries(suppliers)) this.addSupplier(id, behaviour);
  }

  addSupplier(id: string, behaviour: SupplierBehaviour): void {
    if (this.suppliers.has(id)) throw new Error(`supplier stand-in: ${id} already exists`);
    this.suppliers.set(id, { behaviour: { ...behaviour }, attempts: 0, requests: [], sequence: 0 });
  }

  has(id: string): boolean {
    return this.suppliers.has(id);
  }

  behaviour(id: string): SupplierBehaviour {
    return this.state(id).behaviour;
  }

  /** Changes the mode (and any option given); the flaky counter starts over. */
  setMode(id: string, mode: SupplierMode, options: Omit<SupplierBehaviour, "mode"> = {}): void {
    const state = this.state(id);
    state.behaviour = { ...state.behaviour, ...options, mode };
    state.attempts = 0;
  }

  /** Counts an attempt against the supplier and returns its number (1-based). */
  countAttempt(id: string): number {
    return ++this.state(id).attempts;
  }

  record(id: string, request: Omit<RecordedRequest, "receivedAt">): RecordedRequest {
    const recorded = { ...request, receivedAt: this.clock() };
    this.state(id).requests.push(recorded);
    return recorded;
  }

  /**
   * Creates the order once per (supplier, key). A repeat returns the original; a repeat with a
   * different purchase order (fingerprint) is a conflict, as with any idempotent API.
   */
  place(supplierId: string, idempotencyKey: string, order: NewOrder, fingerprint?: string): PlaceResult {
    const ledgerKey = JSON.stringify([supplierId, idempotencyKey]);
    const existing = this.byKey.get(ledgerKey);
    if (existing) {
      const conflict = existing.fingerprint !== undefined && fingerprint !== undefined && existing.fingerprint !== fingerprint;
      return { kind: conflict ? "conflict" : "replayed", order: existing.order };
    }
    const state = this.state(supplierId);
    const created: StandInOrder = {
      ...order,
      reference: `SO-${supplierId}-${String(++state.sequence).padStart(5, "0")}`,
      supplierId,
      idempotencyKey,
      status: "accepted",
      eta: etaAfter(this.clock(), state.behaviour.etaDays),
      receivedAt: this.clock(),
    };
    this.byKey.set(ledgerKey, { order: created, fingerprint });
    this.byReference.set(created.reference, created);
    return { kind: "created", order: created };
  }

  /** Whether an order was already placed with this key (a repeat is replayed even in "rejects" mode). */
  knows(supplierId: string, idempotencyKey: string): boolean {
    return this.byKey.has(JSON.stringify([supplierId, idempotencyKey]));
  }

  find(supplierId: string, reference: string): StandInOrder | undefined {
    const order = this.byReference.get(reference);
    return order?.supplierId === supplierId ? order : undefined;
  }

  update(reference: string, change: { status?: SupplierOrderStatus; eta?: string }): void {
    const order = this.byReference.get(reference);
    if (!order) throw new Error(`supplier stand-in: no order ${reference}`);
    if (change.eta !== undefined && !IsoDateSchema.safeParse(change.eta).success) throw new Error(`supplier stand-in: ETA must be YYYY-MM-DD, got ${change.eta}`);
    Object.assign(order, change);
  }

  orders(supplierId: string): StandInOrder[] {
    this.state(supplierId);
    return structuredClone([...this.byReference.values()].filter((o) => o.supplierId === supplierId));
  }

  requests(supplierId: string): RecordedRequest[] {
    return structuredClone(this.state(supplierId).requests);
  }

  private state(id: string): SupplierState {
    const state = this.suppliers.get(id);
    if (!state) throw new Error(`supplier stand-in: unknown supplier ${id}`);
    return state;
  }
}

function etaAfter(today: Date, days: number | undefined): string | undefined {
  if (days === undefined) return undefined;
  return new Date(today.getTime() + days * 86_400_000).toISOString().slice(0, 10);
}
