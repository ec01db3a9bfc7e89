// model/errors.cpp
// Names of the error codes, for logs and JSON error bodies.
#include "model/errors.hpp"

namespace dash {

const char* to_string(errc e) {
  switch (e) {
    case errc::none:
      return "none";
    case errc::bad_request:
      return "bad_request";
    case errc::unknown_callback:
      return "unknown_callback";
    case errc::callback_failed:
      return "callback_failed";
    case errc::worker_lost:
      return "worker_lost";
    case errc::forbidden:
      return "forbidden";
    case errc::unavailable:
      return "unavailable";
    case errc::overloaded:
      return "overloaded";
    case errc::timeout:
      return "timeout";
    case errc::internal:
      return "internal";
  }
  return "unknown";
}

} // namespace dash
