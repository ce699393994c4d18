#!/usr/bin/env bash
# npm run test:cluster: Probity as an operator runs it on several machines, here on one: its own PostgreSQL (initdb
# on a free port), a fresh database, two servers and two workers, nginx in front with deploy/'s configuration, a
# local mail sink. Checks what must survive and prints figures:
#   a login on one server works on the other; kill -9 of a server under a write load loses no acknowledged write;
#   a PostgreSQL restart gives only 503s while it is down and Probity recovers by itself; kill -9 of the worker
#   running a 300-certificate job still ends with every learner certified once and serials gap-free; two workers
#   mail each of 150 notifications once (and one refused with 451 after its back-off).
# Cleans up on exit; on a failure prints the end of every log. Needs root (to install nginx when missing) or nginx.
#   PROBITY_CLUSTER_OWN_PG=0     use the shared PostgreSQL instead (PROBITY_CLUSTER_PG_HOST/PORT, default
#                                127.0.0.1:5432, user postgres): it is never restarted, so the restart check is skipped
#   PROBITY_CLUSTER_PGBOUNCER=1  the processes reach PostgreSQL through PgBouncer in transaction mode
#   PROBITY_CLUSTER_KEEP=1       keep the working folder (logs, PostgreSQL's data) for a look afterwards
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
    for f in "$work"/*.log "$work"/pg/postgresql.log; do [ -f "$f" ] && { echo "--- $f"; tail -n 25 "$f"; }; done
  fi
  if [ "${PROBITY_CLUSTER_KEEP:-0}" = 1 ]; then log "kept $work"; else rm -rf "$work"; fi
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

# --- PostgreSQL: by default a private cluster on a free port (initdb, pg_ctl), which the restart check stops and
# starts; PROBITY_CLUSTER_OWN_PG=0: the shared server, never restarted here.
as_postgres() { if [ "$(id -u)" = 0 ]; then su postgres -s /bin/sh -c "$(printf '%q ' "$@")"; else "$@"; fi; }
if [ "${PROBITY_CLUSTER_OWN_PG:-1}" != 0 ]; then
  own_pg=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$own_pg" ] || [ ! -x "$own_pg/initdb" ]; then
    log "no PostgreSQL server binaries in /usr/lib/postgresql/*/bin (initdb): install postgresql, or PROBITY_CLUSTER_OWN_PG=0"
    exit 1
  fi
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
  PORT=$port node --enable-source-maps dist/apps/server/src/main.js >>"$work/server-$port.log" 2>&1 &
  server_pid[$1]=$!
  pids+=($!)
  disown "$!" # a kill -9 here is on purpose: no "Killed" line from bash
}
declare -a server_pid

# A local mail server for the workers (SMTP_URL): one JSON line per message in $work/smtp.jsonl.
SINK_FILE="$work/smtp.jsonl" SINK_PORT_FILE="$work/smtp.port" SINK_REJECT_EVERY=10 \
  node test/cluster/smtp-sink.mjs >"$work/smtp-sink.log" 2>&1 &
pids+=($!)
sink_pid=$!
for _ in $(seq 1 50); do [ -s "$work/smtp.port" ] && break; kill -0 "$sink_pid" 2>/dev/null || break; sleep 0.1; done
[ -s "$work/smtp.port" ] || { log "the SMTP sink did not start"; exit 1; }
SMTP_URL="smtp://127.0.0.1:$(cat "$work/smtp.port")"

# Workers by slot (1, 2); each start gets a log of its own: worker-<n>.log, n counting every start.
declare -a worker_pid worker_log
worker_starts=0
start_worker() { # slot
  worker_starts=$((worker_starts + 1))
  worker_log[$1]="$work/worker-$worker_starts.log"
  SMTP_URL="$SMTP_URL" node --enable-source-maps dist/apps/worker/src/main.js >"${worker_log[$1]}" 2>&1 &
  worker_pid[$1]=$!
  pids+=($!)
  disown "$!"
}
wait_worker() { # slot seconds: until it consumes its queues (its notification processor says how it mails)
  for _ in $(seq 1 $(($2 * 5))); do
    grep -q 'mailing notifications through SMTP' "${worker_log[$1]}" 2>/dev/null && return 0
    kill -0 "${worker_pid[$1]}" 2>/dev/null || { log "worker $1 (${worker_log[$1]}) ended"; return 1; }
    sleep 0.2
  done
  log "worker $1 (${worker_log[$1]}) not consuming after $2 s"
  return 1
}
wait_gone() { # pid seconds
  for _ in $(seq 1 $(($2 * 5))); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.2; done
  return 1
}

