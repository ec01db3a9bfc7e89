// actors/cluster/near_cache.cpp
// One map by key plus a recency list; the map entry keeps its place in
// the list, so a hit, an insert and an eviction are O(1).
#include "actors/cluster/near_cache.hpp"

#include <utility>

namespace dash::actors {

near_cache::near_cache(near_cache_limits limits) : limits_(limits) {}

const memo_reply* near_cache::find(const std::string& key,
                                   clock::time_point now) {
  auto it = entries_.find(key);
  if (it == entries_.end())
    return nullptr;
  if (now >= it->second.expires) {
    ++dropped_.expirations;
    erase(it);
    return nullptr;
  }
  lru_.splice(lru_.begin(), lru_, it->second.lru_pos);
  return &it->second.value;
}

void near_cache::put(const std::string& key, memo_reply value,
                     std::size_t bytes, clock::time_point expires) {
  if (!limits_.enabled() || bytes > limits_.max_bytes)
    return;
  if (auto old = entries_.find(key); old != entries_.end())
    erase(old);
  while (!lru_.empty()
         && (entries_.size() >= limits_.max_entries
             || bytes_ + bytes > limits_.max_bytes)) {
    ++dropped_.evictions;
    erase(entries_.find(lru_.back()));
  }
  lru_.push_front(key);
  entries_.emplace(key, entry{std::move(value), bytes, expires, lru_.begin()});
  bytes_ += bytes;
}

bool near_cache::forget(const std::string& key) {
  auto it = entries_.find(key);
  if (it == entries_.end())
    return false;
  erase(it);
  return true;
}

std::size_t near_cache::clear() {
  auto n = entries_.size();
  entries_.clear();
  lru_.clear();
  bytes_ = 0;
  return n;
}

void near_cache::erase(std::unordered_map<std::string, entry>::iterator it) {
  bytes_ -= it->second.bytes;
  lru_.erase(it->second.lru_pos);
  entries_.erase(it);
}

} // namespace dash::actors
