#!/usr/bin/env bash
# Benchmarks against embedded mode in one command: builds Release, starts Hitl.Api (co-hosted silo,
# SQLite) on a free port with a fresh data directory, runs the scenarios, stops it. The load comes from one address,
# so the server runs with Hitl:RateLimits:Enabled=false (the root-field cap still holds; every operation here selects
# one root field).
#
#   bench/run-embedded.sh                     pipeline, length and live with their defaults
#   bench/run-embedded.sh pipeline live       only these
#   bench/run-embedded.sh semantic            semantic retrieval: a server with Hitl:Bot:Retrieval=hybrid, then a
#                                             fresh one with lexical (the figure alongside)
#   BENCH_ARGS="--tenants 50" bench/run-embedded.sh pipeline    extra options for every scenario
#
# The benchmarks do not use the web console, so the API is built without it (-p:HitlBuildConsole=false: no Node.js needed).
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(pipeline length live)

dotnet build -c Release "$ROOT/src/Hitl.Api" -p:HitlBuildConsole=false --nologo -v quiet >/dev/null
dotnet build -c Release "$ROOT/bench/Hitl.Bench" -p:HitlBuildConsole=false --nologo -v quiet >/dev/null

API=""
DATA=""
stop_api() {
  if [ -n "$API" ]; then kill -TERM "$API" 2>/dev/null || true; wait "$API" 2>/dev/null || true; fi
  if [ -n "$DATA" ]; then rm -rf "$DATA"; fi
  API=""
  DATA=""
}
trap stop_api EXIT

# start_api [server options...]: a fresh data directory and port; sets URL, KEY, DATA, API.
start_api() {
  DATA="$(mktemp -d /tmp/hitl-bench-embedded.XXXXXX)"
  PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
  URL="http://127.0.0.1:$PORT"
  ASPNETCORE_ENVIRONMENT=Production dotnet "$ROOT/src/Hitl.Api/bin/Release/net10.0/Hitl.Api.dll" \
    --urls "$URL" --Hitl:DataDirectory="$DATA" --Hitl:RateLimits:Enabled=false "$@" >"$DATA/api.log" 2>&1 &
  API=$!
  for _ in $(seq 1 240); do curl -fsS "$URL/health/ready" >/dev/null 2>&1 && break; sleep 0.25; done
  curl -fsS "$URL/health/ready" >/dev/null || { echo "Hitl did not start; log:" >&2; cat "$DATA/api.log" >&2; exit 1; }
  KEY="$(cat "$DATA/operator.key")"
}

bench() {
  # shellcheck disable=SC2086
  dotnet "$ROOT/bench/Hitl.Bench/bin/Release/net10.0/Hitl.Bench.dll" "$@" --url "$URL" --operator-key "$KEY" --scratch "$DATA" ${BENCH_ARGS:-}
}

status=0
SHARED=()
for scenario in "${SCENARIOS[@]}"; do
  [ "$scenario" = semantic ] || SHARED+=("$scenario")
done
if [ ${#SHARED[@]} -gt 0 ]; then
  # DESIGN.md §9's pipeline targets are measured with the lexical bot (semantic has its own scenario below); their
  # conversations also ask paraphrases of one another, which hybrid retrieval rightly reads as repeats.
  start_api --Hitl:Bot:Retrieval=lexical
  for scenario in "${SHARED[@]}"; do
    bench "$scenario" || status=1
    echo
  done
  stop_api
fi

for scenario in "${SCENARIOS[@]}"; do
  [ "$scenario" = semantic ] || continue
  # One fresh server per retrieval mode; the log says whether the sentence model was loaded (hybrid only).
  for mode in hybrid lexical; do
    start_api --Hitl:Bot:Retrieval="$mode"
    bench semantic --retrieval "$mode" || status=1
    model="$(grep -c 'Sentence embedding model' "$DATA/api.log" || true)"
    if { [ "$mode" = hybrid ] && [ "$model" -eq 0 ]; } || { [ "$mode" = lexical ] && [ "$model" -ne 0 ]; }; then
      echo "  server log: the sentence model was loaded $model time(s), not what Hitl:Bot:Retrieval=$mode means" >&2
      status=1
    else
      echo "  server log: sentence model loaded $model time(s) (Hitl:Bot:Retrieval=$mode)"
    fi
    stop_api
    echo
  done
done
exit $status
