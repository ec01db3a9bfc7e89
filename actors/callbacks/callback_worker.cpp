// actors/callbacks/callback_worker.cpp
// The single place where user callback code runs, inside try/catch: every
// outcome, including exceptions, becomes a value on the reply channel.
#include "actors/callbacks/callback_worker.hpp"

#include <cstdint>
#include <exception>
#include <unordered_map>
#include <string>

#include <caf/all.hpp>
#include <spdlog/spdlog.h>

#include "actors/callbacks/session_value_cache.hpp"
#include "actors/core/bounded_request.hpp"
#include "actors/core/messages.hpp"
#include "model/callback_context.hpp"
#include "model/callback_result.hpp"
#include "model/errors.hpp"
#include "model/patch.hpp"

namespace dash::actors {

namespace {

std::int64_t now_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
           std::chrono::system_clock::now().time_since_epoch())
    .count();
}

/// Lets deferred callbacks fetch memoized values through this worker:
/// the request goes to the owning shard, the continuation runs here.
class worker_env : public model::async_env {
public:
  worker_env(callback_worker_actor::pointer self, callback_pool_actor pool,
             std::shared_ptr<const worker_context> wc)
    : self_(self),
      pool_(std::move(pool)),
      wc_(std::move(wc)),
      session_cache_(wc_->session_cache_entries) {}

  /// Counts a job this worker is done with (answered or waiting on a
  /// memoized value), and reports the count to the pool once the mailbox
  /// is empty: one message per burst instead of one per job.
  void job_done() {
    ++done_;
    report();
  }

  /// Reports finished jobs now if nothing else waits in the mailbox, or
  /// else once the messages ahead are handled (a note to self goes to the
  /// back of the mailbox): a message that calls no handler of ours, such
  /// as a stale request timeout, must not leave a count unreported.
  void report() {
    if (done_ == 0)
      return;
    if (self_->mailbox().empty()) {
      self_->send(pool_, idle_atom_v, done_);
      done_ = 0;
    } else if (!flush_pending_) {
      flush_pending_ = true;
      self_->send(self_, tick_atom_v);
    }
  }

  /// The note to self arrived.
  void flush() {
    flush_pending_ = false;
    report();
  }

  /// Remembers a job waiting on a value (its worker is free meanwhile);
  /// returns the key that forgets it once it is answered.
  std::uint64_t track(const callback_job& job) {
    auto key = next_key_++;
    deferred_.emplace(key, job.reply_to);
    return key;
  }
  void untrack(std::uint64_t key) {
    deferred_.erase(key);
  }

  /// The worker ends: jobs still waiting on a value are answered, since
  /// their continuations end with it.
  void abandon_deferred() {
    for (const auto& [key, to] : deferred_)
      to.send(callback_outcome::worker_lost());
    deferred_.clear();
  }

  void fetch_memo(const std::string& function, json::value args,
                  value_sink done) override {
    memo_request req{function, model::sorted_json(args)};
    const auto& shard = wc_->cache->shard_for(req.key());
    // The shard fails a computation at its own deadline and answers every
    // waiter; this bound is the callback's (when_answered frees the timer
    // as soon as the answer arrives).
    auto timeout = wc_->wait_timeout;
    when_answered<memo_reply>(
      self_->request(shard, timeout, fetch_atom_v, std::move(req)),
      [this, done](const memo_reply& r) {
        if (!r.error.empty())
          done({}, std::make_exception_ptr(std::runtime_error(r.error)));
        else
          done(r.value, nullptr);
        report();
      },
      [this, done, function, timeout](const caf::error& e) {
        done({}, std::make_exception_ptr(std::runtime_error(
                        "waiting for memoized function " + function
                        + " failed: "
                        + describe_wait_error(e, timeout,
                                              "the callback's timeout"))));
        report();
      });
  }

