// actors/callbacks/fan_out_relay.cpp
// One relay per fan-out computation: cheap, typed as a reply port, gone
// after its one answer.
#include "actors/callbacks/fan_out_relay.hpp"

#include <memory>
#include <string>
#include <utility>

#include <caf/all.hpp>

namespace dash::actors {

namespace {

memo_reply reply_of(callback_outcome o, bool keep_wire) {
  memo_reply r;
  r.bytes = o.text.size();
  r.cacheable = o.code == errc::none; // errors go to the waiters, not kept
  if (keep_wire)
    r.wire = std::make_shared<const std::string>(encode_outcome(o));
  r.value = model::shared_value::of(
    std::make_shared<const callback_outcome>(std::move(o)));
  return r;
}

} // namespace

reply_port_actor::behavior_type
fan_out_relay(reply_port_actor::stateful_pointer<caf::unit_t> self,
              callback_pool_actor pool, callback_job job, memo_request req,
              cache_shard_actor shard, bool keep_wire) {
  auto finish = [self, req, shard, keep_wire](callback_outcome o) {
    caf::anon_send(shard, computed_atom_v, req,
                   reply_of(std::move(o), keep_wire));
    self->quit();
  };
  self->set_down_handler([finish](const caf::down_msg& dm) {
    finish(callback_outcome::error(
      errc::worker_lost, "the pool of this callback stopped before running "
                         "it: " + caf::to_string(dm.reason)));
  });
  self->monitor(pool);
  job.reply_to = reply_address{self, 0};
  caf::anon_send(pool, run_atom_v, std::move(job));
  return {
    [finish](answer_atom, std::uint64_t, callback_outcome& o) {
      finish(std::move(o));
    },
    [finish](answer_atom, std::uint64_t, memo_reply& r) {
      // Not sent to a relay (pools answer outcomes); handled all the same.
      finish(outcome_of(r));
    },
  };
}

} // namespace dash::actors
