// actors/cache/placement.hpp
// Where keys live in a cluster: the current hash ring over the members,
// this node's place in it, and the local stand-in actor of every other
// member. The membership actor publishes a new view on every change;
// routers read the current one (one atomic cell, like actor_slot).
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <string>
#include <utility>
#include <vector>


#include "actors/core/interfaces.hpp"
#include "model/hash_ring.hpp"

namespace dash::actors {

struct cluster_view {
  struct member {
    std::string name;
    std::string http;  ///< host:port of its HTTP listener
    remote_node_actor remote; ///< its stand-in on this node; null for this
                              ///< node
  };

  model::hash_ring ring;
  std::vector<member> members; ///< in ring.members() order
  std::size_t self = 0;        ///< this node's index

  /// The member owning `key`.
  const member& owner(std::string_view key) const {
    return members[ring.owner(key)];
  }
  bool owns(std::string_view key) const {
    return ring.owner(key) == self;
  }
};

class placement {
public:
  placement() = default;
  placement(const placement&) = delete;
  placement& operator=(const placement&) = delete;

  /// The current view; null until the node has started.
  std::shared_ptr<const cluster_view> get() const {
    return view_.load(std::memory_order_acquire);
  }

  /// Publishes `next`; the membership actor only.
  void set(std::shared_ptr<const cluster_view> next) {
    view_.store(std::move(next), std::memory_order_release);
  }

private:
  std::atomic<std::shared_ptr<const cluster_view>> view_;
};

} // namespace dash::actors

