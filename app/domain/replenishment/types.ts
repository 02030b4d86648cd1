// The supplier matrix as the planner sees it. Ids are strings; money is a plain number in the
// currency named beside it; lead times are calendar days.

export const SUPPLIER_STATUSES = ["active", "paused", "unavailable"] as const;
export type SupplierStatus = (typeof SUPPLIER_STATUSES)[number];

export const SUBMISSION_CHANNELS = ["api", "email", "edi"] as const;
export type SubmissionChannel = (typeof SUBMISSION_CHANNELS)[number];

export type SupplierProfile = {
  id: string;
  name: string;
  status: SupplierStatus;
  channel: SubmissionChannel;
};

/** What one supplier offers for one SKU. */
export type SupplierOffer = {
  leadTimeDays: number;
  /** Minimum order quantity (>= 1). */
  moq: number;
  /** Orders are placed in multiples of this (>= 1). */
  packSize: number;
  unitCost: number;
  /** ISO 4217 code of `unitCost`. */
  currency: string;
  /** Units the supplier can deliver now; null = unlimited. */
  available: number | null;
};

/** Rates in 0..1, computed from the app's own history (see `supplierPerformance`). */
export type SupplierPerformance = {
  fillRate: number;
  onTimeRate: number;
  apiAvailability: number;
};

/** One supplier that offers the SKU, with everything the planner weighs. */
export type Candidate = {
  supplier: SupplierProfile;
  offer: SupplierOffer;
  performance: SupplierPerformance;
  /** Unit cost on the last PO line for this SKU from this supplier, in `offer.currency`; null if none. */
  lastUnitCost: number | null;
  /** A PO for this SKU has gone to this supplier before. */
  orderedBefore: boolean;
};
