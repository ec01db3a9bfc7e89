// actors/core/metrics.cpp
// Recording (relaxed atomics: counters need no ordering) and the
// Prometheus text of the actors' families.
#include "actors/core/metrics.hpp"

#include <stdexcept>

namespace dash::actors {

namespace {

constexpr auto relaxed = std::memory_order_relaxed;

} // namespace

metrics::metrics(const std::vector<std::string>& callbacks,
                 const std::vector<std::string>& supervisors) {
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

void metrics::render_callbacks(std::string& out) const {
  struct counter_family {
    const char* name;
    const char* text;
    std::atomic<std::uint64_t> callback_metrics::*field;
  };
  const counter_family families[] = {
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
}

void metrics::render_refusals(std::string& out) const {
  std::uint64_t queue_refusals = 0;
  for (const auto& c : callbacks_)
    queue_refusals += c->refused.load(relaxed);
  prometheus_sample(out, "dashcpp_overload_refusals_total",
                    "reason=\"callback_queue\"", queue_refusals);
}

void metrics::render(std::string& out, const runtime_stats& stats) const {
  prometheus_help(out, "dashcpp_supervisor_restarts_total", "counter",
                  "Children a supervisor restarted after they failed.");
  for (const auto& s : supervisors_)
    prometheus_sample(out, "dashcpp_supervisor_restarts_total",
                      "supervisor=\"" + s->name + "\"",
                      s->restarts.load(relaxed));

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
    prometheus_scalar(out, "dashcpp_sessions_live", "gauge",
                      "Session actors live now.",
                      stats.sessions_live);
    prometheus_scalar(out, "dashcpp_sessions_started_total", "counter",
                      "Session actors started (new or reactivated from the "
                      "store).",
                      stats.sessions_started);
    prometheus_scalar(out, "dashcpp_sessions_passivated_total", "counter",
                      "Session actors passivated (idle, over the cap, or at "
                      "shutdown).",
                      stats.sessions_passivated);
    prometheus_scalar(out, "dashcpp_sessions_refused_total", "counter",
                      "Requests with a session id the server did not issue.",
                      stats.sessions_refused);
  }
  prometheus_scalar(out, "dashcpp_cluster_members", "gauge",
                    "Nodes in this server's cluster (1: not clustered).",
                    cluster_members.load());
  prometheus_scalar(out, "dashcpp_cluster_remote_requests_total", "counter",
                    "Cache and session requests sent to the node owning "
                    "their key.",
                    cluster_remote_requests.load());
  prometheus_scalar(out, "dashcpp_cluster_redispatched_total", "counter",
                    "Requests sent again to a new owner after their owner "
                    "left.",
                    cluster_redispatched.load());
  prometheus_scalar(out, "dashcpp_cluster_refused_total", "counter",
                    "Nodes refused entry (wrong secret or another app).",
                    cluster_refused.load());
  struct near_family {
    const char* name;
    const char* text;
    const std::atomic<std::uint64_t>* value;
  };
  const near_family near_families[] = {
    {"dashcpp_cluster_near_cache_hits_total",
     "Fetches of another node's key served from this node's near copy.",
     &cluster_near_hits},
    {"dashcpp_cluster_near_cache_misses_total",
     "Fetches of another node's key with no near copy (sent to the owner).",
     &cluster_near_misses},
    {"dashcpp_cluster_near_cache_invalidations_total",
     "Near copies dropped because the cluster view changed or the owner "
     "left.",
     &cluster_near_invalidations},
    {"dashcpp_cluster_near_cache_expirations_total",
     "Near copies dropped because their lease ended.",
     &cluster_near_expirations},
    {"dashcpp_cluster_near_cache_evictions_total",
     "Near copies dropped over the entry or byte bound.",
     &cluster_near_evictions},
    {"dashcpp_cluster_near_cache_owner_drops_total",
     "Near copies dropped because the owning node dropped the value "
     "(evicted, expired or moved).",
     &cluster_near_owner_drops},
  };
  for (const auto& f : near_families)
    prometheus_scalar(out, f.name, "counter", f.text, f.value->load(relaxed));
  prometheus_scalar(out, "dashcpp_metrics_unanswered_actors", "gauge",
                    "Actors that did not report within the scrape deadline.",
                    stats.unanswered);
}

} // namespace dash::actors
