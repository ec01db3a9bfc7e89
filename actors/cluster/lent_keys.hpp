// actors/cluster/lent_keys.hpp
// Which other members hold a near copy of which of this node's keys, for
// as long as such a copy can live (their lease): when a local shard drops
// a key, the endpoint tells exactly those members. Owned by the endpoint.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "actors/core/interfaces.hpp"

namespace dash::actors {

class lent_keys {
public:
  using clock = std::chrono::steady_clock;
  /// Whom to tell which dropped keys.
  using notices =
    std::vector<std::pair<remote_node_actor, std::vector<std::string>>>;

  /// Holders are remembered for `hold` after their last fetch of a key
  /// (a near copy never lives longer), and for at most `max_keys` keys
  /// (the oldest go first); a zero `hold` remembers nothing.
  lent_keys(std::chrono::milliseconds hold, std::size_t max_keys);

  /// `holder` fetched `key` at `now`.
  void lend(const std::string& key, const remote_node_actor& holder,
            clock::time_point now);

  /// The holders of `keys` (which the owner dropped), each with the keys it
  /// holds; they are forgotten.
  notices take(const std::vector<std::string>& keys, clock::time_point now);

  std::size_t size() const {
    return keys_.size();
  }

private:
  struct record {
    std::vector<remote_node_actor> holders;
    clock::time_point last;
  };

  void prune(clock::time_point now);

  std::chrono::milliseconds hold_;
  std::size_t max_keys_;
  std::unordered_map<std::string, record> keys_;
  std::deque<std::pair<clock::time_point, std::string>> order_; ///< oldest first
};

} // namespace dash::actors
