// model/hash_ring.cpp
// FNV-1a over the bytes, then a 64-bit finaliser (splitmix64's) so that
// similar names ("n1#0", "n1#1") land far apart on the ring.
#include "model/hash_ring.hpp"

#include <algorithm>
#include <stdexcept>

namespace dash::model {

std::uint64_t hash_ring::hash(std::string_view bytes) {
  std::uint64_t h = 1469598103934665603ull;
  for (unsigned char c : bytes) {
    h ^= c;
    h *= 1099511628211ull;
  }
  h ^= h >> 30;
  h *= 0xbf58476d1ce4e5b9ull;
  h ^= h >> 27;
  h *= 0x94d049bb133111ebull;
  h ^= h >> 31;
  return h;
}

hash_ring::hash_ring(std::vector<std::string> members, std::size_t vnodes)
  : members_(std::move(members)) {
  if (members_.empty())
    throw std::invalid_argument("a hash ring needs at least one member");
  if (vnodes == 0)
    throw std::invalid_argument("a hash ring needs at least one point per "
                                "member");
  std::sort(members_.begin(), members_.end());
  if (std::adjacent_find(members_.begin(), members_.end()) != members_.end())
    throw std::invalid_argument("hash ring members must have distinct names");
  points_.reserve(members_.size() * vnodes);
  for (std::size_t m = 0; m < members_.size(); ++m)
    for (std::size_t v = 0; v < vnodes; ++v)
      points_.emplace_back(hash(members_[m] + '#' + std::to_string(v)), m);
  // Ties (astronomically rare) go to the smaller name, the same everywhere.
  std::sort(points_.begin(), points_.end());
}

std::size_t hash_ring::owner(std::string_view key) const {
  auto h = hash(key);
  auto it = std::lower_bound(
    points_.begin(), points_.end(), h,
    [](const auto& point, std::uint64_t x) { return point.first < x; });
  if (it == points_.end())
    it = points_.begin();
  return it->second;
}

} // namespace dash::model
