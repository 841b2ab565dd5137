#!/usr/bin/env bash
# The test command: everything a fresh clone needs, then every check and test.
#   1. npm ci (Node 24 comes from the npm package `node`)
#   2. the control plane binaries (built from the Go module proxy, cached; warm = no-op)
#   3. lint, typecheck, unit tests and integration tests against the real control plane
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if [[ "${CI:-}" == "true" || ! -x node_modules/.bin/node ]]; then
  npm ci --no-audit --no-fund --loglevel=error
fi
hack/controlplane/build.sh >/dev/null
npm run --silent lint
npm run --silent typecheck
report="$(mktemp -d)/vitest.json"
status=0
npm test -- --reporter=default --reporter=json --outputFile.json="$report" || status=$?
# One plain closing line, whatever the reporter: "tests: N passed, N failed".
node_modules/.bin/node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(`tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed` + (r.numPendingTests ? `, ${r.numPendingTests} skipped` : ""));
' "$report" || true
exit "$status"
