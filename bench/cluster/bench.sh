#!/usr/bin/env bash
# bench/cluster/bench.sh
# Cluster benchmarks of Example 3 (example3_signal, --delay-ms 300) on
# loopback, in one bounded run, each figure next to its baseline:
#   1. a cross-node cache hit (the value comes from its owner node) against
#      a local hit (asked at the owner), wrk -t1 -c8: p50, p99, requests/s;
#   2. throughput through nginx (round robin, keepalive) in front of 1 node
#      against 3 nodes, wrk -t2 -c64 over the four fruits: requests/s, p99;
#   3. failover: kill -9 the owner of a warm key, then ask a survivor every
#      ~10 ms until the first 200 (ms from the kill), and the ms until the
#      survivors log "cluster member left"; FAILOVER_ROUNDS rounds, a new
#      key each, the killed node restarted between them; then one round
#      with SIGSTOP instead (a hung node: only heartbeats can tell).
#
# Usage: bash bench/cluster/bench.sh [BUILD_DIR] [SECONDS]  (build 10)
#        SECONDS is each measured wrk run (each has a 2 s warm-up first).
# Env:   APP_BIN (build/bin/example3_signal), NGINX_BIN (/usr/sbin/nginx),
#        FAILOVER_ROUNDS=3 (1-3), FREEZE=1 (0 skips the SIGSTOP round),
#        KEEP_LOGS=DIR copies the node logs there before the temporary
#        folder is removed.
# Out:   key=value lines on stdout, then a summary; progress on stderr.
# Exit:  0 ok; 1 on setup failure, a node that died, or non-200 answers.

set -euo pipefail
# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/../lib.sh"

build=${1:-build}
seconds=${2:-10}
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
script=$here/signal.lua
app_bin=${APP_BIN:-$build/bin/example3_signal}
nginx_bin=${NGINX_BIN:-/usr/sbin/nginx}
failover_rounds=${FAILOVER_ROUNDS:-3}
freeze=${FREEZE:-1}
keep_logs=${KEEP_LOGS:-}
host=127.0.0.1
delay_ms=300
warmup_seconds=2
start_timeout=20 # seconds for a node to listen, or a cluster to form
poll_timeout=10  # seconds a failover round may take to see its first 200
# shellcheck disable=SC2034 # read by stop_pid in bench/lib.sh
stop_timeout=5   # seconds after SIGTERM before SIGKILL
fruits=apples,oranges,figs,pineapples
names=(n1 n2 n3)

die() {
  echo "bench.sh: $*" >&2
  exit 1
}
note() {
  echo "== $*" >&2
}

[[ $seconds =~ ^[1-9][0-9]*$ ]] || die "SECONDS must be > 0, got '$seconds'"
[[ $failover_rounds =~ ^[1-3]$ ]] || die "FAILOVER_ROUNDS must be 1-3"
[[ -x /usr/bin/wrk ]] || die "wrk not found at /usr/bin/wrk (apt-get install wrk)"
[[ -x $nginx_bin ]] || die "missing $nginx_bin (apt-get install nginx-light)"
command -v jq >/dev/null || die "jq not found"
[[ -f $script ]] || die "missing $script"
[[ -x $app_bin ]] || die "missing $app_bin (build it, or set APP_BIN)"

work=$(mktemp -d "${TMPDIR:-/tmp}/dashcpp-cluster-bench.XXXXXX")
declare -A node_pid=() node_port=() node_log=() cluster_port=()
nginx_pid=""
failures=0
bad_exits=0
bad_exit_list=()
round_lines=()

