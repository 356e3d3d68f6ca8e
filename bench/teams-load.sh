#!/usr/bin/env bash
# Latency of a cached "momentum rocket" Teams message activity through JWT validation, the command and the Adaptive
# Card rendering (POST /api/messages), p50/p99 under load with wrk, side by side with GET /healthz; and how many
# token requests the bot made to the (fake) token endpoint meanwhile.
#
#   bench/teams-load.sh [duration, default 20s] [connections, default 32]
#
# Runs everything on 127.0.0.1: a fake login.botframework.com + Bot Connector (tests/Momentum.Benchmarks
# teams-fakes), the host in demo mode (Momentum__Demo=true) on Redis (MOMENTUM_TEST_REDIS, default 127.0.0.1:6379),
# and wrk. Needs wrk (apt-get install wrk) and a running Redis.
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${1:-20s}"
connections="${2:-32}"
threads=$(( connections < 2 ? 1 : 2 ))
port="${MOMENTUM_BENCH_PORT:-5097}"
redis="${MOMENTUM_TEST_REDIS:-127.0.0.1:6379}"
app_id="6a4f1b2c-3d4e-4f50-8a9b-0c1d2e3f4a5b"
work="$(mktemp -d)"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

command -v wrk >/dev/null || { echo "teams-load.sh: wrk is missing (apt-get install wrk)" >&2; exit 2; }
dotnet build -c Release src/Momentum.Bot >/dev/null
dotnet build -c Release tests/Momentum.Benchmarks >/dev/null

dotnet tests/Momentum.Benchmarks/bin/Release/net10.0/Momentum.Benchmarks.dll teams-fakes "$app_id" >"$work/fakes.json" 2>"$work/fakes.log" &
pids+=($!)
for _ in $(seq 1 100); do [ -s "$work/fakes.json" ] && break; sleep 0.1; done
field() { python3 -c "import json,sys; print(json.load(open('$work/fakes.json'))['$1'])"; }

Urls="http://127.0.0.1:$port" \
ConnectionStrings__Redis="$redis" Redis__KeyPrefix="bench-teams-$$:" \
Momentum__Demo=true Scheduling__Enabled=false Playground__Enabled=false \
Logging__LogLevel__Default=Warning \
Teams__AppId="$app_id" Teams__AppPassword=bench-secret Teams__TenantId="$(field tenant)" \
Teams__OpenIdMetadataUrl="$(field metadataUrl)" Teams__TokenEndpoint="$(field tokenUrl)" \
  dotnet src/Momentum.Bot/bin/Release/net10.0/Momentum.Bot.dll >"$work/host.log" 2>&1 &
pids+=($!)
for _ in $(seq 1 200); do curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && break; sleep 0.1; done

export TEAMS_TOKEN="$(field token)" TEAMS_SERVICE_URL="$(field serviceUrl)" TEAMS_TENANT="$(field tenant)" TEAMS_APP_ID="$app_id"
# Scan the demo project once, so every measured activity is answered from stored data (the cached path).
curl -sf "http://127.0.0.1:$port/api/v1/projects/demo/rocket/momentum" >/dev/null
wrk -t2 -c4 -d3s -s bench/teams-message.lua "http://127.0.0.1:$port/api/messages" >/dev/null  # warm-up
before="$(curl -sf "$(field statsUrl)")"

echo "== POST /api/messages (Teams message activity, cached momentum card), $duration, $connections connections"
wrk -t"$threads" -c"$connections" -d"$duration" --latency -s bench/teams-message.lua "http://127.0.0.1:$port/api/messages" | tee "$work/teams.txt"
# Let the background queue post the replies still queued (until the count stops moving, at most 60 s).
after="$(curl -sf "$(field statsUrl)")"
for _ in $(seq 1 60); do
  sleep 1
  now="$(curl -sf "$(field statsUrl)")"
  [ "$now" = "$after" ] && break
  after="$now"
done
echo "== GET /healthz, $duration, $connections connections"
wrk -t"$threads" -c"$connections" -d"$duration" --latency "http://127.0.0.1:$port/healthz"

python3 - "$before" "$after" "$work/teams.txt" <<'PY'
import json, re, sys
before, after = json.loads(sys.argv[1]), json.loads(sys.argv[2])
requests = int(re.search(r"requests (\d+)", open(sys.argv[3]).read()).group(1))
posts = after["calls"] - before["calls"]
tokens = after["tokenRequests"] - before["tokenRequests"]
print(f"== Bot Connector during the run: {requests} activities, {posts} replies posted, {tokens} token requests "
      f"(total since start: {after['tokenRequests']}); token cache hit rate {1 - tokens / max(posts, 1):.4%}")
PY
grep -c "Background queue full" "$work/host.log" | sed 's/^/== replies dropped because the background queue was full (log lines): /' || true
