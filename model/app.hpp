// model/app.hpp
// `dash::app`: what a user declares (layout, callbacks, assets), read later
// by `dash::serve`. A plain value: no threads, sockets or actors in here.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "model/callback_spec.hpp"
#include "model/component.hpp"
#include "model/dependency.hpp"
#include "model/handler.hpp"
#include "model/memo.hpp"
#include "model/session_memo.hpp"

namespace dash::model {

/// A callback as registered: its spec and the function that computes it.
struct registered_callback {
  callback_spec spec;
  handler fn;
  /// The callback's own `on_error`, else the app's; may be empty.
  error_handler on_error;
};

/// The answer `cb`'s `on_error` gives for the exception `e` that its
/// function threw, or nothing when it has no handler or `e` is not the
/// function's own error (prevent_update, a refused session, an argument
/// that does not convert, or something not derived from std::exception).
/// An exception thrown by the handler itself propagates.
std::optional<callback_result> recover(const registered_callback& cb,
                                       const callback_context& ctx,
                                       std::exception_ptr e);

/// Inline JavaScript for `app.clientside_callback`: the function's source,
/// as Dash takes it (`"(n) => 'Filters: ' + (n || 0)"`).
struct clientside_source {
  std::string code;
};

class app {
public:
  explicit app(std::string name = "dashcpp");

  /// The page title (the HTML <title>).
  app& title(std::string text);
  /// A fixed layout.
  app& layout(component root);
  /// A layout made afresh for every page load (`def layout(): ...`).
  app& layout(std::function<component()> make);
  /// The folder served under /assets/; its .css and .js files are linked
  /// from the page in name order, like Dash's assets folder.
  app& assets_folder(std::string path);
  /// An extra stylesheet link for the page head (a path this server serves).
  app& stylesheet(std::string href);

  /// Registers a callback. Arguments, in any order: `output(..)` (or
  /// `outputs{..}` for several), `input(..)`, `state(..)`, optional
  /// `callback_options{..}`, and one function taking (an optional
  /// `const callback_context&`, then) one parameter per input and state.
  /// Mistakes are collected and reported by `serve` before it listens.
  template <class... Args>
  app& callback(Args&&... args) {
    draft d;
    (collect(d, std::forward<Args>(args)), ...);
    add(std::move(d));
    return *this;
  }

  /// Registers a callback the browser runs, never the server: outputs,
  /// inputs and state as for `callback`, then the JavaScript function's
  /// source as a string (placed in the page, as Dash does) or a
  /// `clientside_function{"namespace", "name"}` defined in assets/*.js
  /// under `window.dash_clientside.<namespace>.<name>`.
  template <class... Args>
  app& clientside_callback(Args&&... args) {
    draft d;
    d.clientside = true;
    (collect(d, std::forward<Args>(args)), ...);
    add(std::move(d));
    return *this;
  }

  /// The default `prevent_initial_call` of every callback that sets none
  /// (Dash's `prevent_initial_callbacks`); set it before the callbacks.
  app& prevent_initial_callbacks(bool on);
  /// The `on_error` of every callback that has none of its own: called
  /// with the exception; its return answers the request (see
  /// `error_handler`).
  app& on_error(error_handler fn);

  /// Declares a function computed once per arguments and shared by every
  /// callback and user: `auto store = app.memoize("store", fn, {..});`
  /// then, in a callback, `return store(x).then([](const R& r) {..});`.
  /// `fn` may be slow: it runs on a thread of its own, never while a
  /// worker waits. Arguments and results must convert to/from JSON.
  template <class F>
  auto memoize(std::string name, F fn, memo_options options = {}) {
    using handle = typename detail::memo_signature<std::decay_t<F>>::handle;
    add_memo(make_memo_def(name, std::move(fn), options));
    return handle{std::move(name)};
  }

  /// Declares a per-session value: `fn(session_id)` runs once per session
  /// (even when several callbacks ask at once) and its result is kept with
  /// the session on the server (memory, disk or Redis, by config). In a
  /// callback: `return df(session_id).then([](const R& rows) {..});`
  template <class F>
  auto session_memoize(std::string name, F fn) {
    using R = std::decay_t<std::invoke_result_t<F, const std::string&>>;
    add_session_memo(session_memo_def{
      name, [fn = std::move(fn)](const std::string& id) -> json::value {
        return json::value_from(fn(id));
      }});
    return session_memo<R>{std::move(name)};
  }

