#!/usr/bin/env bash
# bench/run.sh
# How much of a plain HTTP server's speed dashcpp keeps, in one run, same
# wrk script per pair, each server answering with exactly the same bytes:
#   bare     the bare Beast server (bench_bare_server)  vs  dashcpp trivial
#   nginx    nginx `return 200` with trivial's bytes    vs  dashcpp trivial
#   nginx-0  nginx `return 200` with Example 0's bytes  vs  student_scores
# (Example 0 is the tutorial's student-scores callback, bench/scores.lua).
#
# Usage: bash bench/run.sh [BUILD_DIR] [SECONDS]     (defaults: build 10)
# Env:   DASHCPP_BIN / BARE_BIN / SCORES_BIN / NGINX_BIN override the
#        binaries; ROUNDS=N (default 1) repeats all five runs N times and
#        reports median ratios, which damps this machine's run-to-run noise
#        (about +-15% on 2 cores); NGINX=0 skips the nginx runs.
# Exit:  0 ok; 1 setup or run failure, or wrk errors > 0 on a dashcpp server.

set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build=${1:-build}
seconds=${2:-10}
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
update_script=$bench_dir/update.lua
scores_script=$bench_dir/scores.lua
bare_bin=${BARE_BIN:-$build/bin/bench_bare_server}
dash_bin=${DASHCPP_BIN:-$build/bin/trivial}
scores_bin=${SCORES_BIN:-$build/bin/student_scores}
nginx_bin=${NGINX_BIN:-/usr/sbin/nginx}
use_nginx=${NGINX:-1}
rounds=${ROUNDS:-1}
wrk_threads=2
connections=64
io_threads=2
warmup_seconds=2
port_timeout=20 # seconds to wait for the "listening on" line
ready_pattern='listening on http://127\.0\.0\.1:[0-9]+'
stop_timeout=10 # seconds to wait for a server to exit after SIGTERM

die() {
  echo "run.sh: $*" >&2
  exit 1
}

[[ $seconds =~ ^[1-9][0-9]*$ ]] || die "SECONDS must be > 0, got '$seconds'"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "ROUNDS must be > 0, got '$rounds'"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
for f in "$update_script" "$scores_script" "$bench_dir/wrk_report.lua"; do
  [[ -f $f ]] || die "missing $f"
done
for bin in "$bare_bin" "$dash_bin" "$scores_bin"; do
  [[ -x $bin ]] \
    || die "missing $bin (build it, or set BARE_BIN/DASHCPP_BIN/SCORES_BIN)"
done
if ((use_nginx)); then
  [[ -x $nginx_bin ]] \
    || die "missing $nginx_bin (apt-get install nginx-light, or NGINX=0)"
  command -v curl >/dev/null || die "curl not found (apt-get install curl)"
  command -v python3 >/dev/null || die "python3 not found"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/dashcpp-bench.XXXXXX")
server_pid=""

# Stops the server this script started: SIGTERM, then SIGKILL after a while.
stop_server() {
  [[ -n $server_pid ]] || return 0
  local pid=$server_pid
  server_pid=""
  stop_pid "$pid" server
}

