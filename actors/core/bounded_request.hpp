// actors/core/bounded_request.hpp
// Every request between dashcpp actors has a finite timeout. CAF 0.17
// keeps a request's timeout in the actor clock until it passes, even when
// the answer came long before (about 200 B each: 1M requests with a 60 s
// timeout held ~200 MB). `when_answered` releases it on the answer.
#pragma once

#include <chrono>
#include <string>
#include <utility>

#include <caf/actor_clock.hpp>
#include <caf/error.hpp>
#include <caf/sec.hpp>

namespace dash::actors {

/// Installs `ok` (called with the answer, a `T`) and `failed` (called with
/// the error, `caf::sec::request_timeout` when the timeout passed) on the
/// response handle `h` of `self->request(dest, timeout, ...)`. Whichever
/// runs first removes the pending timeout from the clock.
template <class T, class Handle, class Ok, class Failed>
void when_answered(Handle h, Ok ok, Failed failed) {
  auto* self = h.self();
  auto id = h.id();
  std::move(h).then(
    [self, id, ok = std::move(ok)](T& answer) mutable {
      self->clock().cancel_request_timeout(self, id);
      ok(answer);
    },
    [self, id, failed = std::move(failed)](caf::error& e) mutable {
      if (e != caf::sec::request_timeout)
        self->clock().cancel_request_timeout(self, id);
      failed(e);
    });
}

/// How an error from a bounded request reads in a message to the user:
/// a timeout says how long it waited and which setting governs it.
inline std::string describe_wait_error(const caf::error& e,
                                       std::chrono::milliseconds timeout,
                                       const std::string& setting) {
  if (e == caf::sec::request_timeout)
    return "no answer within " + std::to_string(timeout.count()) + " ms ("
           + setting + ")";
  return caf::to_string(e);
}

} // namespace dash::actors
