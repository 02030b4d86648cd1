// One benchmark in a fresh process (each owns its database and environment).
export {};
const [kind, engine, size, mode] = process.argv.slice(2) as [string, "pglite" | "postgres", string, "quick" | "full"];
let result: unknown;
if (kind === "ingest") result = await (await import("./ingest-bench")).ingestBench(engine, Number(size));
else if (kind === "queue") result = await (await import("./queue-bench")).queueBench(engine, Number(size));
else if (kind === "flash") result = await (await import("./flash-sale-bench")).flashSaleBench(engine, Number(size), { seconds: mode === "quick" ? 20 : 60 });
else if (kind === "replenishment") {
  // Two sales: stock covering 85-105% of demand (oversold near the end, as flash sales usually are),
  // and the harsh one where half the SKUs run out early and oversell for most of the minute.
  const { replenishmentBench } = await import("./replenishment-bench");
  const orders = Number(size) || undefined;
  result = { realistic: await replenishmentBench(engine, { orders, stockCover: [0.85, 1.05] }), harsh: await replenishmentBench(engine, { orders }) };
} else if (kind === "promise") result = (await import("./promise-bench")).promiseBench({ worlds: mode === "quick" ? 2 : 5 });
else if (kind === "allocation") result = await (await import("./allocation-bench")).allocationBench(engine);
else throw new Error(`unknown benchmark ${kind}`);
console.log(JSON.stringify(result));
process.exit(0);