cleanup() {
  stop_server
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server RUN BIN: starts BIN on a free port; sets server_pid and port.
# The log is new per run, so the port read can't be a previous run's.
start_server() {
  local run=$1 bin=$2 log=$work/$1.log waited=0 line
  : >"$log"
  "$bin" --port 0 --io-threads "$io_threads" >"$log" 2>&1 &
  server_pid=$!
  port=""
  while ((waited < port_timeout * 10)); do
    line=$(grep -m1 -oE "$ready_pattern" "$log" || true)
    if [[ -n $line ]]; then
      port=${line##*:}
      ((port > 0)) || die "$run printed port 0, not the port it bound"
      return 0
    fi
    alive "$server_pid" || break
    sleep 0.1
    waited=$((waited + 1))
  done
  echo "run.sh: $run ($bin) printed no 'listening on' line; its output:" >&2
  tail -n 20 "$log" >&2
  die "$run did not start"
}

# free_port: a TCP port on 127.0.0.1 that nobody listens on right now.
free_port() {
  python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

# body_of SCRIPT: the request body a wrk script sends (its wrk.body lines).
body_of() {
  sed -n "/^wrk.body = /,/}'\$/p" "$1" \
    | sed -e "s/^wrk.body = //" -e "s/^  \.\. //" -e "s/^'//" -e "s/'\$//" \
    | tr -d '\n'
}

# answer_of BIN SCRIPT: the exact body BIN answers to SCRIPT's request,
# from a probe run of BIN (so that nginx can send the same bytes).
answer_of() {
  local bin=$1 lua=$2
  start_server probe "$bin"
  mapfile -t csrf_args < <(csrf_curl_args "http://127.0.0.1:$port")
  curl -sS --max-time 10 -X POST -H 'Content-Type: application/json' \
    "${csrf_args[@]}" \
    --data-binary "$(body_of "$lua")" \
    "http://127.0.0.1:$port/_dash-update-component"
  stop_server
}

# start_nginx RUN BYTES: nginx answering every request for
# /_dash-update-component with BYTES, as the dashcpp server does; sets
# server_pid and port.
start_nginx() {
  local run=$1 bytes=$2 dir=$work/$1.nginx waited=0
  mkdir -p "$dir/temp"
  port=$(free_port)
  {
    ((EUID == 0)) && echo "user root root;"
    cat <<EOF
daemon off;
master_process on;
worker_processes $io_threads;
pid $dir/nginx.pid;
error_log $dir/error.log notice;
events { worker_connections 1024; }
http {
  access_log off;
  keepalive_requests 1000000;
  client_body_temp_path $dir/temp/body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
  server {
    listen 127.0.0.1:$port;
    location = /_dash-update-component {
      default_type application/json;
      return 200 '$bytes';
    }
  }
}
EOF
  } >"$dir/nginx.conf"
  "$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" \
    >"$dir/stderr.log" 2>&1 &
  server_pid=$!
  until grep -q "start worker process" "$dir/error.log" 2>/dev/null; do
    if ! alive "$server_pid" || ((waited > port_timeout * 10)); then
      cat "$dir/stderr.log" "$dir/error.log" >&2 || true
      die "$run: nginx did not start"
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
}

# run_wrk SCRIPT SECONDS URL [ARGS..]: one bounded wrk run.
run_wrk() {
  local lua=$1 duration=$2 url=$3
  shift 3
  DASH_CSRF_TOKEN=$(csrf_token "$url") \
    timeout --foreground $((duration + 30)) wrk -t"$wrk_threads" \
    -c"$connections" -d"${duration}s" "$@" -s "$lua" "$url"
}

# measure RUN SCRIPT BIN|nginx:BYTES: warm-up, then the timed run; leaves
# wrk's output in $work/RUN.wrk.
measure() {
  local run=$1 lua=$2 what=$3 url out=$work/$1.wrk
  if [[ $what == nginx:* ]]; then
    start_nginx "$run" "${what#nginx:}"
  else
    start_server "$run" "$what"
  fi
  url=http://127.0.0.1:$port
  echo "== $run: ${what%%:*} on port $port" >&2
  run_wrk "$lua" "$warmup_seconds" "$url" >/dev/null \
    || die "$run: warm-up failed"
  if ! run_wrk "$lua" "$seconds" "$url" --latency >"$out"; then
    cat "$out" >&2
    die "$run: wrk failed"
  fi
  alive "$server_pid" || die "$run: server exited during the run"
  stop_server
  if ! grep -q '^rps=' "$out"; then
    cat "$out" >&2
    die "$run: no figures from wrk"
  fi
}

# figure RUN KEY: one value printed by wrk_report.lua's done().
figure() {
  sed -n "s/^$2=//p" "$work/$1.wrk"
}

# run_name NAME ROUND: "bare", or "bare#2" when there are several rounds.
run_name() {
  if ((rounds == 1)); then echo "$1"; else echo "$1#$2"; fi
}

# median: the median of the numbers on stdin.
median() {
  sort -n | awk '{ v[NR] = $1 }
    END { printf "%.2f", (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2 }'
}

# Other work on the machine (a build, say) moves the figures a lot.
busy=$(busy_percent)
if ((busy > 20)); then
  echo "run.sh: warning: the CPUs are ${busy}% busy before the run;" \
    "figures will be noisy" >&2
fi
echo "wrk -t$wrk_threads -c$connections -d${seconds}s --latency" \
  "(warm-up ${warmup_seconds}s; servers --io-threads $io_threads, nginx" \
  "worker_processes $io_threads; $(nproc) cores; $rounds round(s))" >&2

pairs=("bare dashcpp")
if ((use_nginx)); then
  trivial_bytes=$(answer_of "$dash_bin" "$update_script")
  scores_bytes=$(answer_of "$scores_bin" "$scores_script")
  [[ $trivial_bytes == '{"multi":true'* && $scores_bytes == '{"multi":true'* ]] \
    || die "probe answers look wrong: '$trivial_bytes' '$scores_bytes'"
  [[ $trivial_bytes != *"'"* && $scores_bytes != *"'"* ]] \
    || die "an answer holds a quote that nginx's return cannot carry"
  pairs+=("nginx dashcpp" "nginx-0 example-0")
fi
for ((r = 1; r <= rounds; r++)); do
  measure "$(run_name bare "$r")" "$update_script" "$bare_bin"
  if ((use_nginx)); then
    measure "$(run_name nginx "$r")" "$update_script" "nginx:$trivial_bytes"
  fi
  measure "$(run_name dashcpp "$r")" "$update_script" "$dash_bin"
  if ((use_nginx)); then
    measure "$(run_name nginx-0 "$r")" "$scores_script" "nginx:$scores_bytes"
    measure "$(run_name example-0 "$r")" "$scores_script" "$scores_bin"
  fi
done

printf '%-12s %12s %9s %9s %7s\n' server requests/s p50_ms p99_ms errors
dash_errors=0
for ((r = 1; r <= rounds; r++)); do
  for name in bare nginx dashcpp nginx-0 example-0; do
    run=$(run_name "$name" "$r")
    [[ -f $work/$run.wrk ]] || continue
    printf '%-12s %12s %9s %9s %7s\n' "$run" "$(figure "$run" rps)" \
      "$(figure "$run" p50_ms)" "$(figure "$run" p99_ms)" \
      "$(figure "$run" errors)"
    case $name in
      dashcpp | example-0)
        dash_errors=$((dash_errors + $(figure "$run" errors))) ;;
      *)
        (($(figure "$run" errors) == 0)) \
          || echo "run.sh: warning: $run had errors; figures unreliable" >&2 ;;
    esac
  done
done

# ratio BASE DASH: the median over the rounds of DASH's requests/s over
# BASE's.
ratio() {
  local r
  for ((r = 1; r <= rounds; r++)); do
    awk -v d="$(figure "$(run_name "$2" "$r")" rps)" \
      -v b="$(figure "$(run_name "$1" "$r")" rps)" \
      'BEGIN { printf "%.4f\n", (b > 0 ? d / b : 0) }'
  done | median
}

for pair in "${pairs[@]}"; do
  read -r base dash <<<"$pair"
  value=$(ratio "$base" "$dash")
  goal=0.6
  [[ $base == bare ]] && goal=0.5
  met=$(awk -v r="$value" -v g="$goal" \
    'BEGIN { print (r >= g ? "met" : "NOT met") }')
  echo "ratio $dash/$base = $value (goal >= $goal: $met)"
done

if ((dash_errors > 0)); then
  die "dashcpp had $dash_errors errors (see wrk_report.lua for what counts)"
fi
