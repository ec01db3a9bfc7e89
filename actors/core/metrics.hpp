// actors/core/metrics.hpp
// What the actors count about themselves: callback timeouts, restarts and
// queue refusals, supervisor restarts, cluster counters; atomics written
// by actors and read when /_metrics is scraped (http/scrape composes it).
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "actors/core/messages.hpp"
#include "actors/core/prometheus_text.hpp"

namespace dash::actors {

struct callback_metrics {
  explicit callback_metrics(std::string i)
    : id(std::move(i)),
      label("callback=\"" + prometheus_label(id) + "\"") {}
  const std::string id;    ///< the callback's output string
  const std::string label; ///< `callback="id"`, escaped
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

/// The actors' counters. Sized once at start (callbacks and supervisors
/// are fixed), so recording never allocates or locks.
class metrics {
public:
  metrics(const std::vector<std::string>& callbacks,
          const std::vector<std::string>& supervisors);

  callback_metrics& callback(std::size_t i) {
    return *callbacks_.at(i);
  }
  /// The supervisor named `name`; throws std::out_of_range if unknown.
  supervisor_metrics& supervisor(const std::string& name);

  // -- cluster (set by its actors; 1 member when not clustered) --------------
  std::atomic<std::uint64_t> cluster_members{1};
  std::atomic<std::uint64_t> cluster_remote_requests{0}; ///< sent to owners
  std::atomic<std::uint64_t> cluster_redispatched{0}; ///< owner left mid-way
  std::atomic<std::uint64_t> cluster_refused{0}; ///< nodes refused entry
  // Near caches of the stand-ins (values other members own):
  std::atomic<std::uint64_t> cluster_near_hits{0};   ///< served from a copy
  std::atomic<std::uint64_t> cluster_near_misses{0}; ///< no copy: asked
  /// Copies dropped: the view changed or the member left.
  std::atomic<std::uint64_t> cluster_near_invalidations{0};
  std::atomic<std::uint64_t> cluster_near_expirations{0}; ///< lease ended
  std::atomic<std::uint64_t> cluster_near_evictions{0};   ///< over a bound
  /// Copies dropped because their owner dropped the value.
  std::atomic<std::uint64_t> cluster_near_owner_drops{0};

  /// Appends the per-callback families (timeouts, restarts).
  void render_callbacks(std::string& out) const;
  /// Appends the actors' sample of `dashcpp_overload_refusals_total`
  /// (reason="callback_queue"); the family's HELP is the caller's.
  void render_refusals(std::string& out) const;
  /// Appends the supervisor, cache, session and cluster families and the
  /// actors that did not answer the scrape.
  void render(std::string& out, const runtime_stats& stats) const;

private:
  std::vector<std::unique_ptr<callback_metrics>> callbacks_;
  std::vector<std::unique_ptr<supervisor_metrics>> supervisors_;
};

} // namespace dash::actors
