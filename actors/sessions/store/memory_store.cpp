// actors/sessions/store/memory_store.cpp
// The in-process session store: a hash map with per-key expiry, lost at
// exit. For single-node runs and tests; built by make_memory_store().
#include "actors/sessions/store/session_store.hpp"

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>

namespace dash::actors::store {

namespace {

using clock_type = std::chrono::steady_clock;

struct entry {
  std::string value;
  std::optional<clock_type::time_point> expires;

  bool expired(clock_type::time_point now) const {
    return expires && *expires <= now;
  }
};

/// Not thread-safe, and needs no lock: like every session_store, one
/// instance is only ever called from one actor (one thread) at a time.
/// Expired entries read as absent and are dropped when read; a full sweep
/// runs whenever the map has doubled since the last one, so keys that are
/// never read again cannot pile up (amortised O(1) per put).
class memory_store final : public session_store {
public:
  std::optional<std::string> get(const std::string& key) override {
    auto it = entries_.find(key);
    if (it == entries_.end())
      return std::nullopt;
    if (it->second.expired(clock_type::now())) {
      entries_.erase(it);
      return std::nullopt;
    }
    return it->second.value;
  }

  void put(const std::string& key, const std::string& value,
           std::chrono::seconds ttl) override {
    entry fresh{value, std::nullopt};
    if (ttl.count() > 0)
      fresh.expires = clock_type::now() + ttl;
    entries_.insert_or_assign(key, std::move(fresh));
    if (entries_.size() >= next_sweep_)
      sweep();
  }

  void erase(const std::string& key) override {
    entries_.erase(key);
  }

  bool ping() override {
    return true;
  }

  const char* kind() const override {
    return "memory";
  }

private:
  static constexpr std::size_t min_sweep_size = 1024;

  void sweep() {
    auto now = clock_type::now();
    std::erase_if(entries_,
                  [now](const auto& kv) { return kv.second.expired(now); });
    next_sweep_ = std::max(min_sweep_size, 2 * entries_.size());
  }

  std::unordered_map<std::string, entry> entries_;
  std::size_t next_sweep_ = min_sweep_size;
};

} // namespace

std::unique_ptr<session_store> make_memory_store() {
  return std::make_unique<memory_store>();
}

} // namespace dash::actors::store
