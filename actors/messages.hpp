// actors/messages.hpp
// Every message the dashcpp actors exchange, with the type-ID block that
// names them. Messages are immutable values; large data goes by
// shared_ptr<const T>.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include <caf/allowed_unsafe_message_type.hpp>
#include <caf/atom.hpp>
#include <caf/type_id.hpp>

#include "actors/reply_channel.hpp"
#include "model/callback_request.hpp"

namespace dash::actors {

/// One run of a callback, as the HTTP layer hands it over. Local to a node:
/// it carries the way back to a connection, so it never crosses the network.
struct callback_job {
  std::shared_ptr<const model::callback_request> request;
  std::string request_id;
  reply_channel reply;
  std::chrono::steady_clock::time_point received;
};

} // namespace dash::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(dash::actors::callback_job)

CAF_BEGIN_TYPE_ID_BLOCK(dashcpp, caf::first_custom_type_id)
  CAF_ADD_ATOM(dashcpp, dash::actors, run_atom, "run")
  CAF_ADD_ATOM(dashcpp, dash::actors, idle_atom, "idle")
CAF_END_TYPE_ID_BLOCK(dashcpp)
