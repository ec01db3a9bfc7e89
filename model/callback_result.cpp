// model/callback_result.cpp
// Encoding of callback results into the renderer's response format.
#include "model/callback_result.hpp"

#include <string>
#include <utility>
#include <vector>

#include "model/callback_request.hpp"
#include "model/callback_spec.hpp"
#include "model/errors.hpp"

namespace dash::model {

bool callback_result::is_prevented() const {
  if (prevented_)
    return true;
  for (const auto& v : values_)
    if (!v.is_no_update())
      return false;
  return true;
}

namespace {

/// The response by component id, then prop: it points at the result's
/// values instead of copying them into a json::object (order and
/// overwrites as json::object's).
class response_slots {
public:
  void put(const dependency& dep, const json::value& v) {
    auto id = id_key(dep.id);
    auto prop = dep.bare_property();
    slot* s = nullptr;
    for (auto& x : slots_)
      if (x.id == id)
        s = &x;
    if (s == nullptr)
      s = &slots_.emplace_back(slot{std::move(id), {}});
    for (auto& [name, value] : s->props)
      if (name == prop)
        return void(value = &v);
    s->props.emplace_back(std::move(prop), &v);
  }

  bool empty() const {
    return slots_.empty();
  }

  /// Appends `{"<id>": {"<prop>": v, ..}, ..}` to `out`.
  void write(std::string& out) const {
    out += '{';
    bool first = true;
    for (const auto& s : slots_) {
      if (!first)
        out += ',';
      first = false;
      out += json::serialize(json::string_view{s.id});
      out += ":{";
      bool first_prop = true;
      for (const auto& [name, value] : s.props) {
        if (!first_prop)
          out += ',';
        first_prop = false;
        out += json::serialize(json::string_view{name});
        out += ':';
        out += json::serialize(*value);
      }
      out += '}';
    }
    out += '}';
  }

private:
  struct slot {
    std::string id;
    std::vector<std::pair<std::string, const json::value*>> props;
  };
  std::vector<slot> slots_;
};

} // namespace

std::string encode_response(const callback_spec& spec,
                            const callback_request& request,
                            const callback_result& result,
                            const json::object& side) {
  const auto& values = result.outputs();
  auto cb = spec.output_key();
  response_slots response;
  // Nothing to write when every output is left alone, as one `no_update`
  // for all of them, or when the callback has no outputs.
  bool unchanged = result.is_prevented();
  if (!unchanged && values.size() != spec.outputs.size())
    throw argument_error("callback " + cb + " returned "
                         + std::to_string(values.size()) + " values for "
                         + std::to_string(spec.outputs.size()) + " outputs");
  for (std::size_t i = 0; !unchanged && i < values.size(); ++i) {
    if (values[i].is_no_update())
      continue;
    const auto& v = values[i].value();
    const request_output* target
      = i < request.outputs.size() ? &request.outputs[i] : nullptr;
    if (target == nullptr || !target->is_list) {
      response.put(target != nullptr && !target->deps.empty()
                     ? target->deps.front()
                     : spec.outputs[i],
                   v);
      continue;
    }
    // An ALL output: one value per matched component, in order.
    if (!v.is_array())
      throw argument_error("callback " + cb + ": output "
                           + spec.outputs[i].key()
                           + " is an ALL pattern, so it takes a list (one "
                             "value per matching component), got "
                           + std::string{kind_name(v)});
    const auto& list = v.get_array();
    if (list.size() != target->deps.size())
      throw argument_error("callback " + cb + ": output "
                           + spec.outputs[i].key() + " matches "
                           + std::to_string(target->deps.size())
                           + " components, the callback returned "
                           + std::to_string(list.size()) + " values");
    for (std::size_t j = 0; j < list.size(); ++j)
      response.put(target->deps[j], list[j]);
  }
  if (response.empty() && side.empty())
    return {};
  std::string body;
  body.reserve(256);
  body += R"({"multi":true,"response":)";
  response.write(body);
  if (!side.empty()) {
    body += R"(,"sideUpdate":)";
    body += json::serialize(side);
  }
  body += '}';
  return body;
}

} // namespace dash::model