# Stops nginx and every node still running (a frozen one is continued
# first, so that SIGTERM can reach it), then removes the temporary folder.
cleanup() {
  trap - EXIT
  local name
  [[ -z $nginx_pid ]] || stop_pid "$nginx_pid" nginx
  for name in "${!node_pid[@]}"; do
    kill -CONT "${node_pid[$name]}" 2>/dev/null || true
    stop_pid "${node_pid[$name]}" "$name"
  done
  if [[ -n $keep_logs ]]; then
    mkdir -p "$keep_logs"
    cp "$work"/*.log "$keep_logs"/ 2>/dev/null || true
    cp "$work"/nginx/error.log "$keep_logs"/nginx-error.log 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- helpers ---------------------------------------------------------------

# free_port: a port below the ephemeral range that nothing listens on.
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 12000))
    [[ -z $(ss -Htln "sport = :$p") ]] && echo "$p" && return 0
  done
}

# now_us: microseconds since the epoch.
now_us() {
  echo "${EPOCHREALTIME/./}"
}

# ms_between US1 US2: milliseconds from US1 to US2, one decimal.
ms_between() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.1f", (b - a) / 1000 }'
}

# ratio A B: A / B, two decimals.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", (b > 0 ? a / b : 0) }'
}

# median V..: the median of the values given.
median() {
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 }
    END { printf "%.1f", (v[int((NR + 1) / 2)] + v[int(NR / 2) + 1]) / 2 }'
}

# start_node NAME CLUSTERED: starts NAME (a cluster member when CLUSTERED is
# true) and waits for its HTTP port. A restart keeps the name and cluster
# port and writes a new log.
start_node() {
  local name=$1 clustered=$2 log line seeds="" n deadline
  log=$work/$name.$(date +%s%N).log
  : >"$log"
  for n in "${names[@]}"; do
    seeds+="${seeds:+,}$host:${cluster_port[$n]}"
  done
  "$app_bin" --host "$host" --port 0 --delay-ms "$delay_ms" \
    --cluster "$clustered" --cluster-host "$host" \
    --cluster-port "${cluster_port[$name]}" --cluster-node-name "$name" \
    --cluster-seeds "$seeds" --cluster-secret-file "$work/cluster.secret" \
    --session-secret-file "$work/session.key" >"$log" 2>&1 &
  node_pid[$name]=$!
  node_log[$name]=$log
  deadline=$((SECONDS + start_timeout))
  until line=$(grep -m1 -oE 'listening on http://[0-9.]+:[0-9]+' "$log"); do
    if ! alive "${node_pid[$name]}" || ((SECONDS >= deadline)); then
      tail -n 20 "$log" >&2
      die "$name did not start"
    fi
    sleep 0.05
  done
  node_port[$name]=${line##*:}
}

# stop_node NAME: SIGTERM (then SIGKILL), and forget it. An exit status
# other than 0 is counted in bad_exits and listed in bad_exit_list.
stop_node() {
  stop_pid "${node_pid[$1]}" "$1"
  unset "node_pid[$1]"
  if ((stopped_rc != 0)); then
    bad_exits=$((bad_exits + 1))
    bad_exit_list+=("$1:$stopped_rc")
  fi
}

# url NAME: the HTTP base URL of node NAME.
url() {
  echo "http://$host:${node_port[$1]}"
}

# wait_members N NAME..: waits until every NAME lists N members.
wait_members() {
  local want=$1 name got deadline=$((SECONDS + start_timeout))
  shift
  for name in "$@"; do
    while :; do
      got=$(curl -s -m 1 "$(url "$name")/_cluster" | jq '.members | length' \
        2>/dev/null || true)
      [[ $got == "$want" ]] && break
      ((SECONDS < deadline)) || die "$name sees ${got:-?} members, not $want"
      sleep 0.05
    done
  done
}

# post BASE_URL VALUE [TIMEOUT_S]: POSTs the signal callback for VALUE and
# prints the HTTP status (000 when no answer came in time).
post() {
  local body
  body='{"output":"signal.data","outputs":{"id":"signal","property":"data"},'
  body+='"inputs":[{"id":"dropdown","property":"value","value":"'$2'"}],'
  body+='"changedPropIds":["dropdown.value"]}'
  local csrf_args
  mapfile -t csrf_args < <(csrf_curl_args "$1")
  curl -s -o /dev/null -w '%{http_code}' -m "${3:-10}" \
    -H 'Content-Type: application/json' "${csrf_args[@]}" -d "$body" \
    "$1/_dash-update-component" || true
}

# warm BASE_URL VALUE..: asks for each VALUE once, in turn; all must be 200.
warm() {
  local base=$1 v status
  shift
  for v in "$@"; do
    status=$(post "$base" "$v")
    [[ $status == 200 ]] || die "warming $v at $base answered $status"
  done
}

# owner_of VALUE: the node owning global_store(VALUE), as n1 sees it.
owner_of() {
  curl -s -m 2 "$(url n1)/_cluster?memo=global_store&args=%5B%22$1%22%5D" |
    jq -r '.owner'
}

# metric NAME METRIC: one value from the node's /_metrics.
metric() {
  curl -s -m 2 "$(url "$1")/_metrics" |
    awk -v m="$2" '$1 == m { v = $2 } END { print v }'
}

# wrk_warmup URL THREADS CONNECTIONS CATEGORIES: $warmup_seconds of load,
# figures dropped.
wrk_warmup() {
  DASH_CSRF_TOKEN=$(csrf_token "$1") \
    CATEGORIES=$4 timeout --foreground $((warmup_seconds + 30)) wrk \
    -t"$2" -c"$3" -d"${warmup_seconds}s" -s "$script" "$1" >/dev/null ||
    die "wrk warm-up against $1 failed"
}

# wrk_measure RUN URL THREADS CONNECTIONS CATEGORIES: the measured run,
# with --latency; figures in $work/RUN.wrk. Counts a failure when any
# answer was not 200 or any socket error happened.
wrk_measure() {
  local run=$1 out=$work/$1.wrk
  if ! DASH_CSRF_TOKEN=$(csrf_token "$2") \
    CATEGORIES=$5 timeout --foreground $((seconds + 30)) wrk \
    -t"$3" -c"$4" -d"${seconds}s" --latency -s "$script" "$2" >"$out"; then
    cat "$out" >&2
    die "$run: wrk failed"
  fi
  grep -q '^rps=' "$out" || die "$run: no figures from wrk"
  if (($(figure "$run" non200) > 0 || $(figure "$run" errors) > 0)); then
    echo "bench.sh: $run: $(figure "$run" non200) non-200 answers," \
      "$(figure "$run" socket_errors) socket errors" >&2
    failures=$((failures + 1))
  fi
}

# figure RUN KEY: one value printed by signal.lua's done().
figure() {
  sed -n "s/^$2=//p" "$work/$1.wrk"
}

# check_alive NAME..: dies (with the log's tail) if a node has exited.
check_alive() {
  local name
  for name in "$@"; do
    alive "${node_pid[$name]}" && continue
    tail -n 20 "${node_log[$name]}" >&2
    die "$name (pid ${node_pid[$name]}) died"
  done
}

# start_nginx NAME..: nginx on a free port, round robin over the nodes
# NAME.., one worker, upstream keepalive; sets nginx_url.
start_nginx() {
  local dir=$work/nginx name port deadline=$((SECONDS + start_timeout))
  rm -rf "$dir"
  mkdir -p "$dir/temp"
  port=$(free_port)
  local servers=""
  for name in "$@"; do
    servers+="    server $host:${node_port[$name]};"$'\n'
  done
  {
    # As root, nginx would hand its worker to "nobody" otherwise.
    ((EUID != 0)) || echo "user root root;"
    cat <<EOF
daemon off;
worker_processes 1;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/temp/body;
  proxy_temp_path $dir/temp/proxy;
  fastcgi_temp_path $dir/temp/fastcgi;
  uwsgi_temp_path $dir/temp/uwsgi;
  scgi_temp_path $dir/temp/scgi;
  upstream dash {
${servers}    keepalive 64;
  }
  server {
    listen $host:$port;
    location / {
      proxy_pass http://dash;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
    }
  }
}
EOF
  } >"$dir/nginx.conf"
  "$nginx_bin" -p "$dir" -c "$dir/nginx.conf" -e "$dir/error.log" \
    >"$dir/stderr.log" 2>&1 &
  nginx_pid=$!
  nginx_url=http://$host:$port
  until curl -s -m 1 -o /dev/null "$nginx_url/_cluster"; do
    if ! alive "$nginx_pid" || ((SECONDS >= deadline)); then
      cat "$dir/stderr.log" "$dir/error.log" >&2 || true
      die "nginx did not start"
    fi
    sleep 0.05
  done
}

# stop_nginx: stops nginx and reports what its error log holds.
stop_nginx() {
  stop_pid "$nginx_pid" nginx
  nginx_pid=""
  if [[ -s $work/nginx/error.log ]]; then
    echo "bench.sh: nginx error log:" >&2
    head -n 5 "$work/nginx/error.log" >&2
  fi
}

# left_ms NAME LOG_LINES KILL_US: ms from KILL_US until NAME logged its
# first "cluster member left" after line LOG_LINES of its log (waits up
# to $poll_timeout s for it; prints "none" if it never came).
left_ms() {
  local log=${node_log[$1]} from=$2 kill_us=$3 line stamp i
  for ((i = 0; i < poll_timeout * 20; i++)); do
    line=$(tail -n +"$((from + 1))" "$log" | grep -m1 'cluster member left' ||
      true)
    [[ -n $line ]] && break
    sleep 0.05
  done
  [[ -n $line ]] || { echo none; return 0; }
  stamp=${line:1:23}
  ms_between "$kill_us" "$(date -d "$stamp" +%s%6N)"
}

# ---- 2a. nginx in front of one node ----------------------------------------

# Runs before the cluster exists so that nothing else is running: one node
# without --cluster, the same app, the four fruits warm.
bench_nginx_one() {
  note "nginx -> 1 node (no cluster), wrk -t2 -c64, ${seconds}s"
  start_node n1 false
  warm "$(url n1)" apples oranges figs pineapples
  start_nginx n1
  wrk_warmup "$nginx_url" 2 64 "$fruits"
  wrk_measure nginx1 "$nginx_url" 2 64 "$fruits"
  check_alive n1
  stop_nginx
  stop_node n1
}

# ---- 1. cross-node hit against local hit -----------------------------------

bench_cross_node() {
  local owner other before
  owner=$(owner_of figs)
  for other in "${names[@]}"; do
    [[ $other != "$owner" ]] && break
  done
  note "figs is owned by $owner; local hit at $owner, cross-node at $other"
  warm "$(url "$owner")" figs
  wrk_warmup "$(url "$owner")" 1 8 figs
  wrk_measure local "$(url "$owner")" 1 8 figs
  wrk_warmup "$(url "$other")" 1 8 figs
  before=$(metric "$other" dashcpp_cluster_remote_requests_total)
  near_before=$(metric "$other" dashcpp_cluster_near_cache_hits_total)
  wrk_measure cross "$(url "$other")" 1 8 figs
  check_alive "${names[@]}"
  cross_remote=$(($(metric "$other" dashcpp_cluster_remote_requests_total) - before))
  near_after=$(metric "$other" dashcpp_cluster_near_cache_hits_total)
  cross_near=$((${near_after:-0} - ${near_before:-0}))
  owner_computations=$(metric "$owner" \
    'dashcpp_cache_computations_total{function="global_store"}')
}

# ---- 2b. nginx in front of three nodes -------------------------------------

bench_nginx_three() {
  note "nginx -> 3 nodes (cluster), wrk -t2 -c64, ${seconds}s"
  warm "$(url n1)" apples oranges figs pineapples
  start_nginx "${names[@]}"
  wrk_warmup "$nginx_url" 2 64 "$fruits"
  wrk_measure nginx3 "$nginx_url" 2 64 "$fruits"
  check_alive "${names[@]}"
  stop_nginx
}

# ---- 3. failover -----------------------------------------------------------

# failover_round VALUE SIGNAL: warms VALUE, sends SIGNAL (KILL or STOP) to
# its owner, and asks a survivor (the probe) until the first 200. Sets
# fo_owner, fo_ok_ms (kill to first 200), fo_left_ms (kill to the last
# survivor's "member left") and fo_line (the round in key=value form).
failover_round() {
  local value=$1 sig=$2 name probe kill_us status t_us left tries=0
  local statuses="" each="" new_owner
  local -A lines=()
  local survivors=()
  fo_owner=$(owner_of "$value")
  warm "$(url "$fo_owner")" "$value"
  for name in "${names[@]}"; do
    [[ $name == "$fo_owner" ]] && continue
    survivors+=("$name")
    lines[$name]=$(wc -l <"${node_log[$name]}")
  done
  probe=${survivors[0]}
  fo_ok_ms=none
  kill_us=$(now_us)
  kill -"$sig" "${node_pid[$fo_owner]}"
  if [[ $sig == KILL ]]; then
    # Reaped here, in silence: the shell would otherwise print "Killed".
    { wait "${node_pid[$fo_owner]}"; } 2>/dev/null || true
    unset "node_pid[$fo_owner]"
  fi
  while :; do
    status=$(post "$(url "$probe")" "$value" 1)
    t_us=$(now_us)
    tries=$((tries + 1))
    if [[ $status == 200 ]]; then
      fo_ok_ms=$(ms_between "$kill_us" "$t_us")
      break
    fi
    statuses+="${statuses:+,}$status"
    (((t_us - kill_us) / 1000000 < poll_timeout)) || break
    sleep 0.01
  done
  fo_left_ms=0
  for name in "${survivors[@]}"; do
    left=$(left_ms "$name" "${lines[$name]}" "$kill_us")
    each+="${each:+,}$name:$left"
    if [[ $left == none || $fo_left_ms == none ]]; then
      fo_left_ms=none
    else
      fo_left_ms=$(awk -v a="$fo_left_ms" -v b="$left" \
        'BEGIN { print (b > a ? b : a) }')
    fi
  done
  new_owner=$(curl -s -m 2 \
    "$(url "$probe")/_cluster?memo=global_store&args=%5B%22$value%22%5D" |
    jq -r '.owner')
  fo_line="key=$value owner=$fo_owner new_owner=$new_owner probe=$probe"
  fo_line+=" first_200_ms=$fo_ok_ms member_left_ms=$each polls=$tries"
  fo_line+=" before_200=${statuses:-none}"
  [[ $fo_ok_ms != none ]] || failures=$((failures + 1))
}

# bench_failover: FAILOVER_ROUNDS rounds of kill -9 (a new key each, the
# killed node restarted under its name after each), then, with FREEZE=1,
# one of SIGSTOP followed by SIGCONT.
bench_failover() {
  local values=(figs apples oranges) r t_us
  ok_list=()
  left_list=()
  for ((r = 1; r <= failover_rounds; r++)); do
    failover_round "${values[$r - 1]}" KILL
    round_lines+=("failover_round=$r $fo_line")
    ok_list+=("$fo_ok_ms")
    left_list+=("$fo_left_ms")
    start_node "$fo_owner" true
    wait_members 3 "${names[@]}"
  done
  ((freeze == 1)) || return 0
  note "failover with SIGSTOP (a hung node), key pineapples"
  failover_round pineapples STOP
  round_lines+=("freeze_round $fo_line")
  freeze_ok_ms=$fo_ok_ms
  freeze_left_ms=$fo_left_ms
  # Continue the frozen node: it must find its way back into the cluster.
  t_us=$(now_us)
  kill -CONT "${node_pid[$fo_owner]}"
  wait_members 3 "${names[@]}"
  freeze_rejoin_ms=$(ms_between "$t_us" "$(now_us)")
}

# ---- main ------------------------------------------------------------------

busy=$(busy_percent)
((busy <= 20)) || echo "bench.sh: warning: the CPUs are ${busy}% busy" \
  "before the run; figures will be noisy" >&2
(
  umask 077
  head -c 24 /dev/urandom | base64 >"$work/cluster.secret"
  head -c 48 /dev/urandom | base64 >"$work/session.key"
)
for name in "${names[@]}"; do
  cluster_port[$name]=$(free_port)
done

bench_nginx_one

note "starting a 3-node cluster"
for name in "${names[@]}"; do
  start_node "$name" true
done
wait_members 3 "${names[@]}"
bench_cross_node
bench_nginx_three
note "failover, $failover_rounds round(s) of kill -9"
bench_failover
check_alive "${names[@]}"
for name in "${names[@]}"; do
  stop_node "$name"
done

# Warnings, errors and anything not logged through spdlog (a crash's last
# words) from all the nodes' logs, most frequent first; timestamps and peer
# ids are cut so that repeats fold together.
log_issues=$(cat "$work"/n?.*.log |
  grep -E '\[(warning|error|critical)\]|^[^[]' |
  sed -E 's/^\[[0-9-]+ [0-9:.]+\] //; s/[0-9A-F]{40}#[0-9]+/<node-id>/g' |
  sort | uniq -c | sort -rn || true)

# ---- figures ---------------------------------------------------------------

for run in local cross nginx1 nginx3; do
  for key in p50_ms p99_ms rps non200 socket_errors; do
    echo "${run}_$key=$(figure "$run" "$key")"
  done
done
cross_p50=$(ratio "$(figure cross p50_ms)" "$(figure local p50_ms)")
cross_p99=$(ratio "$(figure cross p99_ms)" "$(figure local p99_ms)")
cross_rps=$(ratio "$(figure cross rps)" "$(figure local rps)")
scale_rps=$(ratio "$(figure nginx3 rps)" "$(figure nginx1 rps)")
scale_p99=$(ratio "$(figure nginx3 p99_ms)" "$(figure nginx1 p99_ms)")
failover_ms=$(median "${ok_list[@]}")
left_median_ms=$(median "${left_list[@]}")
cat <<EOF
cross_over_local_p50=$cross_p50
cross_over_local_p99=$cross_p99
cross_over_local_rps=$cross_rps
cross_remote_per_request=$(ratio "$cross_remote" "$(figure cross requests)")
cross_near_hits_per_request=$(ratio "$cross_near" "$(figure cross requests)")
owner_computations=$owner_computations
nginx3_over_nginx1_rps=$scale_rps
nginx3_over_nginx1_p99=$scale_p99
$(printf '%s\n' "${round_lines[@]}")
failover_ms=$failover_ms
failover_rounds_ms=${ok_list[*]}
member_left_ms=$left_median_ms
member_left_rounds_ms=${left_list[*]}
EOF
if ((freeze == 1)); then
  echo "freeze_failover_ms=$freeze_ok_ms"
  echo "freeze_member_left_ms=$freeze_left_ms"
  echo "freeze_rejoin_ms=$freeze_rejoin_ms"
fi
echo "nonzero_exits_at_sigterm=$bad_exits${bad_exit_list[*]:+ (${bad_exit_list[*]})}"

line() {
  printf '  %-20s %s\n' "$1" "$2"
}
echo
echo "summary ($(nproc) cores shared by wrk, nginx and the nodes; ${seconds}s per run):"
line "local hit (owner)" "p50 $(figure local p50_ms) ms, p99 $(figure local p99_ms) ms, $(figure local rps) req/s"
line "cross-node hit" "p50 $(figure cross p50_ms) ms, p99 $(figure cross p99_ms) ms, $(figure cross rps) req/s"
line "cross/local" "p50 x$cross_p50, p99 x$cross_p99, req/s x$cross_rps"
line "nginx -> 1 node" "$(figure nginx1 rps) req/s, p99 $(figure nginx1 p99_ms) ms"
line "nginx -> 3 nodes" "$(figure nginx3 rps) req/s, p99 $(figure nginx3 p99_ms) ms (req/s x$scale_rps)"
line "failover, kill -9" "first 200 after $failover_ms ms (median of ${ok_list[*]}; one ${delay_ms} ms recomputation included), member left after $left_median_ms ms"
if ((freeze == 1)); then
  line "failover, SIGSTOP" "first 200 after $freeze_ok_ms ms, member left after $freeze_left_ms ms, back $freeze_rejoin_ms ms after SIGCONT"
fi
if [[ -n $log_issues ]]; then
  echo "node log warnings/errors (count, message):"
  echo "$log_issues" | head -n 12
fi

((failures == 0)) || die "$failures measured run(s) had non-200 answers or errors"
