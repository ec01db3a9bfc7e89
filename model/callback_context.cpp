// model/callback_context.cpp
// Derives Dash's callback_context views from the parsed request.
#include "model/callback_context.hpp"

#include <utility>

namespace dash::model {

void side_update_log::set(const json::value& id, const json::object& props) {
  std::lock_guard<std::mutex> lock{mutex_};
  auto& slot = updates_[id_key(id)];
  if (!slot.is_object())
    slot = json::object{};
  for (const auto& kv : props)
    slot.get_object()[kv.key()] = kv.value();
}

json::object side_update_log::get() const {
  std::lock_guard<std::mutex> lock{mutex_};
  return updates_;
}

callback_context::callback_context(std::shared_ptr<const callback_request> req,
                                   std::shared_ptr<spdlog::logger> log,
                                   std::string request_id)
  : req_(std::move(req)),
    log_(std::move(log)),
    request_id_(std::move(request_id)),
    side_(std::make_shared<side_update_log>()) {}

namespace {

/// An id as written in "id.prop" keys: a dict id parsed back to an
/// object, anything else as the string it is.
json::value id_from_text(std::string_view id) {
  if (!id.empty() && id.front() == '{') {
    boost::system::error_code ec;
    auto parsed = parse_exact(id, ec);
    if (!ec && parsed.is_object())
      return parsed;
  }
  return json::string_view{id.data(), id.size()};
}

/// "id.prop" split at its last dot.
std::pair<json::value, std::string> split_prop_id(std::string_view key) {
  auto dot = key.rfind('.');
  if (dot == std::string_view::npos)
    return {id_from_text(key), std::string{}};
  return {id_from_text(key.substr(0, dot)), std::string{key.substr(dot + 1)}};
}

const json::value* find_value(const std::vector<request_arg>& list,
                              const json::value& id, std::string_view prop) {
  for (const auto& arg : list)
    for (const auto& pv : arg.props)
      if (pv.dep.id == id && pv.dep.bare_property() == prop)
        return &pv.value;
  return nullptr;
}

json::object to_dict(const std::vector<request_arg>& list) {
  json::object out;
  for (const auto& arg : list)
    for (const auto& pv : arg.props)
      out[pv.dep.key()] = pv.value;
  return out;
}

json::array to_list(const std::vector<request_arg>& list) {
  json::array out;
  for (const auto& arg : list) {
    auto entry = [](const prop_value& pv) {
      auto o = pv.dep.to_json();
      o["value"] = pv.value;
      return o;
    };
    if (arg.is_list) {
      json::array items;
      for (const auto& pv : arg.props)
        items.push_back(entry(pv));
      out.push_back(std::move(items));
    } else if (!arg.props.empty()) {
      out.push_back(entry(arg.props.front()));
    }
  }
  return out;
}

} // namespace

std::vector<triggered_prop> callback_context::triggered() const {
  std::vector<triggered_prop> out;
  for (const auto& key : req_->changed_props) {
    auto [id, prop] = split_prop_id(key);
    const auto* v = find_value(req_->inputs, id, prop);
    out.push_back(triggered_prop{key, v != nullptr ? *v : json::value{}});
  }
  return out;
}

json::value callback_context::triggered_id() const {
  if (req_->changed_props.empty())
    return nullptr;
  return split_prop_id(req_->changed_props.front()).first;
}

json::object callback_context::triggered_prop_ids() const {
  json::object out;
  for (const auto& key : req_->changed_props)
    out[key] = split_prop_id(key).first;
  return out;
}

bool callback_context::triggered_by(std::string_view id_or_prop) const {
  for (const auto& key : req_->changed_props) {
    if (key == id_or_prop)
      return true;
    auto dot = key.rfind('.');
    if (dot != std::string::npos && key.compare(0, dot, id_or_prop) == 0
        && id_or_prop.size() == dot)
      return true;
  }
  return false;
}

json::object callback_context::inputs() const {
  return to_dict(req_->inputs);
}

json::object callback_context::states() const {
  return to_dict(req_->states);
}

json::array callback_context::inputs_list() const {
  return to_list(req_->inputs);
}

json::array callback_context::states_list() const {
  return to_list(req_->states);
}

json::value callback_context::outputs_list() const {
  json::array out;
  for (const auto& o : req_->outputs) {
    if (o.is_list) {
      json::array items;
      for (const auto& d : o.deps)
        items.push_back(d.to_json());
      out.push_back(std::move(items));
    } else if (!o.deps.empty()) {
      out.push_back(o.deps.front().to_json());
    }
  }
  bool multi = is_multi_output(req_->output);
  if (!multi && out.size() == 1)
    return out.front();
  return out;
}

json::value callback_context::value(std::string_view id,
                                    std::string_view prop) const {
  auto key_id = id_from_text(id);
  if (const auto* v = find_value(req_->inputs, key_id, prop))
    return *v;
  if (const auto* v = find_value(req_->states, key_id, prop))
    return *v;
  return nullptr;
}

std::vector<const json::value*> callback_context::args() const {
  std::vector<const json::value*> out;
  out.reserve(req_->inputs.size() + req_->states.size());
  for (const auto& arg : req_->inputs)
    out.push_back(&arg.value);
  for (const auto& arg : req_->states)
    out.push_back(&arg.value);
  return out;
}

void callback_context::set_props(const json::value& id,
                                 const json::object& props) const {
  side_->set(id, props);
}

json::object callback_context::side_updates() const {
  return side_->get();
}

json::object callback_context::cookies() const {
  return req_->meta ? req_->meta->cookies() : json::object{};
}

json::object callback_context::headers() const {
  return req_->meta ? req_->meta->headers() : json::object{};
}

std::string callback_context::path() const {
  return req_->meta ? req_->meta->path : std::string{};
}

std::string callback_context::remote() const {
  return req_->meta ? req_->meta->remote : std::string{};
}

} // namespace dash::model
