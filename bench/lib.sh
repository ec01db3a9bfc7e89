# bench/lib.sh
# Shell helpers shared by bench/run.sh and bench/sessions.sh: process
# liveness and how busy the machine is before a run. Sourced, not run.

# alive PID: true while PID runs (a zombie, exited but not yet reaped,
# counts as gone).
alive() {
  local stat
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  stat=${stat##*) }
  [[ ${stat:0:1} != Z ]]
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
