// model/deferred.hpp
// `dash::deferred<T>`: a value a callback will have later (a memoized
// result being computed), and what to do with it then. A callback that
// returns one frees its worker at once; the runtime resumes it when the
// value arrives, so waiting holds no thread.
#pragma once

#include <exception>
#include <functional>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

#include "model/json.hpp"
#include "model/shared_value.hpp"

namespace dash::model {

/// What a deferred computation may ask of the runtime that runs it.
/// Implemented by the actors layer; continuations run on a worker thread.
class async_env {
public:
  /// Delivers a shared, immutable value, or the error that stopped it.
  using value_sink = std::function<void(shared_value, std::exception_ptr)>;

  virtual ~async_env() = default;

  /// Gets the value of memoized function `function` for `args` (a JSON
  /// array), computing it once cluster-wide if it is not cached.
  virtual void fetch_memo(const std::string& function, json::value args,
                          value_sink done) = 0;

  /// Gets per-session value `name` of session `session_id`, computing it
  /// once for that session if it has none. The value is a json::value.
  /// Fails for an id this server did not issue.
  virtual void fetch_session_value(const std::string& session_id,
                                   const std::string& name,
                                   value_sink done) = 0;
};

template <class T>
class deferred;

namespace detail {

template <class T>
struct is_deferred : std::false_type {};
template <class T>
struct is_deferred<deferred<T>> : std::true_type {};

/// The value type a continuation yields: U for U, and U for deferred<U>.
template <class R>
struct unwrap_deferred {
  using type = R;
};
template <class U>
struct unwrap_deferred<deferred<U>> {
  using type = U;
};

} // namespace detail

template <class T>
class deferred {
public:
  /// Receives the value (shared, immutable) or an exception.
  using sink = std::function<void(std::shared_ptr<const T>,
                                  std::exception_ptr)>;
  using starter = std::function<void(async_env&, sink)>;

  explicit deferred(starter start) : start_(std::move(start)) {}

  /// A deferred that is ready now.
  static deferred ready(T value) {
    auto p = std::make_shared<const T>(std::move(value));
    return deferred{[p](async_env&, sink done) { done(p, nullptr); }};
  }

  /// Runs `f(const T&)` when the value is there. `f` may return a value or
  /// another deferred; an exception it throws becomes the error.
  template <class F>
  auto then(F f) const {
    using R = std::invoke_result_t<F, const T&>;
    using U = typename detail::unwrap_deferred<std::decay_t<R>>::type;
    auto first = start_;
    return deferred<U>{
      [first, f = std::move(f)](async_env& env,
                                typename deferred<U>::sink done) {
        // The environment outlives the chain (the worker keeps it for the
        // job), so a pointer to it is safe here.
        first(env, [penv = &env, f, done](std::shared_ptr<const T> v,
                                          std::exception_ptr e) {
          if (e)
            return done(nullptr, e);
          try {
            if constexpr (detail::is_deferred<std::decay_t<R>>::value) {
              f(*v).start(*penv, done);
            } else {
              (void) penv; // needed by the deferred branch only
              done(std::make_shared<const U>(f(*v)), nullptr);
            }
          } catch (...) {
            done(nullptr, std::current_exception());
          }
        });
      }};
  }

  /// Starts the computation; `done` is called once, on a worker thread.
  void start(async_env& env, sink done) const {
    start_(env, std::move(done));
  }

private:
  starter start_;
};

} // namespace dash::model
