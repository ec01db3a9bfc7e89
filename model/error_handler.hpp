// model/error_handler.hpp
// `on_error` for a callback or a whole app, as in Dash: called with the
// exception the function threw; what it returns answers the request.
#pragma once

#include <exception>
#include <functional>
#include <type_traits>
#include <utility>

#include "model/callback_context.hpp"
#include "model/callback_result.hpp"

namespace dash::model {

namespace detail {
template <class R>
callback_result to_result(R&& r);
} // namespace detail

/// Takes `(const std::exception&)` or `(const callback_context&, const
/// std::exception&)` and returns what the callback would: a value (a tuple
/// for several outputs), `no_update`, or nothing (every output left alone;
/// `ctx.set_props` still applies).
class error_handler {
public:
  error_handler() = default;

  template <class F,
            class = std::enable_if_t<
              !std::is_same_v<std::decay_t<F>, error_handler>
              && (std::is_invocable_v<const F&, const std::exception&>
                  || std::is_invocable_v<const F&, const callback_context&,
                                         const std::exception&>)>>
  error_handler(F fn) // NOLINT(google-explicit-constructor)
    : fn_([fn = std::move(fn)](const callback_context& ctx,
                               const std::exception& e) -> callback_result {
        if constexpr (std::is_invocable_v<const F&, const callback_context&,
                                          const std::exception&>) {
          if constexpr (std::is_void_v<decltype(fn(ctx, e))>) {
            fn(ctx, e);
            return callback_result::no_updates();
          } else {
            return detail::to_result(fn(ctx, e));
          }
        } else {
          if constexpr (std::is_void_v<decltype(fn(e))>) {
            fn(e);
            return callback_result::no_updates();
          } else {
            return detail::to_result(fn(e));
          }
        }
      }) {}

  explicit operator bool() const {
    return bool(fn_);
  }
  callback_result operator()(const callback_context& ctx,
                             const std::exception& e) const {
    return fn_(ctx, e);
  }

private:
  std::function<callback_result(const callback_context&,
                                const std::exception&)>
    fn_;
};

} // namespace dash::model
