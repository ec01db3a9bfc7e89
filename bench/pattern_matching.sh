#!/usr/bin/env bash
# bench/pattern_matching.sh
# What a pattern-matching (MATCH) callback costs against a fixed-id one, on
# the same server: starts the pattern_matching app once, then
#   a. burst check: 200 concurrent POSTs, one per component index 1..200,
#      each answer must be 200 and carry its own "Filter i: NYC" under its
#      own id key (bench/pattern_matching_burst.js);
#   b. wrk -t2 -c64 (as bench/run.sh), a 2 s warm-up (which also checks
#      every answer body) then SECONDS measured: first the fixed-id
#      callback (bench/fixed_id.lua), then the MATCH callback with the body
#      rotating over the 200 component indices (bench/pattern_matching.lua);
#   c. prints both, and MATCH/fixed for requests/s and p99.
#
# Usage: bash bench/pattern_matching.sh [BUILD_DIR] [SECONDS]
#        (defaults: build 10)
# Env:   PATTERN_MATCHING_BIN=path overrides BUILD_DIR/bin/pattern_matching.
# Exit:  0 ok; 1 on a setup failure, a failed burst check, any wrk error
#        (warm-up or measured: HTTP status > 399, socket error, or a wrong
#        body in the warm-up), or if the server dies or exits badly.

set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build=${1:-build}
seconds=${2:-10}
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=${PATTERN_MATCHING_BIN:-$build/bin/pattern_matching}
components=200
delay_ms=10 # the app's Slow button only; neither measured callback sleeps
wrk_threads=2
connections=64
io_threads=2
warmup_seconds=2
port_timeout=20 # seconds to wait for the "listening on" line
ready_pattern='listening on http://127\.0\.0\.1:[0-9]+'
# shellcheck disable=SC2034 # read by stop_pid in lib.sh
stop_timeout=10 # seconds to wait for the server to exit after SIGTERM

die() {
  echo "pattern_matching.sh: $*" >&2
  exit 1
}

[[ $seconds =~ ^[1-9][0-9]*$ ]] || die "SECONDS must be > 0, got '$seconds'"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v node >/dev/null || die "node not found"
command -v curl >/dev/null || die "curl not found"
for f in fixed_id.lua pattern_matching.lua wrk_report.lua \
  pattern_matching_burst.js; do
  [[ -f $bench_dir/$f ]] || die "missing $bench_dir/$f"
done
[[ -x $bin ]] || die "missing $bin (build the pattern_matching target)"

work=$(mktemp -d "${TMPDIR:-/tmp}/dashcpp-pattern-matching.XXXXXX")
server_pid=""

