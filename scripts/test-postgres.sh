#!/usr/bin/env bash
# The test suite on PostgreSQL: starts a throwaway cluster (scripts/pg-test-cluster.sh), runs the
# vitest suite (minus the SQLite-only files, which it names) and the Playwright specs against it
# (the e2e needs a production build: `npx next build` first), then stops and deletes the cluster.
# Used by .ci/run as its second pass; `npm run test:postgres` runs it by hand.
#   --unit-only   vitest only
set -euo pipefail
cd "$(dirname "$0")/.."
phase() { echo "[postgres] $1: $(( SECONDS - $2 )) s"; }

t=$SECONDS
pgdir="$(mktemp -d)"
chmod 755 "$pgdir" # as root the cluster runs as the `postgres` user, which must reach it
trap 'bash scripts/pg-test-cluster.sh stop "$pgdir/cluster" || true; rm -rf "$pgdir"' EXIT
ARCHGRID_TEST_PG_URL="$(bash scripts/pg-test-cluster.sh start "$pgdir/cluster")"
export ARCHGRID_TEST_PG_URL
echo "[postgres] $("$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)/postgres" --version) at $ARCHGRID_TEST_PG_URL"
phase "cluster start" "$t"

t=$SECONDS
# Includes test/workers/ (PostgreSQL only: pg-boss workers killed mid-scan, the shared registry
# limit, two `npm start` replicas behind a round-robin proxy, which needs the production build).
npx vitest run
phase "vitest" "$t"
[ "${1:-}" = "--unit-only" ] && exit 0
# The crash test (npm run test:crash) is not run here: it checks the SQLite file's WAL recovery after kill -9.
t=$SECONDS
npx playwright test
phase "e2e (Playwright)" "$t"
