// tests/actors/errors_test.cpp
// actors/core/errors: a dash error keeps its code and message through a
// caf::error, CAF's own errors read as the codes the HTTP layer answers,
// and a system set up by register_system_types renders the category.
#include "actors/core/errors.hpp"

#include <caf/all.hpp>
#include <catch2/catch.hpp>

#include "actors/core/system_types.hpp"

using namespace dash::actors;
using dash::errc;

TEST_CASE("errors: a dash error keeps its code and its message",
          "[actors][unit]") {
  auto e = caf::make_error(errc::forbidden, std::string{"wrong secret"});
  CHECK(e.category() == caf::atom("dash"));
  CHECK(errc_of(e) == errc::forbidden);
  CHECK(message_of(e) == "wrong secret");
  CHECK(message_of(caf::make_error(errc::unavailable)) == "unavailable");
  CHECK(errc_of(caf::error{}) == errc::none);
}

TEST_CASE("errors: CAF's errors read as the codes a client sees",
          "[actors][unit]") {
  CHECK(errc_of(caf::make_error(caf::sec::request_timeout)) == errc::timeout);
  CHECK(errc_of(caf::make_error(caf::sec::request_receiver_down))
        == errc::worker_lost);
  CHECK(errc_of(caf::make_error(caf::sec::runtime_error)) == errc::internal);
}

TEST_CASE("errors: a configured system renders the dash category",
          "[actors][unit]") {
  caf::actor_system_config cfg;
  register_system_types(cfg);
  cfg.set("scheduler.max-threads", 1);
  caf::actor_system sys{cfg};
  auto text = sys.render(caf::make_error(errc::forbidden,
                                         std::string{"wrong secret"}));
  CHECK(text == "dash: forbidden (wrong secret)");
}
