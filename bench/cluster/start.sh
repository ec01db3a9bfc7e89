#!/usr/bin/env bash
# bench/cluster/start.sh
# A 3-node dashcpp cluster on one machine behind nginx (round robin), as the
# README describes it: one shared cluster secret and session secret in a
# temporary folder, node names n1..n3, all on 127.0.0.1. Prints the URLs and
# runs until Ctrl-C or SIGTERM, then stops everything it started, by PID,
# and removes the temporary folder (logs included).
#
# Usage: bash bench/cluster/start.sh [BUILD_DIR] [APP] [APP FLAGS...]
#        (defaults: build example3_signal; e.g. ... build example3_signal
#        --delay-ms 3000; the flags go to every node)
# Env:   HTTP_PORTS="8051 8052 8053"  CLUSTER_PORTS="9051 9052 9053"
#        NGINX_PORT=8050  NGINX_BIN=/usr/sbin/nginx  START_TIMEOUT=30 (s)
# Exit:  0 after Ctrl-C/SIGTERM; 1 when a node or nginx fails to start.

set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

build=${1:-build}
app=${2:-example3_signal}
shift $(($# < 2 ? $# : 2))
app_flags=("$@")
read -r -a http_ports <<<"${HTTP_PORTS:-8051 8052 8053}"
read -r -a cluster_ports <<<"${CLUSTER_PORTS:-9051 9052 9053}"
nginx_port=${NGINX_PORT:-8050}
nginx_bin=${NGINX_BIN:-/usr/sbin/nginx}
start_timeout=${START_TIMEOUT:-30}
stop_timeout=5 # seconds to wait after SIGTERM, then SIGKILL (bench/lib.sh)
host=127.0.0.1
bin=$build/bin/$app
nodes=${#http_ports[@]}

die() {
  echo "start.sh: $*" >&2
  exit 1
}

[[ -x $bin ]] || die "missing $bin (build it first: cmake --build $build)"
[[ -x $nginx_bin ]] || die "missing $nginx_bin (apt-get install nginx-light)"
((nodes == ${#cluster_ports[@]})) \
  || die "HTTP_PORTS and CLUSTER_PORTS must name as many ports"

work=$(mktemp -d "${TMPDIR:-/tmp}/dashcpp-cluster.XXXXXX")
node_pids=()
nginx_pid=""

# Stops nginx, then the nodes (SIGTERM, SIGKILL after $stop_timeout s), and
# removes the temporary folder. Runs once, on any exit.
cleanup() {
  trap - EXIT INT TERM
  if [[ -n $nginx_pid ]]; then
    stop_pid "$nginx_pid" nginx
  fi
  local i
  for i in "${!node_pids[@]}"; do
    stop_pid "${node_pids[$i]}" "n$((i + 1))"
  done
  rm -rf "$work"
  echo "start.sh: stopped" >&2
}
trap cleanup EXIT
trap 'exit 0' INT TERM

# The secrets: every node gets the same two files.
(
  umask 077
  head -c 24 /dev/urandom | base64 >"$work/cluster.secret"
  head -c 48 /dev/urandom | base64 >"$work/session.key"
)
seeds=""
for p in "${cluster_ports[@]}"; do
  seeds+="${seeds:+,}$host:$p"
done

# The nodes.
for i in $(seq 0 $((nodes - 1))); do
  name=n$((i + 1))
  "$bin" --host "$host" --port "${http_ports[$i]}" \
    --cluster true --cluster-host "$host" \
    --cluster-port "${cluster_ports[$i]}" --cluster-node-name "$name" \
    --cluster-seeds "$seeds" --cluster-secret-file "$work/cluster.secret" \
    --session-secret-file "$work/session.key" \
    "${app_flags[@]}" >"$work/$name.log" 2>&1 &
  node_pids+=("$!")
done

# Waits until every node has logged that it sees all $nodes members.
deadline=$((SECONDS + start_timeout))
for i in "${!node_pids[@]}"; do
  name=n$((i + 1))
  until grep -q "members=$nodes\b" "$work/$name.log"; do
    if ! alive "${node_pids[$i]}"; then
      tail -n 20 "$work/$name.log" >&2
      die "$name exited during start-up"
    fi
    ((SECONDS < deadline)) || {
      tail -n 20 "$work/$name.log" >&2
      die "$name does not see $nodes members after ${start_timeout}s"
    }
    sleep 0.2
  done
done

# nginx in front, running in the foreground of its own temporary prefix.
mkdir -p "$work/nginx/temp"
{
  ((EUID == 0)) && echo "user root root;"
  cat <<EOF
daemon off;
master_process on;
worker_processes 1;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log notice;
events { worker_connections 1024; }
http {
  access_log $work/nginx/access.log;
  client_body_temp_path $work/nginx/temp/body;
  proxy_temp_path $work/nginx/temp/proxy;
  fastcgi_temp_path $work/nginx/temp/fastcgi;
  uwsgi_temp_path $work/nginx/temp/uwsgi;
  scgi_temp_path $work/nginx/temp/scgi;
  upstream dash {
EOF
  for p in "${http_ports[@]}"; do
    echo "    server $host:$p max_fails=1 fail_timeout=2s;"
  done
  cat <<EOF
    keepalive 32;
  }
  server {
    listen $host:$nginx_port;
    location / {
      proxy_pass http://dash;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host \$http_host;
      proxy_set_header X-Forwarded-For \$proxy_add_x_forwarded_for;
      proxy_connect_timeout 1s;
      proxy_read_timeout 60s;
      # Callbacks are pure functions of their inputs: a POST whose node
      # died is safe to send to the next one.
      proxy_next_upstream error timeout http_502 http_503 http_504
                          non_idempotent;
      proxy_next_upstream_tries 3;
    }
  }
}
EOF
} >"$work/nginx/nginx.conf"
"$nginx_bin" -p "$work/nginx" -c "$work/nginx/nginx.conf" \
  -e "$work/nginx/error.log" >"$work/nginx/stderr.log" 2>&1 &
nginx_pid=$!
until grep -q "start worker process" "$work/nginx/error.log" 2>/dev/null; do
  if ! alive "$nginx_pid"; then
    cat "$work/nginx/stderr.log" "$work/nginx/error.log" >&2 || true
    nginx_pid=""
    die "nginx did not start"
  fi
  ((SECONDS < deadline)) || die "nginx did not start in ${start_timeout}s"
  sleep 0.1
done

echo "dashcpp cluster of $nodes nodes ($app), temporary folder $work"
for i in "${!node_pids[@]}"; do
  echo "  n$((i + 1)): http://$host:${http_ports[$i]}/" \
    " cluster $host:${cluster_ports[$i]}  pid ${node_pids[$i]}" \
    " log $work/n$((i + 1)).log"
done
echo "  nginx: http://$host:$nginx_port/  pid $nginx_pid"
echo "  members: http://$host:${http_ports[0]}/_cluster"
echo "Ctrl-C stops everything."

# Runs until a signal; reports a node that dies (kill -9 experiments).
reported=()
while :; do
  for i in "${!node_pids[@]}"; do
    if [[ -z ${reported[$i]:-} ]] && ! alive "${node_pids[$i]}"; then
      echo "start.sh: n$((i + 1)) (pid ${node_pids[$i]}) is gone" >&2
      reported[i]=1
    fi
  done
  sleep 1 &
  wait $! || true
done
