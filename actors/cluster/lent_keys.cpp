// actors/cluster/lent_keys.cpp
// The holder registry: a map by key and a queue by time of lending, pruned
// on every call (stale queue entries of a key lent again are skipped).
#include "actors/cluster/lent_keys.hpp"

#include <algorithm>

namespace dash::actors {

lent_keys::lent_keys(std::chrono::milliseconds hold, std::size_t max_keys)
  : hold_(hold), max_keys_(std::max<std::size_t>(1, max_keys)) {}

void lent_keys::lend(const std::string& key, const remote_node_actor& holder,
                     clock::time_point now) {
  if (hold_.count() <= 0 || !holder)
    return;
  prune(now);
  auto& r = keys_[key];
  if (std::find(r.holders.begin(), r.holders.end(), holder)
      == r.holders.end())
    r.holders.push_back(holder);
  r.last = now;
  order_.emplace_back(now, key);
  while (keys_.size() > max_keys_ && !order_.empty()) {
    auto [when, oldest] = std::move(order_.front());
    order_.pop_front();
    auto i = keys_.find(oldest);
    if (i != keys_.end() && i->second.last == when)
      keys_.erase(i);
  }
}

lent_keys::notices lent_keys::take(const std::vector<std::string>& keys,
                                   clock::time_point now) {
  prune(now);
  notices out;
  for (const auto& key : keys) {
    auto i = keys_.find(key);
    if (i == keys_.end())
      continue;
    for (auto& h : i->second.holders) {
      auto n = std::find_if(out.begin(), out.end(),
                            [&](const auto& x) { return x.first == h; });
      if (n == out.end())
        out.emplace_back(h, std::vector<std::string>{key});
      else
        n->second.push_back(key);
    }
    keys_.erase(i);
  }
  return out;
}

void lent_keys::prune(clock::time_point now) {
  while (!order_.empty() && now - order_.front().first > hold_) {
    auto i = keys_.find(order_.front().second);
    if (i != keys_.end() && i->second.last == order_.front().first)
      keys_.erase(i);
    order_.pop_front();
  }
}

} // namespace dash::actors
