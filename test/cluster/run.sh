#!/usr/bin/env bash
# npm run test:cluster: Probity as an operator runs it on several machines, here on one: the local PostgreSQL
# (127.0.0.1:5432, user postgres), a fresh database, two servers and two workers, nginx in front with deploy/'s
# configuration. Checks what must survive and prints figures. Cleans up on exit.
# Needs root (to install nginx when missing) or nginx already installed.
#   PROBITY_CLUSTER_OWN_PG=1     its own PostgreSQL on a free port (initdb), restarted under load by pg-restart.mjs
#   PROBITY_CLUSTER_PGBOUNCER=1  the processes reach PostgreSQL through PgBouncer in transaction mode
#   PROBITY_CLUSTER_PG_HOST/PORT the shared PostgreSQL to use otherwise (default 127.0.0.1:5432)
set -euo pipefail
cd "$(dirname "$0")/../.."

PG_HOST=${PROBITY_CLUSTER_PG_HOST:-127.0.0.1}
PG_PORT=${PROBITY_CLUSTER_PG_PORT:-5432}
DB="probity_cluster_$(date +%s)_$$"
SERVER_PORTS=(3101 3102)
work=$(mktemp -d /tmp/probity-cluster.XXXXXX)
chmod 755 "$work"
pids=()
nginx_pid=""
pgbouncer_pid=""
own_pg=""

log() { printf '[cluster] %s\n' "$*"; }
psql_admin() { psql -h "$PG_HOST" -p "$PG_PORT" -U postgres -X -q -At "$@"; }

