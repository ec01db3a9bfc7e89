// actors/callback_pool.cpp
// Dispatch, bounded queueing and one-for-one supervision of the workers of
// one callback. Runs on the CAF scheduler; never runs user code itself.
#include "actors/callback_pool.hpp"

#include <algorithm>
#include <utility>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/callback_worker.hpp"

namespace dash::actors {

namespace {

using slot = callback_pool_state::slot;

slot& spawn_worker(callback_pool_actor* self) {
  auto& st = self->state;
  auto w = self->spawn<caf::detached>(
    callback_worker, caf::actor_cast<caf::actor>(self), st.wc);
  self->monitor(w);
  st.slots.push_back(slot{std::move(w), {}});
  return st.slots.back();
}

void start(callback_pool_actor* self, slot& s, callback_job job) {
  self->send(s.worker, run_atom_v, job);
  s.jobs.push_back(std::move(job));
}

/// The worker to give the next job: an idle one, else a new one while the
/// pool may grow, else, under load only (more jobs waiting than workers),
/// one with room in its pipeline; nullptr otherwise. Without load a job
/// waits here for the first worker that is free, so a quick run never
/// queues behind a slow one in a worker's mailbox.
slot* pick(callback_pool_actor* self) {
  auto& st = self->state;
  slot* least = nullptr;
  for (auto& s : st.slots) {
    if (s.jobs.empty())
      return &s;
    if (least == nullptr || s.jobs.size() < least->jobs.size())
      least = &s;
  }
  if (st.slots.size() < st.limits.max_workers)
    return &spawn_worker(self);
  bool loaded = st.queue.size() > st.slots.size();
  if (loaded && least != nullptr
      && least->jobs.size() < callback_pool_state::pipeline)
    return least;
  return nullptr;
}

/// Hands queued jobs to workers, spawning workers up to the limit.
void dispatch(callback_pool_actor* self) {
  auto& st = self->state;
  while (!st.queue.empty()) {
    slot* target = pick(self);
    if (target == nullptr)
      return;
    auto job = std::move(st.queue.front());
    st.queue.pop_front();
    start(self, *target, std::move(job));
  }
}

} // namespace

caf::behavior callback_pool(callback_pool_actor* self,
                            std::shared_ptr<const worker_context> wc,
                            pool_limits limits) {
  self->state.wc = std::move(wc);
  self->state.limits = limits;
  self->set_down_handler([self](const caf::down_msg& dm) {
    auto& st = self->state;
    auto i = std::find_if(st.slots.begin(), st.slots.end(),
                          [&](const slot& s) {
                            return s.worker.address() == dm.source;
                          });
    if (i == st.slots.end())
      return;
    bool was_busy = !i->jobs.empty();
    // The oldest job was running: dropping it answers its request if the
    // worker did not. The others never started: they go back in the queue.
    auto jobs = std::move(i->jobs);
    st.slots.erase(i);
    if (!jobs.empty())
      jobs.pop_front();
    while (!jobs.empty()) {
      st.queue.push_front(std::move(jobs.back()));
      jobs.pop_back();
    }
    ++st.replaced;
    st.wc->log->warn("callback worker stopped callback={} busy={} reason=\"{}\"; "
                 "replacing it (replacements so far: {})",
                 st.wc->cb->spec.output_key(), was_busy, to_string(dm.reason),
                 st.replaced);
    spawn_worker(self);
    dispatch(self);
  });
  return {
    [self](run_atom, callback_job& job) {
      auto& st = self->state;
      // Waiting: queued here, or sent to a worker behind the job it runs.
      auto waiting = st.queue.size();
      for (const auto& s : st.slots)
        waiting += s.jobs.empty() ? 0 : s.jobs.size() - 1;
      if (waiting >= st.limits.max_queue) {
        st.wc->log->warn("callback queue full request={} callback={} "
                     "waiting={}; answering 503",
                     job.request_id, st.wc->cb->spec.output_key(), waiting);
        job.reply(callback_outcome::error(
          errc::overloaded, "callback " + st.wc->cb->spec.output_key()
                              + " has too many runs waiting; retry later"));
        return;
      }
      st.queue.push_back(std::move(job));
      dispatch(self);
    },
    [self](idle_atom, std::size_t finished) {
      auto& st = self->state;
      auto sender = self->current_sender();
      for (auto& s : st.slots)
        if (s.worker.address() == sender)
          for (std::size_t n = 0; n < finished && !s.jobs.empty(); ++n)
            s.jobs.pop_front();
      dispatch(self);
    },
  };
}

} // namespace dash::actors
