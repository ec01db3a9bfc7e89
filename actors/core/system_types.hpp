// actors/core/system_types.hpp
// What an actor system needs to know before dashcpp's actors run in it:
// every message type of the "dashcpp" type-ID block and the "dash" error
// category, registered the same way on every node.
#pragma once

#include <caf/fwd.hpp>

namespace dash::actors {

/// Registers dashcpp's message types and error category on `cfg`; call
/// once, before the actor system is made from it.
void register_system_types(caf::actor_system_config& cfg);

} // namespace dash::actors
