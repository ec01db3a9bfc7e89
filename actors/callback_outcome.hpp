// actors/callback_outcome.hpp
// The answer to one callback run as the HTTP layer receives it: an error
// code (none on success) and either the JSON response body or a message.
#pragma once

#include <string>

#include "model/errors.hpp"

namespace dash::actors {

struct callback_outcome {
  errc code = errc::none;
  /// With errc::none: the response body, or empty for "prevent update".
  /// Otherwise: a message for the user.
  std::string text;

  static callback_outcome ok(std::string body) {
    return {errc::none, std::move(body)};
  }
  static callback_outcome prevented() {
    return {errc::none, {}};
  }
  static callback_outcome error(errc code, std::string message) {
    return {code, std::move(message)};
  }
  bool is_prevented() const {
    return code == errc::none && text.empty();
  }
};

} // namespace dash::actors
