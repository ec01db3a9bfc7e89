// actors/cache/cache_router.hpp
// Finds the actor that owns a key (a cache shard or a session manager).
// Callers use only this interface (a key in, an actor handle out): in a
// cluster, a key another node owns gives that node's local stand-in, which
// implements the same typed interface. Each local actor sits in a slot its
// supervisor refills after a restart; the set of slots is fixed once built.
#pragma once

#include <cstddef>
#include <memory>
#include <stdexcept>
#include <string_view>
#include <vector>

#include "actors/cache/placement.hpp"
#include "actors/core/actor_slot.hpp"
#include "actors/core/interfaces.hpp"
#include "model/hash_ring.hpp"

namespace dash::actors {

/// `Local`: the local actors' interface (cache_shard_actor,
/// session_manager_actor); `Owner`: what any owner of a key answers, local
/// or a stand-in (memo_cache_actor, session_values_actor).
template <class Local, class Owner>
class key_router {
public:
  using slot = basic_actor_slot<Local>;

  /// `where` null: a single node.
  explicit key_router(std::vector<std::shared_ptr<slot>> slots,
                      std::shared_ptr<const placement> where = nullptr)
    : slots_(std::move(slots)), where_(std::move(where)) {
    if (slots_.empty())
      throw std::invalid_argument("a router needs at least one actor");
  }
  /// Unsupervised actors (tests, tools): each in a slot of its own.
  explicit key_router(const std::vector<Local>& locals) {
    for (const auto& a : locals)
      slots_.push_back(std::make_shared<slot>(a));
    if (slots_.empty())
      throw std::invalid_argument("a router needs at least one actor");
  }

  /// The actor owning `key`: a local one, as its slot holds it now, or
  /// the stand-in of the node that owns it.
  Owner shard_for(std::string_view key) const {
    if (where_)
      if (auto view = where_->get(); view && view->members.size() > 1) {
        const auto& owner = view->owner(key);
        if (owner.remote)
          return owner.remote;
      }
    return local_shard_for(key);
  }
  /// The local actor for `key`, whoever owns it (a node serving a key
  /// another node sent it must not send it on: views may differ briefly).
  Local local_shard_for(std::string_view key) const {
    return slots_[model::hash_ring::hash(key) % slots_.size()]->get();
  }
  /// Every local actor, as the slots hold them now.
  std::vector<Local> shards() const {
    std::vector<Local> out;
    out.reserve(slots_.size());
    for (const auto& s : slots_)
      out.push_back(s->get());
    return out;
  }
  std::size_t size() const {
    return slots_.size();
  }

private:
  std::vector<std::shared_ptr<slot>> slots_;
  std::shared_ptr<const placement> where_;
};

/// Cache shards by key.
using cache_router = key_router<cache_shard_actor, memo_cache_actor>;
/// Session managers by session id.
using session_router = key_router<session_manager_actor, session_values_actor>;

} // namespace dash::actors
