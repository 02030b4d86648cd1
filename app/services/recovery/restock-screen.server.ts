// The restock screen's pickers: the shop's locations, and the positions with the most units waiting.
import crypto from "node:crypto";
import { shopLocations, waitingPositions } from "../../models/recovery/restock.server";

/** A fresh id for a restock form: the same form submitted twice is one restock. */
export function newRestockRequestId(): string {
  return crypto.randomUUID();
}

export async function shopLocationsForRestock(shop: string) {
  const locations = await shopLocations(shop);
  const names = new Map(locations.map((l) => [l.id.toString(), l.name]));
  const positions = await waitingPositions(shop);
  return {
    locations: locations.map((l) => ({ label: l.name, value: l.id.toString() })),
    positions: positions.map((p) => ({ sku: p.sku, locationId: p.locationId.toString(), location: names.get(p.locationId.toString()) ?? `Location ${p.locationId}`, lines: p.lines, units: p.units })),
  };
}
