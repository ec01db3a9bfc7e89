// model/handler.hpp
// Turns the user's typed function into the uniform handler the actors run:
// arguments are converted from JSON, the return value into a result.
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "model/callback_context.hpp"
#include "model/callback_result.hpp"
#include "model/deferred.hpp"
#include "model/errors.hpp"
#include "model/json.hpp"

namespace dash::model {

/// What a callback gives back: its result now, or later (it waits on a
/// memoized value without holding its worker).
using callback_return = std::variant<callback_result, deferred<callback_result>>;

/// What every registered callback becomes. May throw: `prevent_update`,
/// `argument_error`, or whatever the user's code throws.
using handler = std::function<callback_return(const callback_context&)>;

namespace detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
struct is_tuple : std::false_type {};
template <class... Ts>
struct is_tuple<std::tuple<Ts...>> : std::true_type {};

/// "null", or the kind and (shortened) JSON of a value, for messages.
inline std::string describe(const json::value& v) {
  if (v.is_null())
    return "null";
  auto text = json::serialize(v);
  if (text.size() > 60)
    text = text.substr(0, 57) + "...";
  return std::string{kind_name(v)} + " " + text;
}

template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};

/// "input 2 ({"index":["ALL"],"type":"city"}.value)", naming a parameter.
inline std::string arg_name(std::size_t index, const callback_request& req) {
  auto n = req.inputs.size();
  const auto* arg = index < n ? &req.inputs[index]
                    : index - n < req.states.size() ? &req.states[index - n]
                                                    : nullptr;
  std::string where = "argument " + std::to_string(index + 1);
  if (arg != nullptr && !arg->props.empty())
    where += " (" + arg->props.front().dep.key()
             + (arg->is_list ? " and the other matches" : "") + ")";
  return where;
}

/// Converts one argument (by value, also for reference parameters, which
/// then bind to it for the call), naming it when the type is wrong. A
/// std::vector parameter takes an ALL / ALLSMALLER list element by element.
template <class T>
std::decay_t<T> arg_from_json(const json::value& v, std::size_t index,
                              const callback_request& req) {
  using U = std::decay_t<T>;
  if constexpr (std::is_same_v<U, json::value>) {
    return v;
  } else if constexpr (is_optional<U>::value) {
    if (v.is_null())
      return U{};
    return U{arg_from_json<typename U::value_type>(v, index, req)};
  } else if constexpr (is_vector<U>::value) {
    if (!v.is_array())
      throw client_argument_error(arg_name(index, req) + " is " + describe(v)
                           + ", but the parameter is a list; a list comes "
                             "from an ALL or ALLSMALLER wildcard");
    U out;
    out.reserve(v.get_array().size());
    for (const auto& x : v.get_array())
      out.push_back(arg_from_json<typename U::value_type>(x, index, req));
    return out;
  } else {
    try {
      return json::value_to<U>(v);
    } catch (const std::exception&) {
      throw client_argument_error(
        arg_name(index, req) + " is " + describe(v)
        + ", which does not convert to the parameter's type; take "
          "std::optional<T> for values that can be null, or json::value");
    }
  }
}

template <class T>
output_value to_output(T&& x) {
  using U = std::decay_t<T>;
  if constexpr (std::is_same_v<U, output_value>
                || std::is_same_v<U, no_update_t>)
    return output_value{std::forward<T>(x)};
  else
    return output_value{json::value_from(std::forward<T>(x))};
}

template <class R>
callback_return to_return(R&& r);

template <class R>
callback_result to_result(R&& r) {
  using U = std::decay_t<R>;
  if constexpr (std::is_same_v<U, callback_result>) {
    return std::forward<R>(r);
  } else if constexpr (std::is_same_v<U, std::vector<output_value>>) {
    return callback_result::values(std::forward<R>(r));
  } else if constexpr (is_tuple<U>::value) {
    std::vector<output_value> vs;
    std::apply([&](auto&&... xs) { (vs.push_back(to_output(xs)), ...); },
               std::forward<R>(r));
    return callback_result::values(std::move(vs));
  } else {
    std::vector<output_value> one; // not a braced list: that would copy
    one.push_back(to_output(std::forward<R>(r)));
    return callback_result::values(std::move(one));
  }
}

template <class R>
callback_return to_return(R&& r) {
  using U = std::decay_t<R>;
  if constexpr (is_deferred<U>::value)
    return r.then([](const auto& x) { return to_result(x); });
  else
    return to_result(std::forward<R>(r));
}

/// The parameter list of a callable (lambdas and function pointers).
template <class F>
struct signature : signature<decltype(&F::operator())> {};
template <class C, class R, class... A>
struct signature<R (C::*)(A...) const> {
  using args = std::tuple<A...>;
};
template <class C, class R, class... A>
struct signature<R (C::*)(A...)> {
  using args = std::tuple<A...>;
};
template <class R, class... A>
struct signature<R (*)(A...)> {
  using args = std::tuple<A...>;
};
template <class R, class... A>
struct signature<R(A...)> {
  using args = std::tuple<A...>;
};

template <class Tuple>
struct takes_context : std::false_type {};
template <class First, class... Rest>
struct takes_context<std::tuple<First, Rest...>>
  : std::is_same<std::decay_t<First>, callback_context> {};

/// The JSON parameters: all of them, less a leading callback_context.
template <class Tuple, bool WithCtx>
struct json_params {
  using type = Tuple;
};
template <class First, class... Rest>
struct json_params<std::tuple<First, Rest...>, true> {
  using type = std::tuple<Rest...>;
};

template <bool WithCtx, class F, class... A, std::size_t... I>
callback_return call_with(const F& fn, const callback_context& ctx,
                          [[maybe_unused]] const std::vector<
                            const json::value*>& args,
                          std::tuple<A...>*, std::index_sequence<I...>) {
  [[maybe_unused]] const auto& req = ctx.request();
  auto call = [&]() -> decltype(auto) {
    if constexpr (WithCtx)
      return fn(ctx, arg_from_json<A>(*args[I], I, req)...);
    else
      return fn(arg_from_json<A>(*args[I], I, req)...);
  };
  // A function returning nothing (a callback without outputs, working
  // through set_props or side effects) changes no output.
  if constexpr (std::is_void_v<decltype(call())>) {
    call();
    return callback_result::no_updates();
  } else {
    return to_return(call());
  }
}

} // namespace detail

/// The number of JSON arguments `F` takes (its parameters, less a leading
/// `const callback_context&`).
template <class F>
constexpr std::size_t arity() {
  using args = typename detail::signature<std::decay_t<F>>::args;
  if constexpr (detail::takes_context<args>::value)
    return std::tuple_size_v<args> - 1;
  else
    return std::tuple_size_v<args>;
}

/// Wraps `fn`, whose parameters are an optional leading
/// `const callback_context&` then one per input and state, in that order.
template <class F>
handler make_handler(F fn) {
  using all = typename detail::signature<std::decay_t<F>>::args;
  constexpr bool with_ctx = detail::takes_context<all>::value;
  using params = typename detail::json_params<all, with_ctx>::type;
  constexpr auto n = std::tuple_size_v<params>;
  return [fn = std::move(fn)](const callback_context& c) {
    auto args = c.args();
    if (args.size() != n)
      throw client_argument_error("the function takes " + std::to_string(n)
                           + " arguments, the request supplies "
                           + std::to_string(args.size()));
    return detail::call_with<with_ctx>(fn, c, args,
                                       static_cast<params*>(nullptr),
                                       std::make_index_sequence<n>{});
  };
}

} // namespace dash::model