cleanup() {
  local status=$?
  set +e
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  [ -n "$nginx_pid" ] && kill -QUIT "$nginx_pid" 2>/dev/null
  [ -n "$pgbouncer_pid" ] && kill -INT "$pgbouncer_pid" 2>/dev/null
  for _ in $(seq 1 50); do
    alive=0
    for pid in "${pids[@]}" $nginx_pid $pgbouncer_pid; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [ $alive = 0 ] && break
    sleep 0.2
  done
  for pid in "${pids[@]}" $nginx_pid $pgbouncer_pid; do kill -KILL "$pid" 2>/dev/null; done
  psql_admin -d postgres -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1
  [ -n "$own_pg" ] && as_postgres "$own_pg/pg_ctl" -D "$work/pg/data" -m immediate stop >/dev/null 2>&1
  if [ $status != 0 ]; then
    log "failed ($status); last lines of each log:"
    for f in "$work"/*.log; do [ -f "$f" ] && { echo "--- $f"; tail -n 15 "$f"; }; done
  fi
  rm -rf "$work"
  exit $status
}
trap cleanup EXIT INT TERM

free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

wait_for() { # url seconds [pid that must stay alive]
  for _ in $(seq 1 $(($2 * 5))); do
    [ "$(curl -s -o /dev/null -m 2 -w '%{http_code}' "$1")" = 200 ] && return 0
    if [ -n "${3:-}" ] && ! kill -0 "$3" 2>/dev/null; then
      log "the process behind $1 ended"
      return 1
    fi
    sleep 0.2
  done
  log "no 200 from $1 after $2 s"
  return 1
}

# --- nginx
if ! command -v nginx >/dev/null 2>&1; then
  if [ "$(id -u)" != 0 ]; then log "nginx is missing: run as root (apt-get install -y nginx) or install it"; exit 1; fi
  log "installing nginx"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null || {
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nginx >/dev/null
  }
fi

# --- build
log "npm run build"
npm run build >"$work/build.log" 2>&1

# --- PostgreSQL. PROBITY_CLUSTER_OWN_PG=1: a private cluster on a free port (initdb, pg_ctl), which the
# restart check may stop and start; otherwise the local server, which is shared and never restarted here.
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; else "$@"; fi; }
if [ "${PROBITY_CLUSTER_OWN_PG:-0}" = 1 ]; then
  own_pg=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  PG_HOST=127.0.0.1
  PG_PORT=$(free_port)
  mkdir -p "$work/pg" && chown postgres "$work/pg" 2>/dev/null || true
  as_postgres "$own_pg/initdb" -D "$work/pg/data" -U postgres --auth=trust -E UTF8 >"$work/initdb.log" 2>&1
  as_postgres "$own_pg/pg_ctl" -D "$work/pg/data" -o "-p $PG_PORT -k $work/pg -c listen_addresses=127.0.0.1" \
    -l "$work/pg/postgresql.log" -w start >/dev/null
  log "own PostgreSQL ($own_pg) on $PG_PORT"
fi
DATABASE_URL="postgres://postgres@$PG_HOST:$PG_PORT/$DB"

# --- database
log "fresh database $DB on $PG_HOST:$PG_PORT"
psql_admin -d postgres -c "CREATE DATABASE \"$DB\""

# PROBITY_CLUSTER_PGBOUNCER=1: the processes reach PostgreSQL through PgBouncer in transaction mode, with
# deploy/pgbouncer/pgbouncer.ini adapted (own port and files, trust authentication); needs the pgbouncer package.
if [ "${PROBITY_CLUSTER_PGBOUNCER:-0}" = 1 ]; then
  BOUNCER_PORT=$(free_port)
  mkdir -p "$work/pgbouncer" && chmod 777 "$work/pgbouncer"
  sed -e "s#^listen_port = 6432#listen_port = $BOUNCER_PORT#" -e "s#/var/run/postgresql#$work/pgbouncer#" \
    -e "s#/var/log/postgresql#$work/pgbouncer#" -e 's#^auth_type = scram-sha-256#auth_type = trust#' \
    -e "s#/etc/pgbouncer/userlist.txt#$work/pgbouncer/users.txt#" -e "s#host=127.0.0.1 port=5432#host=$PG_HOST port=$PG_PORT#" \
    -e "s#dbname=probity#dbname=$DB#" -e "s#^probity = #$DB = #" -e 's#^probity_session = #session_pool = #' \
    deploy/pgbouncer/pgbouncer.ini >"$work/pgbouncer/pgbouncer.ini"
  echo '"postgres" ""' >"$work/pgbouncer/users.txt"
  chmod 644 "$work/pgbouncer/"*
  runas=()
  [ "$(id -u)" = 0 ] && runas=(-u postgres)
  pgbouncer "${runas[@]}" "$work/pgbouncer/pgbouncer.ini" >>"$work/pgbouncer.log" 2>&1 &
  pgbouncer_pid=$!
  sleep 1
  DATABASE_URL="postgres://postgres@127.0.0.1:$BOUNCER_PORT/$DB"
  export PROBITY_DB_PGBOUNCER=1
  log "through PgBouncer (transaction mode) on $BOUNCER_PORT"
fi
export DATABASE_URL
# One random value shared by every server and worker (a word like "secret" in it is refused as a placeholder).
PROBITY_SECRET="$(node -e "console.log(require('crypto').randomBytes(32).toString('base64url'))")"
export PROBITY_SECRET
export PROBITY_ADMIN_EMAIL=admin@cluster.test
export PROBITY_ADMIN_PASSWORD="cluster-admin-$(node -e "console.log(require('crypto').randomBytes(8).toString('hex'))")"
export LOG_LEVEL=info
export NODE_ENV=production
export PROBITY_DEMO=0
NGINX_PORT=$(free_port)
export PROBITY_PUBLIC_URL="http://127.0.0.1:$NGINX_PORT"

start_server() { # index
  local port=${SERVER_PORTS[$1]}
  PORT=$port node --enable-source-maps dist/apps/server/src/main.js >"$work/server-$port.log" 2>&1 &
  server_pid[$1]=$!
  pids+=($!)
}
declare -a server_pid
# Both servers start at once: migrations run under an advisory lock, the second finds nothing left to do.
log "two servers on ${SERVER_PORTS[*]}, two workers"
start_server 0
start_server 1
for i in 1 2; do
  node --enable-source-maps dist/apps/worker/src/main.js >"$work/worker-$i.log" 2>&1 &
  pids+=($!)
done
for i in 0 1; do wait_for "http://127.0.0.1:${SERVER_PORTS[$i]}/health" 90 "${server_pid[$i]}"; done

# --- nginx with deploy/nginx/probity.conf, adapted: its own prefix, a free port, the upstream list written by
# deploy/nginx/probity-upstreams.sh from the servers' readiness.
sed -e "s#listen 80;#listen 127.0.0.1:$NGINX_PORT;#" -e '/listen \[::\]:80;/d' \
  -e "s#include /etc/nginx/probity-upstreams.conf;#include $work/probity-upstreams.conf;#" \
  deploy/nginx/probity.conf >"$work/probity.conf"
cat >"$work/nginx.conf" <<NGINX
daemon off;
worker_processes 2;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
$( [ "$(id -u)" = 0 ] && echo 'user root;')
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $work/client_body;
  proxy_temp_path $work/proxy;
  fastcgi_temp_path $work/fastcgi;
  uwsgi_temp_path $work/uwsgi;
  scgi_temp_path $work/scgi;
  include $work/probity.conf;
}
NGINX
PROBITY_NGINX_RELOAD=true sh deploy/nginx/probity-upstreams.sh "$work/probity-upstreams.conf" \
  "127.0.0.1:${SERVER_PORTS[0]}" "127.0.0.1:${SERVER_PORTS[1]}"
log "upstreams: $(tr '\n' ' ' <"$work/probity-upstreams.conf")"
nginx -t -q -c "$work/nginx.conf" -p "$work" 2>>"$work/nginx-error.log"
nginx -c "$work/nginx.conf" -p "$work" >>"$work/nginx-error.log" 2>&1 &
nginx_pid=$!
wait_for "http://127.0.0.1:$NGINX_PORT/health" 10
log "nginx on $NGINX_PORT"

# --- the checks (figures printed by checks.mjs)
CLUSTER_NGINX="http://127.0.0.1:$NGINX_PORT" \
  CLUSTER_SERVERS="http://127.0.0.1:${SERVER_PORTS[0]},http://127.0.0.1:${SERVER_PORTS[1]}" \
  CLUSTER_KILL_PID="${server_pid[0]}" \
  node test/cluster/checks.mjs

# PostgreSQL restart under a read load through nginx: only 503s during the outage, then recovery without restarting
# Probity (needs lane 12C's 503 on an unreachable database; run with PROBITY_CLUSTER_OWN_PG=1).
if [ -n "$own_pg" ]; then
  PG_CTL="$own_pg/pg_ctl" PG_DATA="$work/pg/data" PG_OPTS="-p $PG_PORT -k $work/pg -c listen_addresses=127.0.0.1" \
    PG_LOG="$work/pg/postgresql.log" CLUSTER_NGINX="http://127.0.0.1:$NGINX_PORT" \
    node test/cluster/pg-restart.mjs
else
  log "TODO: PostgreSQL restart check skipped (the shared local PostgreSQL is never restarted; PROBITY_CLUSTER_OWN_PG=1 runs it)"
fi

# TODO(lane 12A, resumable issuance): kill -9 of one worker during a 300-certificate job; afterwards every learner
#   certified once (count certificates per learner) and serials gap-free (max(serial) - min(serial) + 1 = count).
# TODO(lane 12B, claimed notifications): with SMTP_URL pointing at a local sink (e.g. a small node SMTP listener),
#   150 notifications with two workers; print sent vs expected and duplicates (0).
log "done"
