// model/callback_request.cpp
// Strict parsing of update-component bodies: every field is checked, so a
// malformed request becomes a 400 with a precise message, never a crash.
#include "model/callback_request.hpp"

#include <map>

#include "model/callback_spec.hpp"
#include "model/errors.hpp"

namespace dash::model {

namespace {

[[noreturn]] void fail(const std::string& msg) {
  throw request_error(msg);
}

dependency parse_dependency(const json::value& v, const std::string& where) {
  if (!v.is_object())
    fail(where + " must be an object with \"id\" and \"property\", got "
         + std::string{kind_name(v)});
  const auto& obj = v.get_object();
  const auto* id = obj.if_contains("id");
  if (id == nullptr)
    fail(where + " has no \"id\"");
  if (!id->is_string() && !id->is_object())
    fail(where + ".id must be a string or an object, got "
         + std::string{kind_name(*id)});
  const auto* prop = obj.if_contains("property");
  if (prop == nullptr || !prop->is_string())
    fail(where + ".property must be a string");
  return dependency{*id, std::string{prop->get_string()}};
}

prop_value parse_prop(const json::value& v, const std::string& where) {
  auto dep = parse_dependency(v, where);
  const auto* value = v.get_object().if_contains("value");
  return prop_value{std::move(dep), value != nullptr ? *value : json::value{}};
}

std::vector<request_arg> parse_values(const json::object& body,
                                      const char* field, bool required) {
  std::vector<request_arg> out;
  const auto* v = body.if_contains(field);
  if (v == nullptr || v->is_null()) {
    if (required)
      fail(std::string{"request has no \""} + field + "\" list");
    return out;
  }
  if (!v->is_array())
    fail(std::string{"\""} + field + "\" must be a list, got "
         + std::string{kind_name(*v)});
  const auto& arr = v->get_array();
  out.reserve(arr.size());
  for (std::size_t i = 0; i < arr.size(); ++i) {
    auto where = std::string{field} + "[" + std::to_string(i) + "]";
    if (const auto* list = arr[i].if_array()) {
      // The props an ALL or ALLSMALLER pattern matched.
      request_arg arg;
      arg.is_list = true;
      json::array values;
      for (std::size_t j = 0; j < list->size(); ++j) {
        arg.props.push_back(
          parse_prop((*list)[j], where + "[" + std::to_string(j) + "]"));
        values.push_back(arg.props.back().value);
      }
      arg.value = std::move(values);
      out.push_back(std::move(arg));
    } else {
      out.emplace_back(parse_prop(arr[i], where));
    }
  }
  return out;
}

request_output parse_output(const json::value& v, const std::string& where) {
  if (const auto* list = v.if_array()) {
    request_output o;
    o.is_list = true;
    for (std::size_t j = 0; j < list->size(); ++j)
      o.deps.push_back(
        parse_dependency((*list)[j], where + "[" + std::to_string(j) + "]"));
    return o;
  }
  return request_output{parse_dependency(v, where)};
}

} // namespace

namespace {

/// Calls `f(name, value)` for each `part` of `text` separated by `sep`
/// that holds `eq` (leading spaces of a part skipped; no name: skipped).
template <class F>
void for_each_pair(std::string_view text, std::string_view sep,
                   std::string_view eq, F f) {
  while (!text.empty()) {
    auto end = text.find(sep);
    auto part = text.substr(0, end);
    text = end == std::string_view::npos ? std::string_view{}
                                         : text.substr(end + sep.size());
    while (!part.empty() && part.front() == ' ')
      part.remove_prefix(1);
    auto at = part.find(eq);
    if (at == std::string_view::npos || at == 0)
      continue;
    f(part.substr(0, at), part.substr(at + eq.size()));
  }
}

json::string_view js(std::string_view s) {
  return {s.data(), s.size()};
}

} // namespace

json::object request_meta::cookies() const {
  json::object out;
  for_each_pair(cookie, ";", "=", [&](auto name, auto value) {
    out[js(name)] = js(value);
  });
  return out;
}

json::object request_meta::headers() const {
  json::object out;
  for_each_pair(header_lines, "\r\n", ": ", [&](auto name, auto value) {
    std::string lower{name};
    for (auto& c : lower)
      if (c >= 'A' && c <= 'Z')
        c = static_cast<char>(c - 'A' + 'a');
    out[lower] = js(value);
  });
  return out;
}

callback_request parse_callback_request(std::string_view body) {
  boost::system::error_code ec;
  auto doc = parse_exact(body, ec);
  if (ec)
    fail("request body is not valid JSON: " + ec.message());
  if (!doc.is_object())
    fail("request body must be a JSON object, got "
         + std::string{kind_name(doc)});
  const auto& obj = doc.get_object();
  callback_request req;
  const auto* output = obj.if_contains("output");
  if (output == nullptr || !output->is_string())
    fail("request has no \"output\" string naming the callback");
  req.output = std::string{output->get_string()};
  // The renderer leaves "outputs" out for a callback without outputs.
  const auto* outs = obj.if_contains("outputs");
  bool multi = is_multi_output(req.output);
  if (outs == nullptr || outs->is_null()) {
    // none: check_matches compares with the callback's outputs
  } else if (multi && outs->is_array()) {
    const auto& arr = outs->get_array();
    for (std::size_t i = 0; i < arr.size(); ++i)
      req.outputs.push_back(
        parse_output(arr[i], "outputs[" + std::to_string(i) + "]"));
  } else if (!(outs->is_array() && outs->get_array().empty())) {
    // One output (a list when it is an ALL pattern). An empty list is a
    // no-output callback's, or an ALL output matching nothing: the spec
    // tells which (check_matches).
    req.outputs.push_back(parse_output(*outs, "outputs"));
  }
  req.inputs = parse_values(obj, "inputs", true);
  req.states = parse_values(obj, "state", false);
  if (const auto* changed = obj.if_contains("changedPropIds");
      changed != nullptr && !changed->is_null()) {
    if (!changed->is_array())
      fail("\"changedPropIds\" must be a list of strings");
    for (const auto& c : changed->get_array()) {
      if (!c.is_string())
        fail("\"changedPropIds\" must be a list of strings");
      req.changed_props.emplace_back(c.get_string());
    }
  }
  return req;
}

namespace {

json::value write_output(const request_output& o) {
  if (!o.is_list && o.deps.size() == 1)
    return o.deps.front().to_json();
  json::array list;
  for (const auto& d : o.deps)
    list.push_back(d.to_json());
  return list;
}

json::object write_prop(const prop_value& p) {
  auto obj = p.dep.to_json();
  obj["value"] = p.value;
  return obj;
}

json::array write_values(const std::vector<request_arg>& args) {
  json::array out;
  for (const auto& a : args) {
    if (!a.is_list && a.props.size() == 1) {
      out.push_back(write_prop(a.props.front()));
      continue;
    }
    json::array list;
    for (const auto& p : a.props)
      list.push_back(write_prop(p));
    out.push_back(std::move(list));
  }
  return out;
}

} // namespace

std::string write_callback_request(const callback_request& req) {
  json::object body;
  body["output"] = req.output;
  if (is_multi_output(req.output)) {
    json::array outs;
    for (const auto& o : req.outputs)
      outs.push_back(write_output(o));
    body["outputs"] = std::move(outs);
  } else if (req.outputs.size() == 1) {
    body["outputs"] = write_output(req.outputs.front());
  } else {
    body["outputs"] = json::array{};
  }
  body["inputs"] = write_values(req.inputs);
  body["state"] = write_values(req.states);
  json::array changed;
  for (const auto& c : req.changed_props)
    changed.push_back(json::string{c});
  body["changedPropIds"] = std::move(changed);
  return json::serialize(body);
}

namespace {

/// True when `a` sorts before `b` the way the renderer orders wildcard
/// values (numbers by value, strings by text); other pairs are not compared
/// and pass.
bool below_or_incomparable(const json::value& a, const json::value& b) {
  if (a.is_number() && b.is_number())
    return a.to_number<double>() < b.to_number<double>();
  if (a.is_string() && b.is_string())
    return a.get_string() < b.get_string();
  return true;
}

/// Where in the body an entry is: "inputs[2]", "outputs", "state[0][3]".
/// Rendered only for messages, so a good request builds no strings.
struct field {
  const char* list;        ///< "inputs", "state" or "outputs"
  std::ptrdiff_t index;    ///< position in that list; -1: not a list
  std::ptrdiff_t item = -1; ///< position inside an ALL / ALLSMALLER list

