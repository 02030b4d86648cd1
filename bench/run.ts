// `npm run bench`: each benchmark on embedded PGlite and on PostgreSQL (when it answers), each in a
// process of its own; prints a table and writes bench/results/<date>.json.
// BENCH_QUICK=1 runs smaller sizes; BENCH_ONLY=ingest|queue|flash|promise|replenishment|allocation picks some (comma-separated).
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const quick = process.env.BENCH_QUICK === "1";
const only = process.env.BENCH_ONLY?.split(",");
const engines = ["pglite", ...(spawnSync("pg_isready", ["-q", "-h", "127.0.0.1", "-p", "5432"]).status === 0 ? ["postgres"] : [])];
const sizes: Record<string, number> = {
  ingest: Number(process.env.BENCH_N ?? (quick ? 300 : 1000)),
  queue: Number(process.env.BENCH_QUEUE_ROWS ?? (quick ? 100_000 : 1_000_000)),
  flash: Number(process.env.BENCH_FLASH_ORDERS ?? (quick ? 1000 : 10_000)),
  replenishment: Number(process.env.BENCH_REPLENISHMENT_ORDERS ?? (quick ? 500 : 2000)),
};
// Which engines each benchmark runs on: the pure simulation needs none; replenishment's replay gives
// the same purchase orders on both (its tests run on both), so its long replay runs on PostgreSQL.
const enginesFor = (kind: string) => (kind === "promise" ? ["none"] : kind === "replenishment" ? [engines.at(-1)!] : engines);

function runOne(kind: string, engine: string): Record<string, unknown> {
  const r = spawnSync(process.execPath, ["--import", "tsx", "bench/run-one.ts", kind, engine, String(sizes[kind] ?? 0), quick ? "quick" : "full"], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NODE_ENV: "production" },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const line = r.stdout.trim().split("\n").filter((l) => l.startsWith("{")).pop();
  if (r.status !== 0 || !line) return { kind, engine, error: `exit ${r.status}` };
  return JSON.parse(line);
}

const results: Record<string, unknown>[] = [];
for (const kind of ["ingest", "flash", "queue", "replenishment", "promise", "allocation"]) {
  if (only && !only.includes(kind)) continue;
  for (const engine of enginesFor(kind)) {
    process.stderr.write(`running ${kind} on ${engine}...\n`);
    results.push({ kind, ...runOne(kind, engine) });
  }
}

