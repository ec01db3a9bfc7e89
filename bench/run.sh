#!/usr/bin/env bash
# bench/run.sh
# Runs wrk with bench/update.lua against the bare Beast baseline, then against
# dashcpp's trivial app, one after the other, and prints both and their ratio.
#
# Usage: bash bench/run.sh [BUILD_DIR] [SECONDS]     (defaults: build 10)
# Env:   DASHCPP_BIN / BARE_BIN override the two binaries; ROUNDS=N (default
#        1) alternates bare/dashcpp N times and reports the median ratio, which
#        damps this machine's run-to-run noise (about +-15% on 2 cores).
# Exit:  0 ok; 1 setup or run failure, or wrk errors > 0 on the dashcpp server.

set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build=${1:-build}
seconds=${2:-10}
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
script=$bench_dir/update.lua
bare_bin=${BARE_BIN:-$build/bin/bench_bare_server}
dash_bin=${DASHCPP_BIN:-$build/bin/trivial}
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
[[ -f $script ]] || die "missing $script"
for bin in "$bare_bin" "$dash_bin"; do
  [[ -x $bin ]] || die "missing $bin (build it, or set BARE_BIN/DASHCPP_BIN)"
done

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

# run_wrk SECONDS URL [ARGS..]: one bounded wrk run with update.lua.
run_wrk() {
  local duration=$1 url=$2
  shift 2
  timeout --foreground $((duration + 30)) wrk -t"$wrk_threads" \
    -c"$connections" -d"${duration}s" "$@" -s "$script" "$url"
}

# measure RUN BIN: warm-up, then the timed run; leaves wrk's output in
# $work/RUN.wrk.
measure() {
  local run=$1 bin=$2 url out=$work/$1.wrk
  start_server "$run" "$bin"
  url=http://127.0.0.1:$port
  echo "== $run: $bin on port $port" >&2
  run_wrk "$warmup_seconds" "$url" >/dev/null || die "$run: warm-up failed"
  if ! run_wrk "$seconds" "$url" --latency >"$out"; then
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

# figure RUN KEY: one value printed by update.lua's done().
figure() {
  sed -n "s/^$2=//p" "$work/$1.wrk"
}

# run_name NAME ROUND: "bare", or "bare#2" when there are several rounds.
run_name() {
  if ((rounds == 1)); then echo "$1"; else echo "$1#$2"; fi
}


# Other work on the machine (a build, say) moves the figures a lot.
busy=$(busy_percent)
if ((busy > 20)); then
  echo "run.sh: warning: the CPUs are ${busy}% busy before the run;" \
    "figures will be noisy" >&2
fi
echo "wrk -t$wrk_threads -c$connections -d${seconds}s --latency" \
  "-s bench/update.lua (warm-up ${warmup_seconds}s; servers" \
  "--io-threads $io_threads; $(nproc) cores; $rounds round(s))" >&2
for ((r = 1; r <= rounds; r++)); do
  measure "$(run_name bare "$r")" "$bare_bin"
  measure "$(run_name dashcpp "$r")" "$dash_bin"
done

printf '%-10s %12s %9s %9s %7s\n' server requests/s p50_ms p99_ms errors
ratios=()
bare_errors=0
dash_errors=0
for ((r = 1; r <= rounds; r++)); do
  bare=$(run_name bare "$r")
  dash=$(run_name dashcpp "$r")
  for run in "$bare" "$dash"; do
    printf '%-10s %12s %9s %9s %7s\n' "$run" "$(figure "$run" rps)" \
      "$(figure "$run" p50_ms)" "$(figure "$run" p99_ms)" \
      "$(figure "$run" errors)"
  done
  ratios+=("$(awk -v d="$(figure "$dash" rps)" -v b="$(figure "$bare" rps)" \
    'BEGIN { printf "%.2f", (b > 0 ? d / b : 0) }')")
  bare_errors=$((bare_errors + $(figure "$bare" errors)))
  dash_errors=$((dash_errors + $(figure "$dash" errors)))
done
ratio=$(printf '%s\n' "${ratios[@]}" | sort -n | awk '{ v[NR] = $1 }
  END { printf "%.2f", (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2 }')
goal=$(awk -v r="$ratio" 'BEGIN { print (r >= 0.5 ? "met" : "NOT met") }')
if ((rounds > 1)); then
  echo "ratios per round: ${ratios[*]}"
  echo "median ratio dashcpp/bare = $ratio (goal >= 0.5: $goal)"
else
  echo "ratio dashcpp/bare = $ratio (goal >= 0.5: $goal)"
fi

if ((bare_errors > 0)); then
  echo "run.sh: warning: the bare server had errors; figures unreliable" >&2
fi
if ((dash_errors > 0)); then
  die "dashcpp had $dash_errors errors (see update.lua for what counts)"
fi
