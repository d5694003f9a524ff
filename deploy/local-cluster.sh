#!/usr/bin/env bash
# A Hitl cluster on this machine: PostgreSQL in a temporary directory on 127.0.0.1 (from the
# installed PostgreSQL binaries), the project's schema, two silos and one API in client mode.
#
#   deploy/local-cluster.sh up            start everything, wait until ready, print URL= and OPERATOR_KEY=
#   deploy/local-cluster.sh kill-silo N   kill silo N (1 or 2) with SIGKILL
#   deploy/local-cluster.sh start-silo N  start silo N again and wait until it has joined
#   deploy/local-cluster.sh status        what runs
#   deploy/local-cluster.sh down          stop everything it started and delete its directory
#
# HITL_CLUSTER_DIR (default /tmp/hitl-local-cluster) holds the database, logs and pid files.
# HITL_CLUSTER_TLS=1 generates a self-signed cluster certificate and runs silo and gateway traffic over
# mutual TLS (Hitl:Cluster:Tls). Secrets reach the processes through their environment, never their
# command lines (which every user of the machine can read), and the directory is private to its owner.
set -euo pipefail
umask 077

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
STATE="${HITL_CLUSTER_DIR:-/tmp/hitl-local-cluster}"
PGBIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)"
OUT="$STATE/bin"

as_postgres() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
env_get() { grep "^$1=" "$STATE/env" | cut -d= -f2-; }
alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

psql_hitl() { "$PGBIN/psql" -h 127.0.0.1 -p "$(env_get PGPORT)" -U postgres -d hitl -tAc "$1"; }

start_silo() {
  local n="$1"
  local cs; cs="$(env_get CONNECTION_STRING)"
  tls_env
  ASPNETCORE_ENVIRONMENT=Production Hitl__PostgresConnectionString="$cs" nohup dotnet "$OUT/silo/Hitl.Silo.dll" \
    --Hitl:Storage=postgres --Hitl:Cluster:Mode=silo \
    --Hitl:Cluster:SiloPort="$(env_get SILO${n}_PORT)" --Hitl:Cluster:GatewayPort="$(env_get GATEWAY${n}_PORT)" \
    --Hitl:DataDirectory="$STATE/silo$n" >"$STATE/silo$n.log" 2>&1 &
  echo $! >"$STATE/silo$n.pid"
}

# Exports the TLS settings when the cluster was brought up with HITL_CLUSTER_TLS=1.
tls_env() {
  if [ "$(env_get TLS)" = 1 ]; then
    export Hitl__Cluster__Tls__Enabled=true Hitl__Cluster__Tls__CertificatePath="$STATE/tls/cluster.pem" Hitl__Cluster__Tls__KeyPath="$STATE/tls/cluster.key"
  fi
}

wait_for() {
  local what="$1" check="$2" seconds="${3:-120}"
  for _ in $(seq 1 $((seconds * 4))); do
    if eval "$check" >/dev/null 2>&1; then return 0; fi
    sleep 0.25
  done
  echo "local-cluster: timed out waiting for $what (logs in $STATE)" >&2
  return 1
}

