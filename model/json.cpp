// model/json.cpp
// Sorted JSON serialization and id keys, shared by specs, requests and
// responses so every layer spells an id the same way.
#include "model/json.hpp"

#include <algorithm>
#include <vector>

namespace dash::model {

namespace {

void write_sorted(const json::value& v, std::string& out) {
  switch (v.kind()) {
    case json::kind::object: {
      const auto& obj = v.get_object();
      std::vector<const json::key_value_pair*> items;
      items.reserve(obj.size());
      for (const auto& kv : obj)
        items.push_back(&kv);
      std::sort(items.begin(), items.end(), [](auto* a, auto* b) {
        return a->key() < b->key();
      });
      out += '{';
      bool first = true;
      for (auto* kv : items) {
        if (!first)
          out += ',';
        first = false;
        out += json::serialize(json::string_view{kv->key()});
        out += ':';
        write_sorted(kv->value(), out);
      }
      out += '}';
      return;
    }
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& x : v.get_array()) {
        if (!first)
          out += ',';
        first = false;
        write_sorted(x, out);
      }
      out += ']';
      return;
    }
    default:
      out += json::serialize(v);
  }
}

} // namespace

std::string sorted_json(const json::value& v) {
  std::string out;
  write_sorted(v, out);
  return out;
}

std::string id_key(const json::value& id) {
  if (id.is_string())
    return std::string{id.get_string()};
  return sorted_json(id);
}

std::string_view kind_name(const json::value& v) {
  switch (v.kind()) {
    case json::kind::null:
      return "null";
    case json::kind::bool_:
      return "boolean";
    case json::kind::int64:
    case json::kind::uint64:
    case json::kind::double_:
      return "number";
    case json::kind::string:
      return "string";
    case json::kind::array:
      return "array";
    case json::kind::object:
      return "object";
  }
  return "unknown";
}

} // namespace dash::model
