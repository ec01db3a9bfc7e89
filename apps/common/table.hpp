// apps/common/table.hpp
// `simple_table`: an html::table from column names and rows of JSON
// values, as the seed's examples build their tables.
#pragma once

#include <string>
#include <vector>

#include <dash/dash.hpp>

namespace apps {

/// A table with a header row and one row per entry of `rows`, each an
/// object read by the column names.
dash::component simple_table(const std::vector<std::string>& columns,
                             const dash::json::array& rows);

} // namespace apps