  void fetch_session_value(const std::string& session_id,
                           const std::string& name,
                           value_sink done) override {
    if (!wc_->sessions)
      return done({}, std::make_exception_ptr(std::logic_error(
                             "the app declares no session values")));
    if (session_id.empty())
      return done({}, std::make_exception_ptr(session_error(
                             errc::forbidden,
                             "this request has no session; reload the page")));
    // A value this worker already got for this session (the id was
    // verified by the manager then; the cookie binding by job_env now).
    if (auto v = session_cache_.find(session_id, name, now_ms()))
      return done(model::shared_value::of(std::move(v)), nullptr);
    const auto& manager = wc_->sessions->shard_for(session_id);
    auto timeout = wc_->wait_timeout;
    when_answered<session_reply>(
      self_->request(manager, timeout, value_atom_v, session_id, name),
      [this, done, session_id, name](const session_reply& r) {
        if (r.code != errc::none) {
          done({}, std::make_exception_ptr(session_error(r.code, r.error)));
        } else {
          session_cache_.put(session_id, name, r.value, r.expires_ms,
                             now_ms());
          done(model::shared_value::of(r.value), nullptr);
        }
        report();
      },
      [this, done, name, timeout](const caf::error& e) {
        done({}, std::make_exception_ptr(session_error(
                        errc::unavailable,
                        "waiting for session value " + name + " failed: "
                          + describe_wait_error(e, timeout,
                                                "the callback's timeout"))));
        report();
      });
  }

private:
  callback_worker_actor::pointer self_;
  callback_pool_actor pool_;
  std::shared_ptr<const worker_context> wc_;
  std::size_t done_ = 0;
  bool flush_pending_ = false;
  std::unordered_map<std::uint64_t, reply_address> deferred_;
  std::uint64_t next_key_ = 0;
  session_value_cache session_cache_;
};

/// The environment of one job: a session value may only be read for the
/// session of the request's own cookie, so that a valid id of another user
/// (a foreign id) gets no data either.
class job_env : public model::async_env {
public:
  job_env(std::shared_ptr<worker_env> base, std::string cookie_session)
    : base_(std::move(base)), cookie_session_(std::move(cookie_session)) {}

  void fetch_memo(const std::string& function, json::value args,
                  value_sink done) override {
    base_->fetch_memo(function, std::move(args), std::move(done));
  }

  void fetch_session_value(const std::string& session_id,
                           const std::string& name,
                           value_sink done) override {
    if (cookie_session_.empty() || session_id != cookie_session_)
      return done({},
                  std::make_exception_ptr(session_error(
                    errc::forbidden,
                    cookie_session_.empty()
                      ? "this request carries no session cookie; reload "
                        "the page to get a session"
                      : "this session id is not the session of this "
                        "browser; reload the page")));
    base_->fetch_session_value(session_id, name, std::move(done));
  }

private:
  std::shared_ptr<worker_env> base_;
  std::string cookie_session_;
};

/// Starts the callbacks this one feeds, now that their inputs are known.
void fan_out(const worker_context& wc, const model::callback_result& r) {
  if (wc.fan_out.empty() || r.is_prevented())
    return;
  const auto& values = r.outputs();
  for (const auto& link : wc.fan_out) {
    json::array args;
    bool known = true;
    for (auto from : link.from) {
      // A patch is not the prop's value (only the browser has that): the
      // target then runs when the browser asks, with the patched value.
      if (from >= values.size() || values[from].is_no_update()
          || model::is_patch(values[from].value())) {
        known = false;
        break;
      }
      args.push_back(values[from].value());
    }
    if (!known)
      continue;
    memo_request req{link.function, model::fan_out_args(args)};
    if (req.args.size() > model::max_fan_out_key_bytes)
      continue; // the target runs directly when the browser asks
    caf::anon_send(wc.cache->shard_for(req.key()), prefetch_atom_v,
                   std::move(req));
  }
}

/// Answers the job with a finished result, with the props `set_props`
/// collected during the run.
void finish(const worker_context& wc, const callback_job& job,
            const model::callback_context& ctx,
            const model::callback_result& result) {
  fan_out(wc, result);
  auto body = model::encode_response(wc.cb->spec, *job.request, result,
                                     ctx.side_updates());
  if (body.empty())
    return void(job.answer(callback_outcome::prevented()));
  job.answer(callback_outcome::ok(std::move(body)));
}

