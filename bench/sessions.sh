#!/usr/bin/env bash
# bench/sessions.sh
# Benchmarks of per-user sessions (apps/example4_sessions, the seed's
# Example 4), all on loopback and bounded in time:
#   1. wrk: a session-data hit (output-1 of one warmed session, 64
#      connections, bench/sessions.lua) next to the trivial app
#      (bench/update.lua) in the same run; requests/s, p50, p99, ratio.
#   2. resident memory with many idle sessions (default 100k): each made as
#      a first page load makes it (GET /_dash-layout without a cookie, then
#      one POST), once with no effective cap on live sessions and once with
#      a cap and idle passivation; VmRSS before, after, after idling.
#   3. per backend (memory, disk = LMDB, redis = a redis-server this script
#      starts): latency of a hit (one request at a time, and wrk at 64
#      connections) and of a reactivation (the first request after the
#      session was passivated, which loads it from the backend).
#
# Usage: bash bench/sessions.sh [BUILD_DIR] [SECONDS]   (defaults: build 10)
# Env:   PARTS="1 2 3" picks parts; SESSIONS=100000 idle sessions in part 2;
#        CAP=10000 live-session cap in part 2; LAT_SESSIONS=1000 sessions
#        whose reactivation part 3 times; HIT_SECONDS=5 wrk run per backend;
#        APP_BIN, TRIVIAL_BIN override the binaries.
# Needs: wrk, node (bench/sessions_driver.js drives the sessions), and
#        redis-server for part 3's redis row (skipped when missing).
# Exit:  0 ok; 1 on setup failure, a dead server, or errors in a measured run.

set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build=${1:-build}
seconds=${2:-10}
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
driver=$bench_dir/sessions_driver.js
app_bin=${APP_BIN:-$build/bin/example4_sessions}
trivial_bin=${TRIVIAL_BIN:-$build/bin/trivial}
parts=${PARTS:-"1 2 3"}
sessions=${SESSIONS:-100000}
cap=${CAP:-10000}
lat_sessions=${LAT_SESSIONS:-1000}
hit_seconds=${HIT_SECONDS:-5}
redis_bin=${REDIS_SERVER:-redis-server}
wrk_threads=2
connections=64
io_threads=2
warmup_seconds=2
port_timeout=20
stop_timeout=5 # seconds to wait after SIGTERM, then SIGKILL
ready_pattern='listening on http://127\.0\.0\.1:[0-9]+'

die() {
  echo "sessions.sh: $*" >&2
  exit 1
}
note() {
  echo "== $*" >&2
}

[[ $seconds =~ ^[1-9][0-9]*$ ]] || die "SECONDS must be > 0, got '$seconds'"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v node >/dev/null || die "node not found"
for f in "$bench_dir/sessions.lua" "$bench_dir/update.lua" "$driver"; do
  [[ -f $f ]] || die "missing $f"
done
for bin in "$app_bin" "$trivial_bin"; do
  [[ -x $bin ]] || die "missing $bin (build it, or set APP_BIN/TRIVIAL_BIN)"
done

work=$(mktemp -d "${TMPDIR:-/tmp}/dashcpp-sessions-bench.XXXXXX")
server_pid=""
redis_pid=""
results=$work/results

stop_server() {
  [[ -n $server_pid ]] || return 0
  local pid=$server_pid
  server_pid=""
  stop_pid "$pid" server
}

stop_redis() {
  [[ -n $redis_pid ]] || return 0
  local pid=$redis_pid
  redis_pid=""
  stop_pid "$pid" redis-server
}

