// apps/common/table.cpp
// Builds the table markup from data.
#include "apps/common/table.hpp"

#include <utility>

namespace apps {

dash::component simple_table(const std::vector<std::string>& columns,
                             const dash::json::array& rows) {
  using namespace dash;
  children header;
  header.reserve(columns.size());
  for (const auto& c : columns)
    header.push_back(html::th(c));
  children body;
  body.reserve(rows.size());
  for (const auto& row : rows) {
    children cells;
    cells.reserve(columns.size());
    for (const auto& c : columns) {
      const auto* v = row.is_object() ? row.get_object().if_contains(c)
                                      : nullptr;
      cells.push_back(html::td(
        v == nullptr      ? model::child{""}
        : v->is_string() ? model::child{std::string{v->get_string()}}
                          : model::child::from_json(*v)));
    }
    body.push_back(html::tr(std::move(cells)));
  }
  // Built up by moves: each row's JSON is made once.
  children parts;
  parts.push_back(html::thead(html::tr(std::move(header))));
  parts.push_back(html::tbody(std::move(body)));
  return html::table(std::move(parts));
}

} // namespace apps
