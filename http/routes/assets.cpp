// http/routes/assets.cpp
// GET /assets/<path> from the app's assets folder, and /_favicon.ico. The
// path is checked segment by segment and resolved under the folder, so no
// request can read outside it.
#include "http/routes/routes.hpp"

#include <filesystem>
#include <string>

#include "http/responses.hpp"
#include "http/static_file.hpp"

namespace dash::http::routes {

namespace fs = std::filesystem;

namespace {

/// The file at `rel` under `root`, or "" if it is missing or escapes it.
fs::path resolve(const std::string& root, const std::string& rel) {
  if (root.empty() || rel.empty())
    return {};
  std::error_code ec;
  auto base = fs::canonical(root, ec);
  if (ec)
    return {};
  auto full = fs::canonical(base / rel, ec);
  if (ec || !fs::is_regular_file(full, ec))
    return {};
  auto b = base.native();
  auto f = full.native();
  if (f.size() <= b.size() || f.compare(0, b.size(), b) != 0
      || f[b.size()] != '/')
    return {};
  return full;
}

reply not_found(std::string_view what, const request_view& req) {
  return json_error(404, "not_found",
                    "no asset '" + std::string{what}
                      + "' in the app's assets folder",
                    req.request_id);
}

} // namespace

reply assets(const server_context& ctx, const request_view& req,
             std::string_view path) {
  auto rel = safe_relative_path(path);
  auto file = resolve(ctx.assets_dir, rel);
  if (file.empty())
    return not_found(path, req);
  try {
    auto f = static_file::read(file);
    return file_reply(*f, req, false);
  } catch (const std::exception&) {
    return not_found(path, req);
  }
}

reply favicon(const server_context& ctx, const request_view& req) {
  auto file = resolve(ctx.assets_dir, "favicon.ico");
  if (file.empty())
    return no_content();
  try {
    return file_reply(*static_file::read(file), req, false);
  } catch (const std::exception&) {
    return no_content();
  }
}

} // namespace dash::http::routes
