// actors/core/errors.cpp
// Reading a caf::error back as a dashcpp error code and message.
#include "actors/core/errors.hpp"

#include <caf/atom.hpp>
#include <caf/message.hpp>

namespace dash::actors {

errc errc_of(const caf::error& e) {
  if (!e)
    return errc::none;
  if (e.category() == caf::atom("dash"))
    return static_cast<errc>(e.code());
  if (e == caf::sec::request_timeout)
    return errc::timeout;
  if (e == caf::sec::request_receiver_down
      || e == caf::sec::no_route_to_receiving_node)
    return errc::worker_lost;
  return errc::internal;
}

std::string message_of(const caf::error& e) {
  if (e.category() == caf::atom("dash")) {
    const auto& ctx = e.context();
    if (ctx.match_elements<std::string>())
      return ctx.get_as<std::string>(0);
    return to_string(static_cast<errc>(e.code()));
  }
  return caf::to_string(e);
}

} // namespace dash::actors
