# bench/lib.sh
# Shell helpers shared by bench/run.sh and bench/sessions.sh: process
# liveness and stopping, and how busy the machine is before a run.
# Sourced, not run.

# alive PID: true while PID runs (a zombie, exited but not yet reaped,
# counts as gone).
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
}

# stop_pid PID NAME: SIGTERM, then SIGKILL after $stop_timeout seconds;
# reaps it and reports an exit status other than 0 or 143 (killed by the
# SIGTERM we sent before it installed a handler). The status is left in
# $stopped_rc.
stop_pid() {
  local pid=$1 name=$2 waited=0 rc=0 me
  me=$(basename "$0")
  kill -TERM "$pid" 2>/dev/null || true
  while alive "$pid" && ((waited < stop_timeout * 10)); do
    sleep 0.1
    waited=$((waited + 1))
  done
  if alive "$pid"; then
    echo "$me: $name pid $pid still up ${stop_timeout}s after SIGTERM; SIGKILL" >&2
    kill -KILL "$pid" 2>/dev/null || true
  fi
  wait "$pid" 2>/dev/null || rc=$?
  stopped_rc=$rc
  if ((rc != 0 && rc != 143)); then
    echo "$me: $name pid $pid exited with status $rc" >&2
  fi
}

# busy_percent: share of CPU time spent busy over the next second.
busy_percent() {
  local a b
  a=$(head -n1 /proc/stat)
  sleep 1
  b=$(head -n1 /proc/stat)
  awk -v a="$a" -v b="$b" 'BEGIN {
    n = split(a, x); split(b, y)
    for (i = 2; i <= n; i++) {
      d = y[i] - x[i]; total += d
      if (i == 5 || i == 6) idle += d
    }
    printf "%d", (total > 0 ? 100 * (total - idle) / total : 0)
  }'
}

# csrf_token URL: the _csrf_token cookie that GET URL/ sets (the page's CSRF
# token, which bench/csrf.lua sends as the renderer does); "" when the
# server sets none (nginx, the bare server, or a dashcpp run with
# --csrf false).
csrf_token() {
  curl -sS --max-time 10 -o /dev/null -D - "$1/" 2>/dev/null | tr -d '\r' \
    | sed -n 's/^[Ss]et-[Cc]ookie: _csrf_token=\([^;]*\).*/\1/p' | head -n1
}

# csrf_curl_args URL: curl arguments carrying URL's CSRF token (none when
# it sets no token), one per line, for mapfile.
csrf_curl_args() {
  local t
  t=$(csrf_token "$1")
  [[ -n $t ]] || return 0
  printf '%s\n' -H "X-CSRFToken: $t" -b "_csrf_token=$t"
}
