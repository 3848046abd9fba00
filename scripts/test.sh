#!/usr/bin/env bash
# Runs every check: typecheck, lint, unit tests (vitest), e2e (Playwright against real Orthanc
# and Debian Chromium). Prints one closing line "N passed, N failed" summing every suite and
# exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

results=.data/results
rm -rf "$results" && mkdir -p "$results"

step() { # name, command...: runs a one-check step and records pass/fail
  local name=$1; shift
  echo "=== $name"
  if "$@"; then echo '{"passed":1,"failed":0}' > "$results/$name.count"; else echo '{"passed":0,"failed":1}' > "$results/$name.count"; fi
}

step typecheck pnpm exec tsc -p tsconfig.json
step lint pnpm exec eslint .

echo "=== unit"
pnpm exec vitest run --reporter=default --reporter=json --outputFile="$results/unit.json"

step build pnpm --filter @longview/viewer --filter @longview/relay build

echo "=== e2e"
if [ -f apps/viewer/dist/index.html ]; then
  pnpm exec playwright test
else
  echo "e2e skipped: the viewer did not build"
fi

node scripts/test/summarise.mjs "$results"
