// tests/actors/typed/session_io_message.cpp
// Compile-time test of the session I/O actor's typed interface: built with
// DASH_RIGHT_MESSAGE it sends messages the interface lists and must
// compile; without it, it sends one it does not list (an erase with a
// number for a key) and must not (tests/actors/typed/CMakeLists.txt).
#include "actors/sessions/session_io.hpp"

#include <caf/all.hpp>

namespace dash::actors {

void send_to_io(caf::event_based_actor* self, const session_io_actor& io) {
#ifdef DASH_RIGHT_MESSAGE
  self->send(io, erase_atom_v, std::string{"session:key"});
  self->request(io, std::chrono::seconds(1), load_atom_v,
                std::string{"session:key"})
    .then([](const load_reply&) {});
#else
  self->send(io, erase_atom_v, 42);
#endif
}

} // namespace dash::actors
