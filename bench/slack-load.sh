#!/usr/bin/env bash
# Load test of the Slack slash-command path against a bare endpoint of the same host, plus the cold-path ack time.
#
#   bench/slack-load.sh [garnet|redis|both]        (default: garnet)
#
# Builds Release (skip with NO_BUILD=1), starts a small local sink standing in for Slack's response_url and Web API,
# then for each store starts a demo-mode host on 127.0.0.1:$PORT (local generated GitHub, no network; a random
# signing secret) and primes the cache with /momentum rocket (the first call ingests the demo history and is only
# acked; it polls until the card is answered directly). Then wrk --latency, a warm-up run of each first, ROUNDS
# measured rounds (the order of (a) and (b) alternates per round):
#   (a) signed, cached `/momentum rocket` slash commands: POST /slack/commands, a form body like Slack's, each request
#       its own (its own trigger_id, so its own v0 HMAC-SHA256 signature: Momentum answers a replayed signature with
#       an empty 200 and runs nothing), signed right before each wrk run, SIGNED_RATE (45000) a second of the run;
#       a thread that runs out starts again, and those replays count as errors (bench/requests.lua)
#   (b) the bare 200-OK endpoint: GET /healthz (through the same wrk script, so both pay its per-request cost)
#   (c) diagnostic, not a goal: a signed `/momentum help`, the same Slack plumbing without any store access (HELP=0
#       skips it)
# and finally the time to the HTTP answer of cold slash commands (projects never scanned, by name, catalog alias,
# owner/repo and workspace alias; one team id each), which must be acked at once; their later answers through
# response_url are recorded too. Each wrk row reports how much CPU other processes took meanwhile (the machine is
# shared), and the host's logs stay in the temp folder when KEEP=1 or on failure.
#
# Goals: (a) >= 50 % of (b)'s requests/s, (a) p99 <= 10 ms, cold acks <= 300 ms.
# Settings (environment): PORT=5099 THREADS=2 CONNECTIONS=16 DURATION=20s WARMUP=10s ROUNDS=2 HELP=1 COLD_WAIT=60
#   SIGNED_RATE=45000
#   REDIS=127.0.0.1:6379 (the redis store; keys under a random bench:<id>: prefix, deleted on exit)
#   NO_BUILD=1  KEEP=1
#   TELEMETRY=both: every store as two hosts side by side (PORT and PORT+1), OpenTelemetry on (rows "<store>_telon")
#     and off (Telemetry__Enabled=false, rows "<store>_teloff"), measured in turns within each round; the table adds
#     telemetry's cost per round from (a)'s requests/s and its median; goal <= 5 %
# Exit status: 0 when every goal is met, 3 when one is missed, anything else when the run itself failed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BENCH="$ROOT/bench"
HELPER="$BENCH/slack_helper.py"
PORT=${PORT:-5099}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-16}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
ROUNDS=${ROUNDS:-2}
REDIS=${REDIS:-127.0.0.1:6379}
PRIME_TIMEOUT=${PRIME_TIMEOUT:-300}
BASE="http://127.0.0.1:$PORT"

case "${1:-garnet}" in
  garnet) STORES=(garnet) ;;
  redis) STORES=(redis) ;;
  both) STORES=(garnet redis) ;;
  *) echo "usage: $0 [garnet|redis|both]" >&2; exit 2 ;;
esac

for tool in dotnet wrk curl python3; do
  command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/slack-load.XXXXXX")
RESULTS="$WORK/results.jsonl"
SINK_LOG="$WORK/sink.jsonl"
SECRET="bench-$(python3 -c 'import secrets; print(secrets.token_hex(16))')"
RUN_ID=$(python3 -c 'import secrets; print(secrets.token_hex(4))')
# Running hosts: label -> pid, base URL, "our" pids (the host and its local store), Redis key prefix.
declare -A HOST_PID=() HOST_BASE=() HOST_OURS=() HOST_PREFIX=()
OUR_PIDS=""
SINK_PID=""
: >"$RESULTS"
: >"$SINK_LOG"

log() { printf '[%(%H:%M:%S)T] %s\n' -1 "$*" >&2; }

redis_cli() { redis-cli -h "${REDIS%:*}" -p "${REDIS##*:}" "$@"; }

# Stops every running host and deletes its Redis keys.
stop_hosts() {
  local label pid
  for label in "${!HOST_PID[@]}"; do
    pid=${HOST_PID[$label]}
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
      kill -9 "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
    if [[ -n "${HOST_PREFIX[$label]:-}" ]]; then
      redis_cli --scan --pattern "${HOST_PREFIX[$label]}*" 2>/dev/null | xargs -r -n 500 redis-cli -h "${REDIS%:*}" -p "${REDIS##*:}" del >/dev/null 2>&1 || true
    fi
  done
  HOST_PID=() HOST_BASE=() HOST_OURS=() HOST_PREFIX=()
}

