// model/json.cpp
// Sorted JSON serialization and id keys, shared by specs, requests and
// responses so every layer spells an id the same way (parsing is in
// json_parse.cpp).
#include "model/json.hpp"

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <limits>
#include <vector>

namespace dash::model {

namespace {

void write_python_string(std::string_view s, std::string& out) {
  static constexpr char hex[] = "0123456789abcdef";
  auto u_escape = [&](unsigned cp) {
    out += "\\u";
    for (int shift = 12; shift >= 0; shift -= 4)
      out += hex[(cp >> shift) & 15];
  };
  out += '"';
  for (std::size_t i = 0; i < s.size();) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
          if (c < 0x20 || c == 0x7f)
            u_escape(c);
          else
            out += static_cast<char>(c);
      }
      ++i;
      continue;
    }
    // A UTF-8 sequence (Boost.JSON only holds valid UTF-8): decode it and
    // escape the code point, as a surrogate pair beyond the BMP.
    int len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : 2;
    unsigned cp = c & (len == 4 ? 0x07 : len == 3 ? 0x0f : 0x1f);
    for (int k = 1; k < len && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3f);
    i += len;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      u_escape(0xd800 + (cp >> 10));
      u_escape(0xdc00 + (cp & 0x3ff));
    } else {
      u_escape(cp);
    }
  }
  out += '"';
}

/// Python's repr of a float: the shortest digits that read back exactly,
/// in fixed notation for decimal exponents -4..15, else scientific.
void write_python_float(double d, std::string& out) {
  if (d != d) {
    out += "NaN";
    return;
  }
  if (d == std::numeric_limits<double>::infinity()) {
    out += "Infinity";
    return;
  }
  if (d == -std::numeric_limits<double>::infinity()) {
    out += "-Infinity";
    return;
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof buf, d,
                           std::chars_format::scientific);
  std::string_view sci{buf, static_cast<std::size_t>(res.ptr - buf)};
  bool negative = sci.front() == '-';
  if (negative)
    sci.remove_prefix(1);
  auto e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos))
    if (c != '.')
      digits += c;
  int exp = 0;
  std::from_chars(sci.data() + e_pos + 1 + (sci[e_pos + 1] == '+'),
                  sci.data() + sci.size(), exp);
  if (negative)
    out += '-';
  auto n = static_cast<int>(digits.size());
  if (exp >= -4 && exp < 16) {
    if (exp < 0) {
      out += "0.";
      out.append(static_cast<std::size_t>(-exp - 1), '0');
      out += digits;
    } else if (exp + 1 >= n) {
      out += digits;
      out.append(static_cast<std::size_t>(exp + 1 - n), '0');
      out += ".0";
    } else {
      out += digits.substr(0, static_cast<std::size_t>(exp + 1));
      out += '.';
      out += digits.substr(static_cast<std::size_t>(exp + 1));
    }
    return;
  }
  out += digits.front();
  if (n > 1) {
    out += '.';
    out += digits.substr(1);
  }
  out += exp < 0 ? "e-" : "e+";
  auto mag = std::to_string(exp < 0 ? -exp : exp);
  if (mag.size() < 2)
    out += '0';
  out += mag;
}

/// How a JSON text is spelled: compact with sorted keys (dashcpp's own
/// keys), or as Python's json.dumps writes it (Dash's ids).
struct json_style {
  bool sort_keys;
  const char* item_sep;
  const char* key_sep;
  bool python_scalars; ///< strings ASCII-escaped, floats as Python's repr
};

constexpr json_style compact_sorted{true, ",", ":", false};
constexpr json_style python_dumps{false, ", ", ": ", true};

/// The members of `obj`, sorted by key when `sort` is set.
std::vector<const json::key_value_pair*> members(const json::object& obj,
                                                 bool sort) {
  std::vector<const json::key_value_pair*> items;
  items.reserve(obj.size());
  for (const auto& kv : obj)
    items.push_back(&kv);
  if (sort)
    std::sort(items.begin(), items.end(),
              [](auto* a, auto* b) { return a->key() < b->key(); });
  return items;
}

void write_key(json::string_view key, const json_style& style,
               std::string& out) {
  if (style.python_scalars)
    write_python_string(key, out);
  else
    out += json::serialize(key);
}

void write(const json::value& v, const json_style& style, std::string& out) {
  switch (v.kind()) {
    case json::kind::object: {
      out += '{';
      bool first = true;
      for (const auto* kv : members(v.get_object(), style.sort_keys)) {
        if (!first)
          out += style.item_sep;
        first = false;
        write_key(kv->key(), style, out);
        out += style.key_sep;
        write(kv->value(), style, out);
      }
      out += '}';
      return;
    }
    case json::kind::array: {
      out += '[';
      bool first = true;
      for (const auto& x : v.get_array()) {
        if (!first)
          out += style.item_sep;
        first = false;
        write(x, style, out);
      }
      out += ']';
      return;
    }
    case json::kind::string:
      if (style.python_scalars)
        return write_python_string(v.get_string(), out);
      break;
    case json::kind::double_:
      if (style.python_scalars)
        return write_python_float(v.get_double(), out);
      break;
    default:
      break;
  }
  out += json::serialize(v); // integers, booleans, null, or compact text
}

} // namespace

std::string sorted_json(const json::value& v) {
  std::string out;
  write(v, compact_sorted, out);
  return out;
}

std::string python_json(const json::value& v) {
  std::string out;
  write(v, python_dumps, out);
  return out;
}

std::string id_key(const json::value& id) {
  if (id.is_string())
    return std::string{id.get_string()};
  const auto* obj = id.if_object();
  if (obj == nullptr)
    return python_json(id);
  // Dash's stringify_id: sorted keys, no spaces between entries, each
  // value as json.dumps writes it.
  std::string out = "{";
  bool first = true;
  for (const auto* kv : members(*obj, true)) {
    if (!first)
      out += ',';
    first = false;
    write_python_string(kv->key(), out);
    out += ':';
    write(kv->value(), python_dumps, out);
  }
  out += '}';
  return out;
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