cleanup() {
  stop_server
  stop_redis
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# start_server RUN BIN ARGS..: starts BIN on a free port (its secret file
# and computation log in $work); sets server_pid, port and url.
start_server() {
  local run=$1 bin=$2 log=$work/$1.log waited=0 line
  shift 2
  : >"$log"
  "$bin" --port 0 --io-threads "$io_threads" "$@" >"$log" 2>&1 &
  server_pid=$!
  port=""
  while ((waited < port_timeout * 10)); do
    line=$(grep -m1 -oE "$ready_pattern" "$log" || true)
    if [[ -n $line ]]; then
      port=${line##*:}
      url=http://127.0.0.1:$port
      return 0
    fi
    alive "$server_pid" || break
    sleep 0.1
    waited=$((waited + 1))
  done
  tail -n 20 "$log" >&2
  die "$run ($bin) did not start"
}

# app_args RUN: the example4_sessions flags every run shares.
app_args() {
  echo --session-secret-file "$work/$1.key" --computation-log "$work/$1.comp"
}

# computations RUN: lines in RUN's computation log.
computations() {
  if [[ -f $work/$1.comp ]]; then wc -l <"$work/$1.comp"; else echo 0; fi
}

# rss_mb PID [FIELD]: FIELD (VmRSS, RssAnon, RssFile) of PID in MB.
rss_mb() {
  awk -v f="${2:-VmRSS}:" '$1 == f { printf "%.1f", $2 / 1024 }' \
    "/proc/$1/status"
}

# run_wrk OUT SECONDS SCRIPT [ARGS..]: one bounded wrk run against $url.
run_wrk() {
  local out=$1 duration=$2 script=$3
  shift 3
  if ! DASH_CSRF_TOKEN=$(csrf_token "$url") \
    timeout --foreground $((duration + 30)) wrk -t"$wrk_threads" \
    -c"$connections" -d"${duration}s" "$@" -s "$script" "$url" >"$out"; then
    cat "$out" >&2
    die "wrk failed"
  fi
  grep -q '^rps=' "$out" || die "no figures from wrk in $out"
}

# figure FILE KEY: a KEY=value line's value.
figure() {
  sed -n "s/^$2=//p" "$1" | head -n1
}

free_port() {
  node -e 'const s = require("net").createServer();
    s.listen(0, "127.0.0.1", () => {
      console.log(s.address().port); s.close(); });'
}

# start_redis: a redis-server on a free port, data in $work/redis (append
# only, no snapshots); sets redis_pid and redis_port.
start_redis() {
  mkdir -p "$work/redis"
  redis_port=$(free_port)
  "$redis_bin" --port "$redis_port" --bind 127.0.0.1 --dir "$work/redis" \
    --save '' --appendonly yes --daemonize no \
    --logfile "$work/redis.log" >/dev/null 2>&1 &
  redis_pid=$!
  local tries=0 reply
  while ((tries < 100)); do
    reply=$( (exec 3<>"/dev/tcp/127.0.0.1/$redis_port" &&
      printf 'PING\r\n' >&3 && read -r -t 1 line <&3 &&
      echo "$line") 2>/dev/null || true)
    [[ $reply == +PONG* ]] && return 0
    alive "$redis_pid" || break
    sleep 0.1
    tries=$((tries + 1))
  done
  tail -n 20 "$work/redis.log" >&2 || true
  die "redis-server did not start"
}


busy=$(busy_percent)
if ((busy > 20)); then
  echo "sessions.sh: warning: the CPUs are ${busy}% busy before the run;" \
    "figures will be noisy" >&2
fi
echo "# bench/sessions.sh $build $seconds; $(nproc) cores; servers" \
  "--io-threads $io_threads; $(date -u '+%Y-%m-%d %H:%M UTC')"
: >"$results"

# ---- 1. session-data hit vs trivial -----------------------------------------
part1() {
  note "1: session hit (example4_sessions --delay-ms 0) vs trivial"
  local run=hit
  # shellcheck disable=SC2046
  start_server "$run" "$app_bin" --delay-ms 0 $(app_args "$run")
  local id
  id=$(node "$driver" id "$url") || die "could not get a session id"
  export SESSION_ID=$id
  run_wrk "$work/hit.warm" "$warmup_seconds" "$bench_dir/sessions.lua"
  run_wrk "$work/hit.wrk" "$seconds" "$bench_dir/sessions.lua" --latency
  alive "$server_pid" || die "example4_sessions died during the run"
  local computed
  computed=$(computations "$run")
  stop_server
  unset SESSION_ID
  ((computed == 1)) || die "the hit run computed $computed times (want 1)"

  start_server trivial "$trivial_bin"
  run_wrk "$work/trivial.warm" "$warmup_seconds" "$bench_dir/update.lua"
  run_wrk "$work/trivial.wrk" "$seconds" "$bench_dir/update.lua" --latency
  alive "$server_pid" || die "trivial died during the run"
  stop_server

  echo
  echo "## 1. wrk -t$wrk_threads -c$connections -d${seconds}s --latency" \
    "(warm-up ${warmup_seconds}s)"
  printf '%-24s %12s %9s %9s %9s %7s\n' server requests/s p50_ms p99_ms \
    bytes/req errors
  local r
  for r in hit trivial; do
    printf '%-24s %12s %9s %9s %9s %7s\n' \
      "$([[ $r == hit ]] && echo session-hit || echo trivial)" \
      "$(figure "$work/$r.wrk" rps)" "$(figure "$work/$r.wrk" p50_ms)" \
      "$(figure "$work/$r.wrk" p99_ms)" \
      "$(figure "$work/$r.wrk" bytes_per_request)" \
      "$(figure "$work/$r.wrk" errors)"
  done
  awk -v h="$(figure "$work/hit.wrk" rps)" \
    -v t="$(figure "$work/trivial.wrk" rps)" \
    'BEGIN { printf "ratio session-hit/trivial = %.2f\n", (t > 0 ? h / t : 0) }'
  echo "computations during the hit run: $computed"
  local e1 e2
  e1=$(figure "$work/hit.wrk" errors)
  e2=$(figure "$work/trivial.wrk" errors)
  ((e1 == 0 && e2 == 0)) || die "errors in part 1 (hit $e1, trivial $e2)"
}

# ---- 2. resident memory with many idle sessions ------------------------------
# rss_run RUN LABEL IDLE_WAIT_S ARGS..: starts the app with ARGS, makes
# $sessions sessions, samples VmRSS; with IDLE_WAIT_S > 0 samples again
# after idling. RUN names files (no spaces); LABEL is what the table shows.
rss_run() {
  local name=$1 label=$2 idle_wait=$3
  shift 3
  note "2: $label: $sessions sessions ($*)"
  # shellcheck disable=SC2046
  start_server "$name" "$app_bin" --delay-ms 0 $(app_args "$name") "$@"
  sleep 1
  local before after after_anon idle="-" idle_anon="-" out=$work/$name.create
  before=$(rss_mb "$server_pid")
  if ! DASH_CSRF_TOKEN=$(csrf_token "$url") timeout 600 node "$driver" create "$url" "$sessions" 64 >"$out"; then
    cat "$out" >&2
    die "$name: creating sessions failed"
  fi
  alive "$server_pid" || die "$name: the server died"
  sleep 2
  after=$(rss_mb "$server_pid")
  after_anon=$(rss_mb "$server_pid" RssAnon)
  if ((idle_wait > 0)); then
    sleep "$idle_wait"
    idle=$(rss_mb "$server_pid")
    idle_anon=$(rss_mb "$server_pid" RssAnon)
  fi
  local computed
  computed=$(computations "$name")
  stop_server
  printf '%-30s %8s %6s %8s %10s %9s %10s %8s %9s %8s\n' "$label" \
    "$(figure "$out" sessions)" "$(figure "$out" errors)" \
    "$(awk -v ms="$(figure "$out" ms)" 'BEGIN { printf "%.1f", ms / 1000 }')" \
    "$before" "$after" "$after_anon" "$idle" "$idle_anon" "$computed" \
    >>"$work/rss"
  [[ $(figure "$out" errors) == 0 ]] || die "$label: errors while creating"
}

part2() {
  : >"$work/rss"
  rss_run rss-memory "memory, no cap" 0 --session-max-live 10000000 \
    --session-idle-ms 3600000
  rss_run rss-memory-cap "memory, cap $cap, idle 5 s" 8 \
    --session-max-live "$cap" --session-idle-ms 5000
  mkdir -p "$work/disk-rss"
  rss_run rss-disk-cap "disk, cap $cap, idle 5 s" 8 --session-max-live "$cap" \
    --session-idle-ms 5000 --session-backend disk \
    --session-dir "$work/disk-rss"
  echo
  echo "## 2. resident memory (MB) with $sessions sessions" \
    "(GET /_dash-layout + POST each, 64 in flight)"
  printf '%-30s %8s %6s %8s %10s %9s %10s %8s %9s %8s\n' run sessions \
    errors create_s rss_before rss_after anon_after rss_idle anon_idle \
    computed
  cat "$work/rss"
}

# ---- 3. per backend: hit and reactivation latency ------------------------------
backend_run() {
  local backend=$1
  shift
  local run=lat-$backend ids=$work/lat-$backend.ids
  note "3: $backend backend"
  # shellcheck disable=SC2046
  start_server "$run" "$app_bin" --delay-ms 0 --session-idle-ms 500 \
    --session-backend "$backend" $(app_args "$run") "$@"
  local out=$work/$run.create
  DASH_CSRF_TOKEN=$(csrf_token "$url") timeout 300 node "$driver" create "$url" "$lat_sessions" 16 "$ids" \
    >"$out" || die "$run: creating sessions failed"
  [[ $(figure "$out" errors) == 0 ]] || die "$run: errors while creating"
  sleep 2.5 # idle 500 ms: every session has been passivated by now
  DASH_CSRF_TOKEN=$(csrf_token "$url") timeout 300 node "$driver" latency "$url" "$ids" each \
    >"$work/$run.react" || die "$run: reactivation pass failed"
  local computed
  computed=$(computations "$run")
  DASH_CSRF_TOKEN=$(csrf_token "$url") timeout 300 node "$driver" latency "$url" "$ids" hit \
    >"$work/$run.hit" || die "$run: hit pass failed"
  SESSION_ID=$(head -n1 "$ids") run_wrk "$work/$run.wrk" "$hit_seconds" \
    "$bench_dir/sessions.lua" --latency
  alive "$server_pid" || die "$run: the server died"
  stop_server
  printf '%-8s %8s %8s %8s %8s %9s %9s %9s %10s %9s %9s %7s\n' "$backend" \
    "$(figure "$work/$run.hit" p50_ms)" "$(figure "$work/$run.hit" p99_ms)" \
    "$(figure "$work/$run.react" p50_ms)" \
    "$(figure "$work/$run.react" p99_ms)" \
    "$(figure "$work/$run.react" max_ms)" "$lat_sessions" "$computed" \
    "$(figure "$work/$run.wrk" rps)" "$(figure "$work/$run.wrk" p50_ms)" \
    "$(figure "$work/$run.wrk" p99_ms)" \
    "$(($(figure "$work/$run.hit" errors) + $(figure "$work/$run.react" \
      errors) + $(figure "$work/$run.wrk" errors)))" >>"$work/lat"
}

part3() {
  : >"$work/lat"
  backend_run memory
  mkdir -p "$work/disk-lat"
  backend_run disk --session-dir "$work/disk-lat"
  if command -v "$redis_bin" >/dev/null; then
    start_redis
    backend_run redis --redis-host 127.0.0.1 --redis-port "$redis_port"
    stop_redis
  else
    echo "redis     (skipped: $redis_bin not found)" >>"$work/lat"
  fi
  echo
  echo "## 3. per backend: one request at a time over keep-alive (ms);" \
    "wrk -c$connections -d${hit_seconds}s on one session"
  printf '%-8s %8s %8s %8s %8s %9s %9s %9s %10s %9s %9s %7s\n' backend \
    hit_p50 hit_p99 react50 react99 react_max sessions computed wrk_rps \
    wrk_p50 wrk_p99 errors
  cat "$work/lat"
}

for p in $parts; do
  case $p in
    1) part1 ;;
    2) part2 ;;
    3) part3 ;;
    *) die "unknown part '$p' (1, 2 or 3)" ;;
  esac
done
