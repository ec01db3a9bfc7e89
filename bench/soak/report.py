#!/usr/bin/env python3
# bench/soak/report.py
# Summary of one bench/soak/run.sh run: per server, RSS and open fds at the
# end of the warm-up and at the end of the load, growth, the RSS trend after
# the warm-up, wrk's counts; decides the exit status.
#
# Usage: python3 bench/soak/report.py OUT_DIR WARMUP_S STRICT(0|1)
# Reads OUT_DIR/samples.csv, servers.tsv, run.txt and wrk-<app>.txt.
# Exit: 0 ok, 1 when a check failed (each failure is printed).
import csv
import os
import re
import sys

RSS_LIMIT_PERCENT = 5.0   # strict: RSS growth after the warm-up must stay below
FD_LIMIT = 5              # strict: fds may grow by at most this many
ERROR_LIMIT_PERCENT = 1.0  # socket errors + unexpected non-2xx, of requests


def read_kv(path):
    """key=value lines of a file (the first value of each key)."""
    out = {}
    if not os.path.exists(path):
        return out
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            key, sep, value = line.rstrip("\n").partition("=")
            if sep and key and " " not in key and key not in out:
                out[key] = value
    return out


def slope_mb_per_hour(points):
    """Least-squares slope of (t seconds, rss kB) in MB per hour."""
    if len(points) < 3:
        return None
    n = len(points)
    mt = sum(t for t, _ in points) / n
    mr = sum(r for _, r in points) / n
    var = sum((t - mt) ** 2 for t, _ in points)
    if var == 0:
        return None
    cov = sum((t - mt) * (r - mr) for t, r in points)
    return cov / var * 3600 / 1024


# Log lines caused by the deliberately bad requests of the wrk scripts.
DELIBERATE = ("soak-bad-", "carries no session cookie",
              "not the session of this browser")


def log_summary(path):
    """Counts of warning/error lines in a server log that the deliberate
    bad input does not explain, and their distinct messages (timestamps
    dropped, digit runs as N), most frequent first."""
    counts = {"error": 0, "warning": 0, "deliberate": 0}
    kinds = {}
    if not os.path.exists(path):
        return counts, []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            level = ("error" if "] [error] " in line or "] [critical] " in line
                     else "warning" if "] [warning] " in line else None)
            if level is None:
                continue
            if any(d in line for d in DELIBERATE):
                counts["deliberate"] += 1
                continue
            counts[level] += 1
            text = re.sub(r"^\[[^]]*\] ", "", line.strip())
            text = re.sub(r"[0-9]+", "N", text)[:160]
            kinds[text] = kinds.get(text, 0) + 1
    top = sorted(kinds.items(), key=lambda kv: -kv[1])
    return counts, top


def num(s, default=0):
    try:
        return float(s)
    except (TypeError, ValueError):
        return default


