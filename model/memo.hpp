// model/memo.hpp
// `app.memoize(name, fn, options)`: a function whose results the server
// computes once per arguments and shares, like the seed's memoised
// global_store. Here: its options, its type-erased definition (what the
// cache actors run), and the typed handle a callback calls.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>

#include "model/deferred.hpp"
#include "model/json.hpp"

namespace dash::model {

struct memo_options {
  /// How long a result stays valid after it was computed; zero: forever.
  std::chrono::milliseconds ttl{0};
  /// Most results kept (least recently used go first); zero: no limit.
  std::size_t max_entries = 0;
  /// Most bytes of results kept (their JSON size); zero: no limit.
  std::size_t max_bytes = 0;
  /// A computation still running after this fails every caller waiting
  /// for it (and is not cached); zero: the server's callback-timeout-ms.
  std::chrono::milliseconds timeout{0};
};

/// A computed value, shared and immutable, with its size for the bounds
/// and, when its type converts to JSON, that JSON text (what crosses
/// nodes in a cluster, made once with the value).
struct memo_value {
  shared_value value;
  std::size_t bytes = 0;
  std::shared_ptr<const std::string> text;
};

/// What the cache actors know of a memoized function: how to compute a
/// value from the JSON array of its arguments (may block: it runs on a
/// thread of its own), and its bounds.
struct memo_def {
  std::string name;
  memo_options options;
  std::function<memo_value(const json::value& args)> compute;
  /// Reads a value back from its JSON text (on a node that did not
  /// compute it); empty when the result type has no JSON conversion both
  /// ways, and then the function cannot be used in a cluster.
  std::function<memo_value(const std::string& text)> decode;
};

/// The handle a callback calls: `global_store(value)` gives a deferred
/// value; `.then(...)` says what to do with it.
template <class R, class... Args>
class memo {
public:
  explicit memo(std::string name) : name_(std::move(name)) {}

  deferred<R> operator()(const Args&... args) const {
    json::value key = json::value_from(std::make_tuple(args...));
    return deferred<R>{[name = name_, key](async_env& env,
                                           typename deferred<R>::sink done) {
      env.fetch_memo(name, key,
                     [done](const shared_value& v, std::exception_ptr e) {
                       if (e)
                         return done(nullptr, e);
                       try {
                         done(v.as<R>(), nullptr);
                       } catch (...) {
                         done(nullptr, std::current_exception());
                       }
                     });
    }};
  }

  const std::string& name() const {
    return name_;
  }

private:
  std::string name_;
};

namespace detail {

template <class T, class = void>
struct json_convertible : std::false_type {};
template <class T>
struct json_convertible<
  T, std::void_t<decltype(json::value_from(std::declval<const T&>()))>>
  : std::true_type {};

/// Whether a result can be read back from JSON (Boost.JSON's own test of
/// the outer type: a built-in conversion or a user's tag_invoke).
template <class R>
constexpr bool json_readable =
  json::detail::can_convert<R, json::detail::value_to_conversion>::value;

/// A result with its size for the bounds: its JSON length (and the text)
/// when it has one.
template <class R>
memo_value make_memo_value(std::shared_ptr<const R> r) {
  if constexpr (json_convertible<R>::value) {
    auto text = std::make_shared<const std::string>(
      json::serialize(json::value_from(*r)));
    auto bytes = text->size();
    return memo_value{shared_value::of(std::move(r)), bytes, std::move(text)};
  } else {
    return memo_value{shared_value::of(std::move(r)), sizeof(R), nullptr};
  }
}

template <class F>
struct memo_signature : memo_signature<decltype(&F::operator())> {};
template <class C, class R, class... A>
struct memo_signature<R (C::*)(A...) const> {
  using result = R;
  using handle = memo<R, std::decay_t<A>...>;
  using args = std::tuple<std::decay_t<A>...>;
};
template <class R, class... A>
struct memo_signature<R (*)(A...)> {
  using result = R;
  using handle = memo<R, std::decay_t<A>...>;
  using args = std::tuple<std::decay_t<A>...>;
};

} // namespace detail

/// Makes the type-erased definition of `fn` for the cache actors.
template <class F>
memo_def make_memo_def(std::string name, F fn, memo_options options) {
  using sig = detail::memo_signature<std::decay_t<F>>;
  using R = typename sig::result;
  using args_t = typename sig::args;
  memo_def def{
    std::move(name), options,
    [fn = std::move(fn)](const json::value& args) {
      auto tuple = json::value_to<args_t>(args);
      return detail::make_memo_value(
        std::make_shared<const R>(std::apply(fn, tuple)));
    },
    nullptr};
  if constexpr (detail::json_convertible<R>::value
                && detail::json_readable<R>)
    def.decode = [](const std::string& text) {
      auto value = std::make_shared<const R>(
        json::value_to<R>(parse_exact(text)));
      return memo_value{shared_value::of(std::move(value)), text.size(),
                        nullptr};
    };
  return def;
}

} // namespace dash::model
