// model/errors.hpp
// The errors a dashcpp user or client can cause, as typed exceptions with
// messages meant to be acted on, and the error codes that travel as values.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <string>

namespace dash {

/// What went wrong, as a value that crosses actor and thread boundaries.
enum class errc : std::uint8_t {
  none = 0,
  bad_request,      ///< the client sent something malformed (400)
  unknown_callback, ///< no callback has that output (404)
  callback_failed,  ///< the user's function threw (500)
  worker_lost,      ///< the actor running the callback stopped first (500)
  forbidden,        ///< a session id the server did not issue (403)
  unavailable,      ///< a backend (session store) failed (503)
  overloaded,       ///< queues are full; retry later (503)
  timeout,          ///< the callback ran past its deadline (504)
  internal,         ///< a bug in dashcpp (500)
};

/// A short, stable name for `e` ("callback_failed"), used in logs and JSON.
const char* to_string(errc e);

/// Thrown while an app is being declared: duplicate outputs, malformed ids,
/// a function whose arity does not match its inputs. Caught by `serve`,
/// which logs the message and exits non-zero before listening.
class registration_error : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

/// Thrown when a request body is not a valid Dash callback request.
class request_error : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

/// Thrown when a callback argument cannot be converted to the parameter type
/// the user's function declares (a string where an int was expected).
class argument_error : public std::invalid_argument {
public:
  using std::invalid_argument::invalid_argument;
};

/// An argument the client sent does not convert to the parameter type the
/// function declares: the client's mistake (HTTP 400), not the callback's.
/// Return values that do not fit the outputs stay `argument_error` (500).
class client_argument_error : public argument_error {
public:
  using argument_error::argument_error;
};

/// A session could not be used: its id was forged or tampered with
/// (errc::forbidden), or its store failed (errc::unavailable).
class session_error : public std::runtime_error {
public:
  session_error(errc code, const std::string& what)
    : std::runtime_error(what), code_(code) {}
  errc code() const {
    return code_;
  }

private:
  errc code_;
};

/// Thrown from a callback to leave every output as it is (HTTP 204), like
/// Dash's `raise PreventUpdate`.
class prevent_update : public std::exception {
public:
  const char* what() const noexcept override {
    return "prevent_update";
  }
};

} // namespace dash