# The host the next requests go to.
use_host() {
  BASE=${HOST_BASE[$1]}
  OUR_PIDS=${HOST_OURS[$1]}
}

cleanup() {
  local status=$?
  stop_hosts
  if [[ -n "$SINK_PID" ]]; then kill "$SINK_PID" 2>/dev/null || true; wait "$SINK_PID" 2>/dev/null || true; fi
  if [[ "${KEEP:-0}" == 1 || ( $status -ne 0 && $status -ne 3 ) ]]; then
    echo "logs and raw output kept in $WORK" >&2
  else
    rm -rf "$WORK"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Signs a slash command right now and POSTs it with curl; prints "status seconds" and leaves the body in $4.
slash() {
  local team=$1 text=$2 hook=$3 out=$4
  eval "$(python3 "$HELPER" sign --secret "$SECRET" --team "$team" --text "$text" --response-url "$SINK_URL/hook/$hook")"
  curl -s -o "$out" -w '%{http_code} %{time_total}\n' -X POST "$BASE/slack/commands" \
    -H 'Content-Type: application/x-www-form-urlencoded' \
    -H "X-Slack-Request-Timestamp: $SLACK_TS" -H "X-Slack-Signature: $SLACK_SIG" \
    --data-binary "$SLACK_BODY"
}

# start_host LABEL PORT: a host for LABEL (<store> or <store>_telon / <store>_teloff) on 127.0.0.1:PORT, then use_host.
start_host() {
  local label=$1 base="http://127.0.0.1:$2" prefix=""
  local store=${1%%_tel*}
  local telemetry=true
  [[ "$1" == *_teloff ]] && telemetry=false
  local -a env=(
    "Telemetry__Enabled=$telemetry"
    "Urls=$base"
    "Momentum__Demo=true"
    "Slack__SigningSecret=$SECRET"
    "Slack__BotToken=xoxb-bench"
    "Slack__ApiBaseUrl=$SINK_URL/api/"
    "Logging__LogLevel__Default=Warning"
    "DOTNET_CLI_TELEMETRY_OPTOUT=1"
  )
  if [[ "$store" == redis ]]; then
    redis_cli ping >/dev/null || { echo "no Redis at $REDIS (set REDIS=host:port)" >&2; exit 2; }
    prefix="bench:$RUN_ID:$1:"
    env+=("ConnectionStrings__Redis=$REDIS" "Redis__KeyPrefix=$prefix")
  else
    env+=("Garnet__DataDir=$WORK/garnet-$1")
  fi
  if curl -s -o /dev/null "$base/healthz"; then
    echo "something already listens on $base; stop it or set PORT" >&2
    exit 2
  fi
  log "starting host $label ($store store) on $base"
  env "${env[@]}" dotnet "$ROOT/src/Momentum.Bot/bin/Release/net10.0/Momentum.Bot.dll" --contentRoot "$ROOT/src/Momentum.Bot" \
    >"$WORK/host-$label.log" 2>&1 &
  local pid=$!
  HOST_PID[$label]=$pid HOST_BASE[$label]=$base HOST_PREFIX[$label]=$prefix HOST_OURS[$label]=$pid
  if [[ "$store" == redis && "${REDIS%:*}" =~ ^(127\.0\.0\.1|localhost)$ ]]; then
    HOST_OURS[$label]+=" $(redis_cli info server | tr -d '\r' | sed -n 's/^process_id://p')"
  fi
  use_host "$label"
  for _ in $(seq 300); do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "the host exited during start-up:" >&2
      tail -20 "$WORK/host-$label.log" >&2
      exit 1
    fi
    if [[ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/healthz")" == 200 ]]; then
      return
    fi
    sleep 0.2
  done
  echo "the host did not answer /healthz within 60 s" >&2
  exit 1
}

prime() {
  # Every request names its own response_url, so two in the same second are not one signature (which the replay
  # filter would rightly drop).
  local started=$SECONDS status title attempt=0
  log "priming: /momentum rocket until the card is answered directly (first call ingests the demo history)"
  while :; do
    read -r status _ < <(slash T0BENCH01 rocket "prime-$((attempt += 1))" "$WORK/prime.json")
    title=$(python3 "$HELPER" title "$WORK/prime.json")
    if [[ "$status" == 200 && "$title" != "Working on it"* && "$title" != "-" ]]; then
      break
    fi
    if (( SECONDS - started > PRIME_TIMEOUT )); then
      echo "rocket was not answered directly within ${PRIME_TIMEOUT}s (last: $status $title)" >&2
      exit 1
    fi
    sleep 1
  done
  # One more: the first direct answer computes the report; from now on it comes from the report cache.
  read -r status _ < <(slash T0BENCH01 rocket prime-last "$WORK/prime.json")
  title=$(python3 "$HELPER" title "$WORK/prime.json")
  [[ "$title" == rocket* ]] || { echo "unexpected rocket answer: $title" >&2; exit 1; }
  log "primed after $((SECONDS - started))s: $title"
}

# wrk_run LABEL STORE ROUND DURATION [wrk args…]
wrk_run() {
  local label=$1 store=$2 round=$3 duration=$4
  shift 4
  local out="$WORK/wrk-$store-$round-${label:1:1}.txt" before after
  # Noise estimate: the machine's busy CPU during the run minus the host's, the store's and wrk's own.
  before=$(python3 "$HELPER" cpu-snap $OUR_PIDS)
  { TIMEFORMAT='%U %S'; time wrk -t"$THREADS" -c"$CONNECTIONS" -d"$duration" --latency "$@" >"$out"; } 2>"$out.cpu"
  after=$(python3 "$HELPER" cpu-snap $OUR_PIDS)
  local -a parse=(wrk "$out" --label "$label" --store "$store" --round "$round" --cpu-before "$before" --cpu-after "$after" --wrk-cpu "$out.cpu")
  if [[ "$round" != warm-up ]]; then
    python3 "$HELPER" "${parse[@]}" >>"$RESULTS"
  fi
  log "$store $round $label: $(python3 "$HELPER" "${parse[@]}" --human)"
}

# signed TEXT DURATION: a file of SIGNED_RATE x DURATION's seconds signed copies of one slash command, each its own
# signature, signed right before the run (a signature's timestamp must be within 5 minutes of the host's clock).
signed() {
  local seconds count file="$WORK/signed.txt"
  seconds=$(python3 -c 'import re,sys; m=re.fullmatch(r"(\d+)(s|m|h)?", sys.argv[1]); print(int(m.group(1)) * {"s": 1, "m": 60, "h": 3600, None: 1}[m.group(2)])' "$2")
  count=$((${SIGNED_RATE:-45000} * seconds))
  python3 "$HELPER" sign-many --secret "$SECRET" --team T0BENCH01 --text "$1" --response-url "$SINK_URL/hook/wrk" \
    --count "$count" --seed "$(python3 -c 'import secrets; print(secrets.token_hex(6))')" --out "$file"
  echo "$file"
}

run_a() {
  SIGNED_REQUESTS=$(signed rocket "$3") THREADS=$THREADS \
    wrk_run "(a) signed /momentum rocket" "$1" "$2" "$3" -s "$BENCH/requests.lua" "$BASE/slack/commands"
}

# Diagnostic, not a goal: the same signed Slack path with a command that touches no store (HELP=0 skips it).
run_c() {
  SIGNED_REQUESTS=$(signed help "$3") THREADS=$THREADS \
    wrk_run "(c) signed /momentum help (diagnostic)" "$1" "$2" "$3" -s "$BENCH/requests.lua" "$BASE/slack/commands"
}

run_b() {
  SIGNED_REQUESTS="" wrk_run "(b) GET /healthz" "$1" "$2" "$3" -s "$BENCH/requests.lua" "$BASE/healthz"
}

check_direct() {
  local status title
  read -r status _ < <(slash T0BENCH01 rocket check "$WORK/check.json")
  title=$(python3 "$HELPER" title "$WORK/check.json")
  if [[ "$status" != 200 || "$title" != rocket* ]]; then
    echo "after the load, rocket answered $status '$title' instead of the card" >&2
    exit 1
  fi
}

cold() {
  local store=$1 i=0 text team status
  # Projects never scanned in this host: the other demo projects by name and right after by catalog alias (the demo
  # scan of a project takes about a second, so the alias still finds it unscanned), repositories the local GitHub
  # does not have (acked too; the 404 arrives later through response_url), and workspace aliases of such
  # repositories (each alias is created first, untimed, in the same team). One team id per command.
  local -a texts=(
    comet demo-comet "bench-$RUN_ID/missing-1" "@alias bench-$RUN_ID/aliased-1" nebula demo-nebula
    "bench-$RUN_ID/missing-2" "@alias bench-$RUN_ID/aliased-2" "bench-$RUN_ID/missing-3"
    "@alias bench-$RUN_ID/aliased-3" "bench-$RUN_ID/missing-4" "@alias bench-$RUN_ID/aliased-4"
  )
  log "cold path: ${#texts[@]} slash commands for projects never scanned"
  : >"$WORK/cold-list.tsv"
  for text in "${texts[@]}"; do
    i=$((i + 1))
    team=$(printf 'T0COLD%s%02d' "${store:0:1}" "$i" | tr '[:lower:]' '[:upper:]')
    if [[ "$text" == @alias* ]]; then
      read -r status _ < <(slash "$team" "alias mine${i} ${text#@alias }" "alias-$store-$i" "$WORK/alias.json")
      [[ "$status" == 200 ]] || { echo "alias command failed: $status" >&2; exit 1; }
      text="mine${i}"
    fi
    printf '%s\t%s\t%s\n' "$team" "$text" "cold-$store-$i" >>"$WORK/cold-list.tsv"
  done
  # Signed up front in one go, so the timed loop is nothing but curl (and the requests come close together).
  python3 "$HELPER" sign-batch --secret "$SECRET" --sink "$SINK_URL" <"$WORK/cold-list.tsv" >"$WORK/cold-signed.tsv"
  : >"$WORK/cold-times.txt"
  i=0
  while IFS=$'\t' read -r team text _ ts sig body <&3; do
    i=$((i + 1))
    printf '%s ' "$(date +%s.%N)" >>"$WORK/cold-times.txt"
    curl -s -o "$WORK/cold-$i.json" -w '%{http_code} %{time_total}\n' -X POST "$BASE/slack/commands" \
      -H 'Content-Type: application/x-www-form-urlencoded' \
      -H "X-Slack-Request-Timestamp: $ts" -H "X-Slack-Signature: $sig" \
      --data-binary "$body" >>"$WORK/cold-times.txt"
    sleep 0.2
  done 3<"$WORK/cold-signed.tsv"
  # The acked commands are answered later through response_url (the local sink): wait for them, for the record.
  local deadline=$((SECONDS + ${COLD_WAIT:-60})) got
  while (( SECONDS < deadline )); do
    got=$(grep -c "\"/hook/cold-$store-" "$SINK_LOG" || true)
    (( got >= ${#texts[@]} )) && break
    sleep 1
  done
  python3 "$HELPER" cold-collect --signed "$WORK/cold-signed.tsv" --timings "$WORK/cold-times.txt" --bodies "$WORK" \
    --sink-log "$SINK_LOG" --results "$RESULTS" --store "$store"
}

if [[ "${NO_BUILD:-0}" != 1 ]]; then
  log "building Release"
  dotnet build -c Release "$ROOT/src/Momentum.Bot" -nologo -v quiet >"$WORK/build.log" 2>&1 || { tail -30 "$WORK/build.log" >&2; exit 1; }
fi

python3 "$HELPER" sink --port-file "$WORK/sink.port" --log "$SINK_LOG" &
SINK_PID=$!
for _ in $(seq 50); do [[ -s "$WORK/sink.port" ]] && break; sleep 0.1; done
SINK_URL="http://127.0.0.1:$(cat "$WORK/sink.port")"

for store in "${STORES[@]}"; do
  # One host, or with TELEMETRY=both two side by side (telemetry on at $PORT, off at $PORT+1), measured in turns.
  labels=("$store")
  if [[ "${TELEMETRY:-}" == both ]]; then labels=("${store}_telon" "${store}_teloff"); fi
  port=$PORT
  for label in "${labels[@]}"; do
    start_host "$label" "$port"
    prime
    port=$((port + 1))
  done
  log "warm-up: $WARMUP each"
  for label in "${labels[@]}"; do
    use_host "$label"
    run_a "$label" warm-up "$WARMUP"
    run_b "$label" warm-up "$WARMUP"
    if [[ "${HELP:-1}" == 1 ]]; then run_c "$label" warm-up "$WARMUP"; fi
  done
  for round in $(seq "$ROUNDS"); do
    # Odd rounds: (a) then (b), hosts in order; even rounds: (b) then (a), hosts reversed. Drift in the machine's load
    # then falls on both sides alike.
    order=("${labels[@]}")
    if (( round % 2 == 0 )); then order=(); for ((k = ${#labels[@]} - 1; k >= 0; k--)); do order+=("${labels[$k]}"); done; fi
    for label in "${order[@]}"; do
      use_host "$label"
      if (( round % 2 == 1 )); then
        run_a "$label" "$round" "$DURATION"; run_b "$label" "$round" "$DURATION"
      else
        run_b "$label" "$round" "$DURATION"; run_a "$label" "$round" "$DURATION"
      fi
      if [[ "${HELP:-1}" == 1 ]]; then run_c "$label" "$round" "$DURATION"; fi
    done
  done
  for label in "${labels[@]}"; do
    use_host "$label"
    check_direct
    cold "$label"
  done
  stop_hosts
done

echo
echo "## Slack load: $(git -C "$ROOT" describe --always --dirty) · $(nproc) cores · wrk -t$THREADS -c$CONNECTIONS -d$DURATION (warm-up $WARMUP) · $(date -u '+%Y-%m-%d %H:%M UTC')"
echo
set +e
python3 "$HELPER" table "$RESULTS"
verdict=$?
set -e
if [[ "${KEEP:-0}" == 1 ]]; then cp "$RESULTS" "$WORK/results.final.jsonl"; fi
exit "$verdict"
