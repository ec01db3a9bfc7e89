// actors/callbacks/fan_out_relay.hpp
// Runs one fan-out target through its pool for a cache shard: it is the
// job's reply address, and turns the callback's answer into the shard's
// completion signal (`computed_atom`), which every waiter then shares.
#pragma once

#include <caf/actor.hpp>

#include "actors/core/interfaces.hpp"

namespace dash::actors {

/// Sends `job` (its reply address filled in with this actor) to `pool`,
/// then answers `shard` with `(computed_atom, req, memo_reply)` holding the
/// outcome, and ends. If the pool stops first, the shard gets an error.
/// `keep_wire`: the reply carries the encoded outcome for other nodes.
reply_port_actor::behavior_type
fan_out_relay(reply_port_actor::stateful_pointer<caf::unit_t> self,
              callback_pool_actor pool, callback_job job, memo_request req,
              cache_shard_actor shard, bool keep_wire);

} // namespace dash::actors
