// model/component.cpp
// Component values and their JSON form.
#include "model/component.hpp"

#include <utility>

namespace dash::model {

child::child(const component& c) : value_(c.to_json()) {}
// A temporary component (as `html::div({html::p(..)})` makes) gives up its
// props instead of copying them.
child::child(component&& c) : value_(std::move(c).to_json()) {}
child::child(const char* text) : value_(text) {}
child::child(std::string text) : value_(json::string{text}) {}
child::child(std::string_view text) : value_(json::string{text}) {}
child::child(int number) : value_(number) {}
child::child(long number) : value_(number) {}
child::child(long long number) : value_(number) {}
child::child(double number) : value_(number) {}

child child::from_json(json::value v) {
  child c;
  c.value_ = std::move(v);
  return c;
}

component::component(std::string ns, std::string type)
  : ns_(std::move(ns)), type_(std::move(type)) {}

const json::value* component::prop(std::string_view name) const {
  return props_.if_contains(name);
}

component component::with(std::string_view name, value_arg v) const& {
  return component{*this}.with(name, std::move(v));
}

component component::with(std::string_view name, value_arg v) && {
  props_[name] = json::value(std::move(v));
  return std::move(*this);
}

component component::id(value_arg v) const& {
  return with("id", std::move(v));
}

component component::id(value_arg v) && {
  return std::move(*this).with("id", std::move(v));
}

component component::class_name(std::string_view cls) const& {
  return with("className", json::string{cls});
}

component component::class_name(std::string_view cls) && {
  return std::move(*this).with("className", json::string{cls});
}

component component::style(json::object css) const& {
  return with("style", std::move(css));
}

component component::style(json::object css) && {
  return std::move(*this).with("style", std::move(css));
}

component component::children(model::children kids) const& {
  return with("children", children_json(std::move(kids)));
}

component component::children(model::children kids) && {
  return std::move(*this).with("children", children_json(std::move(kids)));
}

namespace {

json::array list_json(std::initializer_list<child> kids) {
  json::array arr;
  arr.reserve(kids.size());
  for (const auto& k : kids)
    arr.push_back(k.json());
  return arr;
}

} // namespace

component component::children(std::initializer_list<child> kids) const& {
  return with("children", list_json(kids));
}

component component::children(std::initializer_list<child> kids) && {
  return std::move(*this).with("children", list_json(kids));
}

component component::child_(child kid) const& {
  return with("children", std::move(kid).json());
}

component component::child_(child kid) && {
  return std::move(*this).with("children", std::move(kid).json());
}

json::value component::to_json() const& {
  return json::object{{"type", type_}, {"namespace", ns_}, {"props", props_}};
}

json::value component::to_json() && {
  json::object o;
  o.reserve(3);
  o.emplace("type", json::string{type_});
  o.emplace("namespace", json::string{ns_});
  o.emplace("props", std::move(props_));
  return o;
}

void tag_invoke(const json::value_from_tag&, json::value& out,
                const component& c) {
  out = c.to_json();
}

void tag_invoke(const json::value_from_tag&, json::value& out,
                component&& c) {
  out = std::move(c).to_json();
}

json::value children_json(const model::children& kids) {
  json::array arr;
  arr.reserve(kids.size());
  for (const auto& k : kids)
    arr.push_back(k.json());
  return arr;
}

json::value children_json(model::children&& kids) {
  json::array arr;
  arr.reserve(kids.size());
  for (auto& k : kids)
    arr.push_back(std::move(k).json());
  return arr;
}

} // namespace dash::model
