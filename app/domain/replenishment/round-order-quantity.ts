// Suppliers sell in minimums and packs: a PO line asks for whole packs of at least the MOQ.

export type OrderMultiples = { moq: number; packSize: number };

function assertMultiples({ moq, packSize }: OrderMultiples): void {
  if (!Number.isInteger(moq) || moq < 1) throw new RangeError(`MOQ must be an integer >= 1, got ${moq}`);
  if (!Number.isInteger(packSize) || packSize < 1) throw new RangeError(`pack size must be an integer >= 1, got ${packSize}`);
}

/**
 * The quantity to order for `units` needed: raised to the MOQ, then up to a whole number of
 * packs. Nothing needed, nothing ordered.
 */
export function roundOrderQuantity(units: number, multiples: OrderMultiples): number {
  assertMultiples(multiples);
  if (!Number.isInteger(units) || units < 0) throw new RangeError(`units must be a non-negative integer, got ${units}`);
  if (units === 0) return 0;
  const { moq, packSize } = multiples;
  return Math.ceil(Math.max(units, moq) / packSize) * packSize;
}

/**
 * The largest quantity that can be ordered without exceeding `available` (null = unlimited):
 * whole packs, at least the MOQ. 0 when not even one order fits.
 */
export function largestOrderableQuantity(available: number | null, multiples: OrderMultiples): number {
  assertMultiples(multiples);
  if (available === null) return Number.POSITIVE_INFINITY;
  const packs = Math.floor(Math.max(0, available) / multiples.packSize) * multiples.packSize;
  return packs >= multiples.moq ? packs : 0;
}
