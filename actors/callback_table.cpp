// actors/callback_table.cpp
// The non-blocking hand-over of jobs, directly or through the cache.
#include "actors/callback_table.hpp"

#include <utility>

#include <caf/all.hpp>

#include "model/fan_out.hpp"

namespace dash::actors {

callback_table::callback_table(std::unordered_map<std::string, entry> entries,
                               std::shared_ptr<const cache_router> cache,
                               std::shared_ptr<const cache_router> sessions,
                               std::vector<caf::actor> services)
  : entries_(std::move(entries)),
    cache_(std::move(cache)),
    sessions_(std::move(sessions)),
    services_(std::move(services)) {}

const callback_table::entry*
callback_table::find(std::string_view output) const {
  auto i = entries_.find(std::string{output});
  return i == entries_.end() ? nullptr : &i->second;
}

void callback_table::submit(const entry& e, callback_job job) const {
  if (!e.cached)
    return caf::anon_send(e.pool, run_atom_v, std::move(job));
  json::array args;
  for (const auto& in : job.request->inputs)
    args.push_back(in.value);
  memo_request req{model::fan_out_function(e.callback->spec),
                   model::fan_out_args(args)};
  if (req.args.size() > model::max_fan_out_key_bytes)
    return caf::anon_send(e.pool, run_atom_v, std::move(job));
  auto reply = job.reply;
  memo_sink sink = [reply](const memo_reply& r) {
    if (!r.value)
      return void(reply(callback_outcome::error(errc::internal, r.error)));
    reply(*std::static_pointer_cast<const callback_outcome>(r.value));
  };
  caf::anon_send(cache_->shard_for(req.key()), fetch_atom_v, std::move(req),
                 std::move(sink));
}

void callback_table::stop_all() const {
  for (const auto& [name, e] : entries_)
    caf::anon_send_exit(e.pool, caf::exit_reason::user_shutdown);
  for (const auto& s : cache_->shards())
    caf::anon_send_exit(s, caf::exit_reason::user_shutdown);
  if (sessions_)
    for (const auto& m : sessions_->shards())
      caf::anon_send_exit(m, caf::exit_reason::user_shutdown);
  for (const auto& a : services_)
    caf::anon_send_exit(a, caf::exit_reason::user_shutdown);
}

} // namespace dash::actors
