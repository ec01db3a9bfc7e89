// apps/common/table.cpp
// Builds the table markup from data.
#include "apps/common/table.hpp"

namespace apps {

dash::component simple_table(const std::vector<std::string>& columns,
                             const dash::json::array& rows) {
  using namespace dash;
  children header;
  for (const auto& c : columns)
    header.push_back(html::th(c));
  children body;
  for (const auto& row : rows) {
    children cells;
    for (const auto& c : columns) {
      const auto* v = row.is_object() ? row.get_object().if_contains(c)
                                      : nullptr;
      cells.push_back(html::td(
        v == nullptr      ? model::child{""}
        : v->is_string() ? model::child{std::string{v->get_string()}}
                          : model::child::from_json(*v)));
    }
    body.push_back(html::tr(cells));
  }
  return html::table({html::thead(html::tr(header)), html::tbody(body)});
}

} // namespace apps
