// model/wildcard.cpp
// Wire form and detection of pattern-matching wildcards.
#include "model/wildcard.hpp"

namespace dash::model {

std::string_view to_string(wildcard w) {
  switch (w.kind()) {
    case wildcard::match:
      return "MATCH";
    case wildcard::all:
      return "ALL";
    case wildcard::allsmaller:
      return "ALLSMALLER";
  }
  return "MATCH";
}

wildcard::operator json::value() const {
  auto name = to_string(*this);
  return json::array{json::string_view{name.data(), name.size()}};
}

void tag_invoke(json::value_from_tag, json::value& v, wildcard w) {
  v = json::value(w);
}

std::optional<wildcard> wildcard_of(const json::value& v) {
  const auto* arr = v.if_array();
  if (arr == nullptr || arr->size() != 1 || !(*arr)[0].is_string())
    return std::nullopt;
  const auto& s = (*arr)[0].get_string();
  if (s == "MATCH")
    return wildcard::match;
  if (s == "ALL")
    return wildcard::all;
  if (s == "ALLSMALLER")
    return wildcard::allsmaller;
  return std::nullopt;
}

bool has_wildcard(const json::value& id) {
  if (const auto* obj = id.if_object())
    for (const auto& kv : *obj)
      if (wildcard_of(kv.value()))
        return true;
  return false;
}

bool has_wildcard(const json::value& id, wildcard w) {
  if (const auto* obj = id.if_object())
    for (const auto& kv : *obj)
      if (wildcard_of(kv.value()) == w)
        return true;
  return false;
}

} // namespace dash::model
