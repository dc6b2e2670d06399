#!/usr/bin/env bash
# Installs, from Debian's archive and only when missing, exactly the programs the tests run,
# checked the way the tests look for them:
#   /usr/bin/docker-registry  the real CNCF Distribution registry (e2e/fixtures/registry.ts;
#                             ARCHGRID_REGISTRY_BINARY overrides the path, here as in the tests)
#   /usr/bin/skopeo           the independent client the registry tests cross-check against
#   /usr/bin/chromium         the browser Playwright drives (CHROMIUM_PATH overrides, as in e2e)
#   /usr/bin/python3          the CLI test parses its JUnit XML with Python's expat
#   openssl (on PATH)         the token-server fixture makes its signing certificate with it
#   /usr/lib/postgresql/*/bin/initdb  PostgreSQL for CI's second pass and the PostgreSQL tests
#                             (scripts/pg-test-cluster.sh; ARCHGRID_PG_BIN overrides the folder)
# `--check` only reports (exit 1 when something is missing) and installs nothing.
set -euo pipefail
registry="${ARCHGRID_REGISTRY_BINARY:-/usr/bin/docker-registry}"
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
pg_initdb() { echo "${ARCHGRID_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)}/initdb"; }

missing() {
  need=()
  [ -x "$registry" ] || need+=(docker-registry)
  [ -x /usr/bin/skopeo ] || need+=(skopeo)
  [ -x /usr/bin/python3 ] || need+=(python3)
  [ -x "$chromium" ] || need+=(chromium)
  command -v openssl >/dev/null 2>&1 || need+=(openssl)
  [ -x "$(pg_initdb)" ] || need+=(postgresql)
}

missing
if [ ${#need[@]} -eq 0 ]; then
  echo "test dependencies present: $registry, /usr/bin/skopeo, $chromium, /usr/bin/python3, openssl, $(pg_initdb)"
  exit 0
fi
if [ "${1:-}" = "--check" ]; then
  echo "missing test dependencies (Debian packages): ${need[*]}" >&2
  exit 1
fi
echo "installing: ${need[*]}"
sudo=""
[ "$(id -u)" -ne 0 ] && sudo="sudo"
export DEBIAN_FRONTEND=noninteractive
# The tests run their own throwaway cluster; the package's default "main" cluster is not wanted.
if [[ " ${need[*]} " == *" postgresql "* ]]; then
  $sudo mkdir -p /etc/postgresql-common/createcluster.d
  echo "create_main_cluster = false" | $sudo tee /etc/postgresql-common/createcluster.d/archgrid-no-main.conf >/dev/null
fi
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${need[@]}"
# A package can install and still leave the path the tests use empty (another path, an override).
missing
if [ ${#need[@]} -ne 0 ]; then
  echo "still missing where the tests look after installing: ${need[*]}" >&2
  exit 1
fi
echo "test dependencies installed"
