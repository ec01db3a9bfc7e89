// http/frontend_location.cpp
// The places a front end may be (setting, build hint, next to the program,
// install prefix) and the error that names them all when none is complete.
#include "http/frontend_location.hpp"

#include <filesystem>
#include <system_error>

#ifndef DASH_INSTALL_FRONTEND_DIR
#define DASH_INSTALL_FRONTEND_DIR ""
#endif

namespace dash::http {

namespace fs = std::filesystem;

namespace {

/// `<folder of this executable>/../share/dashcpp/frontend`, or "".
std::string next_to_executable() {
  std::error_code ec;
  auto exe = fs::read_symlink("/proc/self/exe", ec);
  if (ec || exe.empty())
    return {};
  return (exe.parent_path().parent_path() / "share" / "dashcpp" / "frontend")
    .string();
}

} // namespace

std::vector<frontend_candidate>
frontend_candidates(const std::string& explicit_dir, const std::string& hint) {
  if (!explicit_dir.empty())
    return {{explicit_dir, "--frontend-dir / DASH_FRONTEND_DIR"}};
  std::vector<frontend_candidate> out;
  auto add = [&out](std::string dir, std::string origin) {
    if (dir.empty())
      return;
    for (const auto& c : out)
      if (c.dir == dir)
        return;
    out.push_back({std::move(dir), std::move(origin)});
  };
  add(hint, "where this program was built against dashcpp");
  add(next_to_executable(), "next to this program");
  add(DASH_INSTALL_FRONTEND_DIR, "dashcpp's install prefix");
  return out;
}

located_frontend locate_frontend(const std::string& explicit_dir,
                                 const std::string& hint) {
  std::string looked;
  for (const auto& c : frontend_candidates(explicit_dir, hint)) {
    std::string why;
    if (!fs::is_directory(c.dir)) {
      why = "no such folder";
    } else {
      try {
        return {frontend::load(c.dir), c.dir};
      } catch (const std::exception& e) {
        why = std::string{"incomplete: "} + e.what();
      }
    }
    looked += "\n  " + c.dir + " (" + c.origin + "): " + why;
  }
  throw frontend_not_found(
    "the Dash front end (dash-renderer, dash-core-components, "
    "dash-html-components, react, react-dom, prop-types, @babel/polyfill, "
    "plotly.js-dist-min) was not found. Looked in:"
    + looked
    + "\nFix: pass --frontend-dir DIR or set DASH_FRONTEND_DIR=DIR, where "
      "DIR is an installed dashcpp's PREFIX/share/dashcpp/frontend or a "
      "source checkout's node_modules (run `npm ci` there first); or "
      "reinstall dashcpp (apt install dashcpp-dev, or cmake --install)");
}

} // namespace dash::http
