// actors/cache/memo_source.hpp
// Where a cache shard gets a missing value from: a memoized function run
// on a thread of its own, or a callback run by its pool (fan-out). The
// source calls back with `computed_atom` when done. Immutable table.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <unordered_map>

#include <caf/actor.hpp>
#include <caf/fwd.hpp>

#include "actors/core/interfaces.hpp"
#include "model/memo.hpp"

namespace spdlog {
class logger;
}

namespace dash::actors {

struct memo_source {
  model::memo_options options;
  /// Starts computing `req`; must not block; eventually sends
  /// `(computed_atom, req, memo_reply)` to `shard`.
  std::function<void(caf::actor_system&, const memo_request& req,
                     const cache_shard_actor& shard)>
    start;
  /// Reads a value another node encoded (memo_reply::wire); empty when
  /// the values cannot cross nodes.
  std::function<model::shared_value(const std::string& wire)> decode;
};

using memo_sources = std::unordered_map<std::string, memo_source>;

/// A source that runs `def.compute` in a one-shot detached actor; with
/// `keep_wire`, each value keeps its JSON text to send to other nodes.
memo_source make_compute_source(std::shared_ptr<const model::memo_def> def,
                                std::shared_ptr<spdlog::logger> log,
                                bool keep_wire = false);

} // namespace dash::actors

