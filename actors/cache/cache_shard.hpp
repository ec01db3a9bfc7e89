// actors/cache/cache_shard.hpp
// A cache shard owns a slice of the key space of every memoized function:
// it answers hits, runs each missing key once (single flight) and
// publishes the result to every waiter as one completion signal, bounded
// by TTL, entry count and bytes with least-recently-used eviction.
#pragma once

#include <chrono>
#include <functional>
#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include <caf/typed_event_based_actor.hpp>

#include "actors/cache/memo_source.hpp"
#include "actors/core/interfaces.hpp"
#include "actors/cache/placement.hpp"

namespace spdlog {
class logger;
}

namespace dash::actors {

/// A waiter for a value being computed (inside the shard only).
using memo_sink = std::function<void(const memo_reply&)>;

struct cache_shard_state {
  using clock = std::chrono::steady_clock;

  struct entry {
    std::string function;
    bool ready = false;
    memo_reply reply;                         ///< when ready
    std::vector<memo_sink> waiters;           ///< while computing
    clock::time_point expires = clock::time_point::max();
    clock::time_point deadline = clock::time_point::max(); ///< computing
    std::list<std::string>::iterator lru_pos; ///< when ready
    bool lent = false; ///< fetched for another node (see `lender`)
  };

  struct function_state {
    std::size_t max_entries = 0; ///< this shard's share; 0: no limit
    std::size_t max_bytes = 0;
    std::chrono::milliseconds ttl{0};
    std::chrono::milliseconds timeout{0}; ///< of one computation; 0: none
    std::list<std::string> lru; ///< ready keys, most recent first
    memo_stats stats;
  };

  std::shared_ptr<const memo_sources> sources; ///< null: none
  std::shared_ptr<const placement> where;      ///< null: a single node
  std::size_t shard_count = 1;
  std::unordered_map<std::string, entry> entries;
  std::unordered_map<std::string, function_state> functions;
  std::shared_ptr<spdlog::logger> log;
  /// This node's cluster endpoint, once it asked for a key for another
  /// node; told the lent keys this shard dropped (`unlent`, sent in one
  /// message after each step that drops).
  cluster_endpoint_actor lender;
  std::vector<std::string> unlent;

  cache_shard_state() = default;
  cache_shard_state(const cache_shard_state&) = delete;
  cache_shard_state& operator=(const cache_shard_state&) = delete;
  /// Logs each function's counters.
  ~cache_shard_state();

  static constexpr const char* name = "dash.cache_shard";
};


/// Computes values with `sources` (immutable, shared by every shard) and,
/// in a cluster, keeps only keys `where` says this node owns. Messages:
/// `(fetch_atom, memo_request) -> memo_reply`, `(fetch_atom, memo_request,
/// reply_address)` (the answer goes to a reply port), `(lend_atom,
/// memo_request) -> memo_reply` (a fetch for another node; its later drop
/// is told to the asking endpoint), `(prefetch_atom, memo_request)`,
/// `(stats_atom) ->
/// std::vector<memo_stats>`, `(members_atom)` (`where` holds a new view:
/// values of keys owned elsewhere are dropped).
cache_shard_actor::behavior_type
cache_shard(cache_shard_actor::stateful_pointer<cache_shard_state> self,
            std::size_t shard_count,
                          std::shared_ptr<const memo_sources> sources,
                          std::shared_ptr<const placement> where,
                          std::shared_ptr<spdlog::logger> log);

} // namespace dash::actors
