// Bundles each UI extension the way the Shopify CLI does (one esbuild bundle per extension that
// registers every target's module: bundle, minify, ESM, ES2020, Preact automatic JSX), gzips it
// and prints its size; theme app extension scripts are shipped as written, so they are measured
// as they are. Exits 1 when anything is over the budget.
//
//   node scripts/extension-sizes.mjs
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { parse } from "smol-toml";

const BUDGET_GZIP_BYTES = 10 * 1024;
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const extensionsDir = path.join(root, "extensions");

/** The entry the CLI generates: import each target's module and hand it to `shopify.extend`. */
function entryFor(targeting) {
  const modules = [...new Set(targeting.map((t) => t.module))];
  const imports = modules.map((m, i) => `import Target_${i} from ${JSON.stringify(m)};`);
  const registrations = targeting.map(
    (t) => `shopify.extend(${JSON.stringify(t.target)}, (...args) => Target_${modules.indexOf(t.module)}(...args));`
  );
  return [...imports, ...registrations].join("\n");
}

async function bundleUiExtension(dir, extension) {
  const result = await build({
    stdin: { contents: entryFor(extension.targeting), resolveDir: dir, sourcefile: "index.js", loader: "js" },
    bundle: true,
    minify: true,
    format: "esm",
    target: "es2020",
    jsx: "automatic",
    jsxImportSource: "preact",
    define: { "process.env.NODE_ENV": JSON.stringify("production") },
    legalComments: "none",
    write: false,
    logLevel: "silent",
  });
  return result.outputFiles[0].contents;
}

const sizes = [];
for (const name of fs.readdirSync(extensionsDir).sort()) {
  const dir = path.join(extensionsDir, name);
  const tomlPath = path.join(dir, "shopify.extension.toml");
  if (!fs.existsSync(tomlPath)) continue; // shared code and tests, not an extension
  const toml = parse(fs.readFileSync(tomlPath, "utf8"));
  if (toml.type === "theme") {
    const assets = path.join(dir, "assets");
    for (const file of fs.existsSync(assets) ? fs.readdirSync(assets).filter((f) => f.endsWith(".js")) : []) {
      sizes.push({ name: `${name}/assets/${file}`, kind: "as shipped", bytes: fs.readFileSync(path.join(assets, file)) });
    }
    continue;
  }
  for (const extension of toml.extensions ?? []) {
    if (extension.type !== "ui_extension") continue;
    sizes.push({ name: extension.handle ?? name, kind: "minified", bytes: await bundleUiExtension(dir, extension) });
  }
}

let over = false;
for (const { name, kind, bytes } of sizes) {
  const gzipped = gzipSync(bytes).length;
  const flag = gzipped > BUDGET_GZIP_BYTES ? `  OVER the ${BUDGET_GZIP_BYTES}-byte budget` : "";
  over ||= flag !== "";
  console.log(`${name}: ${bytes.length} bytes ${kind}, ${gzipped} bytes gzipped${flag}`);
}
if (sizes.length === 0) {
  console.error("No extensions found under extensions/");
  process.exit(1);
}
process.exit(over ? 1 : 0);
