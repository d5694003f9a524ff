#!/usr/bin/env bash
# Benchmarks against cluster mode in one command: deploy/local-cluster.sh up (PostgreSQL, two silos, one
# API in client mode), the scenarios with PostgreSQL as the bare-write baseline, then down.
#
#   bench/run-cluster.sh                      pipeline, then persist (on a warm cluster), with their defaults
#   bench/run-cluster.sh persist              only this
#   BENCH_ARGS="--conversations 400" bench/run-cluster.sh pipeline
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(pipeline persist)

# The load comes from one address: the API that local-cluster.sh starts inherits this and runs without rate limits
# (the root-field cap still holds; every operation here selects one root field).
export Hitl__RateLimits__Enabled=false
# DESIGN.md §9's pipeline targets are measured with the lexical bot (the semantic one has its own scenario), and the
# scenarios' conversations ask paraphrases of one another, which hybrid retrieval rightly reads as repeats.
export Hitl__Bot__Retrieval=lexical
export HITL_CLUSTER_DIR="${HITL_CLUSTER_DIR:-$(mktemp -u /tmp/hitl-bench-cluster.XXXXXX)}"
trap 'bash "$ROOT/deploy/local-cluster.sh" down >/dev/null 2>&1 || true' EXIT
bash "$ROOT/deploy/local-cluster.sh" up
dotnet build -c Release "$ROOT/bench/Hitl.Bench" --nologo -v quiet >/dev/null
env_get() { grep "^$1=" "$HITL_CLUSTER_DIR/env" | cut -d= -f2-; }
URL="http://127.0.0.1:$(env_get API_PORT)"
KEY="$(env_get OPERATOR_KEY)"
PG="$(env_get CONNECTION_STRING)"

status=0
for scenario in "${SCENARIOS[@]}"; do
  # shellcheck disable=SC2086
  dotnet "$ROOT/bench/Hitl.Bench/bin/Release/net10.0/Hitl.Bench.dll" "$scenario" --url "$URL" --operator-key "$KEY" --postgres "$PG" ${BENCH_ARGS:-} || status=1
  echo
done
exit $status