/// Answers the job with the error in `e`; returns false when the worker
/// should be replaced (the user's code threw something that is not a
/// std::exception: its state is unknown).
bool fail(const worker_context& wc, const callback_job& job,
          std::exception_ptr e) {
  const auto callback_id = wc.cb->spec.output_key();
  try {
    std::rethrow_exception(e);
  } catch (const prevent_update&) {
    job.answer(callback_outcome::prevented());
    return true;
  } catch (const session_error& ex) {
    wc.log->warn("refused a session id request={} callback={} reason=\"{}\"",
                 job.request_id, callback_id, ex.what());
    job.answer(callback_outcome::error(ex.code(), ex.what()));
    return true;
  } catch (const client_argument_error& ex) {
    // The client sent an argument of the wrong type: its mistake (400),
    // not a failure of the callback, and the worker is fine.
    wc.log->info("client error: bad callback argument request={} "
                 "callback={} error=\"{}\"",
                 job.request_id, callback_id, ex.what());
    job.answer(callback_outcome::error(
      errc::bad_request, "callback " + callback_id + ": " + ex.what()));
    return true;
  } catch (const argument_error& ex) {
    wc.log->warn("callback failed request={} callback={} error=\"{}\"",
                 job.request_id, callback_id, ex.what());
    job.answer(callback_outcome::error(
      errc::callback_failed, "callback " + callback_id + ": " + ex.what()));
    return true;
  } catch (const std::exception& ex) {
    wc.log->error("callback threw request={} callback={} error=\"{}\"",
                  job.request_id, callback_id, ex.what());
    job.answer(callback_outcome::error(errc::callback_failed,
                                      "callback " + callback_id
                                        + " raised an exception: "
                                        + ex.what()));
    return true;
  } catch (...) {
    wc.log->error("callback threw a non-std exception request={} "
                  "callback={}",
                  job.request_id, callback_id);
    job.answer(callback_outcome::error(
      errc::callback_failed,
      "callback " + callback_id + " raised an unknown exception"));
  }
  return false;
}

/// Answers the job after its function threw `e`: with the callback's
/// `on_error` answer when it has one for `e`, else with the error. Returns
/// false when the worker should be replaced.
bool fail_or_recover(const worker_context& wc, const callback_job& job,
                     const model::callback_context& ctx,
                     std::exception_ptr e) {
  try {
    if (auto answer = model::recover(*wc.cb, ctx, e)) {
      wc.log->info("callback error handled by on_error request={} "
                   "callback={}",
                   job.request_id, wc.cb->spec.output_key());
      finish(wc, job, ctx, *answer);
      return true;
    }
  } catch (...) {
    // The handler itself failed (or its answer did not fit the outputs):
    // that error answers the request.
    return fail(wc, job, std::current_exception());
  }
  return fail(wc, job, e);
}

/// Runs the function; returns true when the worker may keep going.
bool run(const std::shared_ptr<const worker_context>& wc,
         const std::shared_ptr<worker_env>& env, const callback_job& job) {
  model::callback_context ctx{job.request, wc->app_log, job.request_id};
  try {
    auto ret = wc->cb->fn(ctx);
    if (auto* now = std::get_if<model::callback_result>(&ret)) {
      finish(*wc, job, ctx, *now);
      return true;
    }
    // Deferred: resumed here when the value arrives; the worker is free.
    // The job's environment (and its context, which holds what set_props
    // collected) lives as long as the chain that uses it.
    auto jenv = std::make_shared<job_env>(env, job.request->session_id);
    auto key = env->track(job);
    std::get<model::deferred<model::callback_result>>(ret).start(
      *jenv, [wc, job, jenv, ctx, env, key](
               std::shared_ptr<const model::callback_result> r,
               std::exception_ptr e) {
        env->untrack(key);
        try {
          if (e)
            fail_or_recover(*wc, job, ctx, e); // the worker stays
          else
            finish(*wc, job, ctx, *r);
        } catch (...) {
          fail(*wc, job, std::current_exception());
        }
      });
    return true;
  } catch (...) {
    return fail_or_recover(*wc, job, ctx, std::current_exception());
  }
}

} // namespace

callback_worker_actor::behavior_type
callback_worker(callback_worker_actor::pointer self, callback_pool_actor pool,
                std::shared_ptr<const worker_context> wc) {
  // A worker lives only as long as the pool that supervises it; its
  // monitor is removed when it ends (see session_actor.cpp).
  self->monitor(pool);
  self->set_down_handler([self](const caf::down_msg&) { self->quit(); });
  auto env = std::make_shared<worker_env>(self, pool, wc);
  self->attach_functor([self, pool, env] {
    self->demonitor(pool.address());
    env->abandon_deferred();
  });
  return {
    [env](tick_atom) { env->flush(); },
    [self, wc, env](run_atom, const callback_job& job) {
      if (run(wc, env, job))
        env->job_done();
      else
        self->quit(caf::make_error(caf::sec::runtime_error,
                                   "callback raised a non-std exception"));
    },
  };
}

} // namespace dash::actors
