// One benchmark in a fresh process (each owns its database and environment).
export {};
const [kind, engine, size, mode] = process.argv.slice(2) as [string, "pglite" | "postgres", string, "quick" | "full"];
let result: unknown;
if (kind === "ingest") result = await (await import("./ingest-bench")).ingestBench(engine, Number(size));
else if (kind === "queue") result = await (await import("./queue-bench")).queueBench(engine, Number(size));
else if (kind === "flash") result = await (await import("./flash-sale-bench")).flashSaleBench(engine, Number(size), { seconds: mode === "quick" ? 20 : 60 });
else throw new Error(`unknown benchmark ${kind}`);
console.log(JSON.stringify(result));
process.exit(0);
