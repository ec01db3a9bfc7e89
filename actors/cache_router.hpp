// actors/cache_router.hpp
// Finds the shard that owns a cache key. Callers use only this interface
// (a key in, an actor handle out), so shards can later live on other nodes
// without changing any caller. Immutable once built.
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include <caf/actor.hpp>

namespace dash::actors {

class cache_router {
public:
  explicit cache_router(std::vector<caf::actor> shards);

  /// The shard owning `key`.
  const caf::actor& shard_for(std::string_view key) const;
  const std::vector<caf::actor>& shards() const {
    return shards_;
  }

private:
  std::vector<caf::actor> shards_;
};

} // namespace dash::actors
