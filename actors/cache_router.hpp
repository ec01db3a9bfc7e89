// actors/cache_router.hpp
// Finds the shard that owns a cache key. Callers use only this interface
// (a key in, an actor handle out), so shards can later live on other nodes
// without changing any caller. Each shard sits in a slot its supervisor
// refills after a restart; the set of slots is fixed once built.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include <caf/actor.hpp>

#include "actors/actor_slot.hpp"

namespace dash::actors {

class cache_router {
public:
  explicit cache_router(std::vector<std::shared_ptr<actor_slot>> slots);
  /// Unsupervised shards (tests, tools): each in a slot of its own.
  explicit cache_router(const std::vector<caf::actor>& shards);

  /// The shard owning `key`, as its slot holds it now.
  caf::actor shard_for(std::string_view key) const;
  /// Every shard, as the slots hold them now.
  std::vector<caf::actor> shards() const;
  std::size_t size() const {
    return slots_.size();
  }

private:
  std::vector<std::shared_ptr<actor_slot>> slots_;
};

} // namespace dash::actors
