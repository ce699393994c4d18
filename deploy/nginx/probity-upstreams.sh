#!/bin/sh
# Writes nginx's list of Probity servers from their readiness, and reloads nginx when it changed.
#   probity-upstreams.sh [output] 127.0.0.1:3001 127.0.0.1:3002 ...
# A server whose /health/ready answers 200 is in; one that answers anything else (503 while draining or while
# PostgreSQL is unreachable) or nothing is marked `down`. A server too old to have /health/ready (404) is judged by
# /health. If no server is ready, all are listed: nginx then passes Probity's own 503 answers on.
# Run every few seconds by probity-upstreams.service; PROBITY_NGINX_RELOAD overrides the reload command.
set -u
out=/etc/nginx/probity-upstreams.conf
case "${1:-}" in /*) out=$1; shift ;; esac
reload=${PROBITY_NGINX_RELOAD:-nginx -s reload}

ready() {
  code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://$1/health/ready")
  if [ "$code" = 404 ]; then code=$(curl -s -o /dev/null -m 2 -w '%{http_code}' "http://$1/health"); fi
  [ "$code" = 200 ]
}

tmp=$(mktemp)
up=0
for server in "$@"; do
  if ready "$server"; then
    echo "server $server max_fails=2 fail_timeout=10s;" >>"$tmp"
    up=$((up + 1))
  else
    echo "server $server max_fails=2 fail_timeout=10s down;" >>"$tmp"
  fi
done
if [ "$up" = 0 ]; then sed -i 's/ down;$/;/' "$tmp"; fi
if ! cmp -s "$tmp" "$out"; then
  cat "$tmp" >"$out"
  $reload
fi
rm -f "$tmp"
