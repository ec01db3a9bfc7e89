#!/usr/bin/env bash
# bench/overload.sh
# Overload protection, measured: drives the faults test app's `slow`
# callback (one worker, SLOW_MS per run, queue of QUEUE runs) with wrk far
# past its capacity, then checks how soon a lone request is served again.
#
# Usage: bash bench/overload.sh [BUILD_DIR] [SECONDS]   (defaults: build 10)
# Env:   QUEUE (default 32), SLOW_MS (20), CONNECTIONS (128).
# Exit:  0 ok; 1 on a setup failure, socket errors, or no recovery.
set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build=${1:-build}
seconds=${2:-10}
queue=${QUEUE:-32}
slow_ms=${SLOW_MS:-20}
connections=${CONNECTIONS:-128}
stop_timeout=10
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$build/bin/faults
[[ -x $bin ]] || { echo "overload.sh: missing $bin (build the tests)" >&2; exit 1; }
command -v wrk >/dev/null || { echo "overload.sh: wrk not found" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/dashcpp-overload.XXXXXX")
pid=""
cleanup() {
  [[ -z $pid ]] || stop_pid "$pid" faults
  rm -rf "$work"
}
trap cleanup EXIT

"$bin" --port 0 --callback-queue "$queue" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 100); do
  port=$(grep -oE 'listening on http://127\.0\.0\.1:[0-9]+' "$work/log" |
    grep -oE '[0-9]+$' || true)
  [[ -n $port ]] && break
  sleep 0.1
done
[[ -n ${port:-} ]] || { echo "overload.sh: no port; log:" >&2; cat "$work/log" >&2; exit 1; }
url=http://127.0.0.1:$port

echo "# $(date -u '+%Y-%m-%d %H:%M UTC') cores=$(nproc) queue=$queue slow_ms=$slow_ms connections=$connections seconds=$seconds"
echo "# capacity: 1 worker x $slow_ms ms = $((1000 / slow_ms)) runs/s; queue wait at most ~$((queue * slow_ms)) ms"
DASH_CSRF_TOKEN=$(csrf_token "$url") SLOW_MS=$slow_ms timeout -k 5 $((seconds + 20)) wrk -t2 -c"$connections" \
  -d"${seconds}s" --timeout 10s -s "$bench_dir/overload.lua" "$url" |
  tee "$work/wrk" | grep -E '^[a-z_0-9]+=' 
body="{\"output\":\"slow.children\",\"outputs\":{\"id\":\"slow\",\"property\":\"children\"},\"inputs\":[{\"id\":\"slow-in\",\"property\":\"value\",\"value\":$slow_ms}],\"changedPropIds\":[\"slow-in.value\"]}"
# Recovery: how long after the load a lone request is served again (the
# runs already queued, whose clients are gone, finish first).
mapfile -t csrf_args < <(csrf_curl_args "$url")
start_ns=$(date +%s%N)
status=000
while (( $(date +%s%N) - start_ns < 10000000000 )); do
  status=$(curl -s -o /dev/null -w '%{http_code}' \
    -H 'Content-Type: application/json' "${csrf_args[@]}" -d "$body" \
    "$url/_dash-update-component")
  [[ $status == 200 ]] && break
  sleep 0.02
done
echo "recovered_status=$status"
echo "recovered_after_ms=$(( ($(date +%s%N) - start_ns) / 1000000 ))"
curl -s "$url/_metrics" | grep -E '^dashcpp_overload_refusals_total' || true
[[ $status == 200 ]] || { echo "overload.sh: not served within 10 s of the load" >&2; exit 1; }
grep -q '^socket_errors=0$' "$work/wrk" || { echo "overload.sh: socket errors" >&2; exit 1; }
