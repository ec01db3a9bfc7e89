// model/json.cpp
// Sorted JSON serialization and id keys, shared by specs, requests and
// responses so every layer spells an id the same way.
#include "model/json.hpp"

#include <algorithm>
#include <charconv>
#include <cstddef>
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

namespace {

/// The number tokens of JSON `text` in document order (strings skipped).
std::vector<std::string_view> number_tokens(std::string_view text) {
  std::vector<std::string_view> out;
  std::size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == '"') {
      for (++i; i < text.size() && text[i] != '"'; ++i)
        if (text[i] == '\\')
          ++i;
      ++i;
    } else if (c == '-' || (c >= '0' && c <= '9')) {
      auto start = i;
      while (i < text.size()
             && (text[i] == '-' || text[i] == '+' || text[i] == '.'
                 || text[i] == 'e' || text[i] == 'E'
                 || (text[i] >= '0' && text[i] <= '9')))
        ++i;
      out.push_back(text.substr(start, i - start));
    } else {
      ++i;
    }
  }
  return out;
}

/// Walks `v` depth first (the document order of a parsed text) and sets
/// each double from its token.
void exact_doubles(json::value& v, const std::vector<std::string_view>& tokens,
                   std::size_t& next) {
  switch (v.kind()) {
    case json::kind::array:
      for (auto& x : v.get_array())
        exact_doubles(x, tokens, next);
      break;
    case json::kind::object:
      for (auto& kv : v.get_object())
        exact_doubles(kv.value(), tokens, next);
      break;
    case json::kind::double_: {
      if (next < tokens.size()) {
        auto t = tokens[next];
        double d = 0;
        auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), d);
        if (ec == std::errc{} && end == t.data() + t.size())
          v = d;
      }
      ++next;
      break;
    }
    case json::kind::int64:
    case json::kind::uint64:
      ++next;
      break;
    default:
      break;
  }
}

/// How many numbers `v` holds.
std::size_t count_numbers(const json::value& v) {
  switch (v.kind()) {
    case json::kind::array: {
      std::size_t n = 0;
      for (const auto& x : v.get_array())
        n += count_numbers(x);
      return n;
    }
    case json::kind::object: {
      std::size_t n = 0;
      for (const auto& kv : v.get_object())
        n += count_numbers(kv.value());
      return n;
    }
    case json::kind::double_:
    case json::kind::int64:
    case json::kind::uint64:
      return 1;
    default:
      return 0;
  }
}

} // namespace

json::value parse_exact(std::string_view text) {
  boost::system::error_code ec;
  auto v = parse_exact(text, ec);
  if (ec)
    throw boost::system::system_error(ec);
  return v;
}

json::value parse_exact(std::string_view text,
                        boost::system::error_code& ec) {
  auto v = json::parse(json::string_view{text.data(), text.size()}, ec);
  if (ec)
    return v;
  auto tokens = number_tokens(text);
  // Tokens and values pair up in document order unless the parser dropped
  // some (a repeated object key): then keep what it parsed.
  if (tokens.size() != count_numbers(v))
    return v;
  std::size_t next = 0;
  exact_doubles(v, tokens, next);
  return v;
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
