// actors/cluster/near_cache.hpp
// A bounded copy, on the asking node, of values another member owns: LRU
// by entries and bytes, each entry on a lease. Owned by remote_node.
#pragma once

#include <chrono>
#include <cstddef>
#include <list>
#include <string>
#include <unordered_map>

#include "actors/core/messages.hpp"

namespace dash::actors {

/// The bounds of one stand-in's near cache (config/: cluster-near-cache-*).
struct near_cache_limits {
  std::size_t max_entries = 1024; ///< 0: no near cache
  std::size_t max_bytes = 64u << 20; ///< 0: no near cache
  /// The longest a copy is served without asking the owner again (and
  /// never longer than the function's own ttl); 0: no near cache.
  std::chrono::milliseconds lease{1000};

  bool enabled() const {
    return max_entries > 0 && max_bytes > 0 && lease.count() > 0;
  }
};

/// Decoded values by memo key. Not thread-safe: one actor owns it. Time
/// comes from the caller, so tests need no sleeps.
class near_cache {
public:
  using clock = std::chrono::steady_clock;

  /// How many entries left, and why, since the cache was made.
  struct counts {
    std::size_t evictions = 0;   ///< over a bound
    std::size_t expirations = 0; ///< lease ended
  };

  explicit near_cache(near_cache_limits limits = {});

  /// The value of `key` if held and its lease has not ended at `now` (it
  /// becomes the most recently used); an ended lease drops the entry.
  const memo_reply* find(const std::string& key, clock::time_point now);

  /// Keeps `value` (`bytes` big) until `expires`, dropping the least
  /// recently used entries over a bound. A value bigger than the byte
  /// bound is not kept.
  void put(const std::string& key, memo_reply value, std::size_t bytes,
           clock::time_point expires);

  /// Drops the entry of `key`; returns whether there was one.
  bool forget(const std::string& key);

  /// Drops every entry; returns how many there were.
  std::size_t clear();

  std::size_t size() const {
    return entries_.size();
  }
  std::size_t bytes() const {
    return bytes_;
  }
  const near_cache_limits& limits() const {
    return limits_;
  }
  const counts& dropped() const {
    return dropped_;
  }

private:
  struct entry {
    memo_reply value;
    std::size_t bytes = 0;
    clock::time_point expires;
    std::list<std::string>::iterator lru_pos;
  };

  void erase(std::unordered_map<std::string, entry>::iterator it);

  near_cache_limits limits_;
  std::unordered_map<std::string, entry> entries_;
  std::list<std::string> lru_; ///< most recently used first
  std::size_t bytes_ = 0;
  counts dropped_;
};

} // namespace dash::actors
