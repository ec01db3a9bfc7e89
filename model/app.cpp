// model/app.cpp
// Registration checks Dash makes at start-up, and the read side of an app.
#include "model/app.hpp"

#include "model/errors.hpp"

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
  return out;
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

void app::add(draft d) {
  try {
    if (d.spec.outputs.size() > 1)
      d.spec.multi_output = true;
    d.spec.validate();
    auto name = d.spec.output_key();
    if (d.functions != 1)
      throw registration_error("callback " + name + " needs exactly one "
                               "function, got "
                               + std::to_string(d.functions));
    auto args = d.spec.inputs.size() + d.spec.states.size();
    if (d.arity != args)
      throw registration_error(
        "callback " + name + ": the function takes "
        + std::to_string(d.arity) + " arguments but the callback has "
        + std::to_string(d.spec.inputs.size()) + " inputs and "
        + std::to_string(d.spec.states.size())
        + " states; it must take one per input and state, in order");
    for (const auto& other : callbacks_)
      for (const auto& mine : d.spec.outputs)
        for (const auto& theirs : other->spec.outputs)
          if (mine.id == theirs.id && mine.property == theirs.property)
            throw registration_error(
              "duplicate callback output " + mine.key()
              + ": it is already the output of callback "
              + other->spec.output_key()
              + "; each output may have only one callback");
    callbacks_.push_back(std::make_shared<const registered_callback>(
      registered_callback{std::move(d.spec), std::move(*d.fn)}));
  } catch (const registration_error& e) {
    errors_.emplace_back(e.what());
  }
}

} // namespace dash::model
