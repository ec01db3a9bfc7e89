// actors/core/errors.hpp
// dashcpp's error codes (dash::errc) as CAF errors of category "dash", so
// an actor refuses or fails with the same codes the HTTP layer answers,
// and a caf::error from any request turns back into one of them.
#pragma once

#include <string>

#include <caf/error.hpp>
#include <caf/sec.hpp>

#include "model/errors.hpp"

CAF_ERROR_CODE_ENUM(dash::errc, "dash")

namespace dash::actors {

/// The errc an actor error stands for: a "dash" error keeps its code, a
/// request timeout is a timeout, a dead or unreachable receiver means the
/// work was lost, anything else is internal.
errc errc_of(const caf::error& e);

/// The error's text without CAF's category prefix: the context a dash
/// error was made with, or CAF's rendering of any other.
std::string message_of(const caf::error& e);

} // namespace dash::actors
