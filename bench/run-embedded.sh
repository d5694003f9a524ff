#!/usr/bin/env bash
# Benchmarks against embedded mode in one command: builds Release, starts Hitl.Api (co-hosted silo,
# SQLite) on a free port with a fresh data directory, runs the scenarios, stops it. The load comes from one address,
# so the server runs with Hitl:RateLimits:Enabled=false (the root-field cap still holds; every operation here selects
# one root field).
#
#   bench/run-embedded.sh                     pipeline, length and live with their defaults
#   bench/run-embedded.sh pipeline live       only these
#   BENCH_ARGS="--tenants 50" bench/run-embedded.sh pipeline    extra options for every scenario
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
SCENARIOS=("$@")
[ ${#SCENARIOS[@]} -gt 0 ] || SCENARIOS=(pipeline length live)

dotnet build -c Release "$ROOT/src/Hitl.Api" --nologo -v quiet >/dev/null
dotnet build -c Release "$ROOT/bench/Hitl.Bench" --nologo -v quiet >/dev/null

DATA="$(mktemp -d /tmp/hitl-bench-embedded.XXXXXX)"
PORT="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()')"
URL="http://127.0.0.1:$PORT"
ASPNETCORE_ENVIRONMENT=Production dotnet "$ROOT/src/Hitl.Api/bin/Release/net10.0/Hitl.Api.dll" \
  --urls "$URL" --Hitl:DataDirectory="$DATA" --Hitl:RateLimits:Enabled=false >"$DATA/api.log" 2>&1 &
API=$!
trap 'kill -TERM $API 2>/dev/null || true; wait $API 2>/dev/null || true; rm -rf "$DATA"' EXIT
for _ in $(seq 1 240); do curl -fsS "$URL/health/ready" >/dev/null 2>&1 && break; sleep 0.25; done
curl -fsS "$URL/health/ready" >/dev/null || { echo "Hitl did not start; log:" >&2; cat "$DATA/api.log" >&2; exit 1; }
KEY="$(cat "$DATA/operator.key")"

status=0
for scenario in "${SCENARIOS[@]}"; do
  # shellcheck disable=SC2086
  dotnet "$ROOT/bench/Hitl.Bench/bin/Release/net10.0/Hitl.Bench.dll" "$scenario" --url "$URL" --operator-key "$KEY" --scratch "$DATA" ${BENCH_ARGS:-} || status=1
  echo
done
exit $status
