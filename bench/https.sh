#!/usr/bin/env bash
# bench/https.sh
# Trivial-callback requests/s over HTTPS next to HTTP, in one run: the same
# app binary (trivial), same wrk script (update.lua), one after the other,
# HTTPS with a throwaway P-256 certificate made here by the openssl CLI.
# wrk reuses its connections, so this is TLS record cost, not handshakes.
#
# Usage: bash bench/https.sh [BUILD_DIR] [SECONDS]     (defaults: build 10)
# Exit:  0 ok; 1 on a setup or run failure, or any wrk error.

set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

build=${1:-build}
seconds=${2:-10}
bench_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$build/bin/trivial
connections=64
wrk_threads=2
io_threads=2
stop_timeout=10

die() {
  echo "https.sh: $*" >&2
  exit 1
}
[[ -x $bin ]] || die "missing $bin (build it first)"
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v openssl >/dev/null || die "openssl not found (apt-get install openssl)"

work=$(mktemp -d "${TMPDIR:-/tmp}/dashcpp-https.XXXXXX")
server_pid=""
cleanup() {
  if [[ -n $server_pid ]]; then stop_pid "$server_pid" server; fi
  rm -rf "$work"
}
trap cleanup EXIT

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -days 1 -subj /CN=127.0.0.1 -addext subjectAltName=IP:127.0.0.1 \
  -keyout "$work/key.pem" -out "$work/cert.pem" 2>/dev/null

# measure NAME [ARGS..]: starts trivial with ARGS, warms up, runs wrk;
# prints "NAME rps p50_ms p99_ms errors".
measure() {
  local name=$1 log=$work/$1.log url line waited=0
  shift
  "$bin" --port 0 --io-threads "$io_threads" "$@" >"$log" 2>&1 &
  server_pid=$!
  until line=$(grep -m1 -oE 'listening on https?://127\.0\.0\.1:[0-9]+' "$log"); do
    alive "$server_pid" && ((waited < 200)) || die "$name did not start"
    sleep 0.1
    waited=$((waited + 1))
  done
  url=${line#listening on }
  local token
  token=$(curl -sSk --max-time 10 -o /dev/null -D - "$url/" | tr -d '\r' \
    | sed -n 's/^[Ss]et-[Cc]ookie: _csrf_token=\([^;]*\).*/\1/p' | head -n1)
  DASH_CSRF_TOKEN=$token timeout 60 wrk -t"$wrk_threads" -c"$connections" \
    -d2s -s "$bench_dir/update.lua" "$url" >/dev/null || die "$name warm-up"
  DASH_CSRF_TOKEN=$token timeout $((seconds + 30)) wrk -t"$wrk_threads" \
    -c"$connections" -d"${seconds}s" --latency -s "$bench_dir/update.lua" \
    "$url" >"$work/$name.wrk" || die "$name: wrk failed"
  stop_pid "$server_pid" server
  server_pid=""
  local f
  f() { sed -n "s/^$1=//p" "$work/$name.wrk"; }
  printf '%-6s %10s %8s %8s %7s\n' "$name" "$(f rps)" "$(f p50_ms)" \
    "$(f p99_ms)" "$(f errors)"
  [[ $(f errors) == 0 ]] || die "$name: wrk saw errors"
}

echo "# $(date -u '+%Y-%m-%d %H:%M UTC') cores=$(nproc) busy_before=$(busy_percent)%" \
  "wrk -t$wrk_threads -c$connections -d${seconds}s, trivial --io-threads $io_threads"
printf '%-6s %10s %8s %8s %7s\n' run rps p50_ms p99_ms errors
measure http
measure https --tls-cert-file "$work/cert.pem" --tls-key-file "$work/key.pem"
