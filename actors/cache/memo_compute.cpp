// actors/cache/memo_compute.cpp
// One computation of a memoized function, in a detached actor of its own
// so that slow user code never runs on a scheduler thread.
#include "actors/cache/memo_source.hpp"

#include <exception>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

namespace dash::actors {

namespace {

void compute_once(caf::event_based_actor* self,
                  std::shared_ptr<const model::memo_def> def,
                  memo_request req, cache_shard_actor shard,
                  std::shared_ptr<spdlog::logger> log, bool keep_wire) {
  memo_reply reply;
  auto started = std::chrono::steady_clock::now();
  try {
    boost::system::error_code ec;
    auto args = model::parse_exact(req.args, ec);
    if (ec)
      throw std::invalid_argument("bad memo key: " + ec.message());
    auto v = def->compute(args);
    reply.value = std::move(v.value);
    reply.bytes = v.bytes;
    if (keep_wire)
      reply.wire = std::move(v.text);
    auto ms = std::chrono::duration<double, std::milli>(
                std::chrono::steady_clock::now() - started)
                .count();
    log->info("computed memo={} args={} bytes={} ms={:.1f}", req.function,
              req.args, reply.bytes, ms);
  } catch (const std::exception& e) {
    reply.error = "memoized function " + req.function + " raised: "
                  + e.what();
    log->error("memo computation failed memo={} args={} error=\"{}\"",
               req.function, req.args, e.what());
  } catch (...) {
    reply.error = "memoized function " + req.function
                  + " raised an unknown exception";
    log->error("memo computation failed memo={} args={}", req.function,
               req.args);
  }
  self->send(shard, computed_atom_v, std::move(req), std::move(reply));
}

} // namespace

memo_source make_compute_source(std::shared_ptr<const model::memo_def> def,
                                std::shared_ptr<spdlog::logger> log,
                                bool keep_wire) {
  memo_source source;
  source.options = def->options;
  if (def->decode)
    source.decode = [decode = def->decode](const std::string& wire) {
      return decode(wire).value;
    };
  source.start = [def = std::move(def), log = std::move(log), keep_wire](
                   caf::actor_system& sys, const memo_request& req,
                   const cache_shard_actor& shard) {
    sys.spawn<caf::detached>(compute_once, def, req, shard, log, keep_wire);
  };
  return source;
}

} // namespace dash::actors
