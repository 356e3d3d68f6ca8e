#!/usr/bin/env bash
# Runs every test. Sets up what the tests need on a fresh Debian machine with the .NET 10 SDK:
# installs redis-server when missing, starts it on 127.0.0.1:${MOMENTUM_TEST_REDIS_PORT:-6379} when nothing
# answers there, and a 3-master Redis Cluster on ports 7000-7002 when none is healthy there, installs Chromium for
# the browser test and node/npm for the card and deployment validators when missing (`npm ci` in tests/validators),
# checks kubectl for the manifest tests, restores packages, then `dotnet test`.
set -euo pipefail
cd "$(dirname "$0")"

port="${MOMENTUM_TEST_REDIS_PORT:-6379}"
export MOMENTUM_TEST_REDIS="${MOMENTUM_TEST_REDIS:-127.0.0.1:$port}"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else
    echo "test.sh: need root (or sudo) to run: $*" >&2; return 1; fi
}

apt_updated=""
apt_install() {
  if [ -z "$apt_updated" ]; then as_root apt-get update -qq; apt_updated=1; fi
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "$@" >/dev/null
}

if ! command -v redis-server >/dev/null 2>&1; then
  echo "test.sh: installing redis-server"
  apt_install redis-server
fi

if ! redis-cli -p "$port" ping >/dev/null 2>&1; then
  echo "test.sh: starting redis-server on 127.0.0.1:$port"
  redis-server --port "$port" --bind 127.0.0.1 --save '' --appendonly no --daemonize yes >/dev/null
  for _ in $(seq 1 50); do redis-cli -p "$port" ping >/dev/null 2>&1 && break; sleep 0.1; done
fi
redis-cli -p "$port" ping >/dev/null

# A 3-master Redis Cluster for the store's contract tests and one end-to-end test (MOMENTUM_TEST_REDIS_CLUSTER, seed
# nodes: then none is started). Otherwise started on MOMENTUM_TEST_REDIS_CLUSTER_PORTS unless the first node already
# reports a healthy cluster.
if [ -n "${MOMENTUM_TEST_REDIS_CLUSTER:-}" ]; then
  echo "test.sh: using the Redis Cluster at $MOMENTUM_TEST_REDIS_CLUSTER"
else
  cluster_ports="${MOMENTUM_TEST_REDIS_CLUSTER_PORTS:-7000 7001 7002}"
  first_cluster_port="${cluster_ports%% *}"
  export MOMENTUM_TEST_REDIS_CLUSTER="$(for p in $cluster_ports; do printf '127.0.0.1:%s,' "$p"; done | sed 's/,$//')"
  if ! redis-cli -p "$first_cluster_port" cluster info 2>/dev/null | grep -q 'cluster_state:ok'; then
    echo "test.sh: starting a 3-master Redis Cluster on 127.0.0.1 ports $cluster_ports"
    cluster_dir="${TMPDIR:-/tmp}/momentum-test-cluster"
    nodes=()
    for p in $cluster_ports; do
      mkdir -p "$cluster_dir/$p"
      if ! redis-cli -p "$p" ping >/dev/null 2>&1; then
        rm -f "$cluster_dir/$p/nodes.conf"
        (cd "$cluster_dir/$p" && redis-server --port "$p" --bind 127.0.0.1 --cluster-enabled yes --cluster-config-file nodes.conf \
          --cluster-node-timeout 2000 --save '' --appendonly no --daemonize yes >/dev/null)
      fi
      for _ in $(seq 1 50); do redis-cli -p "$p" ping >/dev/null 2>&1 && break; sleep 0.1; done
      nodes+=("127.0.0.1:$p")
    done
    if [ "$(redis-cli -p "$first_cluster_port" cluster info | grep -o 'cluster_known_nodes:[0-9]*')" = "cluster_known_nodes:1" ]; then
      redis-cli --cluster create "${nodes[@]}" --cluster-replicas 0 --cluster-yes >/dev/null
    fi
    for _ in $(seq 1 100); do redis-cli -p "$first_cluster_port" cluster info | grep -q 'cluster_state:ok' && break; sleep 0.1; done
  fi
  redis-cli -p "$first_cluster_port" cluster info | grep -q 'cluster_state:ok'
fi

if [ ! -x /usr/bin/chromium ]; then
  echo "test.sh: installing chromium (browser test of the playground)"
  apt_install chromium
fi

# The card validators (Microsoft's adaptivecards parser, @slack/types with tsc) run under node from tests/validators;
# node is needed by the tests only, never by the bot.
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  echo "test.sh: installing nodejs and npm (card validators)"
  apt_install nodejs npm
fi
(cd tests/validators && npm ci --no-audit --no-fund --silent)

# The manifest tests build manifests/k8s with `kubectl kustomize` (kustomize v5: kubectl 1.27 or later). Debian's
# kubernetes-client (1.20, kustomize v2) cannot build them, so nothing is installed: say so before the tests do.
if ! kubectl version --client 2>/dev/null | grep -q '^Kustomize Version: v[5-9]'; then
  echo "test.sh: the deployment tests need kubectl >= 1.27 (kustomize v5) on PATH; found: $(kubectl version --client 2>&1 | head -1)" >&2
fi

dotnet restore Bot.sln
dotnet build Bot.sln --no-restore -c Release
# A test that waits forever fails the run after 10 minutes of silence, naming itself, instead of running into CI's limit.
dotnet test Bot.sln --no-build -c Release --blame-hang-timeout 10m --blame-hang-dump-type none "$@"
