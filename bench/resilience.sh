#!/usr/bin/env bash
# The resilience suite at full length (CI runs it briefly inside ./test.sh):
#
#   bench/resilience.sh            fuzz each target for FUZZ_SECONDS (default 60), the slow-GitHub load for
#                                  LOAD_SECONDS (default 60, strict: no HTTP answer over Slack's 3 s), the corpus and
#                                  the fault runs; then prints the figures (tests/Momentum.Resilience/…/resilience-figures.md)
#
# Settings (environment): FUZZ_SECONDS=60 LOAD_SECONDS=60 FILTER=<dotnet test filter> NO_BUILD=1
# Needs what ./test.sh sets up (redis-server on 127.0.0.1:6379, or MOMENTUM_TEST_REDIS).
set -euo pipefail
cd "$(dirname "$0")/.."

report="$(mktemp "${TMPDIR:-/tmp}/resilience-figures.XXXXXX.md")"
[ -n "${NO_BUILD:-}" ] || dotnet build tests/Momentum.Resilience -c Release
status=0
MOMENTUM_FUZZ_SECONDS="${FUZZ_SECONDS:-60}" MOMENTUM_LOAD_SECONDS="${LOAD_SECONDS:-60}" MOMENTUM_LOAD_STRICT=1 \
  MOMENTUM_RESILIENCE_REPORT="$report" \
  dotnet test tests/Momentum.Resilience -c Release --no-build ${FILTER:+--filter "$FILTER"} || status=$?
echo
echo "Resilience figures ($(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores):"
cat "$report"
exit "$status"
