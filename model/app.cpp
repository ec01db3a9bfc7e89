// model/app.cpp
// Registration checks Dash makes at start-up, and the read side of an app.
#include "model/app.hpp"

#include "model/errors.hpp"
#include "model/sha256.hpp"

namespace dash::model {

app::app(std::string name) : name_(std::move(name)), title_("Dash") {}

app& app::title(std::string text) {
  title_ = std::move(text);
  return *this;
}

app& app::layout(component root) {
  layout_ = std::move(root);
  layout_fn_ = nullptr;
  session_layout_fn_ = nullptr;
  return *this;
}

app& app::layout(std::function<component()> make) {
  layout_fn_ = std::move(make);
  session_layout_fn_ = nullptr;
  layout_.reset();
  return *this;
}

app& app::layout(std::function<component(const std::string&)> make) {
  session_layout_fn_ = std::move(make);
  layout_fn_ = nullptr;
  layout_.reset();
  return *this;
}

app& app::assets_folder(std::string path) {
  assets_folder_ = std::move(path);
  return *this;
}

app& app::stylesheet(std::string href) {
  stylesheets_.push_back(std::move(href));
  return *this;
}

json::value app::render_layout(const std::string& session_id) const {
  if (session_layout_fn_)
    return session_layout_fn_(session_id).to_json();
  if (layout_fn_)
    return layout_fn_().to_json();
  if (layout_)
    return layout_->to_json();
  return nullptr;
}

json::array app::dependencies_json() const {
  json::array out;
  for (const auto& cb : callbacks_)
    out.push_back(cb->spec.to_json());
  for (const auto& cb : clientside_callbacks_)
    out.push_back(cb->spec.to_json());
  return out;
}

app& app::prevent_initial_callbacks(bool on) {
  prevent_initial_callbacks_ = on;
  return *this;
}

app& app::on_error(error_handler fn) {
  on_error_ = std::move(fn);
  // Callbacks registered before take it too, unless they have their own.
  for (auto& cb : callbacks_) {
    if (cb->spec.options.on_error)
      continue;
    auto copy = *cb;
    copy.on_error = on_error_;
    cb = std::make_shared<const registered_callback>(std::move(copy));
  }
  return *this;
}

void app::add_memo(memo_def def) {
  if (def.name.empty()) {
    errors_.emplace_back("a memoized function needs a name");
    return;
  }
  for (const auto& m : memos_)
    if (m->name == def.name) {
      errors_.emplace_back("two memoized functions are named '" + def.name
                           + "'; names must be unique");
      return;
    }
  memos_.push_back(std::make_shared<const memo_def>(std::move(def)));
}

void app::add_session_memo(session_memo_def def) {
  for (const auto& m : session_memos_)
    if (m->name == def.name) {
      errors_.emplace_back("two session values are named '" + def.name
                           + "'; names must be unique");
      return;
    }
  session_memos_.push_back(
    std::make_shared<const session_memo_def>(std::move(def)));
}

namespace {

bool same_output(const dependency& a, const dependency& b) {
  return a.bare_property() == b.bare_property() && a.id == b.id;
}

} // namespace

std::optional<callback_result> recover(const registered_callback& cb,
                                       const callback_context& ctx,
                                       std::exception_ptr e) {
  if (!cb.on_error || !e)
    return std::nullopt;
  try {
    std::rethrow_exception(e);
  } catch (const prevent_update&) {
  } catch (const session_error&) {
  } catch (const argument_error&) {
  } catch (const std::exception& ex) {
    return cb.on_error(ctx, ex);
  } catch (...) {
  }
  return std::nullopt;
}

void app::add(draft d) {
  try {
    auto& spec = d.spec;
    if (spec.outputs.size() > 1)
      spec.multi_output = true;
    spec.prevent_initial_call
      = spec.options.prevent_initial_call.value_or(prevent_initial_callbacks_);
    if (spec.outputs.empty() && spec.inputs.empty())
      spec.salt = std::to_string(callbacks_.size() + clientside_callbacks_.size());
    for (auto& o : spec.outputs)
      if (o.allow_duplicate && o.property.find('@') == std::string::npos)
        o.property += "@" + spec.inputs_hash(); // Dash's suffix
    spec.validate();
    auto name = spec.output_key();
    if (d.functions != 1)
      throw registration_error("callback " + name + " needs exactly one "
                               + std::string{d.clientside
                                               ? "clientside function (JS "
                                                 "source or clientside_function)"
                                               : "function"}
                               + ", got " + std::to_string(d.functions));
    if (!d.clientside && (d.inline_js || spec.clientside))
      throw registration_error(
        "callback " + name + ": JavaScript runs in the browser; register it "
        "with app.clientside_callback");
    for (const auto& o : spec.outputs)
      if (o.allow_duplicate && !spec.prevent_initial_call)
        throw registration_error(
          "callback " + name + ": output " + o.key()
          + " has allow_duplicate, which needs prevent_initial_call (the "
            "order of initial calls is not guaranteed); set "
            "callback_options{.prevent_initial_call = true}");
    if (!d.clientside) {
      auto args = spec.inputs.size() + spec.states.size();
      if (d.arity != args)
        throw registration_error(
          "callback " + name + ": the function takes "
          + std::to_string(d.arity) + " arguments but the callback has "
          + std::to_string(spec.inputs.size()) + " inputs and "
          + std::to_string(spec.states.size())
          + " states; it must take one per input and state, in order");
    }
    for (const auto* list : {&callbacks_, &clientside_callbacks_})
      for (const auto& other : *list) {
        for (const auto& mine : spec.outputs)
          for (const auto& theirs : other->spec.outputs)
            if (same_output(mine, theirs) && !mine.allow_duplicate
                && !theirs.allow_duplicate)
              throw registration_error(
                "duplicate callback output " + mine.key()
                + ": it is already the output of callback "
                + other->spec.output_key()
                + "; each output may have only one callback, unless both "
                  "use output(..., allow_duplicate)");
        if (other->spec.output_key() == name)
          throw registration_error(
            "callback " + name + " is registered twice (the same outputs "
            "and inputs); give one of them other outputs or inputs");
      }
    if (d.clientside) {
      if (d.inline_js) {
        // As Dash: the source goes in the page under a private namespace,
        // named by its hash.
        auto fn_name = sha256_hex(*d.inline_js);
        spec.clientside = clientside_function{"_dashprivate_clientside_funcs",
                                              fn_name};
        inline_scripts_.push_back(
          "(function() {\n  var dc = window.dash_clientside = "
          "window.dash_clientside || {};\n  var ns = "
          "dc[\"_dashprivate_clientside_funcs\"] = "
          "dc[\"_dashprivate_clientside_funcs\"] || {};\n  ns[\""
          + fn_name + "\"] = " + *d.inline_js + ";\n})();");
      } else if (spec.clientside->ns.rfind("_dashprivate_", 0) == 0
                 || spec.clientside->ns == "PreventUpdate"
                 || spec.clientside->ns == "no_update"
                 || spec.clientside->ns.empty()
                 || spec.clientside->name.empty()) {
        throw registration_error(
          "callback " + name + ": clientside namespace '"
          + spec.clientside->ns + "' (function '" + spec.clientside->name
          + "') is not allowed; namespaces may not be empty, start with "
            "'_dashprivate_', or be 'PreventUpdate' or 'no_update'");
      }
      clientside_callbacks_.push_back(std::make_shared<const registered_callback>(
        registered_callback{std::move(spec), handler{}, error_handler{}}));
      return;
    }
    auto on_error = spec.options.on_error ? spec.options.on_error : on_error_;
    callbacks_.push_back(std::make_shared<const registered_callback>(
      registered_callback{std::move(spec), std::move(*d.fn),
                          std::move(on_error)}));
  } catch (const registration_error& e) {
    errors_.emplace_back(e.what());
  }
}

} // namespace dash::model
