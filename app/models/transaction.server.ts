// Interactive transactions for services, without services touching Prisma: a service passes the
// transaction handle on to model functions only.
import type { Prisma } from "@prisma/client";
import prisma from "../db.server";

export type Tx = Prisma.TransactionClient;
/** A JSON value a model stores (Prisma's input JSON type, named here so services need no Prisma). */
export type JsonValue = Prisma.InputJsonValue;

export type TransactionOptions = { timeoutMs?: number };

export function withTransaction<T>(fn: (tx: Tx) => Promise<T>, o: TransactionOptions = {}): Promise<T> {
  return prisma.$transaction(fn, { timeout: o.timeoutMs ?? 60_000, maxWait: o.timeoutMs ?? 60_000 });
}

// Postgres SQLSTATEs that mean "try again": serialization failure, deadlock, lock timeout, the server
// shutting down or out of connections, connection failures; plus Prisma's transaction-API and
// connection errors that wrap them.
const TRANSIENT_SQLSTATE = /\b(40001|40P01|55P03|57P01|57P02|57P03|53300|08000|08003|08006|08001|08004)\b/;
const TRANSIENT_MESSAGE = /P2028|P1001|P1017|Connection terminated|ECONNRESET|ECONNREFUSED|connection is closed|Transaction already closed|Unable to start a transaction|deadlock detected|could not serialize/i;

export function isTransientDbError(error: unknown): boolean {
  const e = error as { code?: unknown; message?: unknown; meta?: { code?: unknown } } | null;
  const text = `${e?.code ?? ""} ${e?.meta?.code ?? ""} ${e?.message ?? String(error)}`;
  return TRANSIENT_SQLSTATE.test(text) || TRANSIENT_MESSAGE.test(text);
}
