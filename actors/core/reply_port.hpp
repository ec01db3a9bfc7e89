// actors/core/reply_port.hpp
// The edge where answers leave the actors: code outside any actor (an HTTP
// connection) registers a continuation and gets a reply_address to put in
// its message; the answer sent there runs the continuation once. The
// continuations stay here, on this side of the edge: messages hold none.
#pragma once

#include <array>
#include <optional>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <variant>

#include <caf/actor_control_block.hpp>
#include <caf/fwd.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/message_id.hpp>

#include "actors/core/messages.hpp"

namespace dash::actors {

class reply_port {
public:
  /// Called once with the answer, on the thread of the actor that sent it;
  /// must not block (the HTTP layer posts to the connection's strand).
  using outcome_fn = std::function<void(callback_outcome)>;
  using memo_fn = std::function<void(memo_reply)>;

  explicit reply_port(caf::actor_system& sys);
  ~reply_port();
  reply_port(const reply_port&) = delete;
  reply_port& operator=(const reply_port&) = delete;

  /// Waits for a callback answer. A cached answer (a memo_reply holding a
  /// callback_outcome) arriving instead is unwrapped.
  reply_address expect(outcome_fn k);
  /// Waits for a shard's answer.
  reply_address expect_memo(memo_fn k);

  /// Sends `xs...` to `dest` as a request from this port for ticket `to`:
  /// when `dest` has stopped, or stops before reading it, CAF bounces the
  /// request and the port answers the ticket with worker_lost at once.
  /// (Receivers answer through the reply address, not the request.)
  template <class Handle, class... Ts>
  void submit(const Handle& dest, const reply_address& to,
              Ts&&... xs) const {
    auto mid = caf::make_message_id(to.ticket);
    if (!dest) {
      bounce(to.ticket, "no actor serves it now");
      return;
    }
    dest->enqueue(caf::make_mailbox_element(
                    caf::actor_cast<caf::strong_actor_ptr>(companion_), mid,
                    {}, std::forward<Ts>(xs)...),
                  nullptr);
  }

  /// Answers still awaited.
  std::size_t waiting() const;

private:
  using continuation = std::variant<outcome_fn, memo_fn>;
  static constexpr std::size_t stripes = 16;

  /// The awaited answers, striped by ticket so that threads answering
  /// different requests rarely meet on one lock.
  struct table {
    struct stripe {
      std::mutex mtx;
      std::unordered_map<std::uint64_t, continuation> waiting;
    };
    std::array<stripe, stripes> by_ticket;
    std::atomic<std::uint64_t> next{1};

    /// The continuation of `ticket`, taken out; empty when it was answered.
    std::optional<continuation> take(std::uint64_t ticket);
  };

  reply_address add(continuation k);
  void bounce(std::uint64_t ticket, const std::string& why) const;

  caf::actor_system* sys_;
  std::shared_ptr<table> table_;
  caf::strong_actor_ptr companion_; ///< the actor_companion behind address_
  reply_port_actor address_;
};

} // namespace dash::actors
