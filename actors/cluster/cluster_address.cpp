// actors/cluster/cluster_address.cpp
// The port is the digits after the last ':' (std::from_chars: no
// exceptions, no sign, no trailing text).
#include "actors/cluster/cluster_address.hpp"

#include <charconv>
#include <stdexcept>

namespace dash::actors {

std::optional<cluster_address> parse_address(std::string_view text) {
  auto colon = text.rfind(':');
  if (colon == std::string_view::npos || colon == 0)
    return std::nullopt;
  auto digits = text.substr(colon + 1);
  unsigned port = 0;
  auto [end, ec] =
    std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc{} || end != digits.data() + digits.size() || port == 0
      || port > 65535)
    return std::nullopt;
  return cluster_address{std::string{text.substr(0, colon)},
                         static_cast<std::uint16_t>(port)};
}

std::vector<cluster_address> parse_seeds(std::string_view list) {
  std::vector<cluster_address> out;
  while (!list.empty()) {
    auto comma = list.find(',');
    auto entry = list.substr(0, comma);
    list = comma == std::string_view::npos ? std::string_view{}
                                           : list.substr(comma + 1);
    while (!entry.empty() && entry.front() == ' ')
      entry.remove_prefix(1);
    while (!entry.empty() && entry.back() == ' ')
      entry.remove_suffix(1);
    if (entry.empty())
      continue;
    auto address = parse_address(entry);
    if (!address)
      throw std::invalid_argument("cluster-seeds: '" + std::string{entry}
                                  + "' is not host:port");
    out.push_back(std::move(*address));
  }
  return out;
}

} // namespace dash::actors
