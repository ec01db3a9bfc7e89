// actors/cache/cache_router.hpp
// Finds the actor that owns a key (a cache shard or a session manager).
// Callers use only this interface (a key in, an actor handle out): in a
// cluster, a key another node owns gives that node's local stand-in, which
// speaks the same messages. Each local actor sits in a slot its supervisor
// refills after a restart; the set of slots is fixed once built.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>
#include <vector>

#include <caf/actor.hpp>

#include "actors/core/actor_slot.hpp"
#include "actors/cache/placement.hpp"

namespace dash::actors {

class cache_router {
public:
  /// `where` null: a single node.
  explicit cache_router(std::vector<std::shared_ptr<actor_slot>> slots,
                        std::shared_ptr<const placement> where = nullptr);
  /// Unsupervised shards (tests, tools): each in a slot of its own.
  explicit cache_router(const std::vector<caf::actor>& shards);

  /// The actor owning `key`: a local shard, as its slot holds it now, or
  /// the stand-in of the node that owns it.
  caf::actor shard_for(std::string_view key) const;
  /// The local shard for `key`, whoever owns it (a node serving a key
  /// another node sent it must not send it on: views may differ briefly).
  caf::actor local_shard_for(std::string_view key) const;
  /// Every shard, as the slots hold them now.
  std::vector<caf::actor> shards() const;
  std::size_t size() const {
    return slots_.size();
  }

private:
  std::vector<std::shared_ptr<actor_slot>> slots_;
  std::shared_ptr<const placement> where_;
};

} // namespace dash::actors
