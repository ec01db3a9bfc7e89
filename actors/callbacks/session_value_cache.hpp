// actors/callbacks/session_value_cache.hpp
// A small per-worker cache of session values already computed, so a hit
// skips the session manager and the session actor. Used by
// callback_worker; pure (no actors), tested in tests/actors.
#pragma once

#include <cstddef>
#include <cstdint>
#include <list>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "model/json.hpp"

namespace dash::actors {

/// Values keyed by (session id, value name). A session's computed value
/// never changes while the session lives, so an entry stays good until
/// the session's absolute expiry (its creation plus its lifetime, as the
/// session actor reports it). Bounded by entries: the least recently used
/// session goes first. Ids must be verified by the caller (the worker only
/// asks for the session of the request's own cookie).
class session_value_cache {
public:
  using value_ptr = std::shared_ptr<const json::value>;

  /// `max_entries` values at most; 0 disables the cache.
  explicit session_value_cache(std::size_t max_entries);

  /// The value `name` of session `id`, or null when it is not cached or
  /// the session expired at `now_ms` (its entries are then dropped).
  value_ptr find(const std::string& id, const std::string& name,
                 std::int64_t now_ms);

  /// Keeps `value` for session `id` until `expires_ms` (Unix ms). Does
  /// nothing when `expires_ms` is 0 (unknown) or not after `now_ms`. A
  /// later expiry than the one cached means the session started anew: its
  /// older values are dropped; an earlier one is a stale answer: ignored.
  void put(const std::string& id, const std::string& name, value_ptr value,
           std::int64_t expires_ms, std::int64_t now_ms);

  /// Values cached.
  std::size_t size() const {
    return entries_;
  }

private:
  struct session_entry {
    std::int64_t expires_ms = 0;
    std::vector<std::pair<std::string, value_ptr>> values;
    std::list<std::string>::iterator lru_pos;
  };

  void drop(std::unordered_map<std::string, session_entry>::iterator i);

  std::size_t max_entries_;
  std::size_t entries_ = 0;
  std::unordered_map<std::string, session_entry> sessions_;
  std::list<std::string> lru_; ///< session ids, most recently used first
};

} // namespace dash::actors
