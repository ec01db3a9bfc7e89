// model/callback_context.cpp
// Derives Dash's callback_context views from the parsed request.
#include "model/callback_context.hpp"

#include <utility>

namespace dash::model {

callback_context::callback_context(std::shared_ptr<const callback_request> req,
                                   std::shared_ptr<spdlog::logger> log,
                                   std::string request_id)
  : req_(std::move(req)),
    log_(std::move(log)),
    request_id_(std::move(request_id)) {}

namespace {

const json::value* find_value(const std::vector<prop_value>& list,
                              std::string_view key) {
  for (const auto& pv : list)
    if (pv.dep.key() == key)
      return &pv.value;
  return nullptr;
}

} // namespace

std::vector<triggered_prop> callback_context::triggered() const {
  std::vector<triggered_prop> out;
  for (const auto& key : req_->changed_props) {
    const auto* v = find_value(req_->inputs, key);
    out.push_back(triggered_prop{key, v != nullptr ? *v : json::value{}});
  }
  return out;
}

std::string callback_context::triggered_id() const {
  if (req_->changed_props.empty())
    return {};
  const auto& key = req_->changed_props.front();
  auto dot = key.rfind('.');
  return dot == std::string::npos ? key : key.substr(0, dot);
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
  json::object out;
  for (const auto& pv : req_->inputs)
    out[pv.dep.key()] = pv.value;
  return out;
}

json::object callback_context::states() const {
  json::object out;
  for (const auto& pv : req_->states)
    out[pv.dep.key()] = pv.value;
  return out;
}

json::value callback_context::value(std::string_view id,
                                    std::string_view prop) const {
  auto key = std::string{id} + "." + std::string{prop};
  if (const auto* v = find_value(req_->inputs, key))
    return *v;
  if (const auto* v = find_value(req_->states, key))
    return *v;
  return nullptr;
}

std::vector<const json::value*> callback_context::args() const {
  std::vector<const json::value*> out;
  out.reserve(req_->inputs.size() + req_->states.size());
  for (const auto& pv : req_->inputs)
    out.push_back(&pv.value);
  for (const auto& pv : req_->states)
    out.push_back(&pv.value);
  return out;
}

} // namespace dash::model
