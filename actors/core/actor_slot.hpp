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

/// `Handle` is the actor's typed interface (interfaces.hpp).
template <class Handle>
class basic_actor_slot {
public:
  explicit basic_actor_slot(Handle initial = {})
    : current_(std::make_shared<const Handle>(std::move(initial))) {}

  basic_actor_slot(const basic_actor_slot&) = delete;
  basic_actor_slot& operator=(const basic_actor_slot&) = delete;

  /// The actor now in the slot (may be a stopped one until its supervisor
  /// has replaced it: sending to it then fails like sending to any dead
  /// actor, and the request is answered with an error, never lost).
  Handle get() const {
    return *current_.load(std::memory_order_acquire);
  }

  /// Publishes `next`; called by the supervisor only.
  void set(Handle next) {
    current_.store(std::make_shared<const Handle>(std::move(next)),
                   std::memory_order_release);
  }

private:
  std::atomic<std::shared_ptr<const Handle>> current_;
};

/// A slot of an actor the supervisor knows only as something to watch and
/// stop (tests, tools).
using actor_slot = basic_actor_slot<caf::actor>;

} // namespace dash::actors
