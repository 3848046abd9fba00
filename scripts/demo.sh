#!/usr/bin/env bash
# Brings up the Longview demo: installs what is missing, builds the viewer, generates the
# synthetic corpus and the static archive's DICOMweb tree, starts the Orthanc archives on
# loopback, loads them, serves the viewer behind nginx as it is deployed (scripts/serve/control.mjs)
# and prints the URL. Every service keeps running in the background; each line printed at the end
# says how to stop it.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
pnpm --filter @longview/viewer --filter @longview/relay build
node scripts/corpus/generate.mjs
node scripts/static-archive/build.mjs
node scripts/archive/orthanc.mjs start
node scripts/archive/load-corpus.mjs
node scripts/arr/control.mjs start
node scripts/audit-sink/control.mjs start
node scripts/ehr/control.mjs start
node scripts/relay/control.mjs start
port=${LONGVIEW_PORT:-5173}
LONGVIEW_PORT="$port" node scripts/serve/control.mjs start

echo
echo "Longview is ready: open http://127.0.0.1:${port}/"
echo "(nginx serves it; stop it with: LONGVIEW_PORT=${port} node scripts/serve/control.mjs stop)"
echo "(stop the archives with: node scripts/archive/orthanc.mjs stop)"
echo "(audit events: .data/audit/events.jsonl, forwarded as DICOM audit messages over TLS syslog to the audit record repository, rsyslog on 127.0.0.1:16514, which writes .data/arr/arr/messages.log; stop them with: node scripts/audit-sink/control.mjs stop; node scripts/arr/control.mjs stop)"
echo "Test EHR (SMART launch into the viewer): http://127.0.0.1:18100/ehr/?viewer=http://127.0.0.1:${port}"
echo "(stop it with: node scripts/ehr/control.mjs stop)"
echo "Live-session relays (tumor board): http://127.0.0.1:18110 (nginx → relays on 18111, 18112 → Redis on 18120; stop them with: node scripts/relay/control.mjs stop)"
