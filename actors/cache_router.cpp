// actors/cache_router.cpp
// Key -> shard by a stable hash (FNV-1a), the same on every node.
#include "actors/cache_router.hpp"

#include <cstdint>
#include <stdexcept>

namespace dash::actors {

cache_router::cache_router(std::vector<caf::actor> shards)
  : shards_(std::move(shards)) {
  if (shards_.empty())
    throw std::invalid_argument("a cache needs at least one shard");
}

const caf::actor& cache_router::shard_for(std::string_view key) const {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : key) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return shards_[h % shards_.size()];
}

} // namespace dash::actors
