// actors/callbacks/callback_pool.cpp
// Dispatch, bounded queueing and one-for-one supervision of the workers of
// one callback. Runs on the CAF scheduler; never runs user code itself.
#include "actors/callbacks/callback_pool.hpp"

#include <algorithm>
#include <utility>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/callbacks/callback_worker.hpp"
#include "actors/core/metrics.hpp"

namespace dash::actors {

namespace {

using slot = callback_pool_state::slot;
using pool_ptr = callback_pool_actor::stateful_pointer<callback_pool_state>;

slot& spawn_worker(pool_ptr self) {
  auto& st = self->state;
  auto w = self->spawn<caf::detached>(callback_worker,
                                      callback_pool_actor{self}, st.wc);
  self->monitor(w);
  st.slots.push_back(slot{std::move(w), {}, {}});
  return st.slots.back();
}

callback_metrics* counters(pool_ptr self) {
  const auto& wc = *self->state.wc;
  return wc.stats ? &wc.stats->callback(wc.metrics_index) : nullptr;
}

/// How often running jobs are checked against the timeout: a quarter of
/// it, between 10 ms and 1 s.
std::chrono::milliseconds tick_interval(const pool_limits& limits) {
  return std::clamp(limits.timeout / 4, std::chrono::milliseconds{10},
                    std::chrono::milliseconds{1000});
}

void arm_tick(pool_ptr self) {
  auto& st = self->state;
  if (st.tick_pending)
    return;
  st.tick_pending = true;
  self->delayed_send(self, tick_interval(st.limits), tick_atom_v);
}

void start(pool_ptr self, slot& s, callback_job job) {
  self->send(s.worker, run_atom_v, job);
  if (s.jobs.empty())
    s.since = self->clock().now();
  s.jobs.push_back(std::move(job));
  arm_tick(self);
}

/// The worker to give the next job: an idle one, else a new one while the
/// pool may grow, else, under load only (more jobs waiting than workers),
/// one with room in its pipeline; nullptr otherwise. Without load a job
/// waits here for the first worker that is free, so a quick run never
/// queues behind a slow one in a worker's mailbox.
slot* pick(pool_ptr self) {
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
void dispatch(pool_ptr self) {
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

/// Takes slot `i` out of the pool: its oldest job was running (it is
/// answered worker_lost, which its port ignores if the worker answered
/// first); the others never started and go back to the front of the queue.
void remove_slot(pool_ptr self, std::vector<slot>::iterator i) {
  auto& st = self->state;
  auto jobs = std::move(i->jobs);
  st.slots.erase(i);
  if (!jobs.empty()) {
    jobs.front().answer(callback_outcome::worker_lost());
    jobs.pop_front();
  }
  while (!jobs.empty()) {
    st.queue.push_front(std::move(jobs.back()));
    jobs.pop_back();
  }
}

/// Replaces a lost worker, or stops the pool when workers were lost more
/// often than the restart intensity allows.
void replace_worker(pool_ptr self, const std::string& why) {
  auto& st = self->state;
  const auto& id = st.wc->cb->spec.output_key();
  ++st.replaced;
  if (auto* c = counters(self))
    c->restarts.fetch_add(1, std::memory_order_relaxed);
  if (!st.restarts.try_restart(self->clock().now())) {
    auto text = fmt::format(
      "callback {} lost more than {} workers within {} ms; restarting its "
      "pool",
      id, st.limits.workers.max_restarts, st.limits.workers.period.count());
    st.wc->log->error("{} callback={} last=\"{}\"", text, id, why);
    for (auto& job : st.queue)
      job.answer(callback_outcome::error(errc::unavailable, text));
    st.queue.clear();
    for (auto& s2 : st.slots)
      self->send_exit(s2.worker, caf::exit_reason::user_shutdown);
    st.stopping = true;
    self->quit(caf::make_error(caf::sec::runtime_error, text));
    return;
  }
  st.wc->log->warn("callback worker {} callback={}; replacing it "
                   "(replacements so far: {})",
                   why, id, st.replaced);
  spawn_worker(self);
  dispatch(self);
}

/// Answers 504 for every run past the timeout and abandons its worker
/// (a thread stuck in user code cannot be stopped, only left behind).
void check_timeouts(pool_ptr self) {
  auto& st = self->state;
  // The actors' clock, which the tick runs on (and the test coordinator
  // simulates).
  auto now = self->clock().now();
  for (auto i = st.slots.begin(); i != st.slots.end();) {
    if (i->jobs.empty() || now - i->since <= st.limits.timeout) {
      ++i;
      continue;
    }
    const auto& job = i->jobs.front();
    const auto& id = st.wc->cb->spec.output_key();
    st.wc->log->error("callback timed out request={} callback={} "
                      "timeout-ms={}; abandoning its worker",
                      job.request_id, id, st.limits.timeout.count());
    job.answer(callback_outcome::error(
      errc::timeout, "callback " + id + " ran longer than its timeout of "
                       + std::to_string(st.limits.timeout.count())
                       + " ms (setting callback-timeout-ms, or "
                         "callback_options::timeout)"));
    if (auto* c = counters(self))
      c->timeouts.fetch_add(1, std::memory_order_relaxed);
    auto worker = i->worker;
    self->demonitor(worker.address());
    self->send_exit(worker, caf::exit_reason::user_shutdown);
    remove_slot(self, i);
    replace_worker(self, "hung past its timeout");
    if (self->state.stopping)
      return;
    i = st.slots.begin(); // the vector changed
  }
}

} // namespace

callback_pool_state::~callback_pool_state() {
  // The pool ends (restarted, or shut down): every job it still holds is
  // answered, so that no request waits for a worker that is gone. A job a
  // worker is running is its worker's to answer (the worker finishes it,
  // then follows its pool).
  for (auto& s : slots)
    for (std::size_t i = 1; i < s.jobs.size(); ++i)
      s.jobs[i].answer(callback_outcome::worker_lost());
  for (auto& job : queue)
    job.answer(callback_outcome::worker_lost());
}

callback_pool_actor::behavior_type
callback_pool(pool_ptr self, std::shared_ptr<const worker_context> wc,
              pool_limits limits) {
  self->state.wc = std::move(wc);
  self->state.limits = limits;
  self->state.restarts = restart_window{limits.workers};
  self->set_down_handler([self](const caf::down_msg& dm) {
    auto& st = self->state;
    if (st.stopping)
      return;
    auto i = std::find_if(st.slots.begin(), st.slots.end(),
                          [&](const slot& s) {
                            return s.worker.address() == dm.source;
                          });
    if (i == st.slots.end())
      return;
    bool was_busy = !i->jobs.empty();
    remove_slot(self, i);
    replace_worker(self, fmt::format("stopped busy={} reason=\"{}\"",
                                     was_busy, to_string(dm.reason)));
  });
  return {
    // Submitted as a request (so that CAF bounces it if the pool is gone)
    // and answered at the job's reply address: delegated, no reply here.
    [self](run_atom, callback_job& job) -> caf::result<void> {
      auto& st = self->state;
      // Waiting: queued here, or sent to a worker behind the job it runs.
      auto waiting = st.queue.size();
      for (const auto& s : st.slots)
        waiting += s.jobs.empty() ? 0 : s.jobs.size() - 1;
      if (waiting >= st.limits.max_queue) {
        st.wc->log->warn("callback queue full request={} callback={} "
                     "waiting={}; answering 503",
                     job.request_id, st.wc->cb->spec.output_key(), waiting);
        if (auto* c = counters(self))
          c->refused.fetch_add(1, std::memory_order_relaxed);
        job.answer(callback_outcome::error(
          errc::overloaded, "callback " + st.wc->cb->spec.output_key()
                              + " has too many runs waiting; retry later"));
        return caf::delegated<void>{};
      }
      st.queue.push_back(std::move(job));
      dispatch(self);
      return caf::delegated<void>{};
    },
    [self](idle_atom, std::size_t finished) {
      auto& st = self->state;
      auto sender = self->current_sender();
      for (auto& s : st.slots)
        if (s.worker.address() == sender) {
          for (std::size_t n = 0; n < finished && !s.jobs.empty(); ++n)
            s.jobs.pop_front();
          s.since = self->clock().now();
        }
      dispatch(self);
    },
    [self](tick_atom) {
      auto& st = self->state;
      st.tick_pending = false;
      check_timeouts(self);
      if (self->state.stopping)
        return;
      for (const auto& s : st.slots)
        if (!s.jobs.empty())
          return arm_tick(self);
    },
  };
}

} // namespace dash::actors
