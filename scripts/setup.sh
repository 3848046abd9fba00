#!/usr/bin/env bash
# Installs what Longview needs on a fresh Debian machine that has only Node 20 and npm:
# Debian's Orthanc (+ DICOMweb and GDCM plugins), dcmtk and gdcm tools for the corpus, Redis and
# nginx for the live-session relays, nginx and its brotli_static module for the viewer, Debian's
# Chromium for the tests, rsyslog with TLS (rsyslog-gnutls) as the audit record repository,
# openssl for its test certificates and xmllint (libxml2-utils) for the audit schema, pnpm, and
# the workspace's npm packages. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."

DEBIAN_PACKAGES=(orthanc orthanc-dicomweb orthanc-gdcm dcmtk libgdcm-tools chromium fonts-dejavu-core libvips-tools orthanc-wsi ffmpeg redis-server nginx libnginx-mod-http-brotli-static rsyslog rsyslog-gnutls libxml2-utils openssl)
PNPM_VERSION=10.34.9

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for package in "${DEBIAN_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  # Debian's orthanc package would start a system-wide Orthanc; Longview runs its own on
  # other ports, so service starts are refused for the duration of the install.
  policy_added=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' | as_root tee /usr/sbin/policy-rc.d >/dev/null
    as_root chmod +x /usr/sbin/policy-rc.d
    policy_added=1
  fi
  as_root apt-get update -q
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  [ "$policy_added" -eq 1 ] && as_root rm -f /usr/sbin/policy-rc.d
fi

node_version=$(node -p 'process.versions.node')
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' || {
  echo "setup: Node $node_version found; Longview needs Node 20.19 or newer (Vite 8)." >&2
  exit 1
}

if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$PNPM_VERSION" ]; then
  echo "setup: installing pnpm $PNPM_VERSION"
  as_root npm install -g --silent "pnpm@$PNPM_VERSION"
fi

pnpm install --frozen-lockfile --reporter=append-only
