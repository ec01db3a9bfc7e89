#!/usr/bin/env bash
# bench/soak/run.sh
# Bounded soak (leak) test: starts demo, example2_aggregations,
# example3_signal and example4_sessions from BUILD_DIR/bin, drives mixed
# Dash traffic at all four for SECONDS with wrk (one paced wrk per app,
# bench/soak/<app>.lua), samples each server's VmRSS and open fds every
# 5 s, and reports growth after the warm-up (the first 20%, >= 10 s).
#
# Usage: bash bench/soak/run.sh [BUILD_DIR] [SECONDS]  (defaults: build 600)
# Env:   SOAK_SECONDS      run length when SECONDS is not given
#        SOAK_STRICT=0|1   fail on RSS growth >= 5% or fd growth > 5 after
#                          the warm-up (default 1 when SECONDS >= 300)
#        SOAK_OUT=DIR      output folder (default: a new /tmp/dashcpp-soak.*)
#        SOAK_CONNECTIONS  wrk connections per app (8)
#        SOAK_PACE_MS      pause before each request of a connection (10)
#        SOAK_DELAY_MS     the apps' --delay-ms, their slow steps (40)
#        SOAK_SAMPLE_S     sampling period (5); SOAK_SETTLE_S idle time after
#                          the load before a last sample (15)
#        SOAK_APPS         a subset of the four apps (space-separated)
#        SOAK_INITIAL_SESSIONS example4 sessions made before the load (16);
#        SOAK_SESSION_POOL most example4 ids a wrk thread keeps (128)
#        SOAK_SERVER_ARGS  extra flags for every server, e.g.
#                          "--callback-timeout-ms 5000"
#        SOAK_BAD_PERMILLE deliberately bad POSTs per 1000 (5; example3: an
#                          unknown category, example4: a foreign or altered
#                          session id); SOAK_NEW_SESSION_PERMILLE requests per
#                          1000 that open a new example4 session (10)
# Output (in the output folder, which is kept): samples.csv, wrk-<app>.txt,
#        <app>.log, servers.tsv, summary.txt and, when a server answers
#        GET /_metrics with something other than the index page,
#        metrics-<app>.txt (last scrape) and metrics-<app>.warmup.txt.
# Exit:  0 ok; 1 on a setup failure, a server that died, socket errors plus
#        unexpected non-2xx answers above 1% of an app's requests, or (strict)
#        growth above the limits.

set -euo pipefail
soak_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=bench/lib.sh
source "$soak_dir/../lib.sh"

build=${1:-build}
seconds=${2:-${SOAK_SECONDS:-600}}
connections=${SOAK_CONNECTIONS:-8}
pace_ms=${SOAK_PACE_MS:-10}
delay_ms=${SOAK_DELAY_MS:-40}
sample_s=${SOAK_SAMPLE_S:-5}
settle_s=${SOAK_SETTLE_S:-15}
start_timeout=20 # seconds for a server to listen and answer
stop_timeout=10  # seconds after SIGTERM before SIGKILL
initial_sessions=${SOAK_INITIAL_SESSIONS:-16}

read -r -a apps <<<"${SOAK_APPS:-demo example2_aggregations example3_signal \
example4_sessions}"
declare -A script=([demo]=demo.lua [example2_aggregations]=example2.lua
  [example3_signal]=example3.lua [example4_sessions]=example4.lua)

die() {
  echo "soak: $*" >&2
  exit 1
}
note() {
  echo "soak: $*" >&2
}

if ! [[ $seconds =~ ^[0-9]+$ ]] || ((seconds < 20)); then
  die "SECONDS must be a whole number >= 20, got '$seconds'"
fi
for v in connections pace_ms delay_ms sample_s settle_s initial_sessions; do
  [[ ${!v} =~ ^[0-9]+$ ]] || die "$v must be a whole number, got '${!v}'"
done
((connections >= 1 && sample_s >= 1)) || die "connections, sample_s >= 1"
strict=${SOAK_STRICT:-$((seconds >= 300 ? 1 : 0))}
[[ $strict == 0 || $strict == 1 ]] || die "SOAK_STRICT must be 0 or 1"
warmup=$((seconds / 5 > 10 ? seconds / 5 : 10))

