// actors/core/reply_port.cpp
// A CAF actor_companion is the port's address: its enqueue hook runs on the
// sender's thread, finds the ticket's continuation and runs it, so an
// answer reaches its connection with no extra hop through the scheduler.
#include "actors/core/reply_port.hpp"

#include <utility>

#include <caf/actor_companion.hpp>
#include <caf/actor_system.hpp>
#include <caf/mailbox_element.hpp>
#include <caf/scoped_execution_unit.hpp>

namespace dash::actors {

namespace {

using reply_port_continuation = std::variant<reply_port::outcome_fn,
                                            reply_port::memo_fn>;

/// Runs continuation `k` with `o`.
void run(reply_port_continuation& k, callback_outcome o) {
  if (auto* f = std::get_if<reply_port::outcome_fn>(&k))
    (*f)(std::move(o));
  else
    std::get<reply_port::memo_fn>(k)(memo_reply{{}, 0, o.text, false, nullptr});
}

callback_outcome bounced(const std::string& why) {
  return callback_outcome::error(errc::worker_lost,
                                 "the actor for this request stopped before "
                                 "reading it (" + why + "); retry");
}

} // namespace

std::optional<reply_port::continuation>
reply_port::table::take(std::uint64_t ticket) {
  auto& s = by_ticket[ticket % stripes];
  std::lock_guard<std::mutex> guard{s.mtx};
  auto i = s.waiting.find(ticket);
  if (i == s.waiting.end())
    return std::nullopt;
  auto k = std::move(i->second);
  s.waiting.erase(i);
  return k;
}

reply_port::reply_port(caf::actor_system& sys)
  : sys_(&sys), table_(std::make_shared<table>()) {
  companion_ = caf::actor_cast<caf::strong_actor_ptr>(
    sys.spawn<caf::actor_companion>());
  auto* self = caf::actor_cast<caf::actor_companion*>(companion_);
  self->on_enqueue([t = table_](caf::mailbox_element_ptr ptr) {
    if (!ptr)
      return;
    const auto& msg = ptr->content();
    std::uint64_t ticket = 0;
    if (ptr->mid.is_response()) {
      // A request this port submitted: only a bounce (the receiver was
      // gone) carries an error; receivers answer at the reply address.
      if (!msg.match_elements<caf::error>())
        return;
      ticket = ptr->mid.request_id().integer_value();
      if (auto k = t->take(ticket))
        run(*k, bounced(caf::to_string(msg.get_as<caf::error>(0))));
      return;
    }
    if (msg.match_elements<answer_atom, std::uint64_t, callback_outcome>()) {
      ticket = msg.get_as<std::uint64_t>(1);
      auto k = t->take(ticket);
      if (!k)
        return; // answered already (a timeout came first)
      run(*k, msg.get_as<callback_outcome>(2));
    } else if (msg.match_elements<answer_atom, std::uint64_t, memo_reply>()) {
      ticket = msg.get_as<std::uint64_t>(1);
      auto k = t->take(ticket);
      if (!k)
        return;
      const auto& r = msg.get_as<memo_reply>(2);
      if (auto* f = std::get_if<memo_fn>(&*k))
        (*f)(r);
      else
        std::get<outcome_fn>(*k)(outcome_of(r));
    }
    // Anything else (an exit message at shutdown) needs no answer.
  });
  address_ = caf::actor_cast<reply_port_actor>(companion_);
}

reply_port::~reply_port() {
  // Answers arriving from now on are dropped; the companion ends as CAF's
  // own widgets end theirs.
  auto* self = caf::actor_cast<caf::actor_companion*>(companion_);
  self->on_enqueue(caf::actor_companion::enqueue_handler{});
  caf::scoped_execution_unit context{sys_};
  self->cleanup(caf::exit_reason::user_shutdown, &context);
}

reply_address reply_port::add(continuation k) {
  auto ticket = table_->next.fetch_add(1, std::memory_order_relaxed);
  auto& s = table_->by_ticket[ticket % stripes];
  {
    std::lock_guard<std::mutex> guard{s.mtx};
    s.waiting.emplace(ticket, std::move(k));
  }
  return reply_address{address_, ticket};
}

void reply_port::bounce(std::uint64_t ticket, const std::string& why) const {
  if (auto k = table_->take(ticket))
    run(*k, bounced(why));
}

reply_address reply_port::expect(outcome_fn k) {
  return add(continuation{std::in_place_type<outcome_fn>, std::move(k)});
}

reply_address reply_port::expect_memo(memo_fn k) {
  return add(continuation{std::in_place_type<memo_fn>, std::move(k)});
}

std::size_t reply_port::waiting() const {
  std::size_t n = 0;
  for (auto& s : table_->by_ticket) {
    std::lock_guard<std::mutex> guard{s.mtx};
    n += s.waiting.size();
  }
  return n;
}

} // namespace dash::actors
