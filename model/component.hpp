// model/component.hpp
// An immutable node of a Dash layout: namespace, type and props. Builders
// return modified copies, so a layout is a plain value that is safe to share.
#pragma once

#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "model/json.hpp"

namespace dash::model {

class component;

/// One child of a component: another component, text or a number, as Dash's
/// `children` allows. Implicit, so `html::div({"a", dcc::graph("g"), 3})`
/// reads like the Python original.
class child {
public:
  child(const component& c);  // NOLINT(google-explicit-constructor)
  child(component&& c);       // NOLINT(google-explicit-constructor)
  child(const char* text);    // NOLINT
  child(std::string text);    // NOLINT
  child(std::string_view text); // NOLINT
  child(int number);          // NOLINT
  child(long number);         // NOLINT
  child(long long number);    // NOLINT
  child(double number);       // NOLINT
  /// Any JSON value, for children computed at run time.
  static child from_json(json::value v);

  const json::value& json() const& {
    return value_;
  }
  /// The JSON, moved out of a child that is going away.
  json::value json() && {
    return std::move(value_);
  }

private:
  child() = default;
  json::value value_;
};

/// A list of children, built from a braced list or at run time.
using children = std::vector<child>;

/// A Dash component: `{"type", "namespace", "props"}` on the wire.
class component {
public:
  component(std::string ns, std::string type);

  const std::string& ns() const {
    return ns_;
  }
  const std::string& type() const {
    return type_;
  }
  const json::object& props() const {
    return props_;
  }
  /// The prop named `name`, or nullptr.
  const json::value* prop(std::string_view name) const;

  // Each builder returns a modified copy; called on a temporary (a chain
  // like `html::div(..).id(..).style(..)`) it reuses the temporary's props
  // instead of copying them.

  /// A copy with prop `name` set to `v`.
  component with(std::string_view name, value_arg v) const&;
  component with(std::string_view name, value_arg v) &&;
  /// A copy with `id` set (a string, or an object for pattern-matching ids).
  component id(value_arg v) const&;
  component id(value_arg v) &&;
  /// A copy with the CSS class (`className`).
  component class_name(std::string_view cls) const&;
  component class_name(std::string_view cls) &&;
  /// A copy with inline style, e.g. `{{"color", "red"}}`.
  component style(json::object css) const&;
  component style(json::object css) &&;
  /// A copy with the given children (moved in when given as a temporary).
  component children(model::children kids) const&;
  component children(model::children kids) &&;
  component children(std::initializer_list<child> kids) const&;
  component children(std::initializer_list<child> kids) &&;
  /// A copy with a single child.
  component child_(child kid) const&;
  component child_(child kid) &&;

  /// The wire form.
  json::value to_json() const&;
  json::value to_json() &&;

private:
  std::string ns_;
  std::string type_;
  json::object props_;
};

/// Lets `json::value_from(component)` work, so callbacks can return layouts
/// (a returned temporary is moved, not copied).
void tag_invoke(const json::value_from_tag&, json::value& out,
                const component& c);
void tag_invoke(const json::value_from_tag&, json::value& out,
                component&& c);

/// Turns a child list into the JSON that goes under `children`.
json::value children_json(const model::children& kids);
json::value children_json(model::children&& kids);

} // namespace dash::model