for tool in wrk curl python3 awk; do
  command -v "$tool" >/dev/null || die "$tool not found"
done
((${#apps[@]} > 0)) || die "SOAK_APPS is empty"
for app in "${apps[@]}"; do
  [[ -n ${script[$app]:-} ]] || die "no wrk script for app '$app'"
  [[ -x $build/bin/$app ]] || die "missing $build/bin/$app (build it first)"
  [[ -f $soak_dir/${script[$app]} ]] || die "missing ${script[$app]}"
done

out=${SOAK_OUT:-$(mktemp -d "${TMPDIR:-/tmp}/dashcpp-soak.XXXXXX")}
mkdir -p "$out"
scratch=$(mktemp -d "${TMPDIR:-/tmp}/dashcpp-soak-scratch.XXXXXX")

declare -A server_pid=() port=() wrk_pid=() died_at=() stop_rc=()

# stop_server APP: SIGTERM, SIGKILL after $stop_timeout s; records the
# exit status in stop_rc[APP] (143: ended by our SIGTERM).
stop_server() {
  local app=$1 pid=${server_pid[$1]:-}
  [[ -n $pid ]] || return 0
  server_pid[$app]=""
  stop_pid "$pid" "$app"
  stop_rc[$app]=$stopped_rc
}

# stop_wrk APP SIGNAL: signals the `timeout` wrapping APP's wrk (it passes
# the signal on to wrk) and waits for it, at most 15 s.
stop_wrk() {
  local pid=${wrk_pid[$1]:-} waited=0
  [[ -n $pid ]] || return 0
  wrk_pid[$1]=""
  kill "-$2" "$pid" 2>/dev/null || true
  while alive "$pid" && ((waited < 150)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  alive "$pid" && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

cleanup() {
  local app
  for app in "${apps[@]}"; do
    stop_wrk "$app" TERM
  done
  for app in "${apps[@]}"; do
    stop_server "$app"
  done
  rm -rf "$scratch"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# listen_port PID: the TCP port PID listens on, read from /proc (the
# "listening on" line is an info line, and the servers run at warn).
listen_port() {
  local pid=$1 inodes hex
  inodes=$(find "/proc/$pid/fd" -lname 'socket:*' -printf '%l\n' \
    2>/dev/null | tr -dc '0-9\n') || true
  [[ -n $inodes ]] || return 0
  hex=$(awk -v want="$inodes" '
    BEGIN { n = split(want, a, "\n"); for (i = 1; i <= n; i++) s[a[i]] = 1 }
    $4 == "0A" && ($10 in s) { split($2, p, ":"); print p[2]; exit }' \
    "/proc/$pid/net/tcp" "/proc/$pid/net/tcp6" 2>/dev/null) || true
  [[ -n $hex ]] && echo $((16#$hex))
  return 0
}

# app_args APP: the flags of APP beyond the shared ones.
app_args() {
  case $1 in
    example3_signal)
      echo --computation-log "$out/example3_signal.computations" ;;
    example4_sessions)
      echo --computation-log "$out/example4_sessions.computations" \
        --session-secret-file "$scratch/session.key" \
        --session-backend disk --session-dir "$scratch/sessions" \
        --session-idle-ms 3000 --session-max-live 64 ;;
  esac
}

# start_server APP: starts it on a free port; sets server_pid and port.
start_server() {
  local app=$1 pid p waited=0 code
  mkdir -p "$scratch/sessions"
  # shellcheck disable=SC2046,SC2086 # flags split on purpose
  "$build/bin/$app" --host 127.0.0.1 --port 0 --log-level warn \
    --delay-ms "$delay_ms" $(app_args "$app") ${SOAK_SERVER_ARGS:-} \
    >"$out/$app.log" 2>&1 &
  pid=$!
  server_pid[$app]=$pid
  while ((waited < start_timeout * 10)); do
    alive "$pid" || break
    p=$(listen_port "$pid")
    if [[ -n $p ]]; then
      code=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 \
        "http://127.0.0.1:$p/_dash-dependencies" || true)
      if [[ $code == 200 ]]; then
        port[$app]=$p
        note "$app pid $pid on port $p"
        return 0
      fi
    fi
    sleep 0.1
    waited=$((waited + 1))
  done
  tail -n 20 "$out/$app.log" >&2
  die "$app did not start (or did not answer /_dash-dependencies)"
}

now_ms() {
  date +%s%3N
}

# sample T PHASE: one CSV row per server: VmRSS, RssAnon (kB), open fds,
# threads; a server found dead is recorded once in died_at.
sample() {
  local t=$1 phase=$2 app pid rss anon threads fds alive_now
  for app in "${apps[@]}"; do
    pid=${server_pid[$app]:-}
    [[ -n $pid ]] || continue
    rss="" anon="" threads="" fds=""
    alive_now=0
    if alive "$pid"; then
      alive_now=1
      read -r rss anon threads < <(awk '
        $1 == "VmRSS:" { r = $2 } $1 == "RssAnon:" { a = $2 }
        $1 == "Threads:" { t = $2 }
        END { print r, a, t }' "/proc/$pid/status" 2>/dev/null) || true
      fds=$(find "/proc/$pid/fd" -mindepth 1 -maxdepth 1 2>/dev/null |
        wc -l) || true
    fi
    if ((alive_now == 0)) && [[ -z ${died_at[$app]:-} ]]; then
      died_at[$app]=$t
      note "$app (pid $pid) is gone at t=${t}s"
      stop_wrk "$app" INT
    fi
    echo "$t,$phase,$app,$pid,$alive_now,$rss,$anon,$fds,$threads" \
      >>"$out/samples.csv"
  done
}

# scrape SUFFIX: saves GET /_metrics of each live server when it answers
# 200 with something other than the HTML page (unknown paths get the page).
scrape() {
  local suffix=$1 app p res
  for app in "${apps[@]}"; do
    p=${port[$app]:-}
    [[ -n $p && -n ${server_pid[$app]:-} && -z ${died_at[$app]:-} ]] ||
      continue
    res=$(curl -s -o "$scratch/metrics" -w '%{http_code} %{content_type}' \
      --max-time 2 "http://127.0.0.1:$p/_metrics" || true)
    if [[ $res == "200 "* && $res != *text/html* ]]; then
      mv "$scratch/metrics" "$out/metrics-$app$suffix.txt"
    fi
  done
}

# ---- set-up -----------------------------------------------------------------
busy=$(busy_percent)
if ((busy > 20)); then
  note "warning: the CPUs are ${busy}% busy before the run (others' work);" \
    "wrk rates will be lower, the leak figures still mean something"
fi
{
  echo "date=$(date -u '+%Y-%m-%d %H:%M UTC')"
  echo "command=bash bench/soak/run.sh $build $seconds"
  echo "git=$(git -C "$soak_dir" rev-parse --short HEAD 2>/dev/null || echo -)"
  echo "cores=$(nproc) busy_before=${busy}%"
  echo "seconds=$seconds warmup=$warmup strict=$strict sample_s=$sample_s"
  echo "wrk=-t1 -c$connections --timeout 10s pace_ms=$pace_ms" \
    "delay_ms=$delay_ms bad_permille=${SOAK_BAD_PERMILLE:-5}" \
    "new_session_permille=${SOAK_NEW_SESSION_PERMILLE:-10}" \
    "initial_sessions=$initial_sessions server_args=--log-level warn" \
    "--delay-ms $delay_ms${SOAK_SERVER_ARGS:+ $SOAK_SERVER_ARGS}"
  for app in "${apps[@]}"; do
    echo "binary=$build/bin/$app $(date -u -r "$build/bin/$app" \
      '+%Y-%m-%dT%H:%MZ') $(stat -c %s "$build/bin/$app")"
  done
} >"$out/run.txt"
echo "t_s,phase,app,pid,alive,rss_kb,rss_anon_kb,fds,threads" \
  >"$out/samples.csv"

for app in "${apps[@]}"; do
  start_server "$app"
done

# The page's component-suite scripts, for the periodic GETs.
curl -s --max-time 5 "http://127.0.0.1:${port[${apps[0]}]}/" |
  grep -oE 'src="/_dash-component-suites/[^"]+"' |
  sed -e 's/^src="//' -e 's/"$//' >"$out/scripts.txt" || true
[[ -s $out/scripts.txt ]] || die "found no component-suite scripts on /"

# Example 4's first sessions: each from GET /, as a first page load.
: >"$out/sessions.txt"
for ((i = 0; i < initial_sessions; i++)); do
  [[ -n ${port[example4_sessions]:-} ]] || break
  curl -s -o /dev/null -D - --max-time 5 \
    "http://127.0.0.1:${port[example4_sessions]}/" |
    sed -n 's/^[Ss]et-[Cc]ookie: dash_session=\([^;]*\).*/\1/p' \
      >>"$out/sessions.txt" || true
done
if [[ -n ${port[example4_sessions]:-} ]] &&
  (($(wc -l <"$out/sessions.txt") != initial_sessions)); then
  die "could not get $initial_sessions session ids from example4_sessions"
fi

# ---- the run ----------------------------------------------------------------
note "$seconds s (warm-up $warmup s), wrk -t1 -c$connections per app," \
  "pace $pace_ms ms, --delay-ms $delay_ms, strict=$strict; output in $out"
t0=$(now_ms)
sample 0 start
for app in "${apps[@]}"; do
  DASH_CSRF_TOKEN=$(csrf_token "http://127.0.0.1:${port[$app]}") \
    SOAK_DIR=$soak_dir SOAK_PACE_MS=$pace_ms \
    SOAK_SCRIPTS_FILE=$out/scripts.txt SOAK_SESSIONS_FILE=$out/sessions.txt \
    timeout -k 10 $((seconds + 60)) wrk -t1 -c"$connections" \
    -d"${seconds}s" --timeout 10s -s "$soak_dir/${script[$app]}" \
    "http://127.0.0.1:${port[$app]}" >"$out/wrk-$app.txt" 2>&1 &
  wrk_pid[$app]=$!
done

# sleep_until T: sleeps until T seconds after t0.
sleep_until() {
  local wait_ms=$((t0 + $1 * 1000 - $(now_ms)))
  ((wait_ms > 0)) || return 0
  sleep "$((wait_ms / 1000)).$(printf '%03d' $((wait_ms % 1000)))"
}

# Samples every sample_s while wrk runs; the "end" sample is taken 1 s
# before wrk stops, so that both it and the warm-up sample see wrk's
# connections open.
warm_scraped=0
for ((t = sample_s; t < seconds - 1; t += sample_s)); do
  sleep_until "$t"
  sample "$t" load
  if ((warm_scraped == 0 && t >= warmup)); then
    scrape .warmup
    warm_scraped=1
  else
    scrape ""
  fi
done
sleep_until $((seconds - 1))
sample $((seconds - 1)) end
scrape ""

# wrk stops by itself after SECONDS; its timeout bounds the wait.
for app in "${apps[@]}"; do
  pid=${wrk_pid[$app]:-}
  [[ -n $pid ]] || continue
  wait "$pid" 2>/dev/null || note "wrk for $app ended with status $?"
  wrk_pid[$app]=""
done
note "load over at t=$((($(now_ms) - t0) / 1000))s; idling ${settle_s}s" \
  "for a last sample"
sleep_until $((seconds + settle_s))
sample $((seconds + settle_s)) idle
scrape ""

: >"$out/servers.tsv"
for app in "${apps[@]}"; do
  pid=${server_pid[$app]}
  stop_server "$app"
  printf '%s\t%s\t%s\t%s\t%s\n' "$app" "$pid" "${died_at[$app]:--}" \
    "${stop_rc[$app]:--}" "${port[$app]}" >>"$out/servers.tsv"
done

set +e
python3 "$soak_dir/report.py" "$out" "$warmup" "$strict" |
  tee "$out/summary.txt"
status=${PIPESTATUS[0]}
set -e
note "output kept in $out"
exit "$status"