up() {
  if [ -f "$STATE/env" ]; then echo "local-cluster: already up ($STATE); run 'down' first" >&2; exit 1; fi
  [ -n "$PGBIN" ] || { echo "local-cluster: PostgreSQL binaries not found under /usr/lib/postgresql (apt-get install postgresql)" >&2; exit 1; }
  mkdir -p "$STATE"
  chmod 711 "$STATE" # PostgreSQL runs as its own user and must reach $STATE/pg; nothing here is listable
  echo "== building (Release)"
  dotnet publish "$ROOT/src/Hitl.Silo" -c Release -o "$OUT/silo" --nologo -v quiet >/dev/null
  dotnet publish "$ROOT/src/Hitl.Api" -c Release -o "$OUT/api" --nologo -v quiet >/dev/null

  echo "== PostgreSQL"
  local pgport; pgport="$(free_port)"
  mkdir -p "$STATE/pg"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$STATE/pg"
  as_postgres "$PGBIN/initdb" -D "$STATE/pg/data" -U postgres --auth=trust -E UTF8 >"$STATE/initdb.log"
  as_postgres "$PGBIN/pg_ctl" -D "$STATE/pg/data" -l "$STATE/pg/server.log" -w \
    -o "-p $pgport -k $STATE/pg -c listen_addresses=127.0.0.1 -c max_connections=300" start >/dev/null
  "$PGBIN/psql" -h 127.0.0.1 -p "$pgport" -U postgres -qc "CREATE DATABASE hitl" >/dev/null
  local cs="Host=127.0.0.1;Port=$pgport;Database=hitl;Username=postgres"
  local key="op_$(head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')"
  local jwt; jwt="$(head -c 48 /dev/urandom | base64 | tr -d '\n')"
  {
    echo "PGPORT=$pgport"
    echo "CONNECTION_STRING=$cs"
    echo "OPERATOR_KEY=$key"
    echo "JWT_KEY=$jwt"
    echo "SILO1_PORT=$(free_port)"; echo "GATEWAY1_PORT=$(free_port)"
    echo "SILO2_PORT=$(free_port)"; echo "GATEWAY2_PORT=$(free_port)"
    echo "API_PORT=$(free_port)"
    echo "TLS=${HITL_CLUSTER_TLS:-0}"
  } >"$STATE/env"
  if [ "${HITL_CLUSTER_TLS:-0}" = 1 ]; then
    echo "== cluster certificate (self-signed, mutual TLS)"
    mkdir -p "$STATE/tls"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 2 -subj "/CN=hitl-cluster" \
      -addext "extendedKeyUsage=serverAuth,clientAuth" -keyout "$STATE/tls/cluster.key" -out "$STATE/tls/cluster.pem" 2>/dev/null
  fi

  echo "== schema"
  Hitl__PostgresConnectionString="$cs" dotnet "$OUT/silo/Hitl.Silo.dll" migrate --Hitl:Storage=postgres

  echo "== silos"
  start_silo 1
  start_silo 2
  wait_for "two active silos" "[ \"\$(psql_hitl 'SELECT count(*) FROM orleans_membership WHERE status = 3')\" = 2 ]"

  echo "== API"
  local url="http://127.0.0.1:$(env_get API_PORT)"
  tls_env
  ASPNETCORE_ENVIRONMENT=Production Hitl__PostgresConnectionString="$cs" Hitl__OperatorKey="$key" Hitl__Jwt__SigningKey="$jwt" \
    nohup dotnet "$OUT/api/Hitl.Api.dll" --urls "$url" \
    --Hitl:Cluster:Mode=client --Hitl:Storage=postgres --Hitl:DataDirectory="$STATE/api" >"$STATE/api.log" 2>&1 &
  echo $! >"$STATE/api.pid"
  wait_for "the API" "curl -fsS $url/health/ready"
  echo "URL=$url"
  echo "OPERATOR_KEY=$key"
}

kill_silo() {
  local n="${1:?silo number}"
  alive "$STATE/silo$n.pid" || { echo "local-cluster: silo $n is not running" >&2; exit 1; }
  kill -9 "$(cat "$STATE/silo$n.pid")"
  echo "killed silo $n"
}

start_again() {
  local n="$1"
  alive "$STATE/silo$n.pid" && { echo "local-cluster: silo $n is running already" >&2; exit 1; }
  local port; port="$(env_get SILO${n}_PORT)"
  local before; before="$(psql_hitl "SELECT coalesce(max(generation), 0) FROM orleans_membership WHERE port = $port")"
  start_silo "$n"
  wait_for "silo $n to join" "[ \"\$(psql_hitl 'SELECT count(*) FROM orleans_membership WHERE status = 3 AND port = $port AND generation > $before')\" = 1 ]"
  echo "started silo $n"
}

status() {
  [ -f "$STATE/env" ] || { echo "down"; return; }
  for p in silo1 silo2 api; do
    if alive "$STATE/$p.pid"; then echo "$p: running (pid $(cat "$STATE/$p.pid"))"; else echo "$p: stopped"; fi
  done
  echo "active silos: $(psql_hitl 'SELECT count(*) FROM orleans_membership WHERE status = 3' 2>/dev/null || echo '?')"
  echo "URL=http://127.0.0.1:$(env_get API_PORT)"
  echo "OPERATOR_KEY=$(env_get OPERATOR_KEY)"
}

down() {
  [ -d "$STATE" ] || { echo "down"; return; }
  for p in api silo1 silo2; do
    if alive "$STATE/$p.pid"; then kill -TERM "$(cat "$STATE/$p.pid")" 2>/dev/null || true; fi
  done
  for p in api silo1 silo2; do
    for _ in $(seq 1 40); do alive "$STATE/$p.pid" || break; sleep 0.25; done
    if alive "$STATE/$p.pid"; then kill -9 "$(cat "$STATE/$p.pid")" 2>/dev/null || true; fi
  done
  if [ -n "$PGBIN" ] && [ -d "$STATE/pg/data" ]; then
    as_postgres "$PGBIN/pg_ctl" -D "$STATE/pg/data" -m fast -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$STATE"
  echo "down"
}

case "${1:-}" in
  up) up ;;
  down) down ;;
  kill-silo) kill_silo "${2:-}" ;;
  start-silo) start_again "${2:?silo number}" ;;
  status) status ;;
  *) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
