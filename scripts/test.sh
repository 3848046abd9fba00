#!/usr/bin/env bash
# Runs every check: typecheck, lint, architecture (import rules), unit tests (vitest), e2e
# (Playwright against real Orthanc and Debian Chromium). Prints one closing line
# "N passed, N failed" summing every suite and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.."

setup_started=$SECONDS
bash scripts/setup.sh || { echo "0 passed, 1 failed"; exit 1; }

results=.data/results
rm -rf "$results" && mkdir -p "$results"

timed() { # name, command...: runs the command and records how many seconds it took
  local name=$1; shift
  local started=$SECONDS
  "$@"
  local status=$?
  echo $((SECONDS - started)) > "$results/$name.seconds"
  return $status
}

step() { # name, command...: runs a one-check step and records pass/fail
  local name=$1; shift
  echo "=== $name"
  if timed "$name" "$@"; then echo '{"passed":1,"failed":0}' > "$results/$name.count"; else echo '{"passed":0,"failed":1}' > "$results/$name.count"; fi
}

echo $((SECONDS - setup_started)) > "$results/setup.seconds"
# Typecheck and lint each keep one core busy for a minute or so: side by side on CI's two
# cores they take the time of the longer one. The architecture rules (.dependency-cruiser.cjs,
# a few seconds) run beside them. Each one's output is shown whole when it ends.
step typecheck pnpm exec tsc -p tsconfig.json > "$results/typecheck.log" 2>&1 &
step lint pnpm exec eslint . > "$results/lint.log" 2>&1 &
step architecture pnpm run --silent architecture > "$results/architecture.log" 2>&1 &
wait
cat "$results/typecheck.log" "$results/lint.log" "$results/architecture.log"

echo "=== unit"
timed unit pnpm exec vitest run --reporter=default --reporter=json --outputFile="$results/unit.json"

step build pnpm --filter @longview/viewer --filter @longview/relay build

echo "=== e2e"
if [ -f apps/viewer/dist/index.html ]; then
  timed e2e pnpm exec playwright test
else
  echo "e2e skipped: the viewer did not build"
fi

node scripts/test/summarise.mjs "$results"
