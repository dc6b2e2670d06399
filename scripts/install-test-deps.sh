#!/usr/bin/env bash
# Installs the system packages the tests use, from Debian's archive, when they are missing:
#   docker-registry  the real CNCF Distribution registry the integration tests and e2e push to
#   skopeo           an independent registry client to cross-check what archgrid reads
#   chromium         the browser Playwright drives (Playwright's own browser download is never used)
set -euo pipefail
need=()
command -v docker-registry >/dev/null 2>&1 || need+=(docker-registry)
command -v skopeo >/dev/null 2>&1 || need+=(skopeo)
[ -x /usr/bin/chromium ] || need+=(chromium)
command -v openssl >/dev/null 2>&1 || need+=(openssl)
if [ ${#need[@]} -eq 0 ]; then
  echo "test dependencies present: docker-registry, skopeo, chromium, openssl"
  exit 0
fi
echo "installing: ${need[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
