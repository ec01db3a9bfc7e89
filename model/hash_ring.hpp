// model/hash_ring.hpp
// A consistent-hash ring with virtual nodes: which node owns a key. The
// same members give the same answer on every node, and a member joining or
// leaving moves only the keys it takes or gives up.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dash::model {

class hash_ring {
public:
  /// A ring of `members` (names; order does not matter), `vnodes` points
  /// each. Throws std::invalid_argument when empty or a name repeats.
  hash_ring(std::vector<std::string> members, std::size_t vnodes);

  /// The index (into members()) of the node owning `key`.
  std::size_t owner(std::string_view key) const;
  const std::string& owner_name(std::string_view key) const {
    return members_[owner(key)];
  }

  /// The members, sorted by name.
  const std::vector<std::string>& members() const {
    return members_;
  }

  /// The stable 64-bit hash the ring places keys and points with.
  static std::uint64_t hash(std::string_view bytes);

private:
  std::vector<std::string> members_;
  std::vector<std::pair<std::uint64_t, std::size_t>> points_; ///< sorted
};

} // namespace dash::model
