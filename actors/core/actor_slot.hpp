// actors/core/actor_slot.hpp
// A stable place for the current handle of a supervised actor: its
// supervisor publishes the new actor after a restart, senders read a copy.
// The only shared mutable cell between actors and the HTTP layer.
#pragma once

#include <atomic>
#include <memory>
#include <utility>

#include <caf/actor.hpp>

namespace dash::actors {

class actor_slot {
public:
  explicit actor_slot(caf::actor initial = {})
    : current_(std::make_shared<const caf::actor>(std::move(initial))) {}

  actor_slot(const actor_slot&) = delete;
  actor_slot& operator=(const actor_slot&) = delete;

  /// The actor now in the slot (may be a stopped one until its supervisor
  /// has replaced it: sending to it then fails like sending to any dead
  /// actor, and the request is answered with an error, never lost).
  caf::actor get() const {
    return *current_.load(std::memory_order_acquire);
  }

  /// Publishes `next`; called by the supervisor only.
  void set(caf::actor next) {
    current_.store(std::make_shared<const caf::actor>(std::move(next)),
                   std::memory_order_release);
  }

private:
  std::atomic<std::shared_ptr<const caf::actor>> current_;
};

} // namespace dash::actors
