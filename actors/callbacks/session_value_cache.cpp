// actors/callbacks/session_value_cache.cpp
// Lookup with expiry, replacement of a restarted session's values, and
// eviction of the least recently used sessions beyond the bound.
#include "actors/callbacks/session_value_cache.hpp"

namespace dash::actors {

session_value_cache::session_value_cache(std::size_t max_entries)
  : max_entries_(max_entries) {}

void session_value_cache::drop(
  std::unordered_map<std::string, session_entry>::iterator i) {
  entries_ -= i->second.values.size();
  lru_.erase(i->second.lru_pos);
  sessions_.erase(i);
}

session_value_cache::value_ptr
session_value_cache::find(const std::string& id, const std::string& name,
                          std::int64_t now_ms) {
  auto i = sessions_.find(id);
  if (i == sessions_.end())
    return nullptr;
  if (now_ms >= i->second.expires_ms) {
    drop(i);
    return nullptr;
  }
  for (const auto& [key, value] : i->second.values)
    if (key == name) {
      lru_.splice(lru_.begin(), lru_, i->second.lru_pos);
      return value;
    }
  return nullptr;
}

void session_value_cache::put(const std::string& id, const std::string& name,
                              value_ptr value, std::int64_t expires_ms,
                              std::int64_t now_ms) {
  if (max_entries_ == 0 || !value || expires_ms == 0 || expires_ms <= now_ms)
    return;
  auto i = sessions_.find(id);
  if (i != sessions_.end()) {
    auto& entry = i->second;
    if (expires_ms < entry.expires_ms)
      return; // an answer from an earlier life of this session
    if (expires_ms > entry.expires_ms) {
      entries_ -= entry.values.size();
      entry.values.clear();
      entry.expires_ms = expires_ms;
    }
    lru_.splice(lru_.begin(), lru_, entry.lru_pos);
    for (auto& [key, v] : entry.values)
      if (key == name) {
        v = std::move(value);
        return;
      }
    entry.values.emplace_back(name, std::move(value));
  } else {
    lru_.push_front(id);
    auto& entry = sessions_[id];
    entry.expires_ms = expires_ms;
    entry.lru_pos = lru_.begin();
    entry.values.emplace_back(name, std::move(value));
  }
  ++entries_;
  while (entries_ > max_entries_ && !lru_.empty())
    drop(sessions_.find(lru_.back()));
}

} // namespace dash::actors