def main():
    out, warmup, strict = sys.argv[1], int(sys.argv[2]), sys.argv[3] == "1"
    rows = {}
    with open(os.path.join(out, "samples.csv"), encoding="utf-8") as f:
        for r in csv.DictReader(f):
            rows.setdefault(r["app"], []).append(r)
    servers = {}
    with open(os.path.join(out, "servers.tsv"), encoding="utf-8") as f:
        for line in f:
            app, pid, died, rc, port = line.rstrip("\n").split("\t")
            servers[app] = {"pid": pid, "died": died, "rc": rc}
    with open(os.path.join(out, "run.txt"), encoding="utf-8") as f:
        run = [line.rstrip("\n") for line in f]

    failures = []
    table = []
    for app, srv in servers.items():
        live = [r for r in rows.get(app, []) if r["alive"] == "1"]
        load = [r for r in live if r["phase"] in ("load", "end")]
        warm = next((r for r in load if int(r["t_s"]) >= warmup), None)
        end = next((r for r in live if r["phase"] == "end"), None)
        if end is None and load:
            end = load[-1]
        idle = next((r for r in live if r["phase"] == "idle"), None)
        wrk = read_kv(os.path.join(out, f"wrk-{app}.txt"))
        requests = int(num(wrk.get("requests")))
        sock = int(num(wrk.get("socket_errors")))
        unexpected = int(num(wrk.get("unexpected_non2xx")))
        row = {
            "app": app, "pid": srv["pid"],
            "alive": "yes" if srv["died"] == "-" else f"DIED t={srv['died']}s",
            "requests": requests, "rps": wrk.get("rps", "-"),
            "p50": wrk.get("p50_ms", "-"), "p99": wrk.get("p99_ms", "-"),
            "sock": sock, "unexpected": unexpected,
            "expected": int(num(wrk.get("expected_errors"))),
            "sent_bad": int(num(wrk.get("sent_bad"))),
            "s204": int(num(wrk.get("no_content_204"))),
            "status_errors": int(num(wrk.get("status_errors"))),
            "sessions_new": int(num(wrk.get("sessions_new"))),
            "last_unexpected": wrk.get("last_unexpected", ""),
            "stop_rc": srv["rc"],
            "log": log_summary(os.path.join(out, f"{app}.log")),
        }
        if warm and end:
            w_rss, e_rss = int(warm["rss_kb"]), int(end["rss_kb"])
            row.update(
                warm_t=int(warm["t_s"]), end_t=int(end["t_s"]),
                rss_warm=w_rss / 1024, rss_end=e_rss / 1024,
                rss_growth=100.0 * (e_rss - w_rss) / w_rss,
                rss_max=max(int(r["rss_kb"]) for r in load) / 1024,
                rss_idle=int(idle["rss_kb"]) / 1024 if idle else None,
                anon_warm=int(warm["rss_anon_kb"]) / 1024,
                anon_end=int(end["rss_anon_kb"]) / 1024,
                fd_warm=int(warm["fds"]), fd_end=int(end["fds"]),
                fd_max=max(int(r["fds"]) for r in load),
                thr_warm=int(warm["threads"]), thr_end=int(end["threads"]),
                slope=slope_mb_per_hour(
                    [(int(r["t_s"]), int(r["rss_kb"])) for r in load
                     if int(r["t_s"]) >= warmup]))
        table.append(row)

        if srv["died"] != "-":
            failures.append(f"{app}: the server died (gone at t={srv['died']}s)")
        elif srv["rc"] not in ("0", "143"):
            failures.append(f"{app}: exit status {srv['rc']} after SIGTERM")
        if requests == 0:
            failures.append(f"{app}: wrk reported no requests")
        elif 100.0 * (sock + unexpected) / requests > ERROR_LIMIT_PERCENT:
            failures.append(
                f"{app}: {sock} socket errors + {unexpected} unexpected "
                f"non-2xx of {requests} requests (> {ERROR_LIMIT_PERCENT}%)")
        if "rss_growth" not in row:
            failures.append(f"{app}: no samples for warm-up and end")
        elif strict:
            if row["rss_growth"] >= RSS_LIMIT_PERCENT:
                failures.append(
                    f"{app}: RSS grew {row['rss_growth']:.1f}% after the "
                    f"warm-up (limit < {RSS_LIMIT_PERCENT:.0f}%)")
            if row["fd_end"] - row["fd_warm"] > FD_LIMIT:
                failures.append(
                    f"{app}: open fds grew by "
                    f"{row['fd_end'] - row['fd_warm']} (limit {FD_LIMIT})")

    for line in run:
        print(f"# {line}")
    print()
    head = ("app", "rss_warm", "rss_end", "growth", "trend", "rss_max",
            "rss_idle", "anon_w>e", "fd_w>e", "thr_w>e", "alive")
    fmt = "{:<22} {:>8} {:>8} {:>7} {:>8} {:>8} {:>8} {:>11} {:>7} {:>7} {}"
    print("## memory (MB) and fds: warm-up end (w) -> load end (e); "
          "trend = least-squares RSS slope after the warm-up, MB/h")
    print(fmt.format(*head))
    for r in table:
        if "rss_growth" not in r:
            print(fmt.format(r["app"], *["-"] * 9, r["alive"]))
            continue
        print(fmt.format(
            r["app"], f"{r['rss_warm']:.1f}", f"{r['rss_end']:.1f}",
            f"{r['rss_growth']:+.1f}%",
            "-" if r["slope"] is None else f"{r['slope']:+.1f}",
            f"{r['rss_max']:.1f}",
            "-" if r["rss_idle"] is None else f"{r['rss_idle']:.1f}",
            f"{r['anon_warm']:.1f}>{r['anon_end']:.1f}",
            f"{r['fd_warm']}>{r['fd_end']}",
            f"{r['thr_warm']}>{r['thr_end']}", r["alive"]))
    if table and "warm_t" in table[0]:
        print(f"(warm-up sample at t={table[0]['warm_t']}s, "
              f"end sample at t={table[0]['end_t']}s)")
    print()
    print("## wrk: requests; unexpected = non-2xx not sent on purpose; "
          "expected = deliberate bad input answered with its error")
    fmt2 = "{:<22} {:>9} {:>8} {:>8} {:>8} {:>6} {:>10} {:>13} {:>6} {:>9}"
    print(fmt2.format("app", "requests", "rps", "p50_ms", "p99_ms",
                      "socket", "unexpected", "expected/sent", "204",
                      "new_sess"))
    for r in table:
        print(fmt2.format(
            r["app"], r["requests"], r["rps"], r["p50"], r["p99"], r["sock"],
            r["unexpected"], f"{r['expected']}/{r['sent_bad']}", r["s204"],
            r["sessions_new"]))
    for r in table:
        if r["last_unexpected"]:
            print(f"{r['app']}: last unexpected answer: "
                  f"{r['last_unexpected']}")
    print()
    print("## server logs (--log-level warn): warning/error lines not caused "
          "by the deliberate bad input (not a failure by itself)")
    for r in table:
        counts, top = r["log"]
        print(f"{r['app']}: {counts['error']} error, {counts['warning']} "
              f"warning lines ({counts['deliberate']} more from the "
              f"deliberate bad input)")
        for text, n in top[:6]:
            print(f"  {n:>6} x {text}")
    print()
    if failures:
        for f in failures:
            print(f"FAIL {f}")
        return 1
    print("OK: every server stayed up; errors within "
          f"{ERROR_LIMIT_PERCENT:.0f}%"
          + (f"; RSS growth < {RSS_LIMIT_PERCENT:.0f}% and fd growth <= "
             f"{FD_LIMIT}" if strict else " (growth not checked: strict=0)"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
