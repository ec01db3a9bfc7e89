// http/frontend.cpp
// Which npm files the page needs, under which URL, and in which order.
#include "http/frontend.hpp"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include <boost/json.hpp>

namespace dash::http {

namespace fs = std::filesystem;

namespace {

/// A package's version from its package.json.
std::string package_version(const fs::path& pkg_dir) {
  std::ifstream in{pkg_dir / "package.json"};
  if (!in)
    throw std::runtime_error("missing " + (pkg_dir / "package.json").string());
  std::ostringstream ss;
  ss << in.rdbuf();
  auto doc = boost::json::parse(ss.str());
  return std::string{doc.at("version").as_string()};
}

/// Dash's fingerprint: "v<version with non-word chars as _>m<stamp>".
std::string fingerprint(const std::string& version, const fs::path& file) {
  std::string v;
  for (char c : version)
    v += (std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-')
           ? c
           : '_';
  auto stamp = std::chrono::duration_cast<std::chrono::seconds>(
                 fs::last_write_time(file).time_since_epoch())
                 .count();
  std::ostringstream ss;
  ss << 'v' << v << 'm' << std::hex << (stamp < 0 ? -stamp : stamp);
  return ss.str();
}

/// "dir/name.rest" -> "dir/name.<fp>.rest".
std::string with_fingerprint(const std::string& url, const std::string& fp) {
  auto slash = url.rfind('/');
  auto dot = url.find('.', slash == std::string::npos ? 0 : slash + 1);
  if (dot == std::string::npos)
    return url + "." + fp;
  return url.substr(0, dot) + "." + fp + url.substr(dot);
}

bool is_fingerprint(std::string_view seg) {
  // ^v[\w-]+m[0-9a-fA-F]+$
  if (seg.size() < 4 || seg.front() != 'v')
    return false;
  auto m = seg.rfind('m');
  if (m == std::string_view::npos || m < 2 || m + 1 == seg.size())
    return false;
  for (char c : seg.substr(1, m - 1))
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'
          || c == '-'))
      return false;
  for (char c : seg.substr(m + 1))
    if (!std::isxdigit(static_cast<unsigned char>(c)))
      return false;
  return true;
}

} // namespace

bool frontend::has_fingerprint(std::string_view suite_path) {
  return strip_fingerprint(suite_path).size() != suite_path.size();
}

std::string frontend::strip_fingerprint(std::string_view suite_path) {
  auto slash = suite_path.rfind('/');
  auto dir = slash == std::string_view::npos
               ? std::string_view{}
               : suite_path.substr(0, slash + 1);
  auto name = suite_path.substr(dir.size());
  std::string out{dir};
  bool stripped = false;
  std::size_t start = 0;
  bool first = true;
  while (start <= name.size()) {
    auto end = name.find('.', start);
    if (end == std::string_view::npos)
      end = name.size();
    auto seg = name.substr(start, end - start);
    if (!stripped && !first && is_fingerprint(seg)) {
      stripped = true;
    } else {
      if (!first)
        out += '.';
      out += seg;
    }
    first = false;
    start = end + 1;
  }
  return out;
}

std::shared_ptr<const frontend> frontend::load(const std::string& root_dir) {
  const fs::path root{root_dir};
  if (!fs::is_directory(root / "dash-renderer"))
    throw std::runtime_error(
      "the Dash front end is not installed in '" + root.string()
      + "': run `npm ci` in the dashcpp source folder, or point "
        "--frontend-dir at a node_modules folder holding dash-renderer");
  auto fe = std::make_shared<frontend>();
  auto add = [&](const std::string& url, const fs::path& file) {
    fe->files_[url] = static_file::read(file);
  };
  // Scripts in the order the page must load them; dcc after the renderer.
  struct script {
    std::string url;
    fs::path package;
    fs::path file;
  };
  const std::vector<script> scripts = {
    {"dash/deps/polyfill.min.js", "@babel/polyfill", "dist/polyfill.min.js"},
    {"dash/deps/react.production.min.js", "react",
     "umd/react.production.min.js"},
    {"dash/deps/react-dom.production.min.js", "react-dom",
     "umd/react-dom.production.min.js"},
    {"dash/deps/prop-types.min.js", "prop-types", "prop-types.min.js"},
    {"dash/dash-renderer/build/dash_renderer.min.js", "dash-renderer",
     "build/dash_renderer.min.js"},
    {"dash/dcc/dash_core_components.js", "dash-core-components",
     "dash_core_components/dash_core_components.js"},
    {"dash/dcc/dash_core_components-shared.js", "dash-core-components",
     "dash_core_components/dash_core_components-shared.js"},
    {"dash/html/dash_html_components.min.js", "dash-html-components",
     "dash_html_components/dash_html_components.min.js"},
  };
  for (const auto& s : scripts) {
    auto pkg = root / s.package;
    auto file = pkg / s.file;
    add(s.url, file);
    fe->scripts_.push_back("_dash-component-suites/"
                           + with_fingerprint(s.url, fingerprint(
                                                         package_version(pkg),
                                                         file)));
  }
  // Lazily loaded chunks and source maps of the component suites.
  auto add_folder = [&](const std::string& prefix, const fs::path& dir) {
    for (const auto& e : fs::directory_iterator(dir))
      if (e.is_regular_file())
        add(prefix + e.path().filename().string(), e.path());
  };
  add_folder("dash/dcc/", root / "dash-core-components/dash_core_components");
  add_folder("dash/html/", root / "dash-html-components/dash_html_components");
  add("plotly/package_data/plotly.min.js",
      root / "plotly.js-dist-min/plotly.min.js");
  return fe;
}

const static_file* frontend::find(std::string_view suite_path) const {
  auto i = files_.find(strip_fingerprint(suite_path));
  return i == files_.end() ? nullptr : i->second.get();
}

} // namespace dash::http