  std::string text() const {
    std::string out = list;
    if (index >= 0)
      out += "[" + std::to_string(index) + "]";
    if (item >= 0)
      out += "[" + std::to_string(item) + "]";
    return out;
  }
};

/// Checks request entries against their declared dependencies and collects
/// the values MATCH takes, so that every MATCH of the call agrees.
class matcher {
public:
  explicit matcher(const callback_spec& spec) : spec_(spec) {}

  /// `count` concrete dependencies, the j-th given by `get(j)`.
  template <class Get>
  void check(const dependency& want, std::size_t count, Get get,
             bool is_list, field where) {
    bool wants_list = has_wildcard(want.id, wildcard::all)
                      || has_wildcard(want.id, wildcard::allsmaller);
    if (wants_list && !is_list)
      fail(name() + ": " + where.text() + " should be a list of the "
           "components matching " + want.key()
           + " (it has ALL or ALLSMALLER), the request has one object");
    if (!wants_list && is_list)
      fail(name() + ": " + where.text() + " should be one object for "
           + want.key() + ", the request has a list");
    bool pattern = want.is_pattern();
    for (std::size_t j = 0; j < count; ++j) {
      const dependency& d = get(j);
      auto at = where;
      if (is_list)
        at.item = static_cast<std::ptrdiff_t>(j);
      if (pattern ? !want.matches(d)
                  : !(d.id == want.id
                      && d.bare_property() == want.bare_property()))
        fail(name() + ": " + at.text() + " should be "
             + (pattern ? "a component matching " : "") + want.key()
             + ", the request has " + d.key());
      if (!pattern)
        continue;
      for (const auto& kv : want.id.get_object()) {
        auto w = wildcard_of(kv.value());
        if (w == wildcard::match)
          agree(kv.key(), d.id.get_object().at(kv.key()), at);
        else if (w == wildcard::allsmaller)
          smaller_.push_back(
            {std::string{kv.key()}, d.id.get_object().at(kv.key()), at});
      }
    }
  }

