// actors/core/reply_channel.hpp
// A one-shot, thread-safe way back from an actor to the request that is
// waiting. Answered once; if every copy is dropped unanswered (the actor
// holding the job died), it answers `worker_lost` itself, so no request hangs.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <utility>

#include "actors/core/callback_outcome.hpp"

namespace dash::actors {

class reply_channel {
  class state;

public:
  using sink = std::function<void(callback_outcome)>;

  /// `fn` is called exactly once, on whatever thread answers; it must not
  /// block (the HTTP layer posts to the connection's strand).
  explicit reply_channel(sink fn)
    : state_(std::make_shared<state>(std::move(fn))) {}

  /// Delivers `outcome` unless the request was already answered. Returns
  /// whether this call delivered it.
  bool operator()(callback_outcome outcome) const {
    return state_->answer(std::move(outcome));
  }

  /// A handle that can answer (a timeout, say) without keeping the channel
  /// alive, so that losing the worker is still detected.
  class weak_ref {
  public:
    bool operator()(callback_outcome outcome) const {
      if (auto s = state_.lock())
        return s->answer(std::move(outcome));
      return false;
    }

  private:
    friend class reply_channel;
    explicit weak_ref(std::weak_ptr<state> s) : state_(std::move(s)) {}
    std::weak_ptr<state> state_;
  };

  weak_ref weak() const {
    return weak_ref{state_};
  }

private:
  class state {
  public:
    explicit state(sink fn) : fn_(std::move(fn)) {}
    state(const state&) = delete;
    state& operator=(const state&) = delete;
    ~state() {
      try {
        answer(callback_outcome::error(
          errc::worker_lost, "the actor running this callback stopped "
                             "before answering; see the server log"));
      } catch (...) { // a destructor must not throw; the request is gone
      }
    }
    bool answer(callback_outcome outcome) {
      if (done_.exchange(true))
        return false;
      fn_(std::move(outcome));
      return true;
    }

  private:
    sink fn_;
    std::atomic<bool> done_{false};
  };

  std::shared_ptr<state> state_;
};

} // namespace dash::actors
