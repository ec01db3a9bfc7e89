// actors/cache/cache_router.cpp
// Key -> owner node by the placement's ring, then key -> local shard by
// the same stable hash the ring uses.
#include "actors/cache/cache_router.hpp"

#include <stdexcept>

namespace dash::actors {

cache_router::cache_router(std::vector<std::shared_ptr<actor_slot>> slots,
                           std::shared_ptr<const placement> where)
  : slots_(std::move(slots)), where_(std::move(where)) {
  if (slots_.empty())
    throw std::invalid_argument("a cache needs at least one shard");
}

cache_router::cache_router(const std::vector<caf::actor>& shards) {
  for (const auto& s : shards)
    slots_.push_back(std::make_shared<actor_slot>(s));
  if (slots_.empty())
    throw std::invalid_argument("a cache needs at least one shard");
}

caf::actor cache_router::shard_for(std::string_view key) const {
  if (where_)
    if (auto view = where_->get(); view && view->members.size() > 1) {
      const auto& owner = view->owner(key);
      if (owner.remote)
        return owner.remote;
    }
  return local_shard_for(key);
}

caf::actor cache_router::local_shard_for(std::string_view key) const {
  return slots_[model::hash_ring::hash(key) % slots_.size()]->get();
}

std::vector<caf::actor> cache_router::shards() const {
  std::vector<caf::actor> out;
  out.reserve(slots_.size());
  for (const auto& s : slots_)
    out.push_back(s->get());
  return out;
}

} // namespace dash::actors