const fmt = (n: unknown, d = 0) => (typeof n === "number" ? n.toFixed(d) : String(n ?? "—"));
const row = (label: string, engine: unknown, text: string) => console.log(`${label.padEnd(52)}${String(engine).padEnd(10)}${text}`);
console.log(`\n${"Benchmark".padEnd(52)}${"engine".padEnd(10)}result`);
type Load = { perSecond: number; p50: number; p99: number; failures: number; deliveries: number; bodyBytes: number };
type Processing = { workers: number; perSecond: number; deliveries: number; ms: number };
for (const r of results) {
  if (r.error) row(String(r.kind), r.engine, `ERROR ${r.error}`);
  else if (r.kind === "ingest") {
    const f = r.floor as Load;
    const a = r.ack as Load;
    row(`floor: bare HMAC + INSERT, ${f.deliveries} x ${f.bodyBytes} B, ${r.inFlight} in flight`, r.engine, `${fmt(f.perSecond)}/s, p50 ${fmt(f.p50, 1)} ms, p99 ${fmt(f.p99, 1)} ms, failed ${f.failures}`);
    row(`app acknowledgement (web process), same load`, r.engine, `${fmt(a.perSecond)}/s (${fmt(100 * Number(r.ackShareOfFloor))}% of floor), p50 ${fmt(a.p50, 1)} ms, p99 ${fmt(a.p99, 1)} ms, failed ${a.failures}`);
    for (const p of r.processing as Processing[]) row(`app processing, ${p.workers} worker process${p.workers > 1 ? "es" : ""}`, r.engine, `${fmt(p.perSecond)} deliveries/s (${p.deliveries} in ${fmt(p.ms / 1000, 2)} s)`);
  } else if (r.kind === "queue")
    for (const p of r.pages as { label: string; p50: number }[]) row(`queue ${r.rows} rows: ${p.label}`, r.engine, `p50 ${fmt(p.p50, 1)} ms`);
  else if (r.kind === "flash") {
    row(
      `flash sale ${r.orders} orders / ${fmt(r.saleSeconds)} s, ${r.skus} SKUs, 2 locations`,
      r.engine,
      `oldest unprocessed ${fmt(Number(r.oldestUnprocessedMaxMs) / 1000, 2)} s max (stored ${fmt(Number(r.oldestPendingMaxMs) / 1000, 2)} s, not yet delivered ${fmt(Number(r.notYetDeliveredMaxMs) / 1000, 2)} s); lookups settled ${fmt(Number(r.settledAfterSaleMs) / 1000, 1)} s after; lost ${r.lost}, duplicated ${r.duplicated} of ${r.expectedBackorders}`,
    );
    const effects = Object.entries((r.recoveryEffects ?? {}) as Record<string, { rows: number; claims: number; pending: number }>);
    row(
      `  recovery after the sale (holds and their webhooks)`,
      r.engine,
      `settled ${fmt(Number(r.recoverySettledAfterSaleMs) / 1000, 1)} s after; ${r.deliveries} deliveries in all; ${effects.map(([k, e]) => `${k} ${e.claims} runs over ${e.rows} orders${e.pending ? ` (${e.pending} pending)` : ""}`).join(", ") || "no effects"}`,
    );
  }
}
type Stat = { median: number | null; max: number | null };
type Column = { purchaseOrdersSent: number; unitsOrdered: number; duplicateUnitsOrdered: number; unitsOutsidePromiseWindow: number; totalCost: number; escalations: number; detectionToSubmitSeconds: { perDeficit: Stat; perUnit: Stat } };
for (const r of results.filter((x) => x.kind === "replenishment" && !x.error)) {
  for (const [label, v] of Object.entries(r).filter(([k]) => k === "realistic" || k === "harsh") as [string, { orders: number; skus: number; pilot: Column; naive: Column; targets: { maxSeconds: number } }][]) {
    const c = (x: Column) => `${x.purchaseOrdersSent} POs, ${x.unitsOrdered} units (${x.duplicateUnitsOrdered} duplicate, ${x.unitsOutsidePromiseWindow} outside promise window), cost ${x.totalCost.toFixed(2)}`;
    const d = v.pilot.detectionToSubmitSeconds.perDeficit;
    row(`replenishment (${label} sale, ${v.orders} orders / ${v.skus} SKUs): pilot`, r.engine, `${c(v.pilot)}; detection->submission median ${d.median} s, max ${d.max} s (targets 15 / ${v.targets.maxSeconds})`);
    row(`  same demand, naive rule (1 PO per line, fixed supplier)`, r.engine, c(v.naive));
  }
}
for (const r of results.filter((x) => x.kind === "promise" && !x.error)) {
  type Score = { inRange: number; meanWidth: number };
  const c = r.comparison as { app: string; baseline: string; first: { app: Score; baseline: Score }; lastBeforeReceipt: { app: Score; baseline: Score } };
  const s = (x: Score) => `${fmt(100 * x.inRange, 1)}% in range, ${fmt(x.meanWidth, 2)} business days wide`;
  row(`promises, a year of receipts (${r.lines} lines): first range`, "-", `app ${s(c.first.app)} | stated lead time ${s(c.first.baseline)}`);
  row(`  last range before receipt`, "-", `app ${s(c.lastBeforeReceipt.app)} | stated lead time ${s(c.lastBeforeReceipt.baseline)}`);
}
for (const r of results.filter((x) => x.kind === "allocation" && !x.error)) {
  for (const [k, v] of Object.entries(r).filter(([, v]) => typeof v === "number")) row(`allocation: ${k}`, r.engine, `${fmt(v, 1)}`);
}
fs.mkdirSync("bench/results", { recursive: true });
const file = path.join("bench/results", `${new Date().toISOString().slice(0, 19).replace(/:/g, "")}${quick ? "-quick" : ""}.json`);
fs.writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), sizes, results }, null, 2));
console.log(`\nwritten ${file}`);
