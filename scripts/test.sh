#!/usr/bin/env bash
# The README's test command (`npm test`): typecheck, the extensions' tests and bundle sizes, then the unit + database + route tests on
# embedded PGlite, the same suite again on PostgreSQL when one answers on 127.0.0.1:5432, then the
# browser journeys (Debian Chromium). Ends with one "N passed, N failed" line over all runs.
set -uo pipefail
cd "$(dirname "$0")/.."
mkdir -p test-results
rm -f test-results/vitest-*.json

status=0
run() { echo; echo "== $1"; shift; "$@" || status=1; }

run "prisma generate" npx prisma generate --no-hints
run "typecheck" npx tsc --noEmit
run "shopper-facing extensions (Preact + Polaris web components, both locales)" npx vitest run --config vitest.extensions.config.ts --reporter=default --reporter=json --outputFile.json=test-results/vitest-extensions.json
run "extension bundle sizes (each <= 10 KB gzipped)" node scripts/extension-sizes.mjs
run "tests on embedded PGlite" env TEST_DB=pglite npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest-pglite.json
if pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  run "tests on PostgreSQL (127.0.0.1:5432)" env TEST_DB=postgres npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest-postgres.json
else
  echo "== PostgreSQL not answering on 127.0.0.1:5432: server run skipped"
fi
if [ -x "${CHROMIUM_PATH:-/usr/bin/chromium}" ] && [ "${SKIP_E2E:-0}" != "1" ]; then
  run "build (the journeys run the production build)" npx remix vite:build
  run "browser journeys" npx vitest run --config vitest.e2e.config.ts --reporter=default --reporter=json --outputFile.json=test-results/vitest-e2e.json
else
  echo "== Chromium not installed (or SKIP_E2E=1): browser journeys skipped"
fi

node scripts/summarize-tests.mjs test-results/vitest-*.json || status=1
exit $status
