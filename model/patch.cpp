// model/patch.cpp
// Each patch operation becomes one {"operation", "location", "params"}
// object, the same JSON (keys in the same order) Python Dash's Patch sends.
#include "model/patch.hpp"

#include <stdexcept>
#include <string>
#include <utility>

namespace dash::model {

namespace {

/// The params {"value": v} most operations take.
json::object with_value(json::value v) {
  json::object params;
  params["value"] = std::move(v);
  return params;
}

/// `v` as JSON, or std::invalid_argument naming `operation` and what it
/// needed when `v` is not of kind `want`.
json::value checked(value_arg v, json::kind want, std::string_view operation,
                    std::string_view needed) {
  json::value out(std::move(v));
  if (out.kind() != want)
    throw std::invalid_argument("patch " + std::string(operation) + " needs "
                                + std::string(needed) + ", got "
                                + std::string(kind_name(out)));
  return out;
}

} // namespace

path_key::path_key(const char* key) {
  if (key == nullptr)
    throw std::invalid_argument("a patch path key cannot be a null pointer");
  value_ = std::string_view(key);
}

// -- patch_operations --------------------------------------------------------

void patch_operations::assign(path_key key, value_arg v) {
  record("Assign", &key, with_value(std::move(v)));
}

void patch_operations::erase(path_key key) {
  record("Delete", &key, {});
}

void patch_operations::append(value_arg v) {
  record("Append", nullptr, with_value(std::move(v)));
}

void patch_operations::prepend(value_arg v) {
  record("Prepend", nullptr, with_value(std::move(v)));
}

void patch_operations::insert(std::int64_t index, value_arg v) {
  auto params = with_value(std::move(v));
  params["index"] = index;
  record("Insert", nullptr, std::move(params));
}

void patch_operations::extend(value_arg items) {
  record("Extend", nullptr,
         with_value(checked(std::move(items), json::kind::array, "extend",
                            "a list (a JSON array)")));
}

void patch_operations::extend(std::initializer_list<json::value_ref> items) {
  record("Extend", nullptr, with_value(json::array(items)));
}

void patch_operations::remove(value_arg v) {
  record("Remove", nullptr, with_value(std::move(v)));
}

void patch_operations::clear() {
  record("Clear", nullptr, {});
}

void patch_operations::reverse() {
  record("Reverse", nullptr, {});
}

void patch_operations::merge(value_arg entries) {
  record("Merge", nullptr,
         with_value(checked(std::move(entries), json::kind::object, "merge",
                            "a dict (a JSON object)")));
}

void patch_operations::merge(
  std::initializer_list<std::pair<json::string_view, json::value_ref>>
    entries) {
  record("Merge", nullptr, with_value(json::object(entries)));
}

void patch_operations::add(value_arg v) {
  record("Add", nullptr, with_value(std::move(v)));
}

void patch_operations::sub(value_arg v) {
  record("Sub", nullptr, with_value(std::move(v)));
}

void patch_operations::mul(value_arg v) {
  record("Mul", nullptr, with_value(std::move(v)));
}

void patch_operations::div(value_arg v) {
  record("Div", nullptr, with_value(std::move(v)));
}

// -- patch -------------------------------------------------------------------

patch::cursor patch::operator[](path_key key) {
  return cursor{*this, json::array{key.get()}};
}

json::value patch::to_json() const {
  json::object out;
  out["__dash_patch_update"] = "__dash_patch_update";
  out["operations"] = operations_;
  return out;
}

void patch::record(std::string_view name, const path_key* child,
                   json::object params) {
  json::array location;
  if (child != nullptr)
    location.push_back(child->get());
  push(name, std::move(location), std::move(params));
}

void patch::push(std::string_view name, json::array location,
                 json::object params) {
  json::object op;
  op["operation"] = name;
  op["location"] = std::move(location);
  op["params"] = std::move(params);
  operations_.push_back(std::move(op));
}

// -- patch::cursor -----------------------------------------------------------

patch::cursor::cursor(patch& owner, json::array path)
  : owner_(owner), path_(std::move(path)) {}

patch::cursor patch::cursor::operator[](path_key key) const {
  auto path = path_;
  path.push_back(key.get());
  return cursor{owner_, std::move(path)};
}

patch::cursor& patch::cursor::operator=(value_arg v) {
  record("Assign", nullptr, with_value(std::move(v)));
  return *this;
}

void patch::cursor::record(std::string_view name, const path_key* child,
                           json::object params) {
  auto location = path_;
  if (child != nullptr)
    location.push_back(child->get());
  owner_.push(name, std::move(location), std::move(params));
}

void tag_invoke(json::value_from_tag, json::value& jv, const patch& p) {
  jv = p.to_json();
}

bool is_patch(const json::value& v) {
  const auto* obj = v.if_object();
  return obj != nullptr && obj->contains("__dash_patch_update");
}

} // namespace dash::model