  /// A layout made per page load for that page's session (the id the
  /// server issued in the session cookie), like the seed's Example 4.
  app& layout(std::function<component(const std::string& session_id)> make);

  /// Answers callbacks fed only by another callback's outputs as soon as
  /// those outputs are known, before the browser asks (on by default).
  app& fan_out(bool on) {
    fan_out_ = on;
    return *this;
  }

  // -- read side, used by serve() -------------------------------------------

  const std::string& name() const {
    return name_;
  }
  const std::string& title() const {
    return title_;
  }
  const std::string& assets_folder() const {
    return assets_folder_;
  }
  const std::vector<std::string>& stylesheets() const {
    return stylesheets_;
  }
  /// The layout JSON; runs the layout function when there is one.
  json::value render_layout(const std::string& session_id = {}) const;
  const std::vector<std::shared_ptr<const session_memo_def>>&
  session_memos() const {
    return session_memos_;
  }
  const std::vector<std::shared_ptr<const registered_callback>>&
  callbacks() const {
    return callbacks_;
  }
  /// Callbacks the browser runs (never submitted to the server).
  const std::vector<std::shared_ptr<const registered_callback>>&
  clientside_callbacks() const {
    return clientside_callbacks_;
  }
  /// The inline clientside functions' `<script>` bodies, in order.
  const std::vector<std::string>& inline_scripts() const {
    return inline_scripts_;
  }
  /// The /_dash-dependencies array.
  json::array dependencies_json() const;
  const std::vector<std::shared_ptr<const memo_def>>& memos() const {
    return memos_;
  }
  bool fan_out() const {
    return fan_out_;
  }
  /// Whether pages get a session (session values or a session layout).
  bool uses_sessions() const {
    return !session_memos_.empty() || bool(session_layout_fn_);
  }
  /// Registration mistakes, each a message a user can act on.
  const std::vector<std::string>& errors() const {
    return errors_;
  }

private:
  struct draft {
    callback_spec spec;
    std::optional<handler> fn;
    std::size_t arity = 0;
    std::size_t functions = 0;
    bool clientside = false;
    std::optional<std::string> inline_js; ///< clientside source
  };

  template <class T>
  static void collect(draft& d, T&& x) {
    using U = std::decay_t<T>;
    if constexpr (std::is_same_v<U, output_dep>) {
      d.spec.outputs.push_back(x.dep);
    } else if constexpr (std::is_same_v<U, outputs>) {
      for (const auto& o : x.items)
        d.spec.outputs.push_back(o.dep);
      d.spec.multi_output = true;
    } else if constexpr (std::is_same_v<U, input_dep>) {
      d.spec.inputs.push_back(x.dep);
    } else if constexpr (std::is_same_v<U, state_dep>) {
      d.spec.states.push_back(x.dep);
    } else if constexpr (std::is_same_v<U, callback_options>) {
      d.spec.options = x;
    } else if constexpr (std::is_same_v<U, clientside_function>) {
      d.spec.clientside = x;
      ++d.functions;
    } else if constexpr (std::is_same_v<U, clientside_source>
                         || std::is_convertible_v<U, std::string_view>) {
      if constexpr (std::is_same_v<U, clientside_source>)
        d.inline_js = x.code;
      else
        d.inline_js = std::string{std::string_view{x}};
      ++d.functions;
    } else {
      d.fn = make_handler(std::forward<T>(x));
      d.arity = arity<U>();
      ++d.functions;
    }
  }

  void add(draft d);
  void add_memo(memo_def def);
  void add_session_memo(session_memo_def def);

  std::string name_;
  std::string title_;
  std::optional<component> layout_;
  std::function<component()> layout_fn_;
  std::function<component(const std::string&)> session_layout_fn_;
  std::string assets_folder_;
  std::vector<std::string> stylesheets_;
  std::vector<std::shared_ptr<const registered_callback>> callbacks_;
  std::vector<std::shared_ptr<const registered_callback>>
    clientside_callbacks_;
  std::vector<std::string> inline_scripts_;
  bool prevent_initial_callbacks_ = false;
  error_handler on_error_;
  std::vector<std::shared_ptr<const memo_def>> memos_;
  std::vector<std::shared_ptr<const session_memo_def>> session_memos_;
  bool fan_out_ = true;
  std::vector<std::string> errors_;
};

} // namespace dash::model
