// actors/core/metrics.cpp
// Recording (relaxed atomics: counters need no ordering) and the
// Prometheus text rendering of a scrape.
#include "actors/core/metrics.hpp"

#include <dirent.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <map>
#include <stdexcept>

#include <spdlog/fmt/fmt.h>

namespace dash::actors {

namespace {

constexpr auto relaxed = std::memory_order_relaxed;

std::uint64_t resident_bytes() {
  std::ifstream in{"/proc/self/statm"};
  std::uint64_t pages = 0;
  std::uint64_t resident = 0;
  in >> pages >> resident;
  return resident * static_cast<std::uint64_t>(sysconf(_SC_PAGESIZE));
}

std::uint64_t open_fds() {
  std::uint64_t n = 0;
  if (DIR* d = opendir("/proc/self/fd")) {
    while (readdir(d) != nullptr)
      ++n;
    closedir(d);
  }
  return n > 3 ? n - 3 : 0; // ".", ".." and the directory itself
}

} // namespace

void histogram::observe(std::chrono::nanoseconds d) {
  auto seconds = std::chrono::duration<double>(d).count();
  auto i = static_cast<std::size_t>(
    std::lower_bound(bounds.begin(), bounds.end(), seconds) - bounds.begin());
  buckets_[i].fetch_add(1, relaxed);
  sum_ns_.fetch_add(static_cast<std::uint64_t>(std::max<std::int64_t>(
                      0, d.count())),
                    relaxed);
}

void histogram::render(std::string& out, const std::string& name,
                       const std::string& labels) const {
  std::uint64_t cumulative = 0;
  auto sep = labels.empty() ? "" : ",";
  for (std::size_t i = 0; i < bounds.size(); ++i) {
    cumulative += buckets_[i].load(relaxed);
    out += fmt::format("{}_bucket{{{}{}le=\"{}\"}} {}\n", name, labels, sep,
                       bounds[i], cumulative);
  }
  cumulative += buckets_[bounds.size()].load(relaxed);
  out += fmt::format("{}_bucket{{{}{}le=\"+Inf\"}} {}\n", name, labels, sep,
                     cumulative);
  auto braces = labels.empty() ? std::string{} : '{' + labels + '}';
  out += fmt::format("{}_sum{} {:.6f}\n", name, braces,
                     static_cast<double>(sum_ns_.load(relaxed)) / 1e9);
  out += fmt::format("{}_count{} {}\n", name, braces, cumulative);
}

void status_counter::add(int status) {
  if (status >= 0 && status < static_cast<int>(by_code_.size()))
    by_code_[static_cast<std::size_t>(status)].fetch_add(1, relaxed);
}

std::uint64_t status_counter::total() const {
  std::uint64_t n = 0;
  for (const auto& c : by_code_)
    n += c.load(relaxed);
  return n;
}

void status_counter::render(std::string& out, const std::string& name,
                            const std::string& labels) const {
  for (std::size_t code = 0; code < by_code_.size(); ++code)
    if (auto n = by_code_[code].load(relaxed); n != 0)
      prometheus_sample(out, name,
           labels + (labels.empty() ? "" : ",")
             + fmt::format("code=\"{}\"", code),
           n);
}

metrics::metrics(const std::vector<std::string>& routes,
                 const std::vector<std::string>& callbacks,
                 const std::vector<std::string>& supervisors) {
  for (const auto& r : routes)
    routes_.push_back(std::make_unique<route_metrics>(r));
  for (const auto& c : callbacks)
    callbacks_.push_back(std::make_unique<callback_metrics>(c));
  for (const auto& s : supervisors)
    supervisors_.push_back(std::make_unique<supervisor_metrics>(s));
}

supervisor_metrics& metrics::supervisor(const std::string& name) {
  for (auto& s : supervisors_)
    if (s->name == name)
      return *s;
  throw std::out_of_range("no supervisor metrics named " + name);
}

std::string metrics::render(const runtime_stats& stats) const {
  std::string out;
  out.reserve(16384);
  auto now = std::chrono::system_clock::now();

  prometheus_help(out, "dashcpp_start_time_seconds", "gauge",
       "When the server started (Unix time).");
  prometheus_sample(out, "dashcpp_start_time_seconds", "",
       static_cast<std::uint64_t>(std::chrono::duration_cast<std::chrono::seconds>(
                                    started_.time_since_epoch())
                                    .count()));
  prometheus_help(out, "dashcpp_uptime_seconds", "gauge",
                  "Seconds since the start.");
  prometheus_sample(out, "dashcpp_uptime_seconds", "",
       static_cast<std::uint64_t>(
         std::chrono::duration_cast<std::chrono::seconds>(now - started_)
           .count()));
  prometheus_help(out, "process_resident_memory_bytes", "gauge",
       "Resident memory of the server process.");
  prometheus_sample(out, "process_resident_memory_bytes", "", resident_bytes());
  prometheus_help(out, "process_open_fds", "gauge", "Open file descriptors.");
  prometheus_sample(out, "process_open_fds", "", open_fds());

  prometheus_help(out, "dashcpp_http_requests_total", "counter",
       "HTTP requests answered, by route and status code.");
  for (const auto& r : routes_)
    r->answers.render(out, "dashcpp_http_requests_total",
                      r->label);
  prometheus_help(out, "dashcpp_http_request_duration_seconds", "histogram",
       "Time from a whole request read to its answer, by route.");
  for (const auto& r : routes_)
    if (r->answers.total() != 0)
      r->latency.render(out, "dashcpp_http_request_duration_seconds",
                        r->label);
  prometheus_help(out, "dashcpp_http_connections_open", "gauge",
       "HTTP connections open now.");
  prometheus_sample(out, "dashcpp_http_connections_open", "",
       connections_open.load(relaxed));
  prometheus_help(out, "dashcpp_http_connections_accepted_total", "counter",
       "HTTP connections accepted.");
  prometheus_sample(out, "dashcpp_http_connections_accepted_total", "",
       connections_accepted.load(relaxed));
  prometheus_help(out, "dashcpp_http_requests_in_flight", "gauge",
       "Requests read and not yet answered.");
  prometheus_sample(out, "dashcpp_http_requests_in_flight", "",
       requests_in_flight.load(relaxed));

  std::uint64_t queue_refusals = 0;
  prometheus_help(out, "dashcpp_callback_requests_total", "counter",
       "Callback requests answered, by callback and status code.");
  for (const auto& c : callbacks_)
    c->answers.render(out, "dashcpp_callback_requests_total",
                      c->label);
  prometheus_help(out, "dashcpp_callback_duration_seconds", "histogram",
       "Time from a callback request read to its answer, by callback.");
  for (const auto& c : callbacks_)
    c->latency.render(out, "dashcpp_callback_duration_seconds",
                      c->label);
  struct counter_family {
    const char* name;
    const char* text;
    std::atomic<std::uint64_t> callback_metrics::*field;
  };
  const counter_family families[] = {
    {"dashcpp_callback_errors_total", "Callback requests answered 5xx.",
     &callback_metrics::errors},
    {"dashcpp_callback_timeouts_total",
     "Runs stopped waiting for at their timeout (answered 504).",
     &callback_metrics::timeouts},
    {"dashcpp_callback_restarts_total",
     "Callback workers replaced (crashed or hung).",
     &callback_metrics::restarts},
  };
  for (const auto& f : families) {
    prometheus_help(out, f.name, "counter", f.text);
    for (const auto& c : callbacks_)
      prometheus_sample(out, f.name, c->label,
           ((*c).*(f.field)).load(relaxed));
  }
  for (const auto& c : callbacks_)
    queue_refusals += c->refused.load(relaxed);

  prometheus_help(out, "dashcpp_overload_refusals_total", "counter",
       "Requests refused with 503 at once because a limit was reached.");
  prometheus_sample(out, "dashcpp_overload_refusals_total",
                    "reason=\"callback_queue\"",
       queue_refusals);
  prometheus_sample(out, "dashcpp_overload_refusals_total",
                    "reason=\"connections\"",
       refused_connections.load(relaxed));

  prometheus_help(out, "dashcpp_supervisor_restarts_total", "counter",
       "Children a supervisor restarted after they failed.");
  for (const auto& s : supervisors_)
    prometheus_sample(out, "dashcpp_supervisor_restarts_total",
         "supervisor=\"" + s->name + "\"", s->restarts.load(relaxed));

  struct memo_family {
    const char* name;
    const char* type;
    const char* text;
    std::uint64_t (*get)(const memo_stats&);
  };
  const memo_family memo_families[] = {
    {"dashcpp_cache_hits_total", "counter", "Cache lookups answered at once.",
     [](const memo_stats& m) { return m.hits; }},
    {"dashcpp_cache_misses_total", "counter", "Cache lookups that missed.",
     [](const memo_stats& m) { return m.misses; }},
    {"dashcpp_cache_computations_total", "counter",
     "Computations started (one per missed key: single flight).",
     [](const memo_stats& m) { return m.computations; }},
    {"dashcpp_cache_coalesced_total", "counter",
     "Lookups that joined a computation already running.",
     [](const memo_stats& m) { return m.coalesced; }},
    {"dashcpp_cache_evictions_total", "counter",
     "Entries evicted by the count or byte bounds.",
     [](const memo_stats& m) { return m.evictions; }},
    {"dashcpp_cache_expirations_total", "counter", "Entries past their TTL.",
     [](const memo_stats& m) { return m.expirations; }},
    {"dashcpp_cache_errors_total", "counter", "Computations that failed.",
     [](const memo_stats& m) { return m.errors; }},
    {"dashcpp_cache_entries", "gauge", "Entries held now.",
     [](const memo_stats& m) { return std::uint64_t{m.entries}; }},
    {"dashcpp_cache_bytes", "gauge", "Bytes held now (estimated).",
     [](const memo_stats& m) { return std::uint64_t{m.bytes}; }},
  };
  for (const auto& f : memo_families) {
    prometheus_help(out, f.name, f.type, f.text);
    for (const auto& m : stats.memos)
      prometheus_sample(out, f.name,
                        "function=\"" + prometheus_label(m.function) + "\"",
           f.get(m));
  }

  if (stats.sessions) {
    prometheus_help(out, "dashcpp_sessions_live", "gauge",
                    "Session actors live now.");
    prometheus_sample(out, "dashcpp_sessions_live", "", stats.sessions_live);
    prometheus_help(out, "dashcpp_sessions_started_total", "counter",
         "Session actors started (new or reactivated from the store).");
    prometheus_sample(out, "dashcpp_sessions_started_total", "",
                      stats.sessions_started);
    prometheus_help(out, "dashcpp_sessions_passivated_total", "counter",
         "Session actors passivated (idle, over the cap, or at shutdown).");
    prometheus_sample(out, "dashcpp_sessions_passivated_total", "",
         stats.sessions_passivated);
    prometheus_help(out, "dashcpp_sessions_refused_total", "counter",
         "Requests with a session id the server did not issue.");
    prometheus_sample(out, "dashcpp_sessions_refused_total", "",
                      stats.sessions_refused);
  }
  prometheus_help(out, "dashcpp_cluster_members", "gauge",
       "Nodes in this server's cluster (1: not clustered).");
  prometheus_sample(out, "dashcpp_cluster_members", "", cluster_members.load());
  prometheus_help(out, "dashcpp_cluster_remote_requests_total", "counter",
       "Cache and session requests sent to the node owning their key.");
  prometheus_sample(out, "dashcpp_cluster_remote_requests_total", "",
       cluster_remote_requests.load());
  prometheus_help(out, "dashcpp_cluster_redispatched_total", "counter",
       "Requests sent again to a new owner after their owner left.");
  prometheus_sample(out, "dashcpp_cluster_redispatched_total", "",
       cluster_redispatched.load());
  prometheus_help(out, "dashcpp_cluster_refused_total", "counter",
       "Nodes refused entry (wrong secret or another app).");
  prometheus_sample(out, "dashcpp_cluster_refused_total", "",
                    cluster_refused.load());
  prometheus_help(out, "dashcpp_metrics_unanswered_actors", "gauge",
       "Actors that did not report within the scrape deadline.");
  prometheus_sample(out, "dashcpp_metrics_unanswered_actors", "",
                    stats.unanswered);
  return out;
}

} // namespace dash::actors