# Both servers start at once: migrations run under an advisory lock, the second finds nothing left to do.
log "two servers on ${SERVER_PORTS[*]}, two workers, SMTP sink on ${SMTP_URL##*:}"
start_server 0
start_server 1
start_worker 1
start_worker 2
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

# --- a login across servers, kill -9 of server A under a write load (figures printed by checks.mjs)
CLUSTER_NGINX="http://127.0.0.1:$NGINX_PORT" \
  CLUSTER_SERVERS="http://127.0.0.1:${SERVER_PORTS[0]},http://127.0.0.1:${SERVER_PORTS[1]}" \
  CLUSTER_KILL_PID="${server_pid[0]}" \
  node test/cluster/checks.mjs

# Server A back (as its service manager would start it again): two servers behind nginx for what follows.
wait_gone "${server_pid[0]}" 10 || { log "server A survived kill -9"; exit 1; }
start_server 0
restarted=$SECONDS
wait_for "http://127.0.0.1:${SERVER_PORTS[0]}/health/ready" 90 "${server_pid[0]}"
log "server A started again, ready in $((SECONDS - restarted)) s"

# --- PostgreSQL restart under a read load through nginx: only 503s during the outage, then recovery without
# restarting Probity (figures printed by pg-restart.mjs).
if [ -n "$own_pg" ]; then
  PG_CTL="$own_pg/pg_ctl" PG_DATA="$work/pg/data" PG_OPTS="-p $PG_PORT -k $work/pg -c listen_addresses=127.0.0.1" \
    PG_LOG="$work/pg/postgresql.log" CLUSTER_NGINX="http://127.0.0.1:$NGINX_PORT" \
    node test/cluster/pg-restart.mjs
else
  log "PostgreSQL restart check skipped: PROBITY_CLUSTER_OWN_PG=0 uses the shared PostgreSQL on $PG_HOST:$PG_PORT, which this script never restarts"
fi

# --- kill -9 of the worker running a 300-certificate job. Worker 2 stops first (SIGTERM, as in a deploy), so the job
# can only run on worker 1, which certificates.mjs kills part way; then worker 2 starts again and must take the job
# over once its queue heartbeat lapses (figures printed by certificates.mjs).
stopping=$(date +%s%N)
kill -TERM "${worker_pid[2]}"
wait_gone "${worker_pid[2]}" 60 || { log "worker 2 did not stop within 60 s of SIGTERM"; exit 1; }
log "worker 2 stopped by SIGTERM in $((($(date +%s%N) - stopping) / 1000000)) ms; worker 1 alone runs the certificate job"
CLUSTER_NGINX="http://127.0.0.1:$NGINX_PORT" CLUSTER_WORKER_PID="${worker_pid[1]}" \
  CLUSTER_KILLED_FILE="$work/worker-killed" CLUSTER_STATE="$work/state.json" \
  node test/cluster/certificates.mjs &
checker=$!
pids+=($checker)
while [ ! -e "$work/worker-killed" ]; do
  kill -0 "$checker" 2>/dev/null || break
  sleep 0.1
done
if [ -e "$work/worker-killed" ]; then
  start_worker 2
  log "worker 1 killed (kill -9); worker 2 started again (${worker_log[2]##*/})"
fi
wait "$checker"

# Two workers again for the notifications: worker 1 starts anew beside the worker that finished the job.
start_worker 1
wait_worker 1 90
wait_worker 2 90

# --- two workers mail each of 150 notifications once (figures printed by notifications.mjs)
CLUSTER_NGINX="http://127.0.0.1:$NGINX_PORT" CLUSTER_STATE="$work/state.json" SINK_FILE="$work/smtp.jsonl" \
  CLUSTER_WORKER_LOGS="${worker_log[1]},${worker_log[2]}" \
  node test/cluster/notifications.mjs

log "done"
