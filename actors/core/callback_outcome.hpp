// actors/core/callback_outcome.hpp
// The answer to one callback run as the HTTP layer receives it: an error
// code (none on success) and either the JSON response body or a message.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <caf/error.hpp>
#include <caf/meta/load_callback.hpp>
#include <caf/meta/type_name.hpp>

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
  /// The answer for a job whose actor ended before answering it.
  static callback_outcome worker_lost() {
    return error(errc::worker_lost, "the actor running this callback "
                                    "stopped before answering; see the "
                                    "server log");
  }
  bool is_prevented() const {
    return code == errc::none && text.empty();
  }
};

template <class Inspector>
typename Inspector::result_type inspect(Inspector& f, callback_outcome& x) {
  auto code = static_cast<std::uint8_t>(x.code);
  auto load = caf::meta::load_callback([&]() -> caf::error {
    x.code = code <= static_cast<std::uint8_t>(errc::internal)
               ? static_cast<errc>(code)
               : errc::internal;
    return caf::none;
  });
  return f(caf::meta::type_name("callback_outcome"), code, x.text, load);
}

/// How an outcome crosses nodes: one byte of code, then the text.
inline std::string encode_outcome(const callback_outcome& o) {
  std::string wire;
  wire.reserve(o.text.size() + 1);
  wire += static_cast<char>(o.code);
  wire += o.text;
  return wire;
}

/// The outcome in `wire`; a malformed one becomes an internal error.
inline callback_outcome decode_outcome(std::string_view wire) {
  if (wire.empty()
      || static_cast<unsigned char>(wire[0])
           > static_cast<unsigned char>(errc::internal))
    return callback_outcome::error(errc::internal,
                                   "a malformed answer came from another "
                                   "node");
  return {static_cast<errc>(wire[0]), std::string{wire.substr(1)}};
}

} // namespace dash::actors
