// actors/callback_worker.cpp
// The single place where user callback code runs, inside try/catch: every
// outcome, including exceptions, becomes a value on the reply channel.
#include "actors/callback_worker.hpp"

#include <exception>
#include <string>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/messages.hpp"
#include "model/callback_context.hpp"
#include "model/callback_result.hpp"
#include "model/errors.hpp"

namespace dash::actors {

namespace {

/// Runs the function; returns true when the worker may keep going.
bool run(const model::registered_callback& cb, const callback_job& job,
         spdlog::logger& log, const std::shared_ptr<spdlog::logger>& app_log) {
  const auto callback_id = cb.spec.output_key();
  model::callback_context ctx{job.request, app_log, job.request_id};
  try {
    auto result = cb.fn(ctx);
    if (result.is_prevented()) {
      job.reply(callback_outcome::prevented());
      return true;
    }
    job.reply(callback_outcome::ok(model::encode_response(cb.spec, result)));
    return true;
  } catch (const prevent_update&) {
    job.reply(callback_outcome::prevented());
    return true;
  } catch (const argument_error& e) {
    log.warn("callback failed request={} callback={} error=\"{}\"",
             job.request_id, callback_id, e.what());
    job.reply(callback_outcome::error(
      errc::callback_failed, "callback " + callback_id + ": " + e.what()));
    return true;
  } catch (const std::exception& e) {
    log.error("callback threw request={} callback={} error=\"{}\"; "
              "replacing its worker",
              job.request_id, callback_id, e.what());
    job.reply(callback_outcome::error(errc::callback_failed,
                                      "callback " + callback_id
                                        + " raised an exception: "
                                        + e.what()));
    return false;
  } catch (...) {
    log.error("callback threw a non-std exception request={} callback={}; "
              "replacing its worker",
              job.request_id, callback_id);
    job.reply(callback_outcome::error(
      errc::callback_failed,
      "callback " + callback_id + " raised an unknown exception"));
    return false;
  }
}

} // namespace

caf::behavior callback_worker(caf::event_based_actor* self, caf::actor pool,
                              std::shared_ptr<const model::registered_callback>
                                cb,
                              std::shared_ptr<spdlog::logger> log,
                              std::shared_ptr<spdlog::logger> app_log) {
  // A worker lives only as long as the pool that supervises it.
  self->monitor(pool);
  self->set_down_handler([self](const caf::down_msg&) { self->quit(); });
  return {
    [=](run_atom, const callback_job& job) {
      if (run(*cb, job, *log, app_log))
        self->send(pool, idle_atom_v);
      else
        self->quit(caf::make_error(caf::sec::runtime_error,
                                   "callback raised an exception"));
    },
  };
}

} // namespace dash::actors
