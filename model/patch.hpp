// model/patch.hpp
// Dash's Patch: a callback returns it to change part of an output prop
// (append to a list, set one key...) instead of sending the whole value.
#pragma once

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

#include "model/json.hpp"

namespace dash::model {

/// One step of a path into a prop value: an object key or a list index.
/// Converts implicitly from strings and integers (not bool or char), so
/// `p["data"][0]` works.
class path_key {
public:
  path_key(std::string_view key) // NOLINT(google-explicit-constructor)
    : value_(key) {}
  path_key(const std::string& key) // NOLINT(google-explicit-constructor)
    : value_(key) {}
  /// Throws std::invalid_argument for a null pointer.
  path_key(const char* key); // NOLINT(google-explicit-constructor)
  template <class Int,
            std::enable_if_t<std::is_integral_v<Int>
                               && !std::is_same_v<Int, bool>
                               && !std::is_same_v<Int, char>,
                             int> = 0>
  path_key(Int index) // NOLINT(google-explicit-constructor)
    : value_(index) {}

  /// The key as JSON: a string or an integer.
  const json::value& get() const {
    return value_;
  }

private:
  json::value value_;
};

/// The operations Python's Patch offers, shared by a patch (which acts at
/// the root of the prop) and its cursors (which act at a nested path).
/// Each call records one operation; operations keep the order of the calls.
class patch_operations {
public:
  /// `p[key] = v`: sets the child `key` of this value to `v`.
  void assign(path_key key, value_arg v);
  /// `del p[key]`: removes the child `key` (object key or list index).
  void erase(path_key key);

  /// Adds `v` at the end of this list.
  void append(value_arg v);
  /// Adds `v` at the start of this list.
  void prepend(value_arg v);
  /// Adds `v` at position `index` of this list.
  void insert(std::int64_t index, value_arg v);
  /// Adds every item of `items` at the end of this list. `items` is
  /// anything converting to a JSON array (json::array, a std::vector...);
  /// throws std::invalid_argument if it converts to something else.
  void extend(value_arg items);
  /// The same with a braced list: `p.extend({1, "two"})`.
  void extend(std::initializer_list<json::value_ref> items);
  /// Removes every item equal to `v` from this list.
  void remove(value_arg v);
  /// Empties this list.
  void clear();
  /// Reverses the order of this list.
  void reverse();
  /// Sets every key of `entries` in this object (Python's `update`).
  /// `entries` is anything converting to a JSON object (json::object, a
  /// std::map...); throws std::invalid_argument if it converts to something
  /// else.
  void merge(value_arg entries);
  /// The same with a braced list: `p.merge({{"a", 1}, {"b", 2}})`.
  void merge(
    std::initializer_list<std::pair<json::string_view, json::value_ref>>
      entries);

  /// `p += v`: adds `v` to this number.
  void add(value_arg v);
  /// `p -= v`: subtracts `v` from this number.
  void sub(value_arg v);
  /// `p *= v`: multiplies this number by `v`.
  void mul(value_arg v);
  /// `p /= v`: divides this number by `v`.
  void div(value_arg v);

protected:
  patch_operations() = default;
  patch_operations(const patch_operations&) = default;
  patch_operations& operator=(const patch_operations&) = default;
  ~patch_operations() = default;

private:
  /// Stores operation `name` at this target's path, followed by `*child`
  /// when it is given (Assign and Delete name a child of the target).
  virtual void record(std::string_view name, const path_key* child,
                      json::object params) = 0;
};

/// A Patch for one output prop. A value type: copies are independent.
/// ```cpp
/// dash::model::patch p;
/// p["data"][0]["y"].append(5);
/// p["layout"]["title"] = "New";
/// return p;  // the callback's output value
/// ```
class patch final : public patch_operations {
public:
  /// A position inside the prop. It records into the patch it came from,
  /// so it must not outlive that patch.
  class cursor;

  patch() = default;

  /// The cursor at child `key` of the prop's root.
  cursor operator[](path_key key);

  /// True when no operation was recorded.
  bool empty() const {
    return operations_.empty();
  }
  /// The number of operations recorded.
  std::size_t size() const {
    return operations_.size();
  }

  /// The wire form dash-renderer applies (Python's `to_plotly_json()`):
  /// `{"__dash_patch_update": "__dash_patch_update", "operations": [...]}`.
  json::value to_json() const;

private:
  void record(std::string_view name, const path_key* child,
              json::object params) override;
  void push(std::string_view name, json::array location,
            json::object params);

  json::array operations_;
};

class patch::cursor final : public patch_operations {
public:
  cursor(const cursor&) = default;
  /// Deleted: a cursor is never rebound, and `p["a"] = p["b"]` cannot be
  /// an Assign since a cursor has no value.
  cursor& operator=(const cursor&) = delete;
  ~cursor() = default;

  /// `p[...][key]`: the cursor one step further down.
  cursor operator[](path_key key) const;

  /// `p[...] = v`: records an Assign of `v` at this cursor's path.
  cursor& operator=(value_arg v);

  /// The path from the prop's root, as strings and integers.
  const json::array& location() const {
    return path_;
  }

private:
  friend class patch;

  cursor(patch& owner, json::array path);

  void record(std::string_view name, const path_key* child,
              json::object params) override;

  patch& owner_;
  json::array path_;
};

/// Lets `json::value_from(p)` give the wire form, so a callback may return
/// a patch wherever it returns a value.
void tag_invoke(json::value_from_tag, json::value& jv, const patch& p);

/// True when `v` is a patch's wire form: a change the browser applies to
/// the prop's current value, not the value itself.
bool is_patch(const json::value& v);

} // namespace dash::model
