// actors/callback_table.cpp
// Spawning callback pools and the non-blocking hand-over of jobs.
#include "actors/callback_table.hpp"

#include <utility>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

namespace dash::actors {

callback_table::callback_table(caf::actor_system& sys, const model::app& app,
                               pool_limits defaults,
                               std::shared_ptr<spdlog::logger> log,
                               std::shared_ptr<spdlog::logger> app_log) {
  for (const auto& cb : app.callbacks()) {
    auto limits = defaults;
    if (cb->spec.options.max_parallel != 0)
      limits.max_workers = cb->spec.options.max_parallel;
    auto pool = sys.spawn(callback_pool, cb, limits, log, app_log);
    log->debug("callback pool started callback={} workers={} queue={}",
               cb->spec.output_key(), limits.max_workers, limits.max_queue);
    entries_.emplace(cb->spec.output_key(), entry{cb, std::move(pool)});
  }
}

const callback_table::entry*
callback_table::find(std::string_view output) const {
  auto i = entries_.find(std::string{output});
  return i == entries_.end() ? nullptr : &i->second;
}

void callback_table::submit(const entry& e, callback_job job) const {
  caf::anon_send(e.pool, run_atom_v, std::move(job));
}

void callback_table::stop_all() const {
  for (const auto& [name, e] : entries_)
    caf::anon_send_exit(e.pool, caf::exit_reason::user_shutdown);
}

} // namespace dash::actors
