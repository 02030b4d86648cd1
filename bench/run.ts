// `npm run bench`: each benchmark on embedded PGlite and on PostgreSQL (when it answers), each in a
// process of its own; prints a table and writes bench/results/<date>.json.
// BENCH_QUICK=1 runs smaller sizes; BENCH_ONLY=ingest|queue|flash picks one.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const quick = process.env.BENCH_QUICK === "1";
const only = process.env.BENCH_ONLY;
const engines = ["pglite", ...(spawnSync("pg_isready", ["-q", "-h", "127.0.0.1", "-p", "5432"]).status === 0 ? ["postgres"] : [])];
const sizes = {
  ingest: Number(process.env.BENCH_N ?? (quick ? 200 : 1000)),
  queue: Number(process.env.BENCH_QUEUE_ROWS ?? (quick ? 100_000 : 1_000_000)),
  flash: Number(process.env.BENCH_FLASH_ORDERS ?? (quick ? 1000 : 10_000)),
};

function runOne(kind: string, engine: string): Record<string, unknown> {
  const r = spawnSync("npx", ["tsx", "bench/run-one.ts", kind, engine, String(sizes[kind as keyof typeof sizes])], {
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
for (const kind of ["ingest", "queue", "flash"]) {
  if (only && only !== kind) continue;
  for (const engine of engines) {
    process.stderr.write(`running ${kind} on ${engine}...\n`);
    results.push({ kind, ...runOne(kind, engine) });
  }
}

const fmt = (n: unknown, d = 0) => (typeof n === "number" ? n.toFixed(d) : String(n ?? "—"));
console.log("\nBenchmark                                   engine     result");
for (const r of results) {
  if (r.error) console.log(`${String(r.kind).padEnd(44)}${String(r.engine).padEnd(11)}ERROR ${r.error}`);
  else if (r.kind === "ingest")
    console.log(`${`ingest ${r.deliveries} deliveries`.padEnd(44)}${String(r.engine).padEnd(11)}${fmt(r.perSecond)}/s ack, p50 ${fmt(r.p50, 1)} ms, p99 ${fmt(r.p99, 1)} ms, all processed in ${fmt(Number(r.processedMs) / 1000, 1)} s, failed ${r.failed}`);
  else if (r.kind === "queue")
    for (const p of r.pages as { label: string; p50: number }[]) console.log(`${`queue ${r.rows} rows: ${p.label}`.padEnd(44)}${String(r.engine).padEnd(11)}p50 ${fmt(p.p50, 1)} ms`);
  else
    console.log(`${`flash sale ${r.orders} orders / ${r.skus} SKUs`.padEnd(44)}${String(r.engine).padEnd(11)}wall ${fmt(Number(r.wallMs) / 1000, 1)} s, backlog peak ${r.backlogPeak}, lost ${r.lost}, duplicated ${r.duplicated}`);
}
fs.mkdirSync("bench/results", { recursive: true });
const file = path.join("bench/results", `${new Date().toISOString().slice(0, 19).replace(/:/g, "")}${quick ? "-quick" : ""}.json`);
fs.writeFileSync(file, JSON.stringify({ at: new Date().toISOString(), sizes, results }, null, 2));
console.log(`\nwritten ${file}`);
