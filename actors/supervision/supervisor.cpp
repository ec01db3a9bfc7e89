// actors/supervision/supervisor.cpp
// Restart bookkeeping of a one-for-one supervisor. Runs on the CAF
// scheduler; starting a child only spawns it, so it never blocks.
#include "actors/supervision/supervisor.hpp"

#include <type_traits>
#include <utility>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/core/errors.hpp"
#include "actors/core/messages.hpp"
#include "actors/core/metrics.hpp"

namespace dash::actors {

namespace {

using self_ptr = supervisor_actor::stateful_pointer<supervisor_state>;

void start_child(self_ptr self, std::size_t i) {
  auto& st = self->state;
  auto a = st.cfg->children[i].start(self->system());
  self->monitor(a);
  st.current[i] = std::move(a);
}

void stop_children(self_ptr self, const caf::error& reason) {
  auto& st = self->state;
  st.stopping = true;
  for (auto& c : st.current)
    if (c) {
      self->demonitor(c->address());
      self->send_exit(c->address(), reason);
      c = nullptr;
    }
}

} // namespace

// The window keeps time points of the actors' clock.
static_assert(std::is_same_v<caf::actor_clock::time_point,
                             std::chrono::steady_clock::time_point>);

bool restart_window::try_restart(std::chrono::steady_clock::time_point now) {
  while (!times_.empty() && now - times_.front() > limit_.period)
    times_.pop_front();
  if (times_.size() >= limit_.max_restarts)
    return false;
  times_.push_back(now);
  return true;
}

supervisor_actor::behavior_type
supervisor(self_ptr self, std::shared_ptr<const supervisor_config> cfg,
           std::vector<caf::strong_actor_ptr> children) {
  self->state.cfg = std::move(cfg);
  self->state.restarts = restart_window{self->state.cfg->intensity};
  self->state.current = std::move(children);
  // Monitoring a child that already stopped delivers its down message.
  for (const auto& c : self->state.current)
    self->monitor(c);
  self->set_down_handler([self](const caf::down_msg& dm) {
    auto& st = self->state;
    std::size_t i = 0;
    while (i < st.current.size()
           && (!st.current[i] || st.current[i]->address() != dm.source))
      ++i;
    if (i == st.current.size() || st.stopping)
      return;
    st.current[i] = nullptr;
    const auto& c = *st.cfg;
    const auto& child = c.children[i];
    if (!st.restarts.try_restart(self->clock().now())) {
      auto why = fmt::format(
        "supervisor {}: child {} stopped ({}) after {} restarts within {} ms "
        "(restart intensity); giving up",
        c.name, child.name, message_of(dm.reason), c.intensity.max_restarts,
        c.intensity.period.count());
      c.log->error("{}", why);
      stop_children(self, caf::exit_reason::user_shutdown);
      if (c.on_give_up)
        c.on_give_up(why);
      self->quit(caf::make_error(errc::internal, why));
      return;
    }
    if (c.stats)
      c.stats->supervisor(c.name).restarts.fetch_add(1);
    c.log->warn("supervisor {}: restarting child {} after it stopped ({}); "
                "{} of {} restarts used within {} ms",
                c.name, child.name, message_of(dm.reason), st.restarts.used(),
                c.intensity.max_restarts, c.intensity.period.count());
    start_child(self, i);
  });
  self->set_exit_handler([self](const caf::exit_msg& em) {
    stop_children(self, em.reason);
    self->quit(em.reason);
  });
  return {
    [self](stats_atom) {
      return static_cast<std::uint64_t>(self->state.restarts.used());
    },
  };
}

supervisor_actor
spawn_supervisor(caf::actor_system& sys,
                 std::shared_ptr<const supervisor_config> cfg) {
  std::vector<caf::strong_actor_ptr> children;
  for (const auto& spec : cfg->children)
    children.push_back(spec.start(sys));
  return sys.spawn(supervisor, std::move(cfg), std::move(children));
}

child_spec::start_fn
start_supervisor(std::shared_ptr<const supervisor_config> cfg) {
  return [cfg = std::move(cfg)](caf::actor_system& sys) {
    return caf::actor_cast<caf::strong_actor_ptr>(spawn_supervisor(sys, cfg));
  };
}

} // namespace dash::actors