# shellcheck disable=SC2317 # run by the EXIT trap
cleanup() {
  if [[ -n $server_pid ]]; then
    local pid=$server_pid
    server_pid=""
    stop_pid "$pid" pattern_matching
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Other work on the machine (a build, say) moves the figures a lot.
busy=$(busy_percent)
if ((busy > 20)); then
  echo "pattern_matching.sh: warning: the CPUs are ${busy}% busy before" \
    "the run; figures will be noisy" >&2
fi

# Start the app on a free port; the log is new, so the port is this run's.
: >"$work/server.log"
"$bin" --host 127.0.0.1 --port 0 --io-threads "$io_threads" \
  --delay-ms "$delay_ms" >"$work/server.log" 2>&1 &
server_pid=$!
port=""
for ((waited = 0; waited < port_timeout * 10; waited++)); do
  line=$(grep -m1 -oE "$ready_pattern" "$work/server.log" || true)
  if [[ -n $line ]]; then
    port=${line##*:}
    break
  fi
  alive "$server_pid" || break
  sleep 0.1
done
if [[ -z $port ]] || ((port == 0)); then
  tail -n 20 "$work/server.log" >&2
  die "$bin printed no usable 'listening on' line"
fi
url=http://127.0.0.1:$port
echo "== pattern_matching: $bin on port $port" >&2

# The fixed-id callback's output string, "status.children@<hash>", is the
# one /_dash-dependencies gives for the callback fed by clear-status.n_clicks.
curl -sf --max-time 10 "$url/_dash-dependencies" >"$work/deps.json" ||
  die "GET /_dash-dependencies failed"
fixed_output=$(node -e '
  const deps = JSON.parse(require("fs").readFileSync(0, "utf8"));
  const hits = deps.filter((d) => d.inputs.length === 1 &&
    d.inputs[0].id === "clear-status" && d.inputs[0].property === "n_clicks" &&
    /^status\.children(@|$)/.test(d.output));
  if (hits.length !== 1) {
    console.error("want 1 callback clear-status.n_clicks -> status.children, " +
                  "found " + hits.length);
    process.exit(1);
  }
  console.log(hits[0].output);
' <"$work/deps.json") || die "no fixed-id callback in /_dash-dependencies"
[[ $fixed_output =~ ^[A-Za-z0-9_-]+\.[A-Za-z0-9_@-]+$ ]] ||
  die "unexpected output string '$fixed_output'"

echo "# $(date -u '+%Y-%m-%d %H:%M UTC') cores=$(nproc)" \
  "busy_before=${busy}% wrk -t$wrk_threads -c$connections -d${seconds}s" \
  "(warm-up ${warmup_seconds}s) components=$components" \
  "io_threads=$io_threads"
echo "# fixed-id output: $fixed_output"

failed=0

# a. Burst check.
echo "== burst: $components concurrent POSTs" >&2
if ! DASH_CSRF_TOKEN=$(csrf_token "$url") \
  timeout --foreground 60 node "$bench_dir/pattern_matching_burst.js" \
  "$port" "$components" >"$work/burst"; then
  failed=1
fi
cat "$work/burst"
grep -q "^burst_ok=$components/$components " "$work/burst" || failed=1
((failed == 0)) || echo "pattern_matching.sh: burst check failed" >&2
alive "$server_pid" || die "the server exited during the burst check"

# run_wrk SECONDS SCRIPT [ARGS..]: one bounded wrk run against the app.
run_wrk() {
  local duration=$1 script=$2
  shift 2
  DASH_CSRF_TOKEN=$(csrf_token "$url") \
    timeout --foreground $((duration + 30)) wrk -t"$wrk_threads" \
    -c"$connections" -d"${duration}s" "$@" -s "$script" "$url"
}

# measure NAME SCRIPT: warm-up with body checks (NAME.warm), then the
# measured run (NAME.wrk).
measure() {
  local name=$1 script=$2
  echo "== $name: warm-up ${warmup_seconds}s (bodies checked)," \
    "then ${seconds}s" >&2
  if ! CHECK_BODIES=1 run_wrk "$warmup_seconds" "$script" \
    >"$work/$name.warm"; then
    cat "$work/$name.warm" >&2
    die "$name: warm-up wrk failed"
  fi
  if ! run_wrk "$seconds" "$script" --latency >"$work/$name.wrk"; then
    cat "$work/$name.wrk" >&2
    die "$name: wrk failed"
  fi
  alive "$server_pid" || die "$name: the server exited during the run"
  for f in "$work/$name.warm" "$work/$name.wrk"; do
    if ! grep -q '^rps=' "$f"; then
      cat "$f" >&2
      die "$name: no figures from wrk"
    fi
  done
}

# figure FILE KEY: one value printed by wrk_report.lua's done().
figure() {
  sed -n "s/^$2=//p" "$work/$1"
}

export FIXED_OUTPUT=$fixed_output COMPONENTS=$components
measure fixed "$bench_dir/fixed_id.lua"
measure match "$bench_dir/pattern_matching.lua"

stop_pid "$server_pid" pattern_matching
server_pid=""
if ((stopped_rc != 0 && stopped_rc != 143)); then
  tail -n 20 "$work/server.log" >&2
  failed=1
fi

for name in fixed match; do
  echo "warm-up $name: requests=$(figure "$name.warm" requests)" \
    "checked_bodies=$(figure "$name.warm" checked_bodies)" \
    "bad_bodies=$(figure "$name.warm" bad_bodies)" \
    "errors=$(figure "$name.warm" errors)"
done
printf '%-22s %12s %9s %9s %7s\n' callback requests/s p50_ms p99_ms errors
printf '%-22s %12s %9s %9s %7s\n' "fixed-id" "$(figure fixed.wrk rps)" \
  "$(figure fixed.wrk p50_ms)" "$(figure fixed.wrk p99_ms)" \
  "$(figure fixed.wrk errors)"
printf '%-22s %12s %9s %9s %7s\n' "MATCH (x$components ids)" \
  "$(figure match.wrk rps)" "$(figure match.wrk p50_ms)" \
  "$(figure match.wrk p99_ms)" "$(figure match.wrk errors)"
awk -v m="$(figure match.wrk rps)" -v f="$(figure fixed.wrk rps)" \
  'BEGIN { printf "ratio MATCH/fixed requests/s = %.2f\n", (f > 0 ? m / f : 0) }'
awk -v m="$(figure match.wrk p99_ms)" -v f="$(figure fixed.wrk p99_ms)" \
  'BEGIN { printf "ratio MATCH/fixed p99 = %.2f\n", (f > 0 ? m / f : 0) }'

errors=0
for f in fixed.warm fixed.wrk match.warm match.wrk; do
  errors=$((errors + $(figure "$f" errors)))
done
if ((errors > 0)); then
  echo "pattern_matching.sh: wrk saw $errors errors (see wrk_report.lua)" >&2
  failed=1
fi
exit "$failed"
