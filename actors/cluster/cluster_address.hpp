// actors/cluster/cluster_address.hpp
// "host:port" addresses of cluster ports, as configured (cluster-seeds)
// and as members tell each other: one parser for both.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace dash::actors {

using cluster_address = std::pair<std::string, std::uint16_t>;

/// `text` as host and port (1 to 65535), or nullopt when it is not one.
std::optional<cluster_address> parse_address(std::string_view text);

/// Parses "host:port,host:port" (blanks around an entry and empty entries
/// ignored); throws std::invalid_argument naming the first bad entry.
std::vector<cluster_address> parse_seeds(std::string_view list);

} // namespace dash::actors