  /// ALLSMALLER values must be below the MATCH value on their key.
  void finish() const {
    for (const auto& s : smaller_) {
      auto it = match_.find(s.key);
      if (it == match_.end())
        continue;
      if (!below_or_incomparable(s.value, it->second.first))
        fail(name() + ": " + s.where.text() + " has " + s.key + " = "
             + json::serialize(s.value) + ", which is not smaller than the "
             "MATCH value " + json::serialize(it->second.first) + " ("
             + it->second.second.text() + ")");
    }
  }

  std::string name() const {
    return "callback " + spec_.output_key();
  }

private:
  void agree(json::string_view key, const json::value& v, field where) {
    auto [it, fresh] = match_.try_emplace(std::string{key}, v, where);
    if (!fresh && !(it->second.first == v))
      fail(name() + ": " + where.text() + " has " + std::string{key} + " = "
           + json::serialize(v) + " but " + it->second.second.text()
           + " has " + json::serialize(it->second.first)
           + "; every MATCH of one call must name the same value");
  }

  struct below {
    std::string key;
    json::value value;
    field where;
  };
  const callback_spec& spec_;
  std::map<std::string, std::pair<json::value, field>> match_;
  std::vector<below> smaller_;
};

void check_args(matcher& m, const std::vector<request_arg>& got,
                const std::vector<dependency>& want, const char* what) {
  if (got.size() != want.size())
    fail(m.name() + " takes " + std::to_string(want.size()) + " " + what
         + ", the request has " + std::to_string(got.size()));
  for (std::size_t i = 0; i < want.size(); ++i) {
    const auto& props = got[i].props;
    m.check(
      want[i], props.size(),
      [&props](std::size_t j) -> const dependency& { return props[j].dep; },
      got[i].is_list, field{what, static_cast<std::ptrdiff_t>(i)});
  }
}

} // namespace

void check_matches(const callback_request& req, const callback_spec& spec) {
  matcher m{spec};
  // A single ALL output matching nothing arrives as an empty list, which
  // parses as "no outputs".
  bool empty_all = spec.outputs.size() == 1 && !spec.multi_output
                   && req.outputs.empty();
  if (!empty_all) {
    if (req.outputs.size() != spec.outputs.size())
      fail(m.name() + " has " + std::to_string(spec.outputs.size())
           + " outputs, the request names "
           + std::to_string(req.outputs.size()));
    for (std::size_t i = 0; i < spec.outputs.size(); ++i) {
      const auto& deps = req.outputs[i].deps;
      m.check(
        spec.outputs[i], deps.size(),
        [&deps](std::size_t j) -> const dependency& { return deps[j]; },
        req.outputs[i].is_list,
        field{"outputs",
              spec.multi_output ? static_cast<std::ptrdiff_t>(i) : -1});
    }
  } else if (!has_wildcard(spec.outputs[0].id, wildcard::all)) {
    fail(m.name() + " has 1 output, the request names none");
  }
  check_args(m, req.inputs, spec.inputs, "inputs");
  check_args(m, req.states, spec.states, "state");
  m.finish();
}

} // namespace dash::model
