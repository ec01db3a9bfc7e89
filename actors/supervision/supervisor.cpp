// actors/supervision/supervisor.cpp
// Restart bookkeeping of a one-for-one supervisor. Runs on the CAF
// scheduler; starting a child only spawns it, so it never blocks.
#include "actors/supervision/supervisor.hpp"

#include <type_traits>
#include <utility>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/core/messages.hpp"
#include "actors/core/metrics.hpp"

namespace dash::actors {

namespace {

/// Starts child `spec` and publishes it in its slot.
caf::actor start_one(caf::actor_system& sys, const child_spec& spec) {
  auto a = spec.start(sys);
  if (spec.slot)
    spec.slot->set(a);
  return a;
}

void start_child(supervisor_actor* self, std::size_t i) {
  auto& st = self->state;
  auto a = start_one(self->system(), st.cfg->children[i]);
  self->monitor(a);
  st.current[i] = std::move(a);
}

void stop_children(supervisor_actor* self, const caf::error& reason) {
  auto& st = self->state;
  st.stopping = true;
  for (auto& c : st.current)
    if (c) {
      self->demonitor(c);
      self->send_exit(c, reason);
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

caf::behavior supervisor(supervisor_actor* self,
                         std::shared_ptr<const supervisor_config> cfg,
                         std::vector<caf::actor> children) {
  self->state.cfg = std::move(cfg);
  self->state.restarts = restart_window{self->state.cfg->intensity};
  self->state.current = std::move(children);
  // Monitoring a child that already stopped delivers its down message.
  for (const auto& c : self->state.current)
    self->monitor(c);
  self->set_down_handler([self](const caf::down_msg& dm) {
    auto& st = self->state;
    std::size_t i = 0;
    while (i < st.current.size() && st.current[i].address() != dm.source)
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
        c.name, child.name, to_string(dm.reason), c.intensity.max_restarts,
        c.intensity.period.count());
      c.log->error("{}", why);
      stop_children(self, caf::exit_reason::user_shutdown);
      if (c.on_give_up)
        c.on_give_up(why);
      self->quit(caf::make_error(caf::sec::runtime_error, why));
      return;
    }
    if (c.stats)
      c.stats->supervisor(c.name).restarts.fetch_add(1);
    c.log->warn("supervisor {}: restarting child {} after it stopped ({}); "
                "{} of {} restarts used within {} ms",
                c.name, child.name, to_string(dm.reason), st.restarts.used(),
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

caf::actor spawn_supervisor(caf::actor_system& sys,
                            std::shared_ptr<const supervisor_config> cfg) {
  std::vector<caf::actor> children;
  for (const auto& spec : cfg->children)
    children.push_back(start_one(sys, spec));
  return sys.spawn(supervisor, std::move(cfg), std::move(children));
}

std::function<caf::actor(caf::actor_system&)>
start_supervisor(std::shared_ptr<const supervisor_config> cfg) {
  return [cfg = std::move(cfg)](caf::actor_system& sys) {
    return spawn_supervisor(sys, cfg);
  };
}

} // namespace dash::actors
