// model/component.cpp
// Component values and their JSON form.
#include "model/component.hpp"

#include <utility>

namespace dash::model {

child::child(const component& c) : value_(c.to_json()) {}
child::child(component&& c) {
  // A temporary component (as `html::div({html::p(..)})` makes) gives up
  // its props instead of copying them.
  json::object o;
  o.reserve(3);
  o.emplace("type", json::string{c.type_});
  o.emplace("namespace", json::string{c.ns_});
  o.emplace("props", std::move(c.props_));
  value_ = std::move(o);
}
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

component component::with(std::string_view name, value_arg v) const {
  component copy = *this;
  copy.props_[name] = json::value(std::move(v));
  return copy;
}

component component::id(value_arg v) const {
  return with("id", std::move(v));
}

component component::class_name(std::string_view cls) const {
  return with("className", json::string{cls});
}

component component::style(json::object css) const {
  return with("style", std::move(css));
}

component component::children(const model::children& kids) const {
  return with("children", children_json(kids));
}

component component::children(std::initializer_list<child> kids) const {
  json::array arr;
  arr.reserve(kids.size());
  for (const auto& k : kids)
    arr.push_back(k.json());
  return with("children", std::move(arr));
}

component component::child_(const child& kid) const {
  return with("children", kid.json());
}

json::value component::to_json() const {
  return json::object{{"type", type_}, {"namespace", ns_}, {"props", props_}};
}

void tag_invoke(const json::value_from_tag&, json::value& out,
                const component& c) {
  out = c.to_json();
}

json::value children_json(const model::children& kids) {
  json::array arr;
  arr.reserve(kids.size());
  for (const auto& k : kids)
    arr.push_back(k.json());
  return arr;
}

} // namespace dash::model
