// actors/core/system_types.cpp
// Registration of the type-ID block and the error category.
#include "actors/core/system_types.hpp"

#include <cstdint>
#include <string>

#include <caf/actor_system_config.hpp>
#include <caf/atom.hpp>
#include <caf/message.hpp>

#include "actors/core/errors.hpp"
#include "actors/core/interfaces.hpp"
#include "actors/core/messages.hpp"

namespace dash::actors {

void register_system_types(caf::actor_system_config& cfg) {
  cfg.add_message_types<caf::id_block::dashcpp>();
  // "dash: forbidden (refused: wrong cluster secret)" in CAF's rendering.
  cfg.add_error_category(
    caf::atom("dash"),
    [](std::uint8_t code, caf::atom_value, const caf::message& context) {
      std::string out = "dash: ";
      out += to_string(static_cast<errc>(code));
      if (context.match_elements<std::string>())
        out += " (" + context.get_as<std::string>(0) + ")";
      return out;
    });
}

} // namespace dash::actors
