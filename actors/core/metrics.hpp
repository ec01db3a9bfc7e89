// actors/core/metrics.hpp
// The server's counters and latency histograms: atomics written by HTTP
// threads and actors, read when /_metrics is scraped. Sized once at start
// (routes and callbacks are fixed), so recording never allocates or locks.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/core/messages.hpp"
#include "actors/core/prometheus_text.hpp"

namespace dash::actors {

/// A Prometheus histogram of durations with fixed bucket bounds (seconds).
class histogram {
public:
  static constexpr std::array<double, 14> bounds{
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
    0.1,    0.25,  0.5,    1.0,   2.5,  5.0,   10.0};

  void observe(std::chrono::nanoseconds d);
  /// Appends the `_bucket`, `_sum` and `_count` lines of `name{labels}`.
  void render(std::string& out, const std::string& name,
              const std::string& labels) const;

private:
  std::array<std::atomic<std::uint64_t>, bounds.size() + 1> buckets_{};
  std::atomic<std::uint64_t> sum_ns_{0};
};

/// Answers counted by HTTP status code.
class status_counter {
public:
  void add(int status);
  std::uint64_t total() const;
  /// Appends one `name{labels,code="..."} n` line per code seen.
  void render(std::string& out, const std::string& name,
              const std::string& labels) const;

private:
  std::array<std::atomic<std::uint64_t>, 600> by_code_{};
};

struct route_metrics {
  explicit route_metrics(std::string n)
    : name(std::move(n)), label("route=\"" + prometheus_label(name) + "\"") {}
  const std::string name;
  const std::string label; ///< `route="name"`, as every sample shows it
  status_counter answers;
  histogram latency;
};

struct callback_metrics {
  explicit callback_metrics(std::string i)
    : id(std::move(i)),
      label("callback=\"" + prometheus_label(id) + "\"") {}
  const std::string id;    ///< the callback's output string
  const std::string label; ///< `callback="id"`, escaped
  status_counter answers;
  histogram latency;
  std::atomic<std::uint64_t> errors{0};   ///< answered 5xx
  std::atomic<std::uint64_t> timeouts{0}; ///< runs past their timeout
  std::atomic<std::uint64_t> restarts{0}; ///< workers replaced
  std::atomic<std::uint64_t> refused{0};  ///< queue full: 503
};

struct supervisor_metrics {
  explicit supervisor_metrics(std::string n) : name(std::move(n)) {}
  const std::string name;
  std::atomic<std::uint64_t> restarts{0}; ///< children restarted
};

/// What the cache shards and session managers report when asked.
struct runtime_stats {
  std::vector<memo_stats> memos; ///< summed over shards, by function
  std::uint64_t sessions_live = 0;
  std::uint64_t sessions_started = 0;
  std::uint64_t sessions_passivated = 0;
  std::uint64_t sessions_refused = 0;
  bool sessions = false;     ///< the app keeps session values
  std::size_t unanswered = 0; ///< actors that did not answer in time
};

class metrics {
public:
  metrics(const std::vector<std::string>& routes,
          const std::vector<std::string>& callbacks,
          const std::vector<std::string>& supervisors);

  route_metrics& route(std::size_t i) {
    return *routes_.at(i);
  }
  callback_metrics& callback(std::size_t i) {
    return *callbacks_.at(i);
  }
  /// The supervisor named `name`; throws std::out_of_range if unknown.
  supervisor_metrics& supervisor(const std::string& name);

  std::atomic<std::uint64_t> connections_open{0};
  std::atomic<std::uint64_t> connections_accepted{0};
  std::atomic<std::uint64_t> refused_connections{0}; ///< over max-connections
  std::atomic<std::uint64_t> requests_in_flight{0};
  // -- cluster (set by its actors; 1 member when not clustered) --------------
  std::atomic<std::uint64_t> cluster_members{1};
  std::atomic<std::uint64_t> cluster_remote_requests{0}; ///< sent to owners
  std::atomic<std::uint64_t> cluster_redispatched{0}; ///< owner left mid-way
  std::atomic<std::uint64_t> cluster_refused{0}; ///< nodes refused entry

  /// The whole scrape in Prometheus text format 0.0.4.
  std::string render(const runtime_stats& stats) const;

private:
  std::chrono::system_clock::time_point started_ =
    std::chrono::system_clock::now();
  std::vector<std::unique_ptr<route_metrics>> routes_;
  std::vector<std::unique_ptr<callback_metrics>> callbacks_;
  std::vector<std::unique_ptr<supervisor_metrics>> supervisors_;
};

} // namespace dash::actors
